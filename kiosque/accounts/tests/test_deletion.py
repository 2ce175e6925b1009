"""Leaving Kiosque: the account is anonymised, the posts stay signed “membre supprimé”."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import TextField
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse

from kiosque.accounts.actions import delete_account, update_settings
from kiosque.accounts.avatars import make_avatar
from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.accounts.tests.posts import make_post, make_topic
from kiosque.accounts.tests.test_settings import picture
from kiosque.pagecache.store import page_store

pytestmark = pytest.mark.django_db

DELETE_URL = reverse("accounts:delete")


def test_deleting_an_account_anonymises_it_and_keeps_its_posts_signed_deleted_member(
    media_root, django_capture_on_commit_callbacks
):
    member = UserFactory(username="paula", email="paula@example.org", bio="Ma vie, mon œuvre.")
    update_settings(
        member,
        bio=member.bio,
        email_on_reply=True,
        email_on_quote=True,
        email_on_mention=True,
        email_on_like=False,
        avatar=make_avatar(SimpleUploadedFile("p.jpg", picture(), content_type="image/jpeg")),
    )
    avatar_file = media_root / member.avatar.name
    topic = make_topic(post_count=2)
    posts = [make_post(author=member, topic=topic) for _ in range(2)]
    at = datetime(2024, 5, 4, 10, 0, tzinfo=UTC)

    with django_capture_on_commit_callbacks(execute=True):
        assert delete_account(member, at=at) is True

    member.refresh_from_db()
    assert member.is_deleted and not member.is_active
    assert member.deleted_at == at
    assert member.username == f"membre-supprime-{member.pk}"
    assert (member.email, member.bio, member.avatar.name) == ("", "", "")
    assert not member.has_usable_password()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not avatar_file.exists()
    assert member.public_name == "membre supprimé"
    for post in posts:
        post.refresh_from_db()
        assert post.author == member and not post.is_deleted
    topic.refresh_from_db()
    assert topic.post_count == 2


def test_deleting_twice_changes_nothing_the_second_time():
    member = UserFactory()

    assert delete_account(member) is True
    assert delete_account(member) is False


def test_a_member_is_named_by_username_until_they_leave():
    member = UserFactory(username="quentin")

    assert member.public_name == "quentin"


def test_the_deletion_page_asks_for_the_password_and_refuses_a_wrong_one(client, member):
    client.force_login(member)

    page = client.get(DELETE_URL)
    assert page.status_code == 200
    assert '<label for="id_password">' in page.content.decode()

    response = client.post(DELETE_URL, {"password": "pas le mien"})
    assert response.status_code == 400
    assert "Ce n’est pas votre mot de passe" in response.content.decode()
    member.refresh_from_db()
    assert not member.is_deleted


def test_deleting_from_the_page_signs_the_member_out_everywhere(client, member):
    other_device = Client()
    other_device.force_login(member)
    client.force_login(member)
    name = member.username

    response = client.post(DELETE_URL, {"password": "un mot de passe solide"}, follow=True)

    assert response.status_code == 200
    assert "Votre compte est supprimé." in response.content.decode()
    assert "_auth_user_id" not in client.session
    settings_page = other_device.get(reverse("accounts:settings"))
    assert settings_page.status_code == 302  # back to the login page: that session ended too
    login = {"login": name, "password": "un mot de passe solide"}
    assert client.post(reverse("account_login"), login).status_code == 400


def test_the_deletion_page_needs_a_signed_in_member(client):
    assert client.get(DELETE_URL).status_code == 302


def test_the_posts_of_a_deleted_member_stay_in_their_topic_signed_deleted_member(client):
    member = UserFactory(username="romane")
    topic = make_topic(title="Les claviers mécaniques", post_count=1)
    make_post(author=member, topic=topic, text="Le clavier de mes rêves.")

    delete_account(member)
    page = client.get(topic.get_absolute_url())

    html = page.content.decode()
    assert page.status_code == 200
    assert "Le clavier de mes rêves." in html
    assert "membre supprimé" in html
    assert "romane" not in html


# --- Nothing personal left behind --------------------------------------------------------------

NAME, EMAIL, OTHER_EMAIL, ADDRESS = (
    "zoe-privee",
    "zoe.privee@example.org",
    "zp@example.net",
    "203.0.113.77",
)


def model(name: str) -> Any:
    """A forum model, through the app registry: accounts never imports the forum."""
    return apps.get_model("community", name)


def post_image(member: User, name: str) -> Any:
    image = model("PostImage")(uploader=member, byte_size=1)
    image.image.save(name, ContentFile(picture(size=(4, 3), fmt="WEBP")), save=False)
    image.width, image.height = 4, 3
    image.save()
    return image


def rows_holding(needles: list[str]) -> list[str]:
    """Every (table, column) of every model whose text holds one of `needles`, any case."""
    found = []
    for table in apps.get_models(include_auto_created=True):
        fields = [field for field in table._meta.concrete_fields if not field.is_relation]
        as_text = {f"as_text_{field.attname}": Cast(field.attname, TextField()) for field in fields}
        rows = table._default_manager.annotate(**as_text)
        for needle in needles:
            for name in as_text:
                if rows.filter(**{f"{name}__icontains": needle}).exists():
                    found.append(
                        f"{table._meta.db_table}.{name.removeprefix('as_text_')}: {needle}"
                    )
    return found


@pytest.mark.page_cache
def test_after_deletion_nothing_personal_remains_in_the_database_uploads_or_caches(
    media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member = UserFactory(username=NAME, email=EMAIL, first_name="Zoé", last_name="Privée")
        EmailAddress.objects.create(user=member, email=OTHER_EMAIL, verified=False)
        update_settings(
            member,
            bio="J'habite rue des Lilas.",
            email_on_reply=True,
            email_on_quote=True,
            email_on_mention=True,
            email_on_like=True,
            avatar=make_avatar(SimpleUploadedFile("z.jpg", picture(), content_type="image/jpeg")),
        )
        other = UserFactory(username="voisin")
        topic = make_topic(title="Mes photos", author=member, post_count=3)
        shown_image = post_image(member, "lilas.webp")
        unused_image = post_image(member, "brouillon.webp")
        regretted_image = post_image(member, "regret.webp")
        kept = make_post(
            author=member,
            topic=topic,
            text=f"Mon jardin : ![lilas]({shown_image.image.url})",
            author_address=ADDRESS,
        )
        regretted = make_post(
            author=member,
            topic=topic,
            text=f"Mon adresse, {EMAIL} ![regret]({regretted_image.image.url})",
            is_deleted=True,
        )
        model("PostRevision").objects.create(post=regretted, source=f"Écrivez-moi : {EMAIL}")
        answer = make_post(author=other, topic=topic, text="Bravo !")
        apps.get_model("moderation", "Report").objects.create(
            post=answer,
            reporter=member,
            reason="other",
            note=f"Signalé par {NAME}, {EMAIL}",
            reporter_address=ADDRESS,
        )
        model("Like").objects.create(user=member, post=answer)
        model("Like").objects.create(user=other, post=kept)
        model("Notification").objects.create(recipient=member, actor=other, kind="like", post=kept)
        model("Notification").objects.create(
            recipient=other, actor=member, kind="like", post=answer
        )
        model("TopicVisit").objects.create(user=member, topic=topic, last_read_post_id=answer.pk)
        LogEntry.objects.create(
            user=other,
            content_type=ContentType.objects.get_for_model(User),
            object_id=str(member.pk),
            object_repr=str(member),
            action_flag=CHANGE,
            change_message=f"Adresse changée pour {EMAIL}",
        )
    files_before = {path.name for path in media_root.rglob("*") if path.is_file()}
    avatar = member.avatar.name
    phone, laptop, reader = Client(REMOTE_ADDR=ADDRESS), Client(REMOTE_ADDR=ADDRESS), Client()
    phone.force_login(member)
    laptop.force_login(member)
    session = laptop.session
    session["brouillon"] = {"source": f"Brouillon de {NAME}, {EMAIL}"}
    session.save()
    profile_url, topic_url = member.get_absolute_url(), f"{topic.get_absolute_url()}?after=0"
    assert NAME in reader.get(profile_url).content.decode()  # the page store keeps both pages
    assert NAME in reader.get(topic_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert delete_account(member) is True

    needles = [NAME, EMAIL, OTHER_EMAIL, ADDRESS, "Privée", "rue des Lilas"]
    assert rows_holding(needles) == []
    for stored in Session.objects.all():
        data = stored.get_decoded()
        assert data.get("_auth_user_id") != str(member.pk)
        assert not any(needle in str(data) for needle in needles)
    files_after = {path.name for path in media_root.rglob("*") if path.is_file()}
    assert files_after == {PurePath(shown_image.image.name).name}  # the image its post shows
    assert files_before - files_after == {
        PurePath(name).name
        for name in (avatar, unused_image.image.name, regretted_image.image.name)
    }
    store = page_store()
    for url in (profile_url, topic_url):
        page = store.get(url)
        assert page is None or NAME.encode() not in page.body
    assert reader.get(profile_url).status_code == 404
    topic_page = reader.get(topic_url).content.decode()
    assert NAME not in topic_page and "Mon jardin" in topic_page
    # Her likes still count, from an anonymous account; her notifications went with her.
    assert model("Like").objects.filter(post=answer).count() == 1
    assert not model("Notification").objects.filter(recipient=member).exists()
    assert not model("TopicVisit").objects.filter(user=member).exists()
    regretted.refresh_from_db()
    assert regretted.source == "" and not regretted.revisions.exists()

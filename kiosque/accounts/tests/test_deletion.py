"""Leaving Kiosque: the account is anonymised, the posts stay signed “membre supprimé”."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kiosque.accounts.actions import delete_account, update_settings
from kiosque.accounts.avatars import make_avatar
from kiosque.accounts.tests.factories import UserFactory
from kiosque.accounts.tests.posts import make_post, make_topic
from kiosque.accounts.tests.test_settings import picture

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

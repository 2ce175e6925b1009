"""A member downloads all their data: one ZIP of JSON files, with their images, for them alone."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kiosque.accounts import export
from kiosque.accounts.actions import export_member_data, update_settings
from kiosque.accounts.avatars import make_avatar
from kiosque.accounts.tests.factories import UserFactory
from kiosque.accounts.tests.posts import make_post, make_topic
from kiosque.accounts.tests.test_settings import picture

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("accounts:export")
AT = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def model(name: str) -> Any:
    """A forum model, through the app registry: accounts never imports the forum."""
    return apps.get_model("community", name)


def read_archive(content: bytes) -> dict[str, Any]:
    """The archive's JSON files by name, and its other files' bytes."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        return {
            name: json.loads(archive.read(name)) if name.endswith(".json") else archive.read(name)
            for name in archive.namelist()
        }


def archive_of(member: Any) -> dict[str, Any]:
    into = io.BytesIO()
    export_member_data(member, requested_by=member, into=into, at=AT)
    return read_archive(into.getvalue())


@pytest.fixture
def paula(media_root):
    member = UserFactory(username="paula", email="paula@example.org", bio="Photographe.")
    update_settings(
        member,
        bio=member.bio,
        email_on_reply=True,
        email_on_quote=False,
        email_on_mention=True,
        email_on_like=False,
        avatar=make_avatar(SimpleUploadedFile("p.jpg", picture(), content_type="image/jpeg")),
    )
    return member


def test_the_archive_holds_everything_the_site_keeps_of_the_member(paula):
    other = UserFactory(username="olivier")
    topic = make_topic(title="Les objectifs lumineux", author=paula)
    webp = picture(size=(4, 3), fmt="WEBP")
    image = model("PostImage")(uploader=paula, byte_size=len(webp))
    image.image.save("objectif.webp", ContentFile(webp), save=False)
    image.width, image.height = 4, 3  # as uploads.store_post_image does, after the file
    image.save()
    source = f"```\nf/1.4\n```\n\n![objectif]({image.image.url})"
    opening = make_post(author=paula, topic=topic, text=source)
    model("PostRevision").objects.create(post=opening, source="Première version.")
    gone = make_post(author=paula, topic=topic, text="Regretté.", is_deleted=True)
    answer = make_post(author=other, topic=topic, text="Joli.")
    model("Like").objects.create(user=paula, post=answer)
    model("Like").objects.create(user=other, post=opening)  # someone else's like: not hers
    model("Notification").objects.create(recipient=paula, actor=other, kind="reply", post=answer)
    model("TopicVisit").objects.create(user=paula, topic=topic, last_read_post_id=answer.pk)

    files = archive_of(paula)

    profile = files["profile.json"]
    assert (profile["username"], profile["email"], profile["bio"]) == (
        "paula",
        "paula@example.org",
        "Photographe.",
    )
    assert profile["email_on_quote"] is False
    assert files[profile["avatar"]] == paula.avatar.read()
    assert files["email_addresses.json"] == [
        {"email": "paula@example.org", "verified": True, "primary": True}
    ]
    assert [t["title"] for t in files["topics.json"]] == ["Les objectifs lumineux"]
    posts = {post["id"]: post for post in files["posts.json"]}
    assert set(posts) == {opening.pk, gone.pk}
    assert posts[opening.pk]["source"] == source
    assert posts[opening.pk]["earlier_versions"][0]["source"] == "Première version."
    assert posts[opening.pk]["shown_to_readers"] is True
    assert posts[gone.pk]["deleted_by_you"] is True
    assert posts[gone.pk]["shown_to_readers"] is False
    assert [like["post"] for like in files["likes.json"]] == [answer.pk]
    assert [(n["kind"], n["from"], n["post"]) for n in files["notifications.json"]] == [
        ("reply", "olivier", answer.pk)
    ]
    [upload] = files["uploads.json"]
    assert files[upload["file"]] == webp
    assert (upload["width"], upload["height"]) == (4, 3)
    assert upload["url"].endswith(image.image.url)
    assert files["topic_visits.json"][0]["last_read_post"] == answer.pk
    about = files["about.json"]
    assert about["member"] == "paula"
    assert about["made_at"] == "2025-03-14T09:30:00Z"
    assert about["missing_files"] == []
    assert set(about["sections"]) <= set(files)


def test_a_file_missing_from_storage_is_named_not_fatal(paula):
    paula.avatar.storage.delete(paula.avatar.name)

    files = archive_of(paula)

    assert files["about.json"]["missing_files"] == [f"files/{paula.avatar.name}"]
    assert f"files/{paula.avatar.name}" not in files


def test_a_member_with_nothing_gets_empty_sections(member):
    files = archive_of(member)

    assert files["posts.json"] == [] and files["likes.json"] == []
    assert files["profile.json"]["avatar"] is None


def test_the_archive_takes_the_same_queries_however_many_posts(paula):
    topic = make_topic()
    make_post(author=paula, topic=topic)
    with CaptureQueriesContext(connection) as few_posts:
        archive_of(paula)
    for number in range(300):
        make_post(author=paula, topic=topic, text=f"Message {number}")

    with CaptureQueriesContext(connection) as many_posts:
        files = archive_of(paula)

    assert len(files["posts.json"]) == 301
    assert len(many_posts) == len(few_posts) <= len(export.SECTIONS) + 1


def test_no_one_else_can_have_a_members_archive(paula):
    for someone_else in (UserFactory(), UserFactory(is_staff=True, is_superuser=True)):
        with pytest.raises(PermissionDenied):
            export_member_data(paula, requested_by=someone_else, into=io.BytesIO())


# --- From the settings ------------------------------------------------------------------------


def test_the_settings_lead_to_the_page_that_says_what_the_archive_holds(client, member):
    client.force_login(member)

    settings_page = client.get(reverse("accounts:settings")).content.decode()
    page = client.get(EXPORT_URL)

    assert f'href="{EXPORT_URL}"' in settings_page
    html = page.content.decode()
    assert page.status_code == 200
    assert "Télécharger mes données" in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html


def test_a_post_from_the_settings_downloads_the_members_own_archive(client, paula):
    client.force_login(paula)

    with time_machine.travel(AT, tick=False):
        response = client.post(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="kiosque-paula-2025-03-14.zip"'
    )
    assert "no-store" in response["Cache-Control"]
    files = read_archive(b"".join(response.streaming_content))
    assert files["profile.json"]["email"] == "paula@example.org"


def test_the_download_needs_a_signed_in_member_and_the_csrf_token(paula):
    anonymous = Client()
    assert anonymous.get(EXPORT_URL).status_code == 302  # to the sign-in page
    assert anonymous.post(EXPORT_URL).status_code == 302

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(paula)
    refused = browser.post(EXPORT_URL)

    assert refused.status_code == 403
    assert refused.get("Content-Type", "").startswith("text/html")
    assert "paula@example.org" not in refused.content.decode()


def test_one_archive_a_minute(client, paula):
    client.force_login(paula)
    with time_machine.travel(AT, tick=False) as clock:
        assert client.post(EXPORT_URL).status_code == 200

        again = client.post(EXPORT_URL)
        assert again.status_code == 429
        assert "Vous venez de télécharger vos données" in again.content.decode()

        clock.shift(timedelta(minutes=1, seconds=1))
        assert client.post(EXPORT_URL).status_code == 200

"""The settings page: bio, avatar, e-mail notifications."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db

SETTINGS_URL = reverse("accounts:settings")


def picture(
    *, size: tuple[int, int] = (640, 480), fmt: str = "JPEG", mode: str = "RGB", **save: object
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "#3366aa" if mode == "RGB" else 0).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(content: bytes, name: str = "portrait.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def settings_data(**overrides: object) -> dict[str, object]:
    return {"bio": "J’aime les processeurs.", "email_on_reply": "on", **overrides}


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return member


def test_the_settings_page_needs_a_signed_in_member(client):
    response = client.get(SETTINGS_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_settings_page_links_to_email_password_and_deletion_pages(client, signed_in):
    html = client.get(SETTINGS_URL).content.decode()

    assert "Réglages" in html
    assert reverse("account_email") in html
    assert reverse("account_change_password") in html
    assert reverse("accounts:delete") in html
    assert '<label for="id_bio">' in html


def test_a_member_saves_a_bio_and_notification_preferences(client, signed_in):
    response = client.post(SETTINGS_URL, settings_data(email_on_like="on"), follow=True)

    signed_in.refresh_from_db()
    assert signed_in.bio == "J’aime les processeurs."
    assert signed_in.email_on_reply and signed_in.email_on_like
    assert not signed_in.email_on_quote and not signed_in.email_on_mention
    assert "Vos réglages sont enregistrés." in response.content.decode()


def test_an_avatar_is_stored_as_a_256_pixel_square_without_metadata(client, signed_in, media_root):
    exif = Image.Exif()
    exif[0x010F] = "Appareil photo indiscret"  # Make
    photo = picture(size=(1200, 800), exif=exif.tobytes())

    client.post(SETTINGS_URL, settings_data(avatar=upload(photo)))

    signed_in.refresh_from_db()
    assert signed_in.avatar.name.startswith("avatars/")
    assert "portrait" not in signed_in.avatar.name
    with Image.open(signed_in.avatar.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (256, 256)
        assert not stored.getexif()
        assert "icc_profile" not in stored.info
    profile = client.get(signed_in.get_absolute_url()).content.decode()
    assert signed_in.avatar.url in profile


def test_a_transparent_picture_stays_a_png(client, signed_in, media_root):
    client.post(
        SETTINGS_URL,
        settings_data(avatar=upload(picture(fmt="PNG", mode="RGBA"), "logo.png", "image/png")),
    )

    signed_in.refresh_from_db()
    with Image.open(signed_in.avatar.path) as stored:
        assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (256, 256))


def test_a_new_avatar_replaces_the_old_file_and_the_member_may_remove_it(
    client, signed_in, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SETTINGS_URL, settings_data(avatar=upload(picture())))
    signed_in.refresh_from_db()
    first = media_root / signed_in.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SETTINGS_URL, settings_data(avatar=upload(picture())))
    signed_in.refresh_from_db()
    second = media_root / signed_in.avatar.name
    assert second.exists() and not first.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SETTINGS_URL, settings_data(remove_avatar="on"))
    signed_in.refresh_from_db()
    assert not signed_in.avatar
    assert not second.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            b"Ceci est un texte, pas une image.\n" * 10,
            "Ce fichier n’est pas une image lisible",
            id="text-renamed-png",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024),
            "Cette image est trop lourde",
            id="over-2-MB",
        ),
        pytest.param(
            picture(size=(5000, 5000), fmt="PNG", mode="1"),
            "Cette image a trop de pixels",
            id="over-4000-pixels",
        ),
    ],
)
def test_a_bad_avatar_is_refused_in_french_with_a_400_and_the_typed_bio_kept(
    client, signed_in, media_root, content, message
):
    response = client.post(
        SETTINGS_URL,
        settings_data(bio="Ma bio toute neuve", avatar=upload(content, "avatar.png", "image/png")),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Ma bio toute neuve" in html
    signed_in.refresh_from_db()
    assert signed_in.bio == ""
    assert not signed_in.avatar
    assert not any(media_root.rglob("*.*"))


def test_a_too_long_bio_is_refused_and_kept_for_editing(client, signed_in):
    response = client.post(SETTINGS_URL, settings_data(bio="a" * 1001))

    assert response.status_code == 400
    assert "au plus 1000 caractères" in response.content.decode()
    assert "a" * 1001 in response.content.decode()

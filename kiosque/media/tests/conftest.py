"""The media library's fixture vocabulary: who uploads, who edits, where files go."""

import pytest
from django.contrib.auth.models import Permission

from kiosque.accounts.tests.factories import UserFactory
from kiosque.media import renditions

from .factories import ImageFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and renditions are written under the test's own directory."""
    settings.MEDIA_ROOT = path = tmp_path / "media"
    return path


def _with_media_permissions(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="media", codename__in=codenames)
    )
    return user


@pytest.fixture
def contributor(db):
    """A newsroom member who may see and add images (the Contributors' rights)."""
    return _with_media_permissions(UserFactory(username="pigiste"), "view_image", "add_image")


@pytest.fixture
def picture_editor(db):
    """An editor: every right on the library."""
    return _with_media_permissions(
        UserFactory(username="editrice"),
        "view_image",
        "add_image",
        "change_image",
        "delete_image",
    )


@pytest.fixture
def image(db):
    return ImageFactory()


@pytest.fixture
def rendered_image(db, settings):
    """A 1600 × 900 image with every rendition made, AVIF too where Pillow writes it (the
    suite's other tests make WebP alone)."""
    settings.KIOSQUE_IMAGE_FORMATS = ["avif", "webp"]
    image = ImageFactory()
    renditions.make_renditions(image.pk)
    return image

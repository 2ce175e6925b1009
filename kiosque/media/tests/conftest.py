"""The media library's fixture vocabulary: who uploads, who edits, where files go."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission

from conftest import as_in_every_test, rolled_back_after
from kiosque.accounts.tests.factories import UserFactory
from kiosque.media import renditions
from kiosque.media.models import Image

from .factories import ImageFactory


@pytest.fixture(autouse=True)
def media_root(request: pytest.FixtureRequest, settings: Any, tmp_path: Path) -> Path:
    """Uploads and renditions are written under the test's own directory; a test reading the
    rendered image reads its files where they were made."""
    if "rendered_image" in request.fixturenames:
        path: Path = request.getfixturevalue("rendered_image_once").media
    else:
        path = tmp_path / "media"
    settings.MEDIA_ROOT = path
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


# The formats of the rendered image: AVIF too where Pillow writes it (the suite's other tests
# make WebP alone).
EVERY_FORMAT = ["avif", "webp"]


@dataclass(frozen=True)
class RenderedImage:
    pk: int
    media: Path


@pytest.fixture(scope="class")
def rendered_image_once(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RenderedImage]:
    """The rendered image, made once for the tests of a class that read it (its AVIF
    renditions take seconds; a test outside a class has one of its own), with the settings
    every test has; rolled back after them, each test in a savepoint of its own."""
    media = tmp_path_factory.mktemp("rendered-media")
    with rolled_back_after(django_db_blocker):
        with as_in_every_test(MEDIA_ROOT=media, KIOSQUE_IMAGE_FORMATS=EVERY_FORMAT):
            image = ImageFactory.create()
            renditions.make_renditions(image.pk)
        yield RenderedImage(pk=image.pk, media=media)


@pytest.fixture
def rendered_image(rendered_image_once: RenderedImage, db: None, settings: Any) -> Image:
    """A 1600 × 900 image with every rendition made, in every format; read afresh for each
    test, which makes renditions in the same formats."""
    settings.KIOSQUE_IMAGE_FORMATS = EVERY_FORMAT
    return Image.objects.get(pk=rendered_image_once.pk)

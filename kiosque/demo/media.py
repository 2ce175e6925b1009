"""Demo pictures land in the media storage once, under names that never change, or in the
newsroom's media library through its upload action."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile

from kiosque.media.actions import upload_image
from kiosque.media.models import Image


def store_once(storage: Storage, name: str, draw: Callable[[], bytes]) -> bool:
    """Save the bytes of `draw()` as `name` unless that file exists; say whether it drew.

    A fixed name makes a second run (or a run after the database was reset) reuse the file.
    """
    if storage.exists(name):
        return False
    storage.save(name, ContentFile(draw()))
    return True


def add_to_library(
    *, name: str, draw: Callable[[], bytes], alt: str, caption: str, credit: str
) -> Image:
    """A new image of the media library from the JPEG `draw()` gives, uploaded by the site
    itself as a journalist would upload it. Side effect: its renditions are asked of the worker
    once the load commits."""
    upload = SimpleUploadedFile(name, draw(), content_type="image/jpeg")
    return upload_image(by=None, upload=upload, alt=alt, caption=caption, credit=credit)


def restore_missing_file(image: Image, draw: Callable[[], bytes]) -> bool:
    """Draw a library image's file again, under its name, when it went missing; say whether it
    drew. Its renditions, made from the same drawing, stay."""
    storage, name = image.file.storage, image.file.name or ""
    if storage.exists(name):
        return False
    storage.save(name, ContentFile(draw()))
    return True

"""Demo pictures land in the media storage once, under names that never change."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import Storage


def store_once(storage: Storage, name: str, draw: Callable[[], bytes]) -> bool:
    """Save the bytes of `draw()` as `name` unless that file exists; say whether it drew.

    A fixed name makes a second run (or a run after the database was reset) reuse the file.
    """
    if storage.exists(name):
        return False
    storage.save(name, ContentFile(draw()))
    return True

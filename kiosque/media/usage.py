"""Who shows a library image. The apps above media answer through the dotted paths of
IMAGE_USERS (as `accounts/erasure.ERASERS` names the apps that forget a member): media imports
none of them, and reads none of their tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string

# Functions `(image_id: int) -> Showing`, one per app whose pages show library images.
IMAGE_USERS = ["kiosque.newsroom.media_usage.showing"]


@dataclass(frozen=True)
class Showing:
    """The pages showing an image (announcement keys) and how many things use it."""

    keys: frozenset[str] = frozenset()
    count: int = 0


def showing(image_id: int) -> Showing:
    """What every app says shows the image `image_id`, together."""
    keys: set[str] = set()
    count = 0
    for path in IMAGE_USERS:
        answer: Callable[[int], Showing] = import_string(path)
        found = answer(image_id)
        keys |= found.keys
        count += found.count
    return Showing(keys=frozenset(keys), count=count)

"""The media library's background work, run by `kiosque worker`."""

from __future__ import annotations

from django_tasks import task

from . import renditions


@task(queue_name="default")
def make_renditions(image_id: int) -> int:
    """Make the renditions an image lacks (enqueued by its upload and by a new focal point)."""
    return renditions.make_renditions(image_id)

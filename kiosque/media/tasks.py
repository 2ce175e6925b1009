"""The media library's background work, run by `kiosque worker`."""

from __future__ import annotations

from django_tasks import task

from kiosque import worker
from kiosque.announcements import announce

from . import renditions
from .models import Image


@task(queue_name="default")
def make_renditions(image_id: int, attempt: int = 1) -> int:
    """Make the renditions an image lacks (enqueued by its upload and by a new focal point).

    Side effect: the pages showing the image are announced, so that stored pages stop
    offering the original in their place. A failure is tried again later (`worker.retry_later`).
    """
    try:
        made = renditions.make_renditions(image_id)
    except Exception:
        worker.retry_later(make_renditions, image_id, attempt=attempt)
        raise
    image = Image.objects.filter(pk=image_id).first()
    if made and image is not None:
        from .actions import keys_showing  # actions enqueue this task: imported when run

        announce(*keys_showing(image))
    return made

"""Members' images: checked before decoding, re-encoded without metadata, stored as PostImage.

Nothing a member sends is served as they sent it: the stored file is one the image pipeline
(`kiosque/images.py`) wrote, so it carries no EXIF (GPS position, camera serial), no colour
profile, no XMP, no comment, no second frame. Each member has a quota of stored bytes, per day
and in all; an image that no post uses a day after its upload is deleted, file and row, by a
task the upload leaves waiting for the background worker (`tasks.delete_unused_image`).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kiosque import images
from kiosque.accounts.models import User

from .models import Post, PostImage, PostRevision

# Wider than any reading column even on a 2x screen; the link opens this full size.
LONG_SIDE_MAX = 2560
JPEG_QUALITY = 85
# Long enough to finish writing the post the image was sent for, and to come back to a draft.
UNUSED_IMAGE_KEPT = timedelta(days=1)
# The quota's window "per day": the last 24 hours, whatever the clock says.
QUOTA_DAY = timedelta(days=1)


def store_post_image(*, uploader: User, upload: UploadedFile) -> PostImage:
    """Check, clean and store an image a member uploads for a post.

    Raises ValidationError with code "too_large" (checked before reading the file),
    "quota_per_day" or "quota_total" (the member's stored images, checked before decoding and
    again with the new image's size), "too_many_pixels" (checked on the header, before
    decoding) or "not_an_image". Side effect: a task deletes the image a day later unless a
    post uses it by then.
    """
    limit = settings.KIOSQUE_POST_IMAGE_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise _too_large(limit)
    _check_quota(uploader, adding=0)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:  # a size that lied
        raise _too_large(limit)
    clean = images.reencode_within(
        data, long_side=LONG_SIDE_MAX, keep_lossless=True, jpeg_quality=JPEG_QUALITY
    )
    stem = slugify(PurePath(upload.name or "").stem)[:40].strip("-") or "image"
    with transaction.atomic():
        # Two uploads of one member at once: the second counts the first.
        User.objects.select_for_update().filter(pk=uploader.pk).first()
        _check_quota(uploader, adding=len(clean.content))
        post_image = PostImage(uploader=uploader, byte_size=len(clean.content))
        name = f"{stem}-{secrets.token_hex(4)}.{clean.extension}"
        post_image.image.save(name, ContentFile(clean.content), save=False)
        # Set after the file: assigning it makes the ImageField measure it again, from storage.
        post_image.width, post_image.height = clean.width, clean.height
        post_image.save()
        transaction.on_commit(lambda: _schedule_deletion_if_unused(post_image))
    return post_image


def delete_if_unused(*, post_image_id: int, at: datetime | None = None) -> bool:
    """Delete an uploaded image (row, then file) if no post uses it; True if it was deleted.

    "Used": its file's name is in the source of a post written or edited since the upload
    (only those can name it; an edit leaves a revision). Only once UNUSED_IMAGE_KEPT has passed
    since the upload; before, nothing is done.
    """
    at = at or timezone.now()
    post_image = PostImage.objects.filter(pk=post_image_id).first()
    if post_image is None or post_image.created_at > at - UNUSED_IMAGE_KEPT:
        return False
    since, name = post_image.created_at, post_image.image.name or ""
    edited = PostRevision.objects.filter(created_at__gte=since).values("post_id")
    in_use = Post.objects.filter(Q(created_at__gte=since) | Q(pk__in=edited), source__contains=name)
    if not name or in_use.exists():
        return False
    storage = post_image.image.storage
    post_image.delete()
    transaction.on_commit(lambda: storage.delete(name))
    return True


def image_markdown(image: PostImage) -> str:
    """The Markdown the composer inserts for an uploaded image."""
    stem = PurePath(image.image.name or "").stem
    alt = stem.rsplit("-", 1)[0].replace("-", " ") if "-" in stem else ""
    return f"![{alt or 'image'}]({image.image.url})"


def image_info(path: str) -> tuple[int, int, int] | None:
    """(width, height, bytes) of an uploaded image by storage name, for `render_post`."""
    return PostImage.objects.filter(image=path).values_list("width", "height", "byte_size").first()


def _schedule_deletion_if_unused(post_image: PostImage) -> None:
    # Imported here: tasks imports the actions, which import this module.
    from .tasks import delete_unused_image

    # Asked first: a backend that cannot wait a day (the tests' immediate one) refuses even to
    # make a task with a run_after.
    if not delete_unused_image.get_backend().supports_defer:
        return
    delete_unused_image.using(run_after=post_image.created_at + UNUSED_IMAGE_KEPT).enqueue(
        post_image.pk
    )


def _check_quota(uploader: User, *, adding: int) -> None:
    """Refuse an image that would take the member past their quota of stored bytes."""
    mine = PostImage.objects.filter(uploader=uploader)
    since = timezone.now() - QUOTA_DAY
    used = mine.aggregate(
        total=Sum("byte_size", default=0),
        today=Sum("byte_size", filter=Q(created_at__gt=since), default=0),
    )
    per_day = settings.KIOSQUE_UPLOAD_QUOTA_BYTES_PER_DAY
    if used["today"] >= per_day or used["today"] + adding > per_day:
        raise ValidationError(
            _(
                "You have sent %(used)s of images in the last 24 hours, and the limit is "
                "%(limit)s a day: try again later."
            )
            % {"used": filesizeformat(used["today"]), "limit": filesizeformat(per_day)},
            code="quota_per_day",
        )
    total = settings.KIOSQUE_UPLOAD_QUOTA_BYTES_TOTAL
    if used["total"] >= total or used["total"] + adding > total:
        raise ValidationError(
            _(
                "Your images already take %(used)s, and a member may keep up to %(limit)s. "
                "Images that no post uses are deleted a day after they were sent."
            )
            % {"used": filesizeformat(used["total"]), "limit": filesizeformat(total)},
            code="quota_total",
        )


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("This image is too large (%(size)s at most).") % {"size": filesizeformat(limit)},
        code="too_large",
    )

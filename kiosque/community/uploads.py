"""Members' images: checked before decoding, re-encoded without metadata (stored as PostImage
by `actions.upload_post_image`, deleted by `actions.delete_unused_image`).

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
from django.core.files.uploadedfile import UploadedFile
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


def cleaned_image(*, uploader: User, upload: UploadedFile[bytes]) -> images.CleanImage:
    """`upload` checked and re-encoded for a post: no write (`actions.upload_post_image` stores
    it).

    Raises ValidationError with code "too_large" (checked before reading the file),
    "quota_per_day" or "quota_total" (the member's stored images, checked before decoding),
    "too_many_pixels" (checked on the header, before decoding) or "not_an_image".
    """
    limit = settings.KIOSQUE_POST_IMAGE_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise _too_large(limit)
    check_quota(uploader, adding=0)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:  # a size that lied
        raise _too_large(limit)
    return images.reencode_within(
        data, long_side=LONG_SIDE_MAX, keep_lossless=True, jpeg_quality=JPEG_QUALITY
    )


def stored_name(upload: UploadedFile[bytes], clean: images.CleanImage) -> str:
    """The file name a cleaned upload is stored under: its own, made safe, and a random part."""
    stem = slugify(PurePath(upload.name or "").stem)[:40].strip("-") or "image"
    return f"{stem}-{secrets.token_hex(4)}.{clean.extension}"


def is_unused(post_image: PostImage, *, at: datetime) -> bool:
    """Whether `post_image` may go: UNUSED_IMAGE_KEPT has passed since its upload and no post
    uses it. "Used": its file's name is in the source of a post written or edited since the
    upload (only those can name it; an edit leaves a revision)."""
    if post_image.created_at > at - UNUSED_IMAGE_KEPT:
        return False
    since, name = post_image.created_at, post_image.image.name or ""
    edited = PostRevision.objects.filter(created_at__gte=since).values("post_id")
    in_use = Post.objects.filter(Q(created_at__gte=since) | Q(pk__in=edited), source__contains=name)
    return bool(name) and not in_use.exists()


def image_markdown(image: PostImage) -> str:
    """The Markdown the composer inserts for an uploaded image."""
    stem = PurePath(image.image.name or "").stem
    alt = stem.rsplit("-", 1)[0].replace("-", " ") if "-" in stem else ""
    return f"![{alt or 'image'}]({image.image.url})"


def image_info(path: str) -> tuple[int, int, int] | None:
    """(width, height, bytes) of an uploaded image by storage name, for `render_post`."""
    return PostImage.objects.filter(image=path).values_list("width", "height", "byte_size").first()


def check_quota(uploader: User, *, adding: int) -> None:
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

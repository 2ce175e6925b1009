"""Every write of the media library: uploading an image, describing it, moving its focal point,
deleting it. Each says who acts (`by`; None is the site itself: the demo loader, the worker),
is atomic, and announces the articles whose pictures changed once it commits."""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kiosque import images
from kiosque.accounts.models import User
from kiosque.announcements import announce

from . import renditions, tasks, usage
from .models import Image

# Long enough for a 1600-px hero at twice the density of most screens' crops; beyond, only bytes.
LONG_SIDE_MAX = 3000
JPEG_QUALITY = 88
# The largest file accepted, checked before reading it (a newsroom's camera JPEG fits).
MAX_UPLOAD_BYTES = getattr(settings, "KIOSQUE_MEDIA_UPLOAD_MAX_BYTES", 25 << 20)


def upload_image(
    *,
    by: User | None,
    upload: UploadedFile[bytes],
    alt: str = "",
    caption: str = "",
    credit: str = "",
) -> Image:
    """Check, clean (re-encoded, upright, at most LONG_SIDE_MAX a side, no metadata) and store
    an image of the library.

    Raises PermissionDenied without `media.add_image`; ValidationError with code "too_large"
    (before reading), "not_an_image" or "too_many_pixels". Side effect: once committed, the
    worker is asked to make its renditions.
    """
    _require(by, "media.add_image")
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise too_large()
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:  # a size that lied
        raise too_large()
    clean = images.reencode_within(
        data, long_side=LONG_SIDE_MAX, keep_lossless=True, jpeg_quality=JPEG_QUALITY
    )
    stem = slugify(PurePath(upload.name or "").stem)[:40].strip("-") or "image"
    with transaction.atomic():
        image = Image(
            alt=alt.strip(), caption=caption.strip(), credit=credit.strip(), uploaded_by=by
        )
        image.file.save(
            f"{stem}-{secrets.token_hex(4)}.{clean.extension}",
            ContentFile(clean.content),
            save=False,
        )
        # Set after the file: assigning it makes the ImageField measure it again, from storage.
        image.width, image.height = clean.width, clean.height
        image.save()
        transaction.on_commit(lambda: _enqueue_renditions(image.pk))
    return image


def update_image(
    image: Image,
    *,
    by: User | None,
    alt: str,
    caption: str,
    credit: str,
    focal_x: float | None = None,
    focal_y: float | None = None,
) -> bool:
    """Change what is said of an image, and its focal point when given; whether anything
    changed.

    Raises PermissionDenied unless `by` may change it (`may_change`); ValidationError as
    `set_focal_point` does. Announces the articles showing it.
    """
    _require_change(by, image)
    values = {"alt": alt.strip(), "caption": caption.strip(), "credit": credit.strip()}
    changed = [name for name, value in values.items() if getattr(image, name) != value]
    with transaction.atomic():
        moved = (
            focal_x is not None
            and focal_y is not None
            and set_focal_point(image, by=by, x=focal_x, y=focal_y)
        )
        if changed:
            for name in changed:
                setattr(image, name, values[name])
            image.save(update_fields=changed)
            if not moved:  # a move announced them already
                announce(*keys_showing(image))
    return bool(changed) or moved


def set_focal_point(image: Image, *, by: User | None, x: float, y: float) -> bool:
    """Move the point crops are centred on (fractions of the width and height, 0 to 1); whether
    it moved.

    Raises PermissionDenied unless `by` may change it (`may_change`); ValidationError (fields
    focal_x, focal_y; code "outside") outside 0..1. Side effects: the cropped renditions are
    deleted (files once committed) and the worker makes new ones; the articles showing the
    image are announced.
    """
    _require_change(by, image)
    errors = {}
    for field, value in (("focal_x", x), ("focal_y", y)):
        if not 0 <= value <= 1:
            errors[field] = ValidationError(
                _("The focal point must be inside the picture (0 to 1)."), code="outside"
            )
    if errors:
        raise ValidationError(errors)
    if (image.focal_x, image.focal_y) == (x, y):
        return False
    with transaction.atomic():
        image.focal_x, image.focal_y = x, y
        image.save(update_fields=["focal_x", "focal_y"])
        cropped = image.renditions.exclude(use=renditions.INLINE)
        names = list(cropped.values_list("file", flat=True))
        cropped.delete()
        transaction.on_commit(lambda: renditions.delete_files(names))
        transaction.on_commit(lambda: _enqueue_renditions(image.pk))
        announce(*keys_showing(image))
    return True


def delete_image(image: Image, *, by: User | None) -> None:
    """Delete an image, its renditions and their files.

    Raises PermissionDenied without `media.delete_image`; ValidationError (code "in_use")
    while an article shows it (hero or in its text) or a story uses it.
    """
    _require(by, "media.delete_image")
    with transaction.atomic():
        used_by = usage.showing(image.pk).count
        if used_by:
            raise ValidationError(
                _(
                    "This image is still shown by %(count)s article(s) or story: "
                    "remove it there first."
                )
                % {"count": used_by},
                code="in_use",
            )
        names = [image.file.name or "", *image.renditions.values_list("file", flat=True)]
        image.delete()
        transaction.on_commit(lambda: renditions.delete_files(names))


def keys_showing(image: Image) -> list[str]:
    """The announcement keys of the pages whose pictures show `image` (hero, inline, story)."""
    return sorted(usage.showing(image.pk).keys)


def may_change(user: User | None, image: Image) -> bool:
    """Whether `user` may describe the image and move its focal point: editors
    (`media.change_image`), and whoever uploaded it (a contributor fixing their own alt text)."""
    if user is None:
        return True
    if user.has_perm("media.change_image"):
        return True
    return image.uploaded_by_id is not None and image.uploaded_by_id == user.pk


def _require_change(by: User | None, image: Image) -> None:
    if not may_change(by, image):
        raise PermissionDenied(_("You may not change this image."))


def _require(by: User | None, permission: str) -> None:
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied(_("You may not change the media library."))


def too_large() -> ValidationError:
    return ValidationError(
        _("This file is too large (%(size)s at most).")
        % {"size": filesizeformat(MAX_UPLOAD_BYTES)},
        code="too_large",
    )


def _enqueue_renditions(image_id: int) -> None:
    tasks.make_renditions.enqueue(image_id)

"""Members' avatars: an uploaded picture checked, then re-encoded as a small square.

Limits are checked before the image is decoded: the byte size from the upload itself, the
pixel dimensions from the file header alone. The rest is the one image pipeline
(`kiosque/images.py`), as for post images: decoding within a memory budget, one at a time,
and a fresh 256×256 encoding without any metadata block of the upload (EXIF, ICC, XMP, comment).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kiosque import images

# A phone photo fits; anything larger is wasted on a 256-pixel square.
AVATAR_MAX_BYTES = 2 * 1024 * 1024
# Anything wider or higher is wasted on a 256-pixel square (images.py bounds the memory besides).
AVATAR_MAX_SIDE = 4000
# Shown at up to 128 CSS pixels: 256 stays sharp on high-density screens.
AVATAR_SIZE = 256
JPEG_QUALITY = 88


def make_avatar(upload: UploadedFile[bytes]) -> ContentFile[bytes]:
    """Check an uploaded picture and return it re-encoded as a square avatar.

    Raises ValidationError with code "too_large", "too_many_pixels" or "not_an_image".
    The result is a JPEG, or a PNG when the picture has transparency, named at random.
    """
    size = upload.size or 0
    if size > AVATAR_MAX_BYTES:
        raise _too_large(size)
    upload.seek(0)
    data = upload.read(AVATAR_MAX_BYTES + 1)
    if len(data) > AVATAR_MAX_BYTES:  # a size that lied
        raise _too_large(len(data))
    try:
        width, height = images.dimensions(data)
    except ValidationError as refusal:
        raise _in_avatar_words(refusal) from None
    if width > AVATAR_MAX_SIDE or height > AVATAR_MAX_SIDE:
        raise ValidationError(
            _(
                "This picture has too many pixels: an avatar may be up to "
                "%(limit)s×%(limit)s pixels."
            ),
            code="too_many_pixels",
            params={"limit": AVATAR_MAX_SIDE},
        )
    try:
        square = images.reencode_square(data, side=AVATAR_SIZE, jpeg_quality=JPEG_QUALITY)
    except ValidationError as refusal:
        raise _in_avatar_words(refusal) from None
    return ContentFile(square.content, name=f"{uuid.uuid4().hex}.{square.extension}")


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        _("This picture is too large (%(size)s): an avatar may weigh up to %(limit)s."),
        code="too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(AVATAR_MAX_BYTES)},
    )


def _in_avatar_words(refusal: ValidationError) -> ValidationError:
    """The pipeline's refusal, in the settings page's words when it has its own."""
    if refusal.code != "not_an_image":
        return refusal
    return ValidationError(
        _("This file is not a picture we can read: send a JPEG, PNG, GIF or WebP image."),
        code="not_an_image",
    )

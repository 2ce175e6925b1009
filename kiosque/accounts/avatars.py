"""Members' avatars: an uploaded picture checked, then re-encoded as a small square.

Limits are checked before the image is decoded: the byte size from the upload itself, the
pixel dimensions from the file header alone. Only then are the pixels read, and what is kept
is a fresh 256×256 encoding: no EXIF (GPS position, camera), no ICC profile, no comments.
"""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# A phone photo fits; anything larger is wasted on a 256-pixel square.
AVATAR_MAX_BYTES = 2 * 1024 * 1024
# Decoding cost grows with pixels: 4000×4000 is a large photo, and bounded memory.
AVATAR_MAX_SIDE = 4000
# Shown at up to 128 CSS pixels: 256 stays sharp on high-density screens.
AVATAR_SIZE = 256
AVATAR_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
JPEG_QUALITY = 88


def make_avatar(upload: UploadedFile) -> ContentFile[bytes]:
    """Check an uploaded picture and return it re-encoded as a square avatar.

    Raises ValidationError with code "too_large", "too_many_pixels" or "not_an_image".
    The result is a JPEG, or a PNG when the picture has transparency, named at random.
    """
    size = upload.size or 0
    if size > AVATAR_MAX_BYTES:
        raise ValidationError(
            _("This picture is too large (%(size)s): an avatar may weigh up to %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(AVATAR_MAX_BYTES),
            },
        )
    upload.seek(0)
    try:
        with Image.open(upload) as picture:
            _check_header(picture)
            picture.load()
            square = _square(picture)
    except Image.DecompressionBombError:
        # Pillow refuses, from the header, pictures far beyond our own limit.
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _not_an_image() from None
    return _encode(square)


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not a picture we can read: send a JPEG, PNG, GIF or WebP image."),
        code="not_an_image",
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("This picture has too many pixels: an avatar may be up to %(limit)s×%(limit)s pixels."),
        code="too_many_pixels",
        params={"limit": AVATAR_MAX_SIDE},
    )


def _check_header(picture: Image.Image) -> None:
    """Refuse what the header already tells us about, before any pixel is decoded."""
    if picture.format not in AVATAR_FORMATS:
        raise _not_an_image()
    width, height = picture.size
    if width > AVATAR_MAX_SIDE or height > AVATAR_MAX_SIDE:
        raise _too_many_pixels()


def _square(picture: Image.Image) -> Image.Image:
    """The picture upright, cropped to its centre square and scaled to AVATAR_SIZE."""
    upright = ImageOps.exif_transpose(picture) or picture
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    converted = upright.convert("RGBA" if has_alpha else "RGB")
    return ImageOps.fit(converted, (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)


def _encode(square: Image.Image) -> ContentFile[bytes]:
    """A fresh encoding: Pillow writes no EXIF, ICC profile or text chunk unless told to."""
    buffer = io.BytesIO()
    if square.mode == "RGBA":
        square.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        square.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")

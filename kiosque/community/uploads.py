"""Members' images: checked before decoding, re-encoded without metadata, stored as PostImage.

Nothing a member sends is served as they sent it: the stored file is one Pillow wrote, so it
carries no EXIF (GPS position, camera serial), no colour profile, no comment, no second frame.
"""

from __future__ import annotations

import io
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from kiosque.accounts.models import User

from .models import PostImage

# A 40-megapixel photo is already larger than what any phone takes; beyond, it is a trap.
MAX_PIXELS = 40_000_000
# Wider than any reading column even on a 2x screen; the link opens this full size.
LONG_SIDE_MAX = 2560
JPEG_QUALITY = 85
ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")

# Pillow's own decompression-bomb guard, on our limit for the whole process: it warns above
# MAX_IMAGE_PIXELS and refuses to open anything above twice that.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def store_post_image(*, uploader: User, upload: UploadedFile) -> PostImage:
    """Check, clean and store an image a member uploads for a post.

    Raises ValidationError with code "too_large" (checked before reading the file),
    "too_many_pixels" (checked on the header, before decoding) or "not_an_image".
    """
    limit = settings.KIOSQUE_POST_IMAGE_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise _too_large(limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:  # a size that lied
        raise _too_large(limit)
    encoded, extension, (width, height) = _reencode(_open(data))
    stem = slugify(PurePath(upload.name or "").stem)[:40].strip("-") or "image"
    post_image = PostImage(uploader=uploader, byte_size=len(encoded))
    name = f"{stem}-{secrets.token_hex(4)}.{extension}"
    post_image.image.save(name, ContentFile(encoded), save=False)
    # Set after the file: assigning it makes the ImageField measure it again, from storage.
    post_image.width, post_image.height = width, height
    post_image.save()
    return post_image


def image_markdown(image: PostImage) -> str:
    """The Markdown the composer inserts for an uploaded image."""
    stem = PurePath(image.image.name or "").stem
    alt = stem.rsplit("-", 1)[0].replace("-", " ") if "-" in stem else ""
    return f"![{alt or 'image'}]({image.image.url})"


def image_info(path: str) -> tuple[int, int, int] | None:
    """(width, height, bytes) of an uploaded image by storage name, for `render_post`."""
    return PostImage.objects.filter(image=path).values_list("width", "height", "byte_size").first()


def _open(data: bytes) -> Image.Image:
    """The image, its header read but not decoded; refused if it is not one we accept."""
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (OSError, SyntaxError, ValueError) as error:
        raise _not_an_image() from error
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()
    if width < 1 or height < 1:
        raise _not_an_image()
    return image


def _reencode(image: Image.Image) -> tuple[bytes, str, tuple[int, int]]:
    """The first frame, turned upright, at most LONG_SIDE_MAX wide or high, without metadata.

    Photos (JPEG, opaque WebP) become JPEG; PNG and GIF stay lossless (screenshots keep their
    sharp text) as PNG, like anything with transparency.
    """
    source_format = image.format
    try:
        if source_format == "JPEG":
            image.draft("RGB", (LONG_SIDE_MAX, LONG_SIDE_MAX))  # decode big photos scaled down
        image.seek(0)
        image.load()
        image = ImageOps.exif_transpose(image)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (
            image.mode == "P" and "transparency" in image.info
        )
        as_png = has_alpha or source_format in ("PNG", "GIF")
        if as_png:
            mode = image.mode if image.mode in ("L", "LA", "RGB", "RGBA") else None
            image = image.convert(mode or ("RGBA" if has_alpha else "RGB"))
        else:
            image = image.convert("L" if image.mode in ("1", "L") else "RGB")
        image.thumbnail((LONG_SIDE_MAX, LONG_SIDE_MAX), Image.Resampling.LANCZOS)
        image.info = {}  # no ICC profile, comment or text chunk rides along
        buffer = io.BytesIO()
        if as_png:
            image.save(buffer, "PNG")
        else:
            image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _not_an_image() from error
    return buffer.getvalue(), "png" if as_png else "jpg", image.size


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("This image is too large (%(size)s at most).") % {"size": filesizeformat(limit)},
        code="too_large",
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("This image has too many pixels (%(count)s million at most).")
        % {"count": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not a JPEG, PNG, GIF or WebP image we can read."), code="not_an_image"
    )

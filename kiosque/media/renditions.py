"""The sizes an image is served at: for each use, boxes cropped around the focal point, made
once by the worker in WebP (AVIF too when Pillow can write it; JPEG for the social card).

| use      | shape                    | widths                  | formats          |
|----------|--------------------------|-------------------------|------------------|
| `hero`   | 16:9, cropped            | 480, 800, 1200, 1600    | AVIF, WebP       |
| `card`   | 16:9, cropped            | 360, 720                | AVIF, WebP       |
| `social` | 1200 × 630, cropped      | 1200                    | JPEG             |
| `inline` | the whole image          | 480, 800, 1200          | AVIF, WebP       |

Never larger than the original: a width the crop cannot fill is skipped, and when none fits the
use gets one rendition at the crop's own size (a small original's social card is smaller
than 1200 × 630, at that shape).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from typing import Literal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import features

from kiosque import images

from .models import Image, Rendition

HERO = "hero"
CARD = "card"
SOCIAL = "social"
INLINE = "inline"

WEBP = "webp"
AVIF = "avif"
JPEG = "jpeg"
PIL_FORMATS: dict[str, Literal["WEBP", "AVIF", "JPEG"]] = {
    WEBP: "WEBP",
    AVIF: "AVIF",
    JPEG: "JPEG",
}
EXTENSIONS = {WEBP: "webp", AVIF: "avif", JPEG: "jpg"}
CONTENT_TYPES = {WEBP: "image/webp", AVIF: "image/avif", JPEG: "image/jpeg"}
# Settled by eye on photos: AVIF holds the same look at a lower number than WebP.
QUALITY = {WEBP: 80, AVIF: 60, JPEG: 85}


# What the newsroom calls each use on the image's page.
USE_LABELS = {
    HERO: _("Top of an article"),
    CARD: _("Card in a list"),
    SOCIAL: _("Social networks"),
    INLINE: _("In the text"),
}


@dataclass(frozen=True)
class Use:
    """What a use needs: its shape (width over height; None keeps the image's) and widths."""

    name: str
    aspect: float | None
    widths: tuple[int, ...]
    formats: tuple[str, ...]


USES = {
    HERO: Use(HERO, 16 / 9, (480, 800, 1200, 1600), (AVIF, WEBP)),
    CARD: Use(CARD, 16 / 9, (360, 720), (AVIF, WEBP)),
    SOCIAL: Use(SOCIAL, 1200 / 630, (1200,), (JPEG,)),
    INLINE: Use(INLINE, None, (480, 800, 1200), (AVIF, WEBP)),
}


def can_write(format: str) -> bool:
    """Whether renditions are made in `format`: the site asks for it
    (`KIOSQUE_IMAGE_FORMATS`) and the installed Pillow encodes it (AVIF depends on how it
    was built). The social card's JPEG is always made."""
    return format == JPEG or (format in settings.KIOSQUE_IMAGE_FORMATS and pillow_writes(format))


@cache
def pillow_writes(format: str) -> bool:
    """Whether the installed Pillow encodes `format`."""
    return bool(features.check(format))


def crop_box(
    width: int, height: int, *, aspect: float | None, focal_x: float, focal_y: float
) -> images.Box:
    """The largest box of `aspect` inside a `width` × `height` image whose centre is as close
    to the focal point as the image's edges allow (the whole image when `aspect` is None)."""
    if aspect is None:
        return (0.0, 0.0, float(width), float(height))
    if width / height > aspect:
        across = height * aspect
        left = min(max(focal_x * width - across / 2, 0.0), width - across)
        return (left, 0.0, left + across, float(height))
    down = width / aspect
    top = min(max(focal_y * height - down / 2, 0.0), height - down)
    return (0.0, top, float(width), top + down)


@dataclass(frozen=True)
class Planned:
    """One rendition to make: its use, format, size, and the box of the original it shows."""

    use: str
    format: str
    width: int
    height: int
    box: images.Box


def planned(image: Image) -> list[Planned]:
    """Every rendition `image` should have, from its size and focal point."""
    wanted = []
    for use in USES.values():
        box = crop_box(
            image.width,
            image.height,
            aspect=use.aspect,
            focal_x=image.focal_x,
            focal_y=image.focal_y,
        )
        box_width, box_height = box[2] - box[0], box[3] - box[1]
        widths = [width for width in use.widths if width <= box_width + 0.5]
        if not widths:
            widths = [max(1, math.floor(box_width))]
        for width in widths:
            height = max(1, math.floor(width * box_height / box_width + 0.5))
            for format in use.formats:
                if can_write(format):
                    wanted.append(Planned(use.name, format, width, height, box))
    return wanted


def make_renditions(image_id: int) -> int:
    """Make the renditions the image lacks; the number made (0 when none was missing).

    Idempotent. Decodes the original once, in the image pipeline's decoder process. If the
    focal point moved meanwhile, nothing is stored: the move enqueued its own run.
    """
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    have = set(image.renditions.values_list("use", "format", "width"))
    missing = [plan for plan in planned(image) if (plan.use, plan.format, plan.width) not in have]
    if not missing:
        return 0
    with image.file.open("rb") as original:
        data = original.read()
    cuts = [
        images.Cut(
            plan.box,
            plan.width,
            plan.height,
            PIL_FORMATS[plan.format],
            QUALITY[plan.format],
            webp_effort=settings.KIOSQUE_WEBP_EFFORT,
        )
        for plan in missing
    ]
    encoded = images.cut_out(data, cuts)
    stem = PurePath(image.file.name or "image").stem[:40]
    # A new name for each crop: a page or a CDN that kept the old URL never gets the new crop.
    run = secrets.token_hex(3)
    stored: list[str] = []
    try:
        with transaction.atomic():
            current = Image.objects.select_for_update().filter(pk=image_id).first()
            if current is None or (current.focal_x, current.focal_y) != (
                image.focal_x,
                image.focal_y,
            ):
                return 0
            have = set(current.renditions.values_list("use", "format", "width"))
            made = 0
            for plan, content in zip(missing, encoded, strict=True):
                if (plan.use, plan.format, plan.width) in have:
                    continue
                rendition = Rendition(
                    image=current,
                    use=plan.use,
                    format=plan.format,
                    width=plan.width,
                    height=plan.height,
                )
                name = f"{stem}-{plan.use}-{plan.width}-{run}.{EXTENSIONS[plan.format]}"
                rendition.file.save(name, ContentFile(content), save=False)
                stored.append(rendition.file.name or "")
                rendition.save()
                made += 1
    except BaseException:
        delete_files(stored)  # rows rolled back: their files would be orphans
        raise
    if not made:
        delete_files(stored)
    return made


def delete_files(names: list[str]) -> None:
    """Delete stored files by name (after the rows naming them are gone)."""
    for name in names:
        if name:
            default_storage.delete(name)

"""Pictures to upload, drawn in memory, and library images stored through the upload action."""

from __future__ import annotations

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Picture
from PIL import ImageDraw

from kiosque.media import actions
from kiosque.media.models import Image


def picture_bytes(
    width: int = 1600,
    height: int = 900,
    *,
    format: str = "JPEG",
    colour: str = "steelblue",
    red_square_at: tuple[float, float] | None = None,
) -> bytes:
    """A plain picture; with `red_square_at` (fractions of the width and height), a red square
    a tenth of the height wide centred there."""
    picture = Picture.new("RGB", (width, height), colour)
    if red_square_at is not None:
        half = height // 20
        x, y = round(red_square_at[0] * width), round(red_square_at[1] * height)
        ImageDraw.Draw(picture).rectangle((x - half, y - half, x + half, y + half), fill="red")
    buffer = io.BytesIO()
    picture.save(buffer, format)
    return buffer.getvalue()


def upload(
    name: str = "photo.jpg", data: bytes | None = None, **picture: object
) -> SimpleUploadedFile:
    """An uploaded file as a form receives it."""
    content = picture_bytes(**picture) if data is None else data  # type: ignore[arg-type]  # picture_bytes' keywords
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


class ImageFactory(factory.Factory[Image]):
    """A library image uploaded by the site itself (no renditions until a test makes them)."""

    class Meta:
        model = Image

    alt = factory.Sequence(lambda n: f"Vue du port numéro {n}")
    caption = "Le port au petit matin."
    credit = "Photo : Rédaction"
    width = 1600
    height = 900

    @classmethod
    def _create(cls, model_class: type[Image], **fields: object) -> Image:
        width, height = fields.pop("width"), fields.pop("height")
        data = fields.pop("data", None) or picture_bytes(width, height)  # type: ignore[arg-type]  # factory fields are objects
        name = str(fields.pop("name", "photo.jpg"))
        by = fields.pop("by", None)
        image = actions.upload_image(
            by=by,  # type: ignore[arg-type]  # a User or None, as the factory was given
            upload=upload(name, data),  # type: ignore[arg-type]  # bytes, as drawn or given
            alt=str(fields.pop("alt")),
            caption=str(fields.pop("caption")),
            credit=str(fields.pop("credit")),
        )
        if fields:
            Image.objects.filter(pk=image.pk).update(**fields)
            image.refresh_from_db()
        return image

"""Avatar checks happen before decoding; what is kept is a fresh, upright 256-pixel square."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kiosque.accounts.avatars import make_avatar


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header announces width×height, followed by pixel data that cannot decode."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"not deflate data")
        + _chunk(b"IEND", b"")
    )


def as_upload(content: bytes, name: str = "image") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_too_many_pixels_is_read_from_the_header_before_any_decoding():
    with pytest.raises(ValidationError) as refused:
        make_avatar(as_upload(png_header_only(4001, 300)))

    assert refused.value.code == "too_many_pixels"


def test_a_header_within_limits_but_without_pixels_is_not_an_image():
    with pytest.raises(ValidationError) as refused:
        make_avatar(as_upload(png_header_only(300, 300)))

    assert refused.value.code == "not_an_image"


def test_a_picture_is_turned_upright_before_it_is_cropped():
    buffer = io.BytesIO()
    tall = Image.new("RGB", (200, 400), "white")
    tall.paste((200, 0, 0), (0, 0, 200, 200))  # red top half
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; viewers rotate 90° clockwise
    tall.save(buffer, format="JPEG", exif=exif.tobytes())

    avatar = make_avatar(as_upload(buffer.getvalue(), "photo.jpg"))

    with Image.open(io.BytesIO(avatar.read())) as stored:
        assert stored.size == (256, 256)
        assert not stored.getexif()
        # Upright, the picture is wide with red on the right: the centre square holds both.
        left, right = stored.getpixel((10, 128)), stored.getpixel((245, 128))
        assert isinstance(left, tuple) and isinstance(right, tuple)
        assert left[0] > 200 and left[1] > 200  # white
        assert right[0] > 150 and right[1] < 80  # red


def test_webp_and_gif_are_accepted_and_re_encoded():
    for fmt in ("WEBP", "GIF"):
        buffer = io.BytesIO()
        Image.new("RGB", (300, 300), "#225588").save(buffer, format=fmt)

        avatar = make_avatar(as_upload(buffer.getvalue()))

        assert avatar.name is not None and avatar.name.endswith(".jpg")

"""Images members upload: refused when too big or not images, stored clean and upright."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageCms

from kiosque.community.actions import upload_post_image
from kiosque.community.uploads import (
    LONG_SIDE_MAX,
    image_info,
    image_markdown,
)
from kiosque.markup import render_post


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def encoded(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def photo_with_metadata() -> bytes:
    """A 300×200 JPEG taken "sideways" (EXIF orientation 6), with a GPS position and a profile."""
    image = Image.new("RGB", (300, 200), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, 150, 200))  # left half blue
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "Fabricant"  # Make
    exif.get_ifd(0x8825)[2] = (48.0, 51.0, 24.0)  # GPSLatitude
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encoded(image, "JPEG", exif=exif, icc_profile=profile)


def stored(post_image) -> Image.Image:
    post_image.image.open("rb")
    try:
        image = Image.open(io.BytesIO(post_image.image.read()))
        image.load()
        return image
    finally:
        post_image.image.close()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header announces `width`×`height`; no decodable pixels follow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"\x00" * 16)


def test_a_photo_is_stored_upright_without_its_metadata(member):
    upload = SimpleUploadedFile("Vacances été.JPG", photo_with_metadata(), "image/jpeg")

    post_image = upload_post_image(by=member, upload=upload)

    image = stored(post_image)
    assert image.format == "JPEG"
    assert image.size == (200, 300)  # turned upright
    assert image.getpixel((100, 10))[2] > 150  # the blue half is now on top
    assert not image.getexif()
    assert "icc_profile" not in image.info and "exif" not in image.info
    assert (post_image.width, post_image.height) == (200, 300)
    assert post_image.byte_size == post_image.image.size
    assert post_image.uploader == member
    assert post_image.image.name.startswith("posts/")
    assert post_image.image.name.endswith(".jpg")
    assert "/vacances-ete-" in post_image.image.name


def test_transparency_is_kept_in_png_and_text_chunks_dropped(member):
    from PIL import PngImagePlugin

    image = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Jeanne Secret")
    upload = SimpleUploadedFile("logo.png", encoded(image, "PNG", pnginfo=text), "image/png")

    result = stored(upload_post_image(by=member, upload=upload))

    assert result.format == "PNG"
    assert result.mode == "RGBA"
    assert result.getpixel((5, 5))[3] == 0
    assert "Author" not in result.info


def test_a_screenshot_stays_lossless(member):
    upload = SimpleUploadedFile("capture.png", encoded(Image.new("RGB", (895, 371)), "PNG"))

    post_image = upload_post_image(by=member, upload=upload)

    assert stored(post_image).format == "PNG"
    assert image_markdown(post_image) == f"![capture]({post_image.image.url})"


def test_an_animated_gif_keeps_its_first_frame_as_png(member):
    frames = [Image.new("P", (20, 20), color) for color in (1, 2, 3)]
    gif = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)

    result = stored(upload_post_image(by=member, upload=SimpleUploadedFile("a.gif", gif)))

    assert result.format == "PNG"
    assert getattr(result, "n_frames", 1) == 1


def test_an_opaque_webp_becomes_jpeg(member):
    webp = encoded(Image.new("RGB", (50, 40), (10, 120, 10)), "WEBP")

    result = stored(upload_post_image(by=member, upload=SimpleUploadedFile("x.webp", webp)))

    assert result.format == "JPEG"


def test_a_big_photo_is_scaled_down_to_the_long_side_limit(member):
    jpeg = encoded(Image.new("RGB", (LONG_SIDE_MAX * 2, LONG_SIDE_MAX)), "JPEG")

    post_image = upload_post_image(by=member, upload=SimpleUploadedFile("pano.jpg", jpeg))

    assert (post_image.width, post_image.height) == (LONG_SIDE_MAX, LONG_SIDE_MAX // 2)
    assert stored(post_image).size == (LONG_SIDE_MAX, LONG_SIDE_MAX // 2)


class Unreadable(SimpleUploadedFile):
    def read(self, *args, **kwargs):
        raise AssertionError("a file over the limit must not be read")


def test_a_file_over_the_size_limit_is_refused_before_reading(member, settings):
    settings.KIOSQUE_POST_IMAGE_MAX_BYTES = 1000
    upload = Unreadable("gros.jpg", b"\xff" * 1001, "image/jpeg")

    with pytest.raises(ValidationError) as refused:
        upload_post_image(by=member, upload=upload)

    assert refused.value.code == "too_large"


def test_a_size_that_lies_is_caught_while_reading(member, settings):
    settings.KIOSQUE_POST_IMAGE_MAX_BYTES = 1000
    upload = SimpleUploadedFile("menteur.jpg", b"\xff" * 5000, "image/jpeg")
    upload.size = 10

    with pytest.raises(ValidationError) as refused:
        upload_post_image(by=member, upload=upload)

    assert refused.value.code == "too_large"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"Ceci n'est pas une image."),
        ("dessin.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("vide.png", b""),
        ("image.bmp", encoded(Image.new("RGB", (10, 10)), "BMP")),
        ("image.jpg", encoded(Image.new("RGB", (10, 10)), "TIFF")),
        ("coupee.jpg", encoded(Image.new("RGB", (200, 200), (1, 2, 3)), "JPEG")[:300]),
    ],
)
def test_what_pillow_cannot_read_as_an_accepted_image_is_refused(member, name, content):
    with pytest.raises(ValidationError) as refused:
        upload_post_image(by=member, upload=SimpleUploadedFile(name, content))

    assert refused.value.code == "not_an_image"


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("size", [(10_000, 2_401), (30_000, 30_000)])
def test_too_many_pixels_is_refused_from_the_header_alone(member, size, settings):
    settings.KIOSQUE_IMAGE_MAX_PIXELS = 24_000_000
    upload = SimpleUploadedFile("bombe.png", png_header_only(*size), "image/png")

    with pytest.raises(ValidationError) as refused:
        upload_post_image(by=member, upload=upload)

    assert refused.value.code == "too_many_pixels"


def test_refusals_say_what_is_wrong_in_the_readers_language(member, settings):
    settings.KIOSQUE_POST_IMAGE_MAX_BYTES = 8 * 1024 * 1024
    upload = Unreadable("gros.jpg", b"", "image/jpeg")
    upload.size = 9 * 1024 * 1024

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        upload_post_image(by=member, upload=upload)

    assert refused.value.messages == ["This image is too large (8.0\u00a0MB at most)."]


def test_a_stored_image_renders_with_its_size(member):
    png = encoded(Image.new("RGB", (895, 371), (250, 250, 250)), "PNG")
    post_image = upload_post_image(by=member, upload=SimpleUploadedFile("capture.png", png))

    with translation.override("en"):
        rendered = render_post(image_markdown(post_image), image_info=image_info)

    assert f'<img src="{post_image.image.url}" alt="capture" width="895" height="371"' in (
        rendered.html
    )
    assert "895×371" in rendered.html
    assert image_info("posts/none.png") is None

"""The one image pipeline: avatars and post images keep no metadata block of the upload, and a
decode's memory is bounded before any pixel is read."""

from __future__ import annotations

import functools
import io
import multiprocessing
import os
import struct
import threading
import zlib
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageCms, PngImagePlugin

from kiosque import images
from kiosque.accounts.avatars import make_avatar
from kiosque.accounts.models import User
from kiosque.community.actions import upload_post_image

GPS_LATITUDE = (48.0, 51.0, 24.0)
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-'
    b'rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'dc:creator="Jeanne Secret"/></rdf:RDF></x:xmpmeta>'
)
SECRETS = (b"Jeanne Secret", b"Fabricant", b"ICC_PROFILE", b"Exif", b"sRGB")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def encoded(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Fabricant"  # Make
    exif[0x013B] = "Jeanne Secret"  # Artist
    exif.get_ifd(0x8825)[2] = GPS_LATITUDE  # GPSLatitude
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg_with_every_block() -> bytes:
    """A photo with a COM segment, an ICC profile (APP2), EXIF with GPS (APP1), XMP (APP1)."""
    return encoded(
        Image.new("RGB", (320, 240), (200, 30, 30)),
        "JPEG",
        comment=b"Jeanne Secret, appareil de Fabricant",
        icc_profile=srgb_profile(),
        exif=exif_with_gps(),
        xmp=XMP,
    )


def png_with_every_block() -> bytes:
    """A PNG with iCCP, eXIf, tEXt and an XMP iTXt chunk."""
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Jeanne Secret")
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return encoded(
        Image.new("RGBA", (320, 240), (30, 30, 200, 128)),
        "PNG",
        pnginfo=text,
        icc_profile=srgb_profile(),
        exif=exif_with_gps(),
    )


def webp_with_every_block() -> bytes:
    return encoded(
        Image.new("RGB", (320, 240), (30, 200, 30)),
        "WEBP",
        icc_profile=srgb_profile(),
        exif=exif_with_gps(),
        xmp=XMP,
    )


def jpeg_markers(data: bytes) -> list[int]:
    """Every marker of a JPEG, in order, entropy-coded data skipped."""
    assert data[:2] == b"\xff\xd8"
    markers, at = [0xD8], 2
    while at < len(data):
        assert data[at] == 0xFF, f"no marker at {at}"
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xD9:
            break
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        at += 2 + length
        if marker == 0xDA:  # scan data runs to the next marker that is not a stuffed byte
            while not (data[at] == 0xFF and data[at + 1] not in (0x00, *range(0xD0, 0xD8))):
                at += 1
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        length = struct.unpack(">I", data[at : at + 4])[0]
        chunks.append(data[at + 4 : at + 8])
        at += 12 + length
    return chunks


# JFIF's APP0, quantisation and Huffman tables, frame, scans: nothing else.
CLEAN_JPEG_MARKERS = {0xD8, 0xE0, 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, 0xDD, 0xDA, 0xD9}
CLEAN_PNG_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def as_avatar(data: bytes) -> bytes:
    return make_avatar(SimpleUploadedFile("photo", data)).read()


def as_post_image(data: bytes) -> bytes:
    uploader = User.objects.create_user("photographe", "photographe@example.org", None)
    post_image = upload_post_image(by=uploader, upload=SimpleUploadedFile("p", data))
    with post_image.image.open("rb") as stored:
        return stored.read()


def assert_clean(stored: bytes) -> None:
    if stored[:2] == b"\xff\xd8":
        markers = set(jpeg_markers(stored))
        assert markers <= CLEAN_JPEG_MARKERS, sorted(hex(m) for m in markers - CLEAN_JPEG_MARKERS)
        assert 0xFE not in markers, "COM"
        assert 0xE1 not in markers, "EXIF or XMP"
        assert 0xE2 not in markers, "ICC profile"
    else:
        chunks = set(png_chunks(stored))
        assert chunks <= CLEAN_PNG_CHUNKS, chunks - CLEAN_PNG_CHUNKS
    for secret in SECRETS:
        assert secret not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
        assert not {"icc_profile", "exif", "xmp", "comment"} & set(image.info)


@pytest.mark.django_db
@pytest.mark.parametrize("store", [as_avatar, as_post_image], ids=["avatar", "post image"])
@pytest.mark.parametrize(
    "upload",
    [jpeg_with_every_block, png_with_every_block, webp_with_every_block],
    ids=["jpeg COM ICC EXIF-GPS XMP", "png iCCP eXIf tEXt iTXt-XMP", "webp ICCP EXIF XMP"],
)
def test_no_metadata_block_survives(store: Callable[[bytes], bytes], upload):
    original = upload()
    assert b"Jeanne Secret" in original or b"sRGB" in original  # the crafted file carries them

    assert_clean(store(original))


def test_the_crafted_jpeg_carries_each_block_the_pipeline_removes():
    markers = jpeg_markers(jpeg_with_every_block())

    assert {0xFE, 0xE1, 0xE2} <= set(markers)
    with Image.open(io.BytesIO(jpeg_with_every_block())) as image:
        assert image.getexif().get_ifd(0x8825)[2] == GPS_LATITUDE
        assert "xmp" in image.info and "icc_profile" in image.info


def test_a_webp_beyond_its_memory_allowance_is_refused_from_its_header(monkeypatch):
    """The issue's 16383×2400 WebP (750 MB decoded): refused before Pillow's decoder opens it."""
    # Encoded by libwebp's quickest method: its header is what is read.
    wide = encoded(Image.new("RGB", (16383, 2400), (40, 90, 160)), "WEBP", quality=50, method=0)
    opened = []
    monkeypatch.setattr(Image, "open", lambda *args, **kwargs: opened.append(args))

    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        images.reencode_within(wide, long_side=2560, keep_lossless=True, jpeg_quality=85)

    assert refused.value.code == "too_many_pixels"
    assert not opened
    assert refused.value.messages == ["Cette image a trop de pixels (24 millions au maximum)."]


def test_a_webp_within_the_ceiling_but_too_costly_to_decode_says_its_format_limit():
    webp = encoded(Image.new("RGB", (3000, 2000), (40, 90, 160)), "WEBP", quality=50)

    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        images.reencode_within(webp, long_side=2560, keep_lossless=True, jpeg_quality=85)

    assert refused.value.code == "too_many_pixels"
    assert refused.value.messages == [
        "Cette image a trop de pixels pour un fichier WebP (6,0 Mpx ; 5,3 Mpx au plus pour ce "
        "format)."
    ]


def test_a_progressive_jpeg_counts_the_coefficients_libjpeg_keeps(settings):
    """A progressive JPEG is decoded with every coefficient of the full image held at once,
    whatever the scale; the same picture in one scan is decoded at a quarter of its pixels."""
    picture = Image.new("RGB", (4000, 3000), (120, 160, 200))
    baseline = encoded(picture, "JPEG", subsampling=0)
    progressive = encoded(picture, "JPEG", subsampling=0, progressive=True)
    settings.KIOSQUE_IMAGE_DECODE_MAX_BYTES = 60 << 20

    kept = images.reencode_within(baseline, long_side=1000, keep_lossless=True, jpeg_quality=85)
    with pytest.raises(ValidationError) as refused:
        images.reencode_within(progressive, long_side=1000, keep_lossless=True, jpeg_quality=85)

    assert (kept.width, kept.height) == (1000, 750)
    assert refused.value.code == "too_many_pixels"


def test_a_big_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    """Run here, in the test's process, as the decoder process runs it."""
    decoded_sizes = []
    shrink = images._shrink

    def recording(image, *args, **kwargs):
        decoded_sizes.append(image.size)
        return shrink(image, *args, **kwargs)

    monkeypatch.setattr(images, "_shrink", recording)
    jpeg = encoded(Image.new("RGB", (6000, 4000), (120, 160, 200)), "JPEG")

    result = images._decoded_and_encoded(
        jpeg,
        size=(6000, 4000),
        fitted=functools.partial(images._fitted_within, 1000),
        keep_lossless=True,
        jpeg_quality=85,
        memory_bytes=256 << 20,
    )

    assert decoded_sizes == [(1500, 1000)]  # libjpeg scaled by 1/4 while decoding
    assert (result.width, result.height) == (1000, 667)


def test_shrinking_strip_by_strip_matches_one_resize():
    picture = Image.effect_noise((1200, 900), 60).convert("RGB")
    picture.paste((250, 20, 20), (300, 200, 900, 700))
    whole = picture.resize((400, 300), Image.Resampling.LANCZOS)

    strips = images._shrink(picture, (400, 300), (0, 0, 1200, 900), "RGB")

    difference = max(
        abs(a - b)
        for pixel_a, pixel_b in zip(
            whole.get_flattened_data(), strips.get_flattened_data(), strict=True
        )
        for a, b in zip(pixel_a, pixel_b, strict=True)
    )
    assert difference <= 2


def test_one_decode_at_a_time(monkeypatch):
    inside = threading.Semaphore(0)
    release = threading.Event()
    active, most_active = [0], [0]
    in_decoder = images._in_decoder

    def watched(*args, **kwargs):
        active[0] += 1
        most_active[0] = max(most_active[0], active[0])
        inside.release()
        release.wait(timeout=30)
        active[0] -= 1
        return in_decoder(*args, **kwargs)

    monkeypatch.setattr(images, "_in_decoder", watched)
    png = encoded(Image.new("RGB", (300, 200)), "PNG")
    results: list[images.CleanImage] = []

    def decode() -> None:
        results.append(
            images.reencode_within(png, long_side=100, keep_lossless=True, jpeg_quality=85)
        )

    first, second = threading.Thread(target=decode), threading.Thread(target=decode)
    first.start()
    assert inside.acquire(timeout=30)  # the first decode holds the lock
    second.start()
    assert not inside.acquire(timeout=0.3), "the second decode must wait for the first"
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert most_active[0] == 1
    assert len(results) == 2


def test_images_are_decoded_in_a_helper_process_that_stops_with_the_server():
    png = encoded(Image.new("RGB", (300, 200), (10, 120, 60)), "PNG")

    result = images.reencode_within(png, long_side=100, keep_lossless=True, jpeg_quality=85)
    decoders = multiprocessing.active_children()
    images.shut_decoder_down()

    assert (result.width, result.height) == (100, 67)
    assert decoders and all(decoder.pid != os.getpid() for decoder in decoders)
    assert not any(decoder.is_alive() for decoder in decoders)
    assert not multiprocessing.active_children()


def test_an_image_beyond_the_decoders_memory_is_refused_in_french_then_the_next_one_passes(
    settings,
):
    """The header's estimate let it through; the decoder's memory limit stops it, cleanly."""
    settings.KIOSQUE_IMAGE_DECODER_MEMORY_BYTES = 8 << 20
    big = encoded(Image.new("RGBA", (3000, 2000), (40, 90, 160, 200)), "PNG")
    small = encoded(Image.new("RGB", (300, 200), (40, 90, 160)), "PNG")

    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        images.reencode_within(big, long_side=2560, keep_lossless=True, jpeg_quality=85)
    settings.KIOSQUE_IMAGE_DECODER_MEMORY_BYTES = 256 << 20
    kept = images.reencode_within(small, long_side=100, keep_lossless=True, jpeg_quality=85)

    assert refused.value.code == "too_many_pixels"
    assert refused.value.messages[0].startswith(
        "Cette image a trop de pixels pour un fichier PNG (6,0 Mpx ;"
    )
    assert (kept.width, kept.height) == (100, 67)


def test_a_decode_that_overruns_its_time_is_refused_and_the_decoder_replaced(settings):
    settings.KIOSQUE_IMAGE_DECODE_TIMEOUT_SECONDS = 0.001  # no decode of 24 MP is this quick
    # One colour: quick to draw and to compress, and still 24 MP to decode.
    big = encoded(Image.new("RGB", (6000, 4000), (200, 90, 40)), "PNG")
    small = encoded(Image.new("RGB", (300, 200), (40, 90, 160)), "PNG")

    with pytest.raises(ValidationError) as refused:
        images.reencode_within(big, long_side=2560, keep_lossless=True, jpeg_quality=85)
    settings.KIOSQUE_IMAGE_DECODE_TIMEOUT_SECONDS = 30
    kept = images.reencode_within(small, long_side=100, keep_lossless=True, jpeg_quality=85)

    assert refused.value.code == "too_many_pixels"
    assert (kept.width, kept.height) == (100, 67)


def png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"\x00" * 16)


@pytest.mark.parametrize("size", [(6000, 4001), (65535, 65535)])
def test_the_pixel_ceiling_is_a_setting_read_before_decoding(settings, size):
    settings.KIOSQUE_IMAGE_MAX_PIXELS = 24_000_000

    with pytest.raises(ValidationError) as refused:
        images.dimensions(png_header_only(*size))

    assert refused.value.code == "too_many_pixels"

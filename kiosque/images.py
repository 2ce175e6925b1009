"""The one image pipeline: every picture a member sends (an avatar, a post's image) goes through it.

1. Checked in the serving process before any pixel is decoded: the format from its signature,
   the pixel count and the memory decoding would take, from the header alone (WebP's header is
   read here: Pillow's decoder reserves its canvases as soon as it opens the file).
2. Decoded in a helper process of the serving process's own (`_in_decoder`), one decode at a
   time (`DECODE_LOCK`), bytes in and bytes out: the decode's memory is never the server's, and
   the helper has a memory limit (`KIOSQUE_IMAGE_DECODER_MEMORY_BYTES`) and a time limit
   (`KIOSQUE_IMAGE_DECODE_TIMEOUT_SECONDS`); beyond either the image is refused as too costly.
   There, at reduced size where the format allows (JPEG: libjpeg scales while it decodes,
   `Image.draft`), then shrunk strip by strip, so that no full-size copy is made beside the
   decoded pixels.
3. Re-encoded from the pixels alone into a new image: no EXIF (GPS position, camera), ICC
   profile, XMP, JPEG comment or PNG text of the upload can survive, and only the first frame.

A decode costs at most `KIOSQUE_IMAGE_DECODE_MAX_BYTES` by our estimate (`decoding_cost`); the
serving process only holds the upload's bytes and the result's, so that an upload of any
accepted size lifts it by far less than 150 MB (`bench/uploads.py` measures both processes).
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import functools
import gc
import io
import math
import multiprocessing
import resource
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as DecodeTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image

ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
# Concurrent uploads wait for each other here rather than add up their decoding memory.
DECODE_LOCK = threading.Lock()
# The decoder process starts from a fresh interpreter, not a copy of the server's memory
# ("fork" would share the server's pages and its threads' locks).
DECODER_START_METHOD = "forkserver"
# After this many decodes the decoder process is replaced: whatever its heap kept from earlier
# decodes goes with it, and starting one (forked from the preloaded fork server) costs little.
DECODES_PER_DECODER = 10
# Bytes Pillow keeps per pixel, by mode: RGB is stored on four bytes, like RGBA.
PILLOW_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2}
DEFAULT_BYTES_PER_PIXEL = 4
# libwebp's decoder keeps two RGBA canvases, hands Pillow a copy as bytes, which Pillow copies
# into its image: 16.5 bytes a pixel measured (Pillow 13, libwebp 1.6), and no reduced decode.
WEBP_BYTES_PER_PIXEL = 17
# Shrinking works on strips of about this many source pixels: a few MB beside the decoded image.
STRIP_PIXELS = 1_000_000
# Lanczos reads three output pixels' worth of source on each side; one more for rounding.
LANCZOS_REACH = 3
# How a refusal names the format.
FORMAT_NAMES = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP"}
EXIF_ORIENTATION = 0x0112
# What to do to show a photo upright, by its EXIF orientation.
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
Box = tuple[float, float, float, float]
_Result = TypeVar("_Result")
READ_ERRORS = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image: its bytes, the extension that names them, its size upright."""

    content: bytes
    extension: Literal["jpg", "png"]
    width: int
    height: int


def reencode_within(
    data: bytes, *, long_side: int, keep_lossless: bool, jpeg_quality: int
) -> CleanImage:
    """The image upright, at most `long_side` wide or high, re-encoded without metadata.

    Photos (JPEG, opaque WebP) become JPEG; with `keep_lossless`, PNG and GIF stay lossless
    (screenshots keep their sharp text) as PNG, like anything with transparency.
    Raises ValidationError with code "not_an_image" or "too_many_pixels".
    """

    fitted = functools.partial(_fitted_within, long_side)
    return _reencode(data, fitted=fitted, keep_lossless=keep_lossless, jpeg_quality=jpeg_quality)


def reencode_square(data: bytes, *, side: int, jpeg_quality: int) -> CleanImage:
    """The image upright, its centre square scaled to `side` pixels, re-encoded without metadata.

    A JPEG, or a PNG when the image has transparency.
    Raises ValidationError with code "not_an_image" or "too_many_pixels".
    """

    fitted = functools.partial(_fitted_square, side)
    return _reencode(data, fitted=fitted, keep_lossless=False, jpeg_quality=jpeg_quality)


# The fittings are functions of the module (not closures) so that the decoder process gets them.
def _fitted_within(long_side: int, width: int, height: int) -> tuple[int, int, Box]:
    ratio = min(1.0, long_side / max(width, height))
    size = (max(1, round(width * ratio)), max(1, round(height * ratio)))
    return *size, (0.0, 0.0, float(width), float(height))


def _fitted_square(side: int, width: int, height: int) -> tuple[int, int, Box]:
    edge = min(width, height)
    left, top = (width - edge) / 2, (height - edge) / 2
    return side, side, (left, top, left + edge, top + edge)


@dataclass(frozen=True)
class Cut:
    """One picture `cut_out` makes: `box` of the source (left, top, right, bottom, in pixels)
    scaled to `width` × `height`, encoded as `format` at `quality` (WebP with libwebp's
    `webp_effort`, 0 to 6)."""

    box: Box
    width: int
    height: int
    format: Literal["WEBP", "AVIF", "JPEG"]
    quality: int
    webp_effort: int = 4


def cut_out(data: bytes, cuts: Sequence[Cut]) -> list[bytes]:
    """The bytes of each cut of the image, in order, without metadata, decoded once.

    For images this pipeline wrote (upright, no EXIF orientation): boxes are in the pixels of
    the image as stored. JPEG cuts are flattened onto white; WebP and AVIF keep transparency.
    Raises ValidationError with code "not_an_image" or "too_many_pixels".
    """
    if not cuts:
        return []
    largest = max(cuts, key=lambda cut: cut.width * cut.height)
    fitted = functools.partial(_fitted_box, largest.box, largest.width, largest.height)
    format_name, pixels, size = _checked_before_decoding(data, fitted)
    with DECODE_LOCK:
        return _run_in_decoder(
            functools.partial(
                _decoded_and_cut,
                data,
                size=size,
                cuts=tuple(cuts),
                memory_bytes=settings.KIOSQUE_IMAGE_DECODER_MEMORY_BYTES,
            ),
            refusal=functools.partial(_too_costly_for_the_decoder, format_name, pixels),
        )


def _fitted_box(
    box: Box, width: int, height: int, _source_width: int, _source_height: int
) -> tuple[int, int, Box]:
    return width, height, box


def dimensions(data: bytes) -> tuple[int, int]:
    """Width and height from the header alone. Raises ValidationError "not_an_image"."""
    if data[:4] == b"RIFF":
        size = _webp_size(data)
        _check_pixels(size, format_name="WEBP")
        return size
    with _opened(data) as image:
        return image.size


def decoding_cost(image: Image.Image, output_size: tuple[int, int]) -> int:
    """Bytes that decoding `image` (opened, drafted, not loaded) and shrinking it would take:
    the decoded pixels, a strip being shrunk (cut, converted, resized), the output."""
    return _estimated_cost(image.format or "", image.mode, image.size, output_size)


def _estimated_cost(
    format_name: str, mode: str, size: tuple[int, int], output_size: tuple[int, int]
) -> int:
    width, height = size
    if format_name == "WEBP":
        decoded = width * height * WEBP_BYTES_PER_PIXEL
    else:
        decoded = width * height * PILLOW_BYTES_PER_PIXEL.get(mode, DEFAULT_BYTES_PER_PIXEL)
    reach = _margin(height / output_size[1])
    strip = (STRIP_PIXELS + 2 * width * reach) * DEFAULT_BYTES_PER_PIXEL * 3
    output = output_size[0] * output_size[1] * DEFAULT_BYTES_PER_PIXEL
    return decoded + strip + output


# From the source's size: the output's size and the box of the source it shows.
Fitting = Callable[[int, int], tuple[int, int, Box]]


def _reencode(
    data: bytes, *, fitted: Fitting, keep_lossless: bool, jpeg_quality: int
) -> CleanImage:
    format_name, pixels, size = _checked_before_decoding(data, fitted)
    with DECODE_LOCK:
        return _in_decoder(
            data,
            size=size,
            fitted=fitted,
            keep_lossless=keep_lossless,
            jpeg_quality=jpeg_quality,
            refusal=functools.partial(_too_costly_for_the_decoder, format_name, pixels),
        )


def _checked_before_decoding(data: bytes, fitted: Fitting) -> tuple[str, int, tuple[int, int]]:
    """Format, pixel count and size from the header alone; refused if not an accepted image, if
    too many pixels, or if decoding would cost more than the budget."""
    if data[:4] == b"RIFF":
        size = _webp_size(data)
        _check_pixels(size, format_name="WEBP")
        output = fitted(*size)[:2]
        cost = _estimated_cost("WEBP", "RGB", size, output)
        format_name = "WEBP"
    else:
        with _opened(data) as image:
            format_name, size = image.format or "", image.size
            width, height, box = fitted(*size)
            coefficients = _jpeg_coefficients(image, data)  # on the full size, whatever the draft
            if format_name in ("JPEG", "MPO"):
                _drafted(image, box, (width, height))
            cost = decoding_cost(image, (width, height)) + coefficients
    pixels = size[0] * size[1]
    if cost > settings.KIOSQUE_IMAGE_DECODE_MAX_BYTES:
        most = pixels * settings.KIOSQUE_IMAGE_DECODE_MAX_BYTES // cost
        raise too_costly(format_name=format_name, pixels=pixels, most=most)
    return format_name, pixels, size


def _too_costly_for_the_decoder(format_name: str, pixels: int) -> ValidationError:
    """The refusal of an image the decoder could not decode within its memory or time: it took
    more than the decoder's allowance, so by pixels at most budget/allowance of it would fit."""
    allowance = max(settings.KIOSQUE_IMAGE_DECODER_MEMORY_BYTES, 1)
    most = pixels * min(settings.KIOSQUE_IMAGE_DECODE_MAX_BYTES, allowance) // allowance
    return too_costly(format_name=format_name, pixels=pixels, most=most)


# The serving process's decoder, started at its first decode; used under DECODE_LOCK.
_decoder: ProcessPoolExecutor | None = None


def _in_decoder(
    data: bytes,
    *,
    size: tuple[int, int],
    fitted: Fitting,
    keep_lossless: bool,
    jpeg_quality: int,
    refusal: Callable[[], ValidationError],
) -> CleanImage:
    """The image decoded and re-encoded in the decoder process; `refusal()` raised if it ran out
    of memory or time there (the decoder is then replaced)."""
    return _run_in_decoder(
        functools.partial(
            _decoded_and_encoded,
            data,
            size=size,
            fitted=fitted,
            keep_lossless=keep_lossless,
            jpeg_quality=jpeg_quality,
            memory_bytes=settings.KIOSQUE_IMAGE_DECODER_MEMORY_BYTES,
        ),
        refusal=refusal,
    )


def _run_in_decoder(
    work: Callable[[], _Result], *, refusal: Callable[[], ValidationError]
) -> _Result:
    """`work()` run in the decoder process (a partial of a function of this module); `refusal()`
    raised if it ran out of memory or time there (the decoder is then replaced)."""
    global _decoder
    if _decoder is None:
        _decoder = _started_decoder()
    future = _decoder.submit(work)
    try:
        return future.result(timeout=settings.KIOSQUE_IMAGE_DECODE_TIMEOUT_SECONDS)
    except DecodeRefused as refused:
        raise (not_an_image() if refused.args[0] == NOT_AN_IMAGE else refusal()) from None
    except DecodeTimeout:
        _stop_decoder(kill=True)
        raise refusal() from None
    except BrokenProcessPool:  # the decoder died: the kernel's OOM killer, a crash in a codec
        _stop_decoder(kill=True)
        raise refusal() from None


def _started_decoder() -> ProcessPoolExecutor:
    context = multiprocessing.get_context(DECODER_START_METHOD)
    # Each decoder is forked from a server that imported Pillow and this module once.
    context.set_forkserver_preload(["kiosque.images"])
    return ProcessPoolExecutor(
        max_workers=1,
        mp_context=context,
        initializer=_note_decoder_start,
        max_tasks_per_child=DECODES_PER_DECODER,
    )


def _stop_decoder(*, kill: bool = False) -> None:
    """Shut the decoder process down (killed first if `kill`: a decode that overran); the next
    decode starts a new one."""
    global _decoder
    decoder, _decoder = _decoder, None
    if decoder is None:
        return
    if kill:
        # No public way to stop a task under way in Python 3.11 (3.14 has terminate_workers).
        for process in list((decoder._processes or {}).values()):
            process.kill()
    decoder.shutdown(wait=True, cancel_futures=True)


def shut_decoder_down() -> None:
    """Stop the decoder process, if one was started (at exit; tests that count processes)."""
    _stop_decoder()


atexit.register(shut_decoder_down)


# What the decoder reports instead of an image (codes, so that the serving process words it).
NOT_AN_IMAGE = "not_an_image"
OUT_OF_MEMORY = "out_of_memory"


class DecodeRefused(Exception):
    """Raised in the decoder process: its one argument is NOT_AN_IMAGE or OUT_OF_MEMORY."""


# In the decoder process: its address space once started, which a decode may add to.
_decoder_start_bytes = 0


def _note_decoder_start() -> None:
    global _decoder_start_bytes
    _decoder_start_bytes = _address_space_bytes()


def _address_space_bytes() -> int:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _decoded_and_encoded(
    data: bytes,
    *,
    size: tuple[int, int],
    fitted: Fitting,
    keep_lossless: bool,
    jpeg_quality: int,
    memory_bytes: int,
) -> CleanImage:
    """In the decoder process: the image decoded within `memory_bytes` more than the process
    had once started, shrunk, upright, re-encoded. Raises DecodeRefused."""
    _limit_address_space(_decoder_start_bytes + memory_bytes)
    try:
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except READ_ERRORS as error:
            raise DecodeRefused(NOT_AN_IMAGE) from error
        with image:
            if image.size != size:  # a header that told the serving process something else
                raise DecodeRefused(NOT_AN_IMAGE)
            shrunk, orientation, as_png = _decoded_and_shrunk(
                image, fitted=fitted, keep_lossless=keep_lossless
            )
        if transpose := UPRIGHT.get(orientation):
            shrunk = shrunk.transpose(transpose)
        buffer = io.BytesIO()
        if as_png:
            shrunk.save(buffer, "PNG")
        else:
            shrunk.save(buffer, "JPEG", quality=jpeg_quality, optimize=True, progressive=True)
        return CleanImage(buffer.getvalue(), "png" if as_png else "jpg", *shrunk.size)
    except MemoryError:
        raise DecodeRefused(OUT_OF_MEMORY) from None
    finally:
        _give_back_freed_memory()
        _limit_address_space(resource.RLIM_INFINITY)


def _decoded_and_cut(
    data: bytes, *, size: tuple[int, int], cuts: tuple[Cut, ...], memory_bytes: int
) -> list[bytes]:
    """In the decoder process: the image decoded within `memory_bytes` more than the process
    had once started, then each cut shrunk and encoded. Raises DecodeRefused."""
    _limit_address_space(_decoder_start_bytes + memory_bytes)
    try:
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except READ_ERRORS as error:
            raise DecodeRefused(NOT_AN_IMAGE) from error
        with image:
            if image.size != size:
                raise DecodeRefused(NOT_AN_IMAGE)
            try:
                image.load()
            except READ_ERRORS as error:
                raise DecodeRefused(NOT_AN_IMAGE) from error
            has_alpha = image.mode in ("RGBA", "LA", "PA") or (
                image.mode == "P" and "transparency" in image.info
            )
            return [_encoded_cut(image, cut, has_alpha=has_alpha) for cut in cuts]
    except MemoryError:
        raise DecodeRefused(OUT_OF_MEMORY) from None
    finally:
        _give_back_freed_memory()
        _limit_address_space(resource.RLIM_INFINITY)


def _encoded_cut(image: Image.Image, cut: Cut, *, has_alpha: bool) -> bytes:
    keeps_alpha = has_alpha and cut.format != "JPEG"
    mode = "RGBA" if has_alpha else "RGB"
    picture = _shrink(image, (cut.width, cut.height), cut.box, mode)
    if has_alpha and not keeps_alpha:
        flat = Image.new("RGB", picture.size, "white")
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    buffer = io.BytesIO()
    if cut.format == "JPEG":
        picture.save(buffer, "JPEG", quality=cut.quality, optimize=True, progressive=True)
    elif cut.format == "AVIF":
        picture.save(buffer, "AVIF", quality=cut.quality, speed=8)
    else:
        picture.save(buffer, "WEBP", quality=cut.quality, method=cut.webp_effort)
    return buffer.getvalue()


def _limit_address_space(most: int) -> None:
    if not _decoder_start_bytes:  # no /proc to measure from: no limit rather than a wrong one
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        most = hard if most == resource.RLIM_INFINITY else min(most, hard)
    resource.setrlimit(resource.RLIMIT_AS, (most, hard))


def _decoded_and_shrunk(
    image: Image.Image, *, fitted: Fitting, keep_lossless: bool
) -> tuple[Image.Image, int, bool]:
    """The image shrunk, its EXIF orientation, and whether it is to be kept as PNG."""
    source_format = image.format or ""
    width, height, box = fitted(*image.size)
    if source_format in ("JPEG", "MPO"):
        box = _drafted(image, box, (width, height))
    try:
        image.load()  # the first frame only
        orientation = image.getexif().get(EXIF_ORIENTATION, 1)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (
            image.mode == "P" and "transparency" in image.info
        )
        as_png = has_alpha or (keep_lossless and source_format in ("PNG", "GIF"))
        mode = _output_mode(image.mode, has_alpha=has_alpha, keep_gray=keep_lossless)
        return _shrink(image, (width, height), box, mode), orientation, as_png
    except READ_ERRORS as error:
        raise DecodeRefused(NOT_AN_IMAGE) from error


def _give_back_freed_memory() -> None:
    """Hand the decode's freed buffers back to the system before the next decode begins.

    Once a large block was freed, glibc serves the next large ones from its arenas and keeps
    them there when freed: trimmed, the server's resident size goes back to idle.
    """
    gc.collect()  # Pillow's image objects can be held in reference cycles for a while
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None  # musl, macOS: none to call


_LIBC = _glibc()


def _drafted(image: Image.Image, box: Box, size: tuple[int, int]) -> Box:
    """Have libjpeg decode at the smallest scale (1/2, 1/4, 1/8) that still covers `size`;
    the box, in the drafted image's pixels."""
    across, down = image.size
    needed = (
        math.ceil(across * size[0] / (box[2] - box[0])),
        math.ceil(down * size[1] / (box[3] - box[1])),
    )
    image.draft(image.mode if image.mode in ("L", "RGB") else None, needed)
    x, y = image.width / across, image.height / down
    return (box[0] * x, box[1] * y, box[2] * x, box[3] * y)


def _output_mode(mode: str, *, has_alpha: bool, keep_gray: bool) -> str:
    gray = keep_gray and mode in ("1", "L", "LA")
    if has_alpha:
        return "LA" if gray and mode == "LA" else "RGBA"
    return "L" if gray else "RGB"


# Resized in premultiplied alpha, so that transparent pixels' colours do not bleed in.
PREMULTIPLIED = {"RGBA": "RGBa", "LA": "La"}


def _shrink(image: Image.Image, size: tuple[int, int], box: Box, mode: str) -> Image.Image:
    """`box` of the loaded image resized to `size` with Lanczos, in `mode`, strip by strip.

    Each strip is cut with the source rows Lanczos reads around it, so the result is the same
    as one resize while the copies made stay a few MB, however large the image.
    """
    shrunk = Image.new(mode, size)
    left, top, right, bottom = box
    across, down = (right - left) / size[0], (bottom - top) / size[1]
    reach_x, reach_y = _margin(across), _margin(down)
    rows = max(1, int(STRIP_PIXELS / max(1.0, (right - left) * down)))
    first_column = max(0, math.floor(left - reach_x))
    last_column = min(image.width, math.ceil(right + reach_x))
    working = PREMULTIPLIED.get(mode, mode)
    for row in range(0, size[1], rows):
        end = min(size[1], row + rows)
        strip_top, strip_bottom = top + row * down, top + end * down
        first_row = max(0, math.floor(strip_top - reach_y))
        last_row = min(image.height, math.ceil(strip_bottom + reach_y))
        piece = image.crop((first_column, first_row, last_column, last_row))
        if piece.mode != working:
            if piece.mode not in ("L", "LA", "RGB", "RGBA"):
                piece = piece.convert(mode)
            piece = piece.convert(working)
        part = piece.resize(
            (size[0], end - row),
            Image.Resampling.LANCZOS,
            box=(
                left - first_column,
                strip_top - first_row,
                right - first_column,
                strip_bottom - first_row,
            ),
        )
        shrunk.paste(part.convert(mode) if part.mode != mode else part, (0, row))
    return shrunk


def _opened(data: bytes) -> Image.Image:
    """The image with its header read, nothing decoded; refused unless an accepted format.
    Not for WebP in the serving process: Pillow's decoder reserves its canvases on opening."""
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError:
        raise too_many_pixels() from None
    except READ_ERRORS as error:
        raise not_an_image() from error
    if image.width < 1 or image.height < 1:
        raise not_an_image()
    _check_pixels(image.size, format_name=image.format or "")
    return image


def _check_pixels(size: tuple[int, int], *, format_name: str) -> None:
    if size[0] * size[1] > settings.KIOSQUE_IMAGE_MAX_PIXELS:
        raise too_many_pixels()


def _webp_size(data: bytes) -> tuple[int, int]:
    """A WebP's canvas size from its first chunk (VP8, VP8L or VP8X), as libwebp reads it."""
    if len(data) < 30 or data[8:12] != b"WEBP":
        raise not_an_image()
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        return (
            int.from_bytes(data[26:28], "little") & 0x3FFF,
            int.from_bytes(data[28:30], "little") & 0x3FFF,
        )
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    raise not_an_image()


def _jpeg_coefficients(image: Image.Image, data: bytes) -> int:
    """libjpeg's coefficients of the whole image (two bytes each), kept until the last scan of
    a progressive or multi-scan JPEG, whatever the scale it decodes at."""
    if image.format not in ("JPEG", "MPO"):
        return 0
    buffered = image.info.get("progressive") or data.count(b"\xff\xda") > 1  # SOS markers
    layers = getattr(image, "layer", None)
    if not buffered or not layers:
        return 0
    width, height = image.size
    most_across = max(layer[1] for layer in layers)
    most_down = max(layer[2] for layer in layers)
    blocks: int = sum(
        math.ceil(math.ceil(width * across / most_across) / 8)
        * math.ceil(math.ceil(height * down / most_down) / 8)
        for _id, across, down, _table in layers
    )
    return blocks * 64 * 2


def _margin(scale: float) -> int:
    """Source pixels Lanczos reads beyond a strip on each side, at `scale` source pixels per
    output pixel."""
    return math.ceil(LANCZOS_REACH * max(1.0, scale)) + 2


def not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not a JPEG, PNG, GIF or WebP image we can read."), code="not_an_image"
    )


def too_many_pixels() -> ValidationError:
    return ValidationError(
        _("This image has too many pixels (%(count)s million at most).")
        % {"count": settings.KIOSQUE_IMAGE_MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def too_costly(*, format_name: str, pixels: int, most: int) -> ValidationError:
    return ValidationError(
        _(
            "This image has too many pixels for a %(format)s file (%(count)s MP; at most "
            "%(most)s MP for this format)."
        )
        % {
            "format": FORMAT_NAMES.get(format_name, format_name),
            "count": number_format(pixels / 1_000_000, decimal_pos=1),
            "most": number_format(math.floor(most / 100_000) / 10, decimal_pos=1),
        },
        code="too_many_pixels",
    )

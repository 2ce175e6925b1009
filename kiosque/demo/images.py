"""Pictures for the demo content, drawn with Pillow on the spot: nothing is downloaded.

Every picture is a pure function of its key, so a second run (or a run on another machine)
draws the same image, and its alternative text can say exactly what it shows.
"""

from __future__ import annotations

import io
import itertools
import random
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageOps

HERO_SIZE = (1600, 900)
INLINE_SIZE = (1200, 675)
PORTRAIT_SIZE = (600, 600)
# Small files without visible blocks on flat shapes and gradients.
JPEG_QUALITY = 82

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """Two gradient ends, an accent for shapes and an ink for text, named for the alt text."""

    description: str
    start: RGB
    end: RGB
    accent: RGB
    ink: RGB


PALETTES = (
    Palette("bleu nuit et cyan", (12, 20, 48), (18, 110, 140), (94, 234, 212), (255, 255, 255)),
    Palette("violet et rose", (46, 16, 84), (176, 46, 120), (255, 190, 220), (255, 255, 255)),
    Palette("vert sapin et jaune", (10, 58, 44), (52, 128, 72), (250, 214, 80), (255, 255, 255)),
    Palette(
        "orange et rouge brique", (150, 44, 24), (238, 132, 40), (255, 236, 200), (255, 255, 255)
    ),
    Palette(
        "gris anthracite et bleu", (28, 30, 36), (56, 84, 128), (130, 190, 255), (255, 255, 255)
    ),
    Palette("bleu roi et violet", (24, 40, 140), (96, 48, 160), (255, 210, 90), (255, 255, 255)),
    Palette("vert d'eau et bleu", (20, 96, 110), (40, 150, 130), (230, 255, 240), (255, 255, 255)),
    Palette("bordeaux et ocre", (84, 16, 36), (176, 110, 40), (255, 220, 150), (255, 255, 255)),
)

MOTIFS = {
    "network": "un réseau de neurones stylisé",
    "chart": "des barres de graphique et une courbe montante",
    "orbits": "une planète entourée d'orbites",
    "chip": "une puce électronique et ses pistes",
    "pixels": "un paysage de montagnes en pixels",
}


def palette_for(key: str) -> Palette:
    """The palette of `key`, the same on every run."""
    return PALETTES[zlib.crc32(key.encode()) % len(PALETTES)]


def hero_alt(*, key: str, motif: str, word: str) -> str:
    """Alternative text that describes what `hero_jpeg` draws for the same arguments."""
    palette = palette_for(key)
    return (
        f"Illustration : {MOTIFS[motif]}, avec l'inscription « {word} », "
        f"sur un dégradé {palette.description}"
    )


def hero_jpeg(
    *, key: str, motif: str, word: str, label: str, size: tuple[int, int] = HERO_SIZE
) -> bytes:
    """A 16:9 illustration: gradient, a motif for the section, a big word and a small label."""
    palette = palette_for(key)
    rng = random.Random(key)
    image = _gradient(size, palette, flip=rng.random() < 0.5)
    # An RGBA drawing on an RGB image blends each translucent shape as it is drawn.
    draw = ImageDraw.Draw(image, "RGBA")
    _DRAWERS[motif](draw, size, palette, rng)
    width, height = size
    margin = width // 20
    small = _font(max(18, height // 26))
    draw.text((margin, margin), _printable(label.upper()), font=small, fill=palette.ink)
    big = _fitting_font(draw, word, max_width=int(width * 0.48), start=height // 5)
    x, y = margin, height - margin - big.size
    draw.text((x + 4, y + 4), _printable(word), font=big, fill=(0, 0, 0, 110), anchor="lt")
    draw.text((x, y), _printable(word), font=big, fill=palette.ink, anchor="lt")
    return _jpeg(image)


def portrait_jpeg(*, key: str, initials: str) -> bytes:
    """A portrait-like avatar: a silhouette on a gradient, with the person's initials."""
    palette = palette_for(key)
    size = PORTRAIT_SIZE
    width, height = size
    image = _gradient(size, palette, flip=False)
    draw = ImageDraw.Draw(image, "RGBA")
    tone = (*palette.accent, 150)
    draw.ellipse((width * 0.14, height * 0.66, width * 0.86, height * 1.3), fill=tone)
    draw.ellipse((width * 0.33, height * 0.2, width * 0.67, height * 0.6), fill=tone)
    font = _font(height // 7)
    draw.text(
        (width // 2, int(height * 0.86)),
        _printable(initials),
        font=font,
        fill=palette.start,
        anchor="mm",
    )
    return _jpeg(image)


def bar_chart_jpeg(
    *, key: str, title: str, points: Sequence[tuple[str, float]], unit: str
) -> bytes:
    """A bar chart on a light background, each bar labelled with its value."""
    return _chart(key=key, title=title, points=points, unit=unit, kind="bars")


def line_chart_jpeg(
    *, key: str, title: str, points: Sequence[tuple[str, float]], unit: str
) -> bytes:
    """A line chart on a light background, each point labelled with its value."""
    return _chart(key=key, title=title, points=points, unit=unit, kind="line")


def _chart(
    *, key: str, title: str, points: Sequence[tuple[str, float]], unit: str, kind: str
) -> bytes:
    palette = palette_for(key)
    width, height = INLINE_SIZE
    image = Image.new("RGB", INLINE_SIZE, (248, 247, 244))
    draw = ImageDraw.Draw(image)
    margin = 60
    draw.text((margin, 40), _printable(title), font=_font(34), fill=(30, 30, 30))
    top, bottom = 140, height - 90
    left, right = margin + 20, width - margin
    draw.line((left, bottom, right, bottom), fill=(120, 120, 120), width=2)
    highest = max(value for _, value in points) or 1
    # Bars start at zero; a line only needs its own range, so its changes stay visible.
    lowest = 0.0 if kind == "bars" else min(value for _, value in points) * 0.8
    step = (right - left) / len(points)
    label_font, value_font = _font(22), _font(24)
    previous: tuple[float, float] | None = None
    for index, (label, value) in enumerate(points):
        centre = left + step * (index + 0.5)
        y = bottom - (bottom - top) * (value - lowest) / ((highest - lowest) or 1)
        if kind == "bars":
            draw.rectangle((centre - step * 0.3, y, centre + step * 0.3, bottom), fill=palette.end)
        else:
            if previous:
                draw.line((*previous, centre, y), fill=palette.end, width=6)
            draw.ellipse((centre - 9, y - 9, centre + 9, y + 9), fill=palette.start)
            previous = (centre, y)
        text = f"{value:g}".replace(".", ",") + (f" {unit}" if unit else "")
        draw.text((centre, y - 14), text, font=value_font, fill=(30, 30, 30), anchor="mb")
        draw.text(
            (centre, bottom + 14),
            _printable(label),
            font=label_font,
            fill=(70, 70, 70),
            anchor="mt",
        )
    return _jpeg(image)


def _gradient(size: tuple[int, int], palette: Palette, *, flip: bool) -> Image.Image:
    """A diagonal gradient from `palette.start` to `palette.end`, ready to draw on."""
    return _blank_gradient(size, palette, flip).copy()


@cache
def _blank_gradient(size: tuple[int, int], palette: Palette, flip: bool) -> Image.Image:
    """Coloured at 256×256 and then stretched: a smooth ramp loses nothing that way."""
    vertical = Image.linear_gradient("L")
    horizontal = vertical.rotate(90)
    if flip:
        horizontal = ImageOps.mirror(horizontal)
    diagonal = ImageChops.add(vertical, horizontal, scale=2.0)
    coloured = ImageOps.colorize(diagonal, palette.start, palette.end)
    return coloured.resize(size, Image.Resampling.BILINEAR)


def _network(
    draw: ImageDraw.ImageDraw, size: tuple[int, int], p: Palette, rng: random.Random
) -> None:
    width, height = size
    layers = [rng.randint(3, 5) for _ in range(4)]
    columns = []
    for index, count in enumerate(layers):
        x = width * (0.52 + 0.13 * index)
        top = height * rng.uniform(0.1, 0.2)
        gap = height * 0.62 / max(count - 1, 1)
        columns.append([(x, top + gap * row) for row in range(count)])
    for left, right in itertools.pairwise(columns):
        for a in left:
            for b in right:
                draw.line((*a, *b), fill=(*p.accent, 70), width=3)
    radius = height // 34
    for column in columns:
        for x, y in column:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*p.accent, 230))


def _bars(draw: ImageDraw.ImageDraw, size: tuple[int, int], p: Palette, rng: random.Random) -> None:
    width, height = size
    count = rng.randint(6, 9)
    bar = width * 0.44 / count
    level = height * 0.25
    points = []
    for index in range(count):
        level += height * rng.uniform(0.0, 0.07)
        x = width * 0.53 + index * bar
        draw.rectangle(
            (x + bar * 0.15, height - level, x + bar * 0.85, height), fill=(*p.accent, 90)
        )
        points.append((x + bar / 2, height - level - height * 0.08))
    draw.line(points, fill=(*p.accent, 230), width=8, joint="curve")
    x, y = points[-1]
    draw.ellipse((x - 16, y - 16, x + 16, y + 16), fill=(*p.accent, 255))


def _orbits(
    draw: ImageDraw.ImageDraw, size: tuple[int, int], p: Palette, rng: random.Random
) -> None:
    width, height = size
    for _ in range(90):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        r = rng.uniform(1, 3.5)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rng.randint(80, 220)))
    cx, cy = width * rng.uniform(0.62, 0.72), height * rng.uniform(0.4, 0.55)
    for ring in range(3):
        rx, ry = width * (0.2 + 0.07 * ring), height * (0.12 + 0.05 * ring)
        draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=(*p.accent, 120), width=3)
    radius = height * 0.16
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(*p.accent, 235))
    mx, my = cx + width * 0.2, cy - height * 0.02
    draw.ellipse((mx - 14, my - 14, mx + 14, my + 14), fill=(255, 255, 255, 240))


def _chip(draw: ImageDraw.ImageDraw, size: tuple[int, int], p: Palette, rng: random.Random) -> None:
    width, height = size
    cx, cy = width * 0.68, height * 0.45
    half = height * 0.2
    pins = 7
    for index in range(pins):
        offset = -half + (index + 0.5) * 2 * half / pins
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            # A pin leaves the side facing (dx, dy), at `offset` along that side.
            sx = cx + dx * half + (offset if dx == 0 else 0)
            sy = cy + dy * half + (offset if dy == 0 else 0)
            length = height * rng.uniform(0.08, 0.3)
            ex, ey = sx + dx * length, sy + dy * length
            draw.line((sx, sy, ex, ey), fill=(*p.accent, 140), width=4)
            draw.ellipse((ex - 7, ey - 7, ex + 7, ey + 7), fill=(*p.accent, 200))
    draw.rounded_rectangle(
        (cx - half, cy - half, cx + half, cy + half), radius=18, fill=(20, 20, 24, 230)
    )
    inner = half * 0.6
    draw.rounded_rectangle(
        (cx - inner, cy - inner, cx + inner, cy + inner),
        radius=10,
        outline=(*p.accent, 255),
        width=5,
    )


def _pixels(
    draw: ImageDraw.ImageDraw, size: tuple[int, int], p: Palette, rng: random.Random
) -> None:
    width, height = size
    block = width // 40
    sx, sy, sr = width * rng.uniform(0.6, 0.8), height * 0.28, 4
    for gx in range(-sr, sr + 1):
        for gy in range(-sr, sr + 1):
            if gx * gx + gy * gy <= sr * sr:
                x, y = sx + gx * block, sy + gy * block
                draw.rectangle((x, y, x + block - 2, y + block - 2), fill=(*p.accent, 220))
    level = rng.randint(4, 8)
    for column in range(width // block + 1):
        level = max(2, min(12, level + rng.choice((-1, 0, 0, 1))))
        for row in range(level):
            x, y = column * block, height - (row + 1) * block
            shade = 90 + 12 * row
            draw.rectangle((x, y, x + block - 2, y + block - 2), fill=(10, 10, 20, min(shade, 230)))


_DRAWERS = {
    "network": _network,
    "chart": _bars,
    "orbits": _orbits,
    "chip": _chip,
    "pixels": _pixels,
}


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans Bold when the system has it (accents), else Pillow's built-in Aileron."""
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        font = ImageFont.load_default(size=size)
        assert isinstance(font, ImageFont.FreeTypeFont), "Pillow was built without FreeType"
        return font


def _printable(text: str) -> str:
    """`text` as the font can draw it: Pillow's built-in Aileron has no accented letters."""
    if _font(12).getname()[0] == "DejaVu Sans":
        return text
    text = text.replace("«", '"').replace("»", '"').replace("’", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _fitting_font(
    draw: ImageDraw.ImageDraw, text: str, *, max_width: int, start: int
) -> ImageFont.FreeTypeFont:
    size = start
    while size > 24:
        font = _font(size)
        if draw.textlength(_printable(text), font=font) <= max_width:
            return font
        size -= 8
    return _font(size)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()

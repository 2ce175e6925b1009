"""What a phone downloads for the home page's pictures, before and after the renditions, and
what making the renditions costs.

Loads the demo (`kiosque demo`) into a scratch SQLite database in a temporary directory, makes
every library image's renditions as the worker would (`media.renditions.make_renditions`), then
renders the home page and reads its `<picture>` elements. For each picture it prints nothing;
for the page it prints:

- before: the bytes of the originals the pictures show (the demo's 1600 × 900 JPEGs, as the
  library stores them, re-encoded at quality 88: the page showed those before renditions
  existed), and the same pictures at the demo's own JPEG quality (82), the files it served
  before the library;
- after: for a 390-px-wide phone at DPR 2 and 3, the candidate of each srcset a browser picks
  (the smallest at least slot × DPR wide, or the widest when none is), in AVIF (what Chromium,
  Firefox and Safari 16+ take) and in WebP (older browsers), and the ratio to before.

The slot is the width the `sizes` attribute gives at a 390-px viewport. Only simple `sizes`
are understood: `(min-width: Nrem|px) length` entries and a last length in `px`, `vw`, `rem`
or `calc(100vw - Nrem)`. Every picture of the page is counted once (a picture on the page twice
is downloaded once), as if the reader scrolled to the bottom (lazy pictures load then).

Rendition time: CPU seconds of the image decoder process (where decoding, cropping, resizing
and encoding happen) per image, plus the calling process's own, for every use and format.

    .venv/bin/python bench/images.py
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import KIOSQUE, manage, server_env

VIEWPORT = 390
DENSITIES = (2, 3)

# Runs in `kiosque shell`: renditions, then the home page's pictures and the files they name.
MEASURE = r"""
import json, os, re, resource, time
from pathlib import Path
from django.test import Client
from kiosque import images
from kiosque.media.models import Image, Rendition
from kiosque.media.renditions import make_renditions

def decoder_cpu():
    decoder = images._decoder
    total = 0.0
    for process in list((getattr(decoder, "_processes", None) or {}).values()):
        try:
            stat = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    return total

timings = []
for image in Image.objects.order_by("pk"):
    Rendition.objects.filter(image=image).delete()
    own, decoder, wall = time.process_time(), decoder_cpu(), time.perf_counter()
    made = make_renditions(image.pk)
    # A decoder replaced after DECODES_PER_DECODER decodes loses its count: read before.
    timings.append({
        "made": made,
        "cpu": time.process_time() - own + max(0.0, decoder_cpu() - decoder),
        "wall": time.perf_counter() - wall,
        "pixels": image.width * image.height,
    })

html = Client(HTTP_HOST="127.0.0.1").get("/").content.decode()
sizes = {}
for rendition in Rendition.objects.select_related("image"):
    sizes[rendition.file.url] = rendition.file.size
for image in Image.objects.all():
    sizes[image.file.url] = image.file.size
originals = {r.file.url: r.image.file.url for r in Rendition.objects.select_related("image")}
# The demo encodes its pictures as JPEG at quality 82 with Pillow's defaults (what the site
# served before the library); the library keeps them re-encoded at 88, optimised, progressive.
from io import BytesIO
from PIL import Image as Picture
at_82 = {}
for image in Image.objects.all():
    with image.file.open("rb") as file:
        buffer = BytesIO()
        Picture.open(file).convert("RGB").save(buffer, "JPEG", quality=82)
    at_82[image.file.url] = len(buffer.getvalue())
print(json.dumps({
    "timings": timings, "html": html, "sizes": sizes, "originals": originals, "at_82": at_82
}))
"""


def slot_width(sizes: str, viewport: int) -> float:
    """The width in CSS px that `sizes` gives at `viewport` (see the module's docstring)."""
    rem = 16.0
    for entry in [part.strip() for part in sizes.split(",")]:
        condition, _space, length = entry.partition(") ") if entry.startswith("(") else ("", "", "")
        if condition:
            number, unit = _number_and_unit(condition.split(":", 1)[1].strip())
            if viewport < number * (rem if unit == "rem" else 1):
                continue
        else:
            length = entry
        return _length(length, viewport, rem)
    return float(viewport)


def _number_and_unit(text: str) -> tuple[float, str]:
    for unit in ("rem", "px", "vw"):
        if text.endswith(unit):
            return float(text[: -len(unit)]), unit
    raise ValueError(text)


def _length(text: str, viewport: int, rem: float) -> float:
    text = text.strip()
    if text.startswith("calc(100vw - ") and text.endswith("rem)"):
        return viewport - float(text[len("calc(100vw - ") : -len("rem)")]) * rem
    number, unit = _number_and_unit(text)
    return {"px": number, "rem": number * rem, "vw": number * viewport / 100}[unit]


def chosen(srcset: str, needed: float) -> str:
    """The candidate a browser takes: the narrowest at least `needed` wide, else the widest."""
    candidates = sorted(
        (int(width.rstrip("w")), url)
        for url, width in (item.strip().rsplit(" ", 1) for item in srcset.split(","))
    )
    for width, url in candidates:
        if width >= needed:
            return url
    return candidates[-1][1]


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()

    with tempfile.TemporaryDirectory(prefix="kiosque-bench-images-") as tmp:
        env = server_env(Path(tmp), ALLOWED_HOSTS="127.0.0.1,localhost,testserver")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")  # the home page names its files
        started = time.perf_counter()
        subprocess.run([*KIOSQUE, "demo"], env=env, check=True, capture_output=True)
        print(f"demo loaded in {time.perf_counter() - started:.0f} s")
        done = subprocess.run(
            [*KIOSQUE, "shell", "-c", MEASURE], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise SystemExit(f"kiosque shell failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])

    timings, html, sizes, originals = (
        result["timings"],
        result["html"],
        result["sizes"],
        result["originals"],
    )
    pictures = re.findall(r"<picture>(.*?)</picture>", html, flags=re.S)
    if not pictures:
        raise SystemExit("the home page shows no <picture>: nothing to measure")
    before: dict[str, int] = {}
    after: dict[tuple[str, int], dict[str, int]] = {}
    for picture in pictures:
        img_src = re.search(r'<img src="([^"]+)"', picture)
        sources = dict(
            (kind, (srcset, sizes_))
            for kind, srcset, sizes_ in re.findall(
                r'<source type="image/(\w+)" srcset="([^"]+)" sizes="([^"]+)">', picture
            )
        )
        if img_src is None or "webp" not in sources:
            continue
        original = originals.get(img_src.group(1), img_src.group(1))
        before[original] = sizes.get(original, 0)
        for kind in ("avif", "webp"):
            if kind not in sources:
                continue
            srcset, slot_sizes = sources[kind]
            slot = slot_width(slot_sizes, VIEWPORT)
            for density in DENSITIES:
                url = chosen(srcset, slot * density)
                after.setdefault((kind, density), {})[url] = sizes.get(url, 0)

    total_before = sum(before.values())
    at_82 = sum(result["at_82"].get(url, 0) for url in before)
    print(f"home page: {len(pictures)} pictures, {len(before)} distinct images")
    print(
        f"before (the originals, 1600 x 900 JPEG as the library keeps them, quality 88): "
        f"{total_before / 1024:.0f} KiB; at the demo's own quality 82: {at_82 / 1024:.0f} KiB"
    )
    for (kind, density), files in sorted(after.items()):
        total = sum(files.values())
        print(
            f"after, {VIEWPORT} px at DPR {density}, {kind.upper()}: {total / 1024:.0f} KiB "
            f"(x{total / total_before:.3f} of before, {total_before / max(total, 1):.1f} "
            f"times less; {at_82 / max(total, 1):.1f} times less than quality 82)"
        )
    cpu = [t["cpu"] for t in timings if t["made"]]
    wall = [t["wall"] for t in timings if t["made"]]
    made = sum(t["made"] for t in timings)
    print(
        f"renditions: {made} made for {len(cpu)} images; per image CPU "
        f"mean {sum(cpu) / len(cpu):.2f} s, max {max(cpu):.2f} s "
        f"(wall mean {sum(wall) / len(wall):.2f} s on this machine)"
    )


if __name__ == "__main__":
    main()

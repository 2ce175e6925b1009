"""Peak memory and CPU of image uploads: the worst images the site accepts, as post images and
as avatars, one at a time and four at once.

Starts `kiosque serve` (production mode, one process, no background worker) on a scratch SQLite
database in a temporary directory, signs four members in (their sessions made directly), and
warms the server up with one small upload of each kind. Its resident memory then is the idle
baseline. For each image it resets the server's peak (VmHWM, /proc/<pid>/clear_refs), sends the
upload once, then from four members at once, and prints the server's peak resident memory over
the idle baseline and its CPU time per request (/proc/<pid>/stat); then the same for its helper
processes, where images are decoded (kiosque/images.py): their peak resident memory (whole, not
over a baseline) and their CPU per request. The target (issue 7, part 10): no upload of any
accepted size lifts the server's peak by more than 150 MB.

The images are drawn here: the largest of each kind the default limits accept (kiosque/images.py:
the pixel ceiling and the decoding budget), and the 16383×2400 WebP of the issue (750 MB before
the pipeline; refused now, from its header). Rate limits on uploads are lifted for the run: it
measures decoding, not the throttle.

    .venv/bin/python bench/uploads.py
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import re
import secrets
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness
from harness import KIOSQUE

MEMBERS = 4
TARGET_MB = 150.0

SETUP = """
import json
from kiosque.accounts.models import User
from kiosque.community.models import Category, Topic
category = Category.objects.create(name="Banc d'essai", slug="banc")
topic = Topic.objects.create(category=category, title="Images", slug="images")
sessions = [
    signed_in(User.objects.create_user(f"image{n}", f"image{n}@example.org", None))
    for n in range(MEMBERS)
]
print(json.dumps({"topic": topic.pk, "sessions": sessions}))
"""


def drawn(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A picture with some structure (stripes on a flat colour): small files, full decodes."""
    image = Image.new(mode, size, (120, 160, 200, 255)[: len(mode)])
    pen = ImageDraw.Draw(image)
    for x in range(0, size[0], 97):
        pen.line([(x, 0), (x, size[1])], fill=(200, 40, 40, 128)[: len(mode)], width=3)
    return image


def encoded(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


@dataclass(frozen=True)
class Upload:
    kind: str  # "post image" or "avatar"
    name: str
    make: Callable[[], bytes]


UPLOADS = [
    Upload(
        "post image",
        "WebP 16383×2400 (issue 7)",
        lambda: encoded(drawn((16383, 2400)), "WEBP", quality=50),
    ),
    Upload("post image", "WebP 2600×1900", lambda: encoded(drawn((2600, 1900)), "WEBP")),
    Upload(
        "post image",
        "PNG RGBA 16383×1150",
        lambda: encoded(drawn((16383, 1150), "RGBA"), "PNG"),
    ),
    Upload("post image", "PNG RGBA 5000×3900", lambda: encoded(drawn((5000, 3900), "RGBA"), "PNG")),
    Upload(
        "post image",
        "JPEG 4:4:4 5100×3800",
        lambda: encoded(drawn((5100, 3800)), "JPEG", subsampling=0),
    ),
    Upload(
        "post image",
        "JPEG progressive 5800×3700",
        lambda: encoded(drawn((5800, 3700)), "JPEG", progressive=True),
    ),
    Upload("post image", "JPEG 6000×4000", lambda: encoded(drawn((6000, 4000)), "JPEG")),
    Upload("avatar", "PNG RGBA 4000×4000", lambda: encoded(drawn((4000, 4000), "RGBA"), "PNG")),
    Upload("avatar", "WebP 2300×2300", lambda: encoded(drawn((2300, 2300)), "WEBP")),
    Upload(
        "avatar",
        "JPEG progressive 4000×4000",
        lambda: encoded(drawn((4000, 4000)), "JPEG", progressive=True),
    ),
]
WARM_UP = [
    Upload("post image", "warm-up", lambda: encoded(drawn((300, 200)), "PNG")),
    Upload("avatar", "warm-up", lambda: encoded(drawn((300, 300)), "JPEG")),
]


def multipart(fields: dict[str, str], file_field: str, content: bytes) -> tuple[str, bytes]:
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        'filename="image"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    return f"multipart/form-data; boundary={boundary}", b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode()


def send(port: int, session: str, upload: Upload, content: bytes, topic: int) -> int:
    """One upload by the member of `session`; the HTTP status."""
    if upload.kind == "avatar":
        path, field = "/membres/reglages/", "avatar"
        fields = {"bio": "", "csrfmiddlewaretoken": harness.CSRF}
    else:
        path, field = "/forum/images/", "image"
        fields = {"topic": str(topic), "source": "", "csrfmiddlewaretoken": harness.CSRF}
    content_type, body = multipart(fields, field, content)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Cookie": f"sessionid={session}; csrftoken={harness.CSRF}",
                "Content-Type": content_type,
                "Accept": "application/json" if upload.kind == "post image" else "text/html",
                "Referer": f"http://127.0.0.1:{port}/",
            },
        )
        response = connection.getresponse()
        body = response.read()
        if response.status not in (201, 302):
            print(f"{upload.kind} {upload.name}: {response.status} {body[:300]!r}")
        return response.status
    finally:
        connection.close()


def send_at_once(
    port: int, sessions: list[str], upload: Upload, content: bytes, topic: int
) -> list[int]:
    statuses = [0] * len(sessions)

    def one(index: int) -> None:
        statuses[index] = send(port, sessions[index], upload, content, topic)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(sessions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def resident_megabytes(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    assert found
    return int(found.group(1)) / 1024


def reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM back to the current VmRSS


def peak_megabytes(pid: int) -> float:
    return harness.peak_rss_megabytes(pid)[pid]


class Helpers:
    """Watches the server's helper processes (the fork server, the image decoder) while uploads
    run: their highest peak resident memory and the CPU they spent. A decoder is replaced after
    some decodes and its figures go with it, so they are read every few milliseconds."""

    INTERVAL = 0.01

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.peak = 0.0
        self.first_cpu: dict[int, float] = {}
        self.last_cpu: dict[int, float] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def helpers(self) -> list[int]:
        return [pid for pid in harness.tree(self.server_pid) if pid != self.server_pid]

    def __enter__(self) -> Helpers:
        for pid in self.helpers():
            try:
                reset_peak(pid)
            except OSError:
                continue
            self.first_cpu[pid] = harness.process_cpu(pid) or 0.0
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.done.set()
        self.thread.join()
        self.sample()

    def watch(self) -> None:
        while not self.done.wait(self.INTERVAL):
            self.sample()

    def sample(self) -> None:
        peaks = harness.peak_rss_megabytes(self.server_pid)
        for pid, peak in peaks.items():
            if pid == self.server_pid:
                continue
            self.peak = max(self.peak, peak)
            if (cpu := harness.process_cpu(pid)) is not None:
                self.first_cpu.setdefault(pid, 0.0)  # started during the row
                self.last_cpu[pid] = cpu

    @property
    def cpu(self) -> float:
        return sum(cpu - self.first_cpu.get(pid, 0.0) for pid, cpu in self.last_cpu.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    server_cpus, _client_cpus = harness.split_cpus()
    with tempfile.TemporaryDirectory(prefix="kiosque-uploads-") as scratch:
        workdir = Path(scratch)
        env = harness.server_env(workdir, KIOSQUE_RATE_LIMIT_UPLOAD="1000000/m/user,1000000/m/ip")
        subprocess.run([*KIOSQUE, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        setup = f"MEMBERS = {MEMBERS}\n" + harness.SIGN_IN + SETUP
        world = json.loads(harness.shell(env, setup).strip().splitlines()[-1])
        topic, sessions = world["topic"], world["sessions"]
        port = harness.free_port()
        with harness.running(harness.start_server(env, port, server_cpus)) as server:
            pid = server.pid
            harness.get(port, "/")
            started = resident_megabytes(pid)
            for upload in WARM_UP:
                status = send(port, sessions[0], upload, upload.make(), topic)
                assert status in (201, 302), f"warm-up {upload.kind}: {status}"
            idle = resident_megabytes(pid)
            print(
                f"server {pid}: resident {started:.0f} MB once started, {idle:.0f} MB idle after "
                "one small upload of each kind (the baseline)"
            )
            rows = []
            worst = 0.0
            for upload in UPLOADS:
                content = upload.make()
                for at_once in (1, MEMBERS):
                    before = resident_megabytes(pid) - idle
                    reset_peak(pid)
                    cpu_before = harness.process_cpu(pid) or 0.0
                    with Helpers(pid) as helpers:
                        if at_once == 1:
                            statuses = [send(port, sessions[0], upload, content, topic)]
                        else:
                            statuses = send_at_once(port, sessions, upload, content, topic)
                    cpu = ((harness.process_cpu(pid) or 0.0) - cpu_before) / at_once
                    rise = peak_megabytes(pid) - idle
                    accepted = all(status in (201, 302) for status in statuses)
                    if accepted:
                        worst = max(worst, rise)
                    rows.append(
                        [
                            upload.kind,
                            upload.name,
                            f"{len(content) / 1024:,.0f} KB",
                            str(at_once),
                            ",".join(sorted({str(status) for status in statuses})),
                            f"{before:+.0f} MB",
                            f"{rise:+.0f} MB",
                            f"{cpu * 1000:,.0f} ms",
                            f"{helpers.peak:.0f} MB",
                            f"{helpers.cpu / at_once * 1000:,.0f} ms",
                        ]
                    )
            print(
                harness.table(
                    rows,
                    [
                        "upload",
                        "image",
                        "file",
                        "at once",
                        "status",
                        "resident before",
                        "peak over idle",
                        "CPU/req",
                        "decoder peak",
                        "decoder CPU/req",
                    ],
                )
            )
            verdict = "met" if worst <= TARGET_MB else "MISSED"
            print(
                f"worst peak over idle among accepted uploads: {worst:+.0f} MB "
                f"(target ≤ {TARGET_MB:.0f} MB: {verdict})"
            )


if __name__ == "__main__":
    main()

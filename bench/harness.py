"""What every bench shares: servers started on their own core, wrk, CPU and memory of a process.

The machine is shared and noisy: each bench measures its baseline in the same run, pins the
server and the load generator to separate cores when there are two, and reads the server's own
CPU time (/proc/<pid>/stat of it and its children) so that a figure per request holds even when
another job steals the core.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
KIOSQUE = [sys.executable, "-m", "kiosque.cli"]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SECRET_KEY = "bench-" + "s" * 50


def split_cpus() -> tuple[set[int], set[int]]:
    """The server's CPUs and the load generator's: apart when there are two or more."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return set(), set()
    half = len(cpus) // 2
    return set(cpus[half:]), set(cpus[:half])


def require(*commands: str) -> None:
    missing = [command for command in commands if shutil.which(command) is None]
    if missing:
        raise SystemExit(
            f"missing: {', '.join(missing)}. `make bench-tools` installs them from Debian's "
            "packages (apt-get install nginx wrk varnish)."
        )


def server_env(workdir: Path, database_url: str = "", **extra: str) -> dict[str, str]:
    """A production-mode environment on its own var/ directory (SQLite there unless a URL)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        KIOSQUE_VAR_DIR=str(workdir),
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="0",
        DJANGO_SETTINGS_MODULE="kiosque.settings",
        PYTHONPATH=str(ROOT),
        # Benches post as fast as a crowd, from one address, by a script: the site's guards
        # against floods and bots would refuse them (their cost is measured apart).
        KIOSQUE_MIN_FILL_SECONDS="0",
        KIOSQUE_RATE_LIMIT_POST="1000000/m/ip",
        KIOSQUE_RATE_LIMIT_LIKE="1000000/m/ip",
        KIOSQUE_TRUST_LIMITS=json.dumps(
            {level: {"posts_per_minute": 1000000, "posts_per_day": 1000000} for level in range(4)}
        ),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


# Python for `shell`: `signed_in(user)` makes the session signing in would leave, and returns
# its key (the sessionid cookie), so that a bench's members skip the password hasher.
SIGN_IN = """
from importlib import import_module as _import_module
from django.conf import settings as _settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
def signed_in(user):
    session = _import_module(_settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = _settings.AUTHENTICATION_BACKENDS[0]  # the site's own
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
"""


def shell(env: dict[str, str], code: str) -> str:
    """Runs Python in `kiosque shell` and returns what it printed."""
    done = subprocess.run(
        [*KIOSQUE, "shell", "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"kiosque shell failed:\n{done.stderr[-3000:]}")
    return done.stdout


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([*KIOSQUE, *args], env=env, check=True)


def pinned(cpus: set[int]) -> Callable[[], None] | None:
    """What a child process runs before its program: stay on `cpus`."""
    return (lambda: os.sched_setaffinity(0, cpus)) if cpus else None


def start_server(
    env: dict[str, str],
    port: int,
    cpus: set[int],
    *,
    workers: int = 1,
    background_worker: bool = False,
    collectstatic: bool = True,
) -> subprocess.Popen[str]:
    command = [*KIOSQUE, "serve", "--port", str(port), "--workers", str(workers)]
    if not background_worker:
        command.append("--no-worker")
    if not collectstatic:
        command.append("--no-collectstatic")
    return start(command, env, port, cpus)


def start(
    command: list[str], env: dict[str, str] | None, port: int, cpus: set[int]
) -> subprocess.Popen[str]:
    """Starts a server and returns once its port answers."""
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=pinned(cpus),
    )
    drain(process)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{command[0]} stopped before answering on port {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    stop(process)
    raise SystemExit(f"{' '.join(command)} did not answer within 120 s")


def drain(process: subprocess.Popen[str]) -> None:
    """Keeps reading a server's output so that it never blocks; shows what went wrong."""

    def read() -> None:
        assert process.stdout is not None
        tracebacks_shown = 0
        in_traceback = False
        for line in process.stdout:
            if line.startswith("Traceback"):
                tracebacks_shown += 1
                in_traceback = tracebacks_shown <= 3  # the first ones tell; the rest repeat
            elif in_traceback and not line.startswith(" "):
                in_traceback = False
                print(f"  server: {line.rstrip()}", flush=True)
            if in_traceback or "emerg" in line:
                print(f"  server: {line.rstrip()}", flush=True)

    threading.Thread(target=read, daemon=True).start()


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running(process: subprocess.Popen[str]) -> Iterator[subprocess.Popen[str]]:
    try:
        yield process
    finally:
        stop(process)


def tree(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except FileNotFoundError:
            continue
        found.append(current)
        pending.extend(int(child) for child in children)
    return found


def process_cpu(pid: int) -> float | None:
    """User + system seconds of the process `pid` (None once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None
    return (int(stat[11]) + int(stat[12])) / CLOCK_TICKS  # utime, stime


def process_tree_cpu(pid: int) -> float:
    """User + system seconds of `pid` and its descendants, alive now."""
    return sum(process_cpu(current) or 0.0 for current in tree(pid))


def peak_rss_megabytes(pid: int) -> dict[int, float]:
    """Peak resident memory (VmHWM) of each process of the tree, in MB."""
    peaks = {}
    for current in tree(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except FileNotFoundError:
            continue
        if found := re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE):
            peaks[current] = int(found.group(1)) / 1024
    return peaks


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# PostgreSQL -------------------------------------------------------------------------------


def admin_dsn(url: str) -> str:
    return urlsplit(url)._replace(path="/postgres").geturl()


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def create_database(url: str) -> None:
    import psycopg

    name = database_name(url)
    with psycopg.connect(admin_dsn(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    with psycopg.connect(admin_dsn(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')


def database_exists(url: str) -> bool:
    import psycopg

    with psycopg.connect(admin_dsn(url), autocommit=True) as admin:
        row = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]
        ).fetchone()
    return row is not None


def database_cpu(url: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend connected to the bench's database (same host)."""
    import psycopg

    with psycopg.connect(admin_dsn(url), autocommit=True) as admin:
        pids = [
            row[0]
            for row in admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [database_name(url)],
            )
        ]
    return {pid: cpu for pid in pids if (cpu := process_cpu(pid)) is not None}


# HTTP -------------------------------------------------------------------------------------


async def read_response(
    reader: asyncio.StreamReader, *, keep_body: bool = False
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and (when asked) body of one HTTP/1.1 response."""
    status_line = await reader.readuntil(b"\r\n")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = b""
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunks.append((await reader.readexactly(size + 2))[:-2])
            if size == 0:
                break
        body = b"".join(chunks)
    return status, headers, body if keep_body else b""


# Any 32-character secret: each form a bench posts sends the same one as its cookie.
CSRF = "b" * 32


def member_head(port: int, session: str) -> str:
    """The request headers of a signed-in member (their session, the CSRF cookie)."""
    return f"Host: 127.0.0.1:{port}\r\nCookie: sessionid={session}; csrftoken={CSRF}\r\n"


def comment_request(path: str, head: str, text: str) -> bytes:
    """An HTTP/1.1 POST of the comment form at `path` (a topic's reply URL) saying `text`."""
    body = urlencode({"source": text, "csrfmiddlewaretoken": CSRF}).encode()
    return (
        f"POST {path} HTTP/1.1\r\n{head}"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def get(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One GET, synchronously (for setting a bench up, not for measuring)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


# wrk and nginx ----------------------------------------------------------------------------


@dataclass
class Load:
    """What one wrk run measured, and the server CPU it cost."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    server_cpu: float
    bytes_read: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        return self.server_cpu / self.requests * 1000 if self.requests else float("nan")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _milliseconds(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not found:
        raise ValueError(text)
    return float(found.group(1)) * UNITS[found.group(2)]


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int = 64,
    headers: dict[str, str] | None = None,
    cpus: set[int],
    server_pid: int,
) -> Load:
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds:g}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    before = process_tree_cpu(server_pid)
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, preexec_fn=pinned(cpus), check=False
    )
    server_cpu = process_tree_cpu(server_pid) - before
    out = done.stdout
    if done.returncode or "requests in" not in out:
        raise SystemExit(f"wrk failed on {url}:\n{out}\n{done.stderr}")
    found = re.search(r"(\d+) requests in ([\d.]+)(\w+), ([\d.]+)(\w+) read", out)
    assert found, out
    requests = int(found.group(1))
    elapsed = _milliseconds(found.group(2) + found.group(3)) / 1000
    size = float(found.group(4)) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}.get(
        found.group(5), 1
    )
    percentiles = dict(re.findall(r"^ +(50|99)% +(\S+)\s*$", out, re.MULTILINE))
    if len(percentiles) != 2:
        raise SystemExit(f"wrk printed no latency distribution for {url}:\n{out}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    if bad := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(bad.group(1))
    return Load(
        requests=requests,
        seconds=elapsed,
        p50_ms=_milliseconds(percentiles["50"]),
        p99_ms=_milliseconds(percentiles["99"]),
        errors=errors,
        server_cpu=server_cpu,
        bytes_read=int(size),
    )


def median_load(loads: list[Load]) -> Load:
    """The median of each figure over interleaved rounds."""
    return Load(
        requests=int(statistics.median(load.rate for load in loads)),
        seconds=1.0,
        p50_ms=statistics.median(load.p50_ms for load in loads),
        p99_ms=statistics.median(load.p99_ms for load in loads),
        errors=sum(load.errors for load in loads),
        server_cpu=statistics.median(load.server_cpu / load.seconds for load in loads),
        bytes_read=int(
            statistics.median(load.bytes_read / max(load.requests, 1) for load in loads)
        ),
    )


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    default_type text/html;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        {compression}
    }}
}}
"""

COMPRESSION = {
    "none": "gzip off;",
    "static": "gzip_static on; gzip off;",
    "on-the-fly": "gzip on; gzip_types text/html;",
}


def start_nginx(root: Path, port: int, cpus: set[int], compression: str) -> subprocess.Popen[str]:
    """nginx (one worker) serving `root`: plain, pre-compressed (gzip_static) or on the fly."""
    work = Path(tempfile.mkdtemp(prefix="kiosque-bench-nginx-"))
    conf = work / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(work=work, port=port, root=root, compression=COMPRESSION[compression])
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return start([nginx, "-c", str(conf), "-e", str(work / "error.log")], None, port, cpus)


def varnishd() -> str | None:
    return shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(cell).rjust(widths[i]) for i, cell in enumerate(header))]
    for row in rows:
        lines.append("  ".join(str(cell).rjust(widths[i]) for i, cell in enumerate(row)))
    lines[0] = lines[0]
    return "\n".join(lines)

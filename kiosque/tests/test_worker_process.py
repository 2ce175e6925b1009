"""`kiosque worker`, and the worker `kiosque serve` starts beside itself: started, and stopped.

Real processes on a scratch SQLite database. Every wait polls with a deadline.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from kiosque.tests.test_serve import free_port

KIOSQUE = [sys.executable, "-m", "kiosque.cli"]
T = TypeVar("T")
# Only a broken process would take this long, however busy the machine.
DEADLINE_SECONDS = 60


def wait_for(condition: Callable[[], T | None], what: str) -> T:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting: {what}")


def children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(child) for child in text.split()]


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if not Path("/proc/self/task").exists():
        pytest.skip("reads processes from Linux's /proc")
    var = tmp_path_factory.mktemp("var")
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "KIOSQUE_VAR_DIR": str(var),
        "SECRET_KEY": "kiosque-test-" + "s" * 50,  # five different characters at least (W009)
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "kiosque.settings",
    }
    subprocess.run([*KIOSQUE, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    return env


@pytest.fixture
def start(environment: dict[str, str]) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def run(*arguments: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [*KIOSQUE, *arguments],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        return process

    yield run
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=DEADLINE_SECONDS)


def serve(start: Callable[..., subprocess.Popen[str]], *options: str) -> subprocess.Popen[str]:
    return start("serve", "--port", str(free_port()), "--no-collectstatic", *options)


def its_worker(server: subprocess.Popen[str]) -> int:
    def found() -> int | None:
        workers = [pid for pid in children_of(server.pid) if "worker" in command_line(pid)]
        return workers[0] if workers else None

    return wait_for(found, "the server's background worker")


def read_until(process: subprocess.Popen[str], *expected: str) -> str:
    """What `process` printed until each of `expected` appeared (its own output is the bound)."""
    assert process.stdout is not None
    seen = ""
    for line in process.stdout:
        seen += line
        if all(text in seen for text in expected):
            return seen
    raise AssertionError(f"{process.args!r} ended before printing {expected}:\n{seen}")


def test_the_server_starts_a_worker_and_stops_it_with_itself(start):
    server = serve(start)
    worker = its_worker(server)
    assert "kiosque.cli worker" in command_line(worker)
    read_until(server, "Uvicorn running", "Starting worker")

    server.send_signal(signal.SIGTERM)
    output, _ = server.communicate(timeout=DEADLINE_SECONDS)

    assert server.returncode == 0, output
    wait_for(lambda: not is_running(worker), "the worker to stop")
    assert "shutting down gracefully" in output


def test_a_server_killed_outright_takes_its_worker_along(start):
    server = serve(start)
    worker = its_worker(server)

    server.kill()
    server.wait(timeout=DEADLINE_SECONDS)

    wait_for(lambda: not is_running(worker), "the orphaned worker to stop")


def test_no_worker_is_started_when_told_not_to(start):
    server = serve(start, "--no-worker")
    output = read_until(server, "Uvicorn running")
    assert "Kiosque: http://" in output and "background worker" not in output
    assert [pid for pid in children_of(server.pid) if "worker" in command_line(pid)] == []
    server.send_signal(signal.SIGTERM)
    server.communicate(timeout=DEADLINE_SECONDS)
    assert server.returncode == 0


def test_the_worker_stops_cleanly_on_sigterm(start):
    worker = start("worker")
    read_until(worker, "Starting worker")

    worker.send_signal(signal.SIGTERM)
    output, _ = worker.communicate(timeout=DEADLINE_SECONDS)

    assert worker.returncode == 0, output
    assert "Traceback" not in output

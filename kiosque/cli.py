"""The `kiosque` command: Django's management commands, plus `serve` and `worker` for production.

`kiosque migrate`, `kiosque demo`, `kiosque check-counts`… are management commands (a dash in a
name stands for an underscore). `kiosque serve` runs the ASGI application under uvicorn with
DEBUG off; static files are collected first and served by WhiteNoise with far-future headers.
It also starts the background worker beside itself, unless `--no-worker` (production runs
`kiosque worker` as a service of its own). `kiosque worker` runs the tasks waiting in the
database: e-mails, link previews, clean-ups (kiosque/worker.py).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import subprocess
import sys
from types import FrameType

# How long a stopping worker may take to finish its task (a link preview takes up to 9 s).
WORKER_STOP_SECONDS = 15


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosque serve", description=serve.__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1")))
    parser.add_argument(
        "--no-collectstatic", action="store_true", help="static files were collected beforehand"
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start the background worker (run `kiosque worker` as its own service)",
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.workers > 1 and not os.environ.get("REDIS_URL"):
        # Each process keeps pages in memory; only Redis tells the others that one changed.
        parser.error(
            "several worker processes need REDIS_URL: without Redis, one process cannot tell "
            "the others to drop a page that changed (see README, Production)"
        )

    os.environ["KIOSQUE_ENV"] = "production"
    os.environ.setdefault("DEBUG", "0")
    if error := _settings_error():
        return _refuse(error)
    import django
    from django.core.management import call_command

    django.setup()
    if not args.no_collectstatic:
        call_command("collectstatic", interactive=False, verbosity=0)

    import uvicorn

    worker = None if args.no_worker else _start_worker()
    background = "" if worker is None else f", background worker {worker.pid}"
    print(
        f"Kiosque: http://{args.host}:{args.port}/ ({args.workers} worker(s){background})",
        flush=True,
    )
    # uvicorn stops on SIGTERM or SIGINT, then raises the signal again: end here, cleanly.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGINT, _exit_on_signal)
    try:
        uvicorn.run(
            "kiosque.asgi:application",
            host=args.host,
            port=args.port,
            workers=args.workers,
            lifespan="off",
            # Forwarded headers are believed from TRUSTED_PROXIES alone (kiosque/security.py).
            proxy_headers=False,
            access_log=os.environ.get("ACCESS_LOG", "0") == "1",
            server_header=False,
        )
    finally:
        if worker is not None:
            _stop(worker)
    return 0


def worker(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="kiosque worker",
        description="Run the background tasks waiting in the database (e-mails, link previews, "
        "clean-ups) until stopped by SIGTERM or Ctrl-C; the task under way finishes first.",
    )
    parser.add_argument(
        "--queues", default="", help="comma-separated queues to take (default: all of them)"
    )
    parser.add_argument(
        "--interval", type=float, default=None, help="seconds between looks when idle (0.5)"
    )
    parser.add_argument("--batch", action="store_true", help="run the waiting tasks, then exit")
    parser.add_argument("--max-tasks", type=int, default=None, help="exit after this many tasks")
    parser.add_argument("-v", "--verbosity", type=int, default=1, choices=[0, 1, 2, 3])
    args = parser.parse_args(argv)

    # The same settings as the server it works for (KIOSQUE_ENV=development for a dev site).
    os.environ.setdefault("KIOSQUE_ENV", "production")
    os.environ.setdefault("DEBUG", "0")
    if error := _settings_error():
        return _refuse(error)
    import django

    django.setup()
    from kiosque import worker as background

    background.run(
        queues=[name.strip() for name in args.queues.split(",") if name.strip()],
        interval=background.INTERVAL_SECONDS if args.interval is None else args.interval,
        batch=args.batch,
        max_tasks=args.max_tasks,
        verbosity=args.verbosity,
    )
    return 0


def _start_worker() -> subprocess.Popen[bytes]:
    """`kiosque worker` in a child process, with this process's environment."""
    return subprocess.Popen(
        [sys.executable, "-m", "kiosque.cli", "worker"],
        preexec_fn=_stop_with_parent if sys.platform.startswith("linux") else None,
    )


def _stop_with_parent() -> None:
    """In the child: have Linux send SIGTERM if the server dies without stopping it (kill -9)."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Ask the worker to stop, give it time to finish its task, then make sure it is gone."""
    if child.poll() is None:
        child.terminate()
    try:
        child.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def _settings_error() -> str | None:
    """What is wrong with the settings, if anything, for a message instead of a traceback."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading it loads the settings module)
    except ImproperlyConfigured as error:
        return str(error)
    return None


def _refuse(error: str) -> int:
    print(f"kiosque: {error}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiosque.settings")
    if len(argv) > 1 and argv[1] == "serve":
        return serve(argv[2:])
    if len(argv) > 1 and argv[1] == "worker":
        return worker(argv[2:])
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
        if error := _settings_error():
            return _refuse(error)
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `kiosque` command: Django's management commands, plus `serve` for production.

`kiosque migrate`, `kiosque demo`, `kiosque check-counts`… are management commands (a dash in a
name stands for an underscore). `kiosque serve` runs the ASGI application under uvicorn with
DEBUG off; static files are collected first and served by WhiteNoise with far-future headers.
"""

from __future__ import annotations

import argparse
import os
import sys


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosque serve", description=serve.__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1")))
    parser.add_argument(
        "--no-collectstatic", action="store_true", help="static files were collected beforehand"
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
    import django
    from django.core.management import call_command

    django.setup()
    if not args.no_collectstatic:
        call_command("collectstatic", interactive=False, verbosity=0)

    import uvicorn

    print(f"Kiosque: http://{args.host}:{args.port}/ ({args.workers} worker(s))", flush=True)
    uvicorn.run(
        "kiosque.asgi:application",
        host=args.host,
        port=args.port,
        workers=args.workers,
        lifespan="off",
        proxy_headers=True,
        access_log=os.environ.get("ACCESS_LOG", "0") == "1",
        server_header=False,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiosque.settings")
    if len(argv) > 1 and argv[1] == "serve":
        return serve(argv[2:])
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())

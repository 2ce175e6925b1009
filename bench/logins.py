"""Peak memory and CPU of a server under 20 concurrent failed sign-ins, with and without the cap
on concurrent password checks (KIOSQUE_PASSWORD_CHECKS_MAX), in the same run.

Each sign-in names a different (absent) login, so that no throttle refuses it before its
password is hashed: every attempt costs one Argon2 hash of 19 MiB (the dummy hash of an absent
login costs what a member's check costs). The server's peak resident memory (VmHWM) is read
after one sign-in (idle), then after the burst; CPU is the server's own time per attempt.

    .venv/bin/python bench/logins.py [--attempts 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import http.client
import re
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    free_port,
    manage,
    peak_rss_megabytes,
    process_tree_cpu,
    running,
    server_env,
    shell,
    split_cpus,
    start_server,
    table,
)

MEMBER = (
    "from kiosque.accounts.models import User; "
    "User.objects.create_user('lecteur', 'l@example.org', 'un mot de passe solide')"
)


def login_form(port: int) -> tuple[str, str]:
    """The CSRF cookie and token of the sign-in page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/compte/login/")
    response = connection.getresponse()
    html = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert cookie and token, "no CSRF token on the sign-in page"
    return cookie.group(1), token.group(1)


def failed_sign_in(port: int, cookie: str, token: str, login: str, statuses: list[int]) -> None:
    body = f"csrfmiddlewaretoken={token}&login={login}&password=pas-le-bon"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(
        "POST",
        "/compte/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Referer": f"http://127.0.0.1:{port}/compte/login/",
        },
    )
    statuses.append(connection.getresponse().status)


def burst(workdir: Path, cap: int, attempts: int, round_number: int) -> list[str]:
    env = server_env(workdir, KIOSQUE_PASSWORD_CHECKS_MAX=str(cap))
    server_cpus, _client_cpus = split_cpus()
    port = free_port()
    with running(start_server(env, port, server_cpus)) as server:
        cookie, token = login_form(port)
        # One attempt first, so that "idle" includes what the first sign-in loads once.
        failed_sign_in(port, cookie, token, f"warm-up-{round_number}", [])
        idle = sum(peak_rss_megabytes(server.pid).values())
        cpu_before = process_tree_cpu(server.pid)
        statuses: list[int] = []
        threads = [
            threading.Thread(
                target=failed_sign_in,
                args=(port, cookie, token, f"absent-{round_number}-{n}", statuses),
            )
            for n in range(attempts)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        cpu = process_tree_cpu(server.pid) - cpu_before
        peak = sum(peak_rss_megabytes(server.pid).values())
    answered = ", ".join(f"{s}×{statuses.count(s)}" for s in sorted(set(statuses)))
    return [
        "off" if cap == 0 else str(cap),
        f"{idle:.0f}",
        f"{peak:.0f}",
        f"{peak - idle:.0f}",
        f"{cpu / attempts * 1000:.0f}",
        answered,
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiosque-bench-logins-") as directory:
        workdir = Path(directory)
        env = server_env(workdir)
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        shell(env, MEMBER)
        rows = []
        for round_number in range(options.rounds):
            for cap in (0, 4):
                rows.append(burst(workdir, cap, options.attempts, round_number))
    print(f"{options.attempts} concurrent failed sign-ins, one server process (uvicorn):")
    print(
        table(
            rows,
            ["cap", "idle peak RSS MB", "peak RSS MB", "added MB", "CPU ms/attempt", "answers"],
        )
    )


if __name__ == "__main__":
    main()

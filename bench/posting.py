"""Comments posted per second through HTTP: 32 members at once, on one topic, then on 32 topics.

Starts `kiosque serve` (production mode, no background worker: the posts are plain text and
enqueue nothing) on a scratch database: SQLite in a temporary directory, or a PostgreSQL
database this script creates and drops. Signs 32 members in (their sessions are created
directly), then each member posts comments as fast as the server answers, over one kept-alive
connection each, for --seconds: first all on one topic, then each on a topic of their own.
A shorter baseline phase, measured in the same run, has the same members read the reply page
(a member's page through the same middleware, no write).

Afterwards it counts the stored posts and compares them with the acknowledged ones (302
answers naming the new post: they must be the same posts), runs `kiosque check-counts`, and
prints posts/s, p50/p99 latency, errors, stored vs acknowledged, the server's CPU time per
request (/proc/<pid>/stat of the server and its children, before and after; on PostgreSQL
also its backends'), and ratios against the baseline and against the targets (≥ 300 posts/s
on PostgreSQL, ≥ 100 on SQLite). The load generator (asyncio, this process) runs on another
core than the server when the machine has two or more.

    .venv/bin/python bench/posting.py [--seconds 60] [--database sqlite|postgres|both]
        [--postgres-url postgres://postgres@127.0.0.1:5432/kiosque_bench] [--server-workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness
from harness import KIOSQUE

MEMBERS = 32
TARGETS = {"sqlite": 100.0, "postgresql": 300.0}
BASELINE_SECONDS = 10.0

SETUP = """
import json
from kiosque.accounts.models import User
from kiosque.community.models import Category, Topic
category = Category.objects.create(name="Banc d'essai", slug="banc")
def topic(n):
    return Topic.objects.create(category=category, title=f"Sujet {n}", slug=f"sujet-{n}").pk
shared = topic(0)
members = []
for n in range(MEMBERS):
    user = User.objects.create_user(f"banc{n}", f"banc{n}@example.org", None)
    members.append({"session": signed_in(user), "topic": topic(n + 1)})
print(json.dumps({"shared": shared, "members": members}))
"""

COUNT = """
import json
from kiosque.community.models import Post
print(json.dumps(sorted(Post.objects.filter(topic__in=TOPICS).values_list("pk", flat=True))))
"""


@dataclass
class Phase:
    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    acknowledged: set[int] = field(default_factory=set)
    answered: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    server_cpu: float = 0.0
    database_cpu: float | None = None

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="of posting, per phase")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/kiosque_bench"
        ),
        help="created, used and dropped by the bench (it must not exist)",
    )
    parser.add_argument("--server-workers", type=int, default=1, help="uvicorn processes")
    parser.add_argument("--members", type=int, default=MEMBERS)
    args = parser.parse_args()

    server_cpus, load_cpus = harness.split_cpus()
    if load_cpus:
        os.sched_setaffinity(0, load_cpus)
    if args.server_workers > 1:
        server_cpus = set()  # several processes: the scheduler spreads them over every core
    print(
        f"kiosque serve: {args.server_workers} process(es) on CPU {sorted(server_cpus) or 'any'};"
        f" load generator on CPU {sorted(load_cpus) or 'any'}; {args.members} members;"
        f" {args.seconds:g} s per posting phase",
        flush=True,
    )
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    for database in databases:
        run_database(database, args, server_cpus)


def run_database(database: str, args: argparse.Namespace, server_cpus: set[int]) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="kiosque-bench-posting-"))
    admin_url = args.postgres_url if database == "postgres" else ""
    env = harness.server_env(workdir, admin_url)
    if admin_url:
        harness.create_database(admin_url)
    try:
        subprocess.run([*KIOSQUE, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        setup = f"MEMBERS = {args.members}\n" + harness.SIGN_IN + SETUP
        world = json.loads(harness.shell(env, setup).strip().splitlines()[-1])
        port = harness.free_port()
        server = harness.start_server(env, port, server_cpus, workers=args.server_workers)
        try:
            vendor = "postgresql" if database == "postgres" else "sqlite"
            phases = run_phases(world, port, server.pid, args.seconds, admin_url)
        finally:
            harness.stop(server)
        report(vendor, phases, world, env)
    finally:
        if database == "postgres":
            harness.drop_database(admin_url)
        shutil.rmtree(workdir, ignore_errors=True)


def run_phases(
    world: dict[str, Any], port: int, server_pid: int, seconds: float, admin_url: str
) -> list[Phase]:
    members = world["members"]
    asyncio.run(warm_up(port, members))
    phases = []
    baseline = Phase("baseline: reply page (GET)")
    paths = [f"/forum/t/{world['shared']}/repondre/"] * len(members)
    measure(
        baseline,
        port,
        members,
        paths,
        min(BASELINE_SECONDS, seconds),
        server_pid,
        admin_url,
        post=False,
    )
    phases.append(baseline)
    one = Phase("posting: 1 topic")
    paths = [f"/forum/t/{world['shared']}/repondre/"] * len(members)
    measure(one, port, members, paths, seconds, server_pid, admin_url, post=True)
    phases.append(one)
    many = Phase(f"posting: {len(members)} topics")
    paths = [f"/forum/t/{member['topic']}/repondre/" for member in members]
    measure(many, port, members, paths, seconds, server_pid, admin_url, post=True)
    phases.append(many)
    return phases


def measure(
    phase: Phase,
    port: int,
    members: list[dict[str, Any]],
    paths: list[str],
    seconds: float,
    server_pid: int,
    admin_url: str,
    *,
    post: bool,
) -> None:
    backends_before = harness.database_cpu(admin_url) if admin_url else None
    cpu_before = harness.process_tree_cpu(server_pid)
    started = time.monotonic()
    asyncio.run(load(phase, port, members, paths, started + seconds, post=post))
    phase.seconds = time.monotonic() - started
    phase.server_cpu = harness.process_tree_cpu(server_pid) - cpu_before
    if backends_before is not None:
        after = harness.database_cpu(admin_url)
        phase.database_cpu = sum(
            after[pid] - backends_before[pid] for pid in after if pid in backends_before
        )
        phase.database_cpu += sum(after[pid] for pid in after if pid not in backends_before)


async def warm_up(port: int, members: list[dict[str, Any]]) -> None:
    """One page per member, so that the first measured requests find the server warm."""
    phase = Phase("warm-up")
    await asyncio.gather(
        *(
            member_loop(
                phase, port, member, "/forum/", time.monotonic() + 3600, post=False, once=True
            )
            for member in members
        )
    )


async def load(
    phase: Phase,
    port: int,
    members: list[dict[str, Any]],
    paths: list[str],
    stop_at: float,
    *,
    post: bool,
) -> None:
    await asyncio.gather(
        *(
            member_loop(phase, port, member, path, stop_at, post=post, label=n)
            for n, (member, path) in enumerate(zip(members, paths, strict=True))
        )
    )


async def member_loop(
    phase: Phase,
    port: int,
    member: dict[str, Any],
    path: str,
    stop_at: float,
    *,
    post: bool,
    once: bool = False,
    label: int = 0,
) -> None:
    head = harness.member_head(port, member["session"])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sent = 0
    try:
        while time.monotonic() < stop_at:
            if post:
                text = f"Commentaire {sent} du membre {label} ({phase.name}, {time.time_ns()})."
                request = harness.comment_request(path, head, text)
            else:
                request = f"GET {path} HTTP/1.1\r\n{head}\r\n".encode()
            sent += 1
            began = time.perf_counter()
            try:
                writer.write(request)
                await writer.drain()
                status, headers, _ = await harness.read_response(reader)
            except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                phase.error(type(error).__name__)
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            phase.latencies.append(time.perf_counter() - began)
            phase.answered += 1
            expected = 302 if post else 200
            if status != expected:
                phase.error(f"HTTP {status}")
            elif post:
                found = re.search(r"#post-(\d+)$", headers.get("location", ""))
                if found:
                    phase.acknowledged.add(int(found.group(1)))
                else:
                    phase.error("302 without a post")
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            if once:
                return
    finally:
        writer.close()


def report(vendor: str, phases: list[Phase], world: dict[str, Any], env: dict[str, str]) -> None:
    target = TARGETS[vendor]
    baseline = phases[0]
    base_rate = baseline.answered / baseline.seconds if baseline.seconds else 0.0
    print(f"\n== {vendor} ==")
    columns = (
        f"{'phase':<28} {'req/s':>8} {'vs base':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
        f" {'acked':>7} {'stored':>7} {'CPU ms/req':>11} {'DB CPU':>7} {'target':>7} {'ratio':>6}"
    )
    print(columns)
    phase_topics = {
        phases[1].name: [world["shared"]],
        phases[2].name: [member["topic"] for member in world["members"]],
    }
    for phase in phases:
        rate = (len(phase.acknowledged) if phase in phases[1:] else phase.answered) / phase.seconds
        latencies = sorted(phase.latencies) or [0.0]
        p50 = latencies[len(latencies) // 2] * 1000
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
        errors = sum(phase.errors.values())
        cpu = phase.server_cpu / max(phase.answered, 1) * 1000
        db_cpu = (
            f"{phase.database_cpu / max(phase.answered, 1) * 1000:>7.2f}"
            if phase.database_cpu is not None
            else f"{'-':>7}"
        )
        if phase is baseline:
            acked = stored = "-"
            goal = ratio = "-"
        else:
            stored_ids = set(stored_posts(env, phase_topics[phase.name]))
            acked, stored = str(len(phase.acknowledged)), str(len(stored_ids))
            if stored_ids != phase.acknowledged:
                missing = len(phase.acknowledged - stored_ids)
                extra = len(stored_ids - phase.acknowledged)
                phase.error(f"stored ≠ acknowledged ({missing} missing, {extra} unacknowledged)")
                errors = sum(phase.errors.values())
            goal, ratio = f"{target:g}", f"{rate / target:.2f}"
        print(
            f"{phase.name:<28} {rate:>8.1f} {rate / base_rate if base_rate else 0:>7.2f}x"
            f" {p50:>8.1f} {p99:>8.1f} {errors:>7} {acked:>7} {stored:>7} {cpu:>11.2f} {db_cpu}"
            f" {goal:>7} {ratio:>6}"
        )
        if phase.errors:
            print(f"  errors: {phase.errors}")
    checked = subprocess.run([*KIOSQUE, "check-counts"], env=env, capture_output=True, text=True)
    print(f"check-counts: {(checked.stdout + checked.stderr).strip()} (exit {checked.returncode})")
    print(
        "CPU ms/req: the server processes' user+system time per answered request; DB CPU: the "
        "same for its PostgreSQL backends. vs base: requests/s against the baseline phase.",
        flush=True,
    )


def stored_posts(env: dict[str, str], topics: list[int]) -> list[int]:
    counts: list[int] = json.loads(
        harness.shell(env, f"TOPICS = {topics}\n" + COUNT).strip().splitlines()[-1]
    )
    return counts


if __name__ == "__main__":
    main()

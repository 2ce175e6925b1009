"""Reading pages on a big site: 100,000 articles and 5,000,000 comments, uncached p99 ≤ 30 ms.

On PostgreSQL, with the page cache off (KIOSQUE_PAGE_CACHE=0: every request renders its page),
times the pages a reader opens: the hot article (the newest, its 20,000 comments, the latest
20 shown), an ordinary article (the 100th newest), home, the hot article's section, the hot
article's discussion (its first page, and its 500th by keyset: ?after= the 9,980th post), and
the profile of the member who wrote the most comments. The target is a p99 of 30 ms or less for
each, on the big site. Each page is measured in three modes (--modes picks some):

- memo: the target's figure. Page cache off, the memo of comment fragments on
  (KIOSQUE_FRAGMENT_MEMO=1, the default: a comment is rendered once and remembered by what it
  shows). With the page cache off, the lists remembered until the next publication (the front
  page's picks, related articles, the menu: pagecache/generations.py) are read at every request
  too: stricter than any render production does.
- bare: the same with the fragment memo off: every comment rendered at every request.
- miss: what production pays when a page is not in its page store: the page cache on, and each
  request a new URL (an extra `_=<n>` in the query, which no page reads), so that every one is
  a miss that renders the page (with the remembered lists and fragments) and stores it.

The baseline, measured in the same run, is the same pages on a small generated site (1,000
articles, 50,000 comments, the same hot article): each figure of the big site is printed with
its ratio to the small one. The small database is created and dropped by every run.

One `kiosque serve --no-worker` per site and mode (production mode, Django's in-process
cache, no Redis) runs pinned to one core; this process asks from the other core, one request at
a time over one kept-alive connection (http.client), in interleaved rounds of 20 requests per
page and server so that the machine's noise spreads over all of them, after a warm-up of 5
requests each. Per page: p50, p99 and max latency (ms), the server's CPU time per request
(/proc/<pid>/stat of it and its children), its PostgreSQL backends' CPU time per request
(found by the application_name of its connections; the workers of a parallel query live and
die within it and are not counted), the queries of one render and the slowest
of them (timed in a `kiosque shell` against the same database), whether the target is met, and
every status (all must be 200: the bench exits with 1 otherwise; a missed target is printed,
not an error, as the machine may be busy).

Both databases get a VACUUM (ANALYZE) before the requests, as autovacuum gives a database some
time after a bulk load (it may be off on a bench server): the figures are those of a site in
its steady state, not of one just loaded.

The big database is filled by `kiosque generate` (about seven minutes on two cores) and kept
at the end, so that the next run can reuse it:

    .venv/bin/python bench/scale.py [--reuse] [--keep | --drop] [--requests 200]
        [--database-url postgres://postgres@127.0.0.1:5432/kiosque_bench_scale]
        [--articles 100000] [--comments 5000000] [--hot-comments 20000] [--seed 1]
        [--modes memo,bare,miss] [--show-queries]

--reuse uses the database when it holds what the arguments generate (its counts of articles,
comments and the hot article's comments; the seed is not checked), migrated first so that a new
index reaches it, and generates it otherwise;
without --reuse it is always generated afresh. --drop removes it at the end; --keep (the
default) leaves it. A database this run was generating when it failed is dropped. A database
with other connections open (a `kiosque generate` still running) is never dropped: the bench
stops and says so.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import math
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    CLOCK_TICKS,
    create_database,
    database_exists,
    database_name,
    drop_database,
    free_port,
    manage,
    process_cpu,
    process_tree_cpu,
    server_env,
    shell,
    split_cpus,
    start_server,
    stop,
    table,
)

TARGET_P99_MS = 30.0
# The baseline: a site a hundred times smaller around the same hot article, so that the ratio
# says what the size of the site costs, not the length of one discussion.
BASELINE_ARTICLES = 1_000
BASELINE_COMMENTS = 50_000
# An ordinary article: two days old at fifty articles a day, its discussion mostly done.
ORDINARY_RANK = 100
# The deep page of the hot topic; a topic page shows 20 posts (community.paging.POSTS_PER_PAGE).
DEEP_PAGE = 500
ROUND_REQUESTS = 20
WARM_UP_REQUESTS = 5
# What a browser sends: the server compresses every render anyway (gzip and brotli).
HEADERS = {"Accept-Encoding": "gzip, deflate, br", "Accept": "text/html"}
APPLICATION = "kiosque-bench-scale"
# Numbers no URL of a "miss" run repeats.
FRESH = itertools.count()
# Waiting this long for a lock means someone else is writing the database (a generate run).
LOCK_TIMEOUT = "2s"

# What a database holds, read directly (not through Django) so that a database still being
# generated is seen as busy instead of waited for.
STATE_SQL = """
SELECT (SELECT count(*) FROM newsroom_article),
       (SELECT count(*) FROM community_post),
       (SELECT t.post_count FROM newsroom_article a JOIN community_topic t ON t.id = a.topic_id
        ORDER BY a.published_at DESC, a.id DESC LIMIT 1)
"""

# The pages to time on one site, as JSON: name → path, and what they show.
PAGES = """
import json
from django.db.models import Count
from kiosque.accounts.models import User
from kiosque.community.models import Post
from kiosque.community.paging import POSTS_PER_PAGE
from kiosque.newsroom.models import Article

published = Article.objects.published().newest_first().select_related("topic", "section")
hot = published.first()
ordinary = published[ORDINARY_RANK - 1]
topic = hot.topic
in_order = Post.objects.visible().filter(topic=topic).order_by("created_at", "id")
posts = in_order.count()
deep_page = min(DEEP_PAGE, max(1, math.ceil(posts / POSTS_PER_PAGE)))
anchor = in_order.values_list("pk", flat=True)[(deep_page - 1) * POSTS_PER_PAGE - 1]
writers = (
    Post.objects.visible().filter(author__is_deleted=False)
    .values("author").annotate(n=Count("pk")).order_by("-n", "author")
)
top = writers[0]
member = User.objects.get(pk=top["author"])
print(json.dumps({
    "pages": {
        "hot article": hot.get_absolute_url(),
        "ordinary article": ordinary.get_absolute_url(),
        "home": "/",
        "section": hot.section.get_absolute_url(),
        "topic, page 1": topic.get_absolute_url(),
        f"topic, page {deep_page}": f"{topic.get_absolute_url()}?after={anchor}",
        "member profile": member.get_absolute_url(),
    },
    "notes": {
        "hot article": f"{topic.post_count:,} comments",
        "ordinary article": f"{ordinary.topic.post_count:,} comments",
        "member profile": f"{top['n']:,} comments",
    },
}))
"""
PAGES_CODE = f"import math\nORDINARY_RANK = {ORDINARY_RANK}\nDEEP_PAGE = {DEEP_PAGE}\n{PAGES}"

# The queries of one render of each page (after one render to warm up), timed one by one.
QUERIES = """
import json, time
from django.db import connection
from django.test import Client

client = Client()
found = {}
for name, path in PATHS.items():
    client.get(path)
    log = []
    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append(((time.perf_counter() - started) * 1000, sql))
    with connection.execute_wrapper(timed):
        response = client.get(path)
    found[name] = {
        "status": response.status_code,
        "count": len(log),
        "ms": sum(ms for ms, _ in log),
        "slowest": max((ms for ms, _ in log), default=0.0),
        "sql": [[round(ms, 2), sql] for ms, sql in log] if SHOW else [],
    }
print(json.dumps(found))
"""


@dataclass
class Site:
    label: str
    url: str
    pages: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    queries: dict[str, dict[str, Any]] = field(default_factory=dict)


MODES = {
    "memo": "page cache off, comment fragment memo on (the target's figure)",
    "bare": "page cache off, comment fragment memo off",
    "miss": "every request a miss in the page store (page cache on, a new URL each time)",
}
SETTINGS = {
    "memo": {"KIOSQUE_PAGE_CACHE": "0", "KIOSQUE_FRAGMENT_MEMO": "1"},
    "bare": {"KIOSQUE_PAGE_CACHE": "0", "KIOSQUE_FRAGMENT_MEMO": "0"},
    "miss": {"KIOSQUE_PAGE_CACHE": "1", "KIOSQUE_FRAGMENT_MEMO": "1"},
}


@dataclass
class Server:
    site: Site
    mode: str
    port: int
    pid: int
    application: str


@dataclass
class Figures:
    """What the requests of one page on one server measured."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    server_cpu: float = 0.0
    database_cpu: float = 0.0

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    def per_request_ms(self, seconds: float) -> float:
        return seconds / len(self.latencies) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_SCALE_URL", "postgres://postgres@127.0.0.1:5432/kiosque_bench_scale"
        ),
        help="the big site's database (kept at the end unless --drop)",
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=5_000_000)
    parser.add_argument("--hot-comments", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse", action="store_true", help="use the database if it holds the generated site"
    )
    kept = parser.add_mutually_exclusive_group()
    kept.add_argument("--keep", dest="drop", action="store_false", help="keep it (the default)")
    kept.add_argument("--drop", dest="drop", action="store_true", help="drop it at the end")
    parser.set_defaults(drop=False)  # `--keep` alone would make dropping the default
    parser.add_argument("--requests", type=int, default=200, help="timed, per page and server")
    parser.add_argument(
        "--modes", default=",".join(MODES), help=f"some of {', '.join(MODES)}, comma-separated"
    )
    parser.add_argument(
        "--show-queries", action="store_true", help="print each page's SQL with its time"
    )
    args = parser.parse_args()
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    if not modes or set(modes) - set(MODES):
        parser.error(f"--modes: some of {', '.join(MODES)}")
    if args.hot_comments < 1 or args.articles < ORDINARY_RANK:
        parser.error(f"the pages need a hot article and at least {ORDINARY_RANK} articles")

    # SIGTERM ends the run like Ctrl-C: servers stopped, scratch database and files removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    big = Site(f"{args.articles:,} articles", args.database_url)
    small = Site(f"{BASELINE_ARTICLES:,} articles", baseline_url(args.database_url))
    with ExitStack() as cleanup:
        prepare_big(big.url, args, cleanup)
        create_database(small.url)
        cleanup.callback(drop_database, small.url)
        generate(small.url, BASELINE_ARTICLES, BASELINE_COMMENTS, args.hot_comments, args.seed)
        for site in (big, small):
            vacuum(site.url)
            found = json.loads(last_line(shell(scratch_env(site.url, cleanup), PAGES_CODE)))
            site.pages, site.notes = found["pages"], found["notes"]

        server_cpus, load_cpus = split_cpus()
        if load_cpus:
            os.sched_setaffinity(0, load_cpus)
        servers = [
            start(site, mode, server_cpus, cleanup) for mode in modes for site in (big, small)
        ]
        print(
            f"\n{len(servers)} servers (kiosque serve --no-worker) on CPU"
            f" {sorted(server_cpus) or 'any'}, requests from CPU {sorted(load_cpus) or 'any'};"
            f" {args.requests} timed requests per page and server, in rounds of"
            f" {ROUND_REQUESTS}, after {WARM_UP_REQUESTS} to warm up.",
            flush=True,
        )
        machine = Machine.now()
        figures = measure(servers, args.requests)
        busy = machine.since()
        for site in (big, small):
            site.queries = count_queries(site, args.show_queries, cleanup)
    failed = report(big, small, servers, figures)
    print(busy)
    kept_note = "dropped" if args.drop else "kept (--drop removes it)"
    print(f"\n{database_name(big.url)}: {kept_note}; {database_name(small.url)}: dropped.")
    sys.exit(1 if failed else 0)


def baseline_url(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(path=f"{parts.path}_baseline").geturl()


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


def scratch_env(url: str, cleanup: ExitStack, **extra: str) -> dict[str, str]:
    workdir = Path(tempfile.mkdtemp(prefix="kiosque-bench-scale-"))
    cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
    return server_env(workdir, url, **extra)


# The databases -----------------------------------------------------------------------------


def prepare_big(url: str, args: argparse.Namespace, cleanup: ExitStack) -> None:
    """The big site's database: reused as it is, or generated (and dropped if that fails)."""
    name = database_name(url)
    expected = (args.articles, args.comments, args.hot_comments)
    if database_exists(url):
        busy = other_connections(url)
        if args.reuse and not busy:
            found = site_counts(url)
            if found == expected:
                print(f"Reusing {name}: {describe(found)}.", flush=True)
                manage(scratch_env(url, cleanup), "migrate", "--noinput", "-v", "0")
                if args.drop:
                    cleanup.callback(drop_database, url)
                return
            print(f"{name} holds {describe(found)}, not {describe(expected)}: generating it.")
        if busy:
            raise SystemExit(
                f"{name} has {busy} other connection(s) open (a `kiosque generate` still "
                "running?): the bench neither reads nor drops it now. Try again once they close."
            )
    started = time.monotonic()
    create_database(url)
    try:
        generate(url, *expected, args.seed)
    except BaseException:
        drop_database(url)
        raise
    if args.drop:
        cleanup.callback(drop_database, url)
    print(f"Generated {name} in {time.monotonic() - started:.0f} s.", flush=True)


def generate(url: str, articles: int, comments: int, hot: int, seed: int) -> None:
    with ExitStack() as scratch:
        env = scratch_env(url, scratch)
        print(f"Generating {database_name(url)}: {describe((articles, comments, hot))}…")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(
            env,
            "generate",
            *("--articles", str(articles), "--comments", str(comments)),
            *("--hot-comments", str(hot), "--seed", str(seed)),
        )


def vacuum(url: str) -> None:
    """What autovacuum does some time after a bulk load (it may be off on a bench server):
    without it, an index-only scan still reads the table for every row."""
    started = time.monotonic()
    with psycopg_connect(url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")
    print(f"VACUUM (ANALYZE) {database_name(url)}: {time.monotonic() - started:.1f} s.", flush=True)


def describe(counts: tuple[int, int, int] | None) -> str:
    if counts is None:
        return "no generated site"
    articles, comments, hot = counts
    return f"{articles:,} articles, {comments:,} comments, {hot:,} on the newest article"


def psycopg_connect(url: str, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    return psycopg.connect(urlsplit(url)._replace(query="").geturl(), autocommit=autocommit)


def admin_connection(url: str) -> psycopg.Connection[Any]:
    return psycopg_connect(urlsplit(url)._replace(path="/postgres").geturl(), autocommit=True)


def other_connections(url: str) -> int:
    with admin_connection(url) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = %s AND backend_type = 'client backend'",
            [database_name(url)],
        ).fetchone()
    return int(row[0]) if row else 0


def site_counts(url: str) -> tuple[int, int, int] | None:
    """Articles, comments, and comments of the newest article; None for no generated site."""
    try:
        with psycopg_connect(url) as connection:
            connection.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            row = connection.execute(STATE_SQL).fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    except psycopg.errors.LockNotAvailable as busy:
        raise SystemExit(
            f"{database_name(url)} is being written ({busy}): try again later."
        ) from None
    if row is None or row[2] is None:
        return None
    return int(row[0]), int(row[1]), int(row[2])


@dataclass
class Machine:
    """How busy the machine was: other work slows requests whatever the server does."""

    at: float
    waiting_us: int  # /proc/pressure/cpu "some": time a runnable task waited for a CPU
    steal_ticks: int  # /proc/stat: time the hypervisor gave our CPUs to someone else

    @classmethod
    def now(cls) -> Machine:
        try:
            pressure = Path("/proc/pressure/cpu").read_text().split("total=")[1].split()[0]
        except (OSError, IndexError):
            pressure = "0"
        cpu = Path("/proc/stat").read_text().splitlines()[0].split()
        return cls(time.monotonic(), int(pressure), int(cpu[8]))

    def since(self) -> str:
        later = Machine.now()
        seconds = later.at - self.at
        waiting = (later.waiting_us - self.waiting_us) / 1e6 / seconds * 100
        cpus = os.cpu_count() or 1
        steal = (later.steal_ticks - self.steal_ticks) / CLOCK_TICKS / seconds / cpus * 100
        return (
            f"During the {seconds:.0f} s of requests, a runnable task waited for a CPU"
            f" {waiting:.0f}% of the time (/proc/pressure/cpu) and the hypervisor took {steal:.0f}%"
            f" of the CPUs (steal); load average {os.getloadavg()[0]:.1f} on {cpus} CPUs."
        )


# The servers and the requests -------------------------------------------------------------


def start(site: Site, mode: str, cpus: set[int], cleanup: ExitStack) -> Server:
    application = f"{APPLICATION}-{database_name(site.url)}-{mode}"
    parts = urlsplit(site.url)
    url = parts._replace(query=f"application_name={application}").geturl()
    env = scratch_env(url, cleanup, **SETTINGS[mode])
    port = free_port()
    process = start_server(env, port, cpus)
    cleanup.callback(stop, process)
    return Server(site, mode, port, process.pid, application)


def measure(servers: list[Server], requests: int) -> dict[tuple[int, str], Figures]:
    """Every page of every server, in interleaved rounds (in a shuffled order each round)."""
    jobs = [(n, page) for n, server in enumerate(servers) for page in server.site.pages]
    figures = {job: Figures() for job in jobs}
    with admin_connection(servers[0].site.url) as admin:
        for n, page in jobs:
            server = servers[n]
            ask(server, page, WARM_UP_REQUESTS, Figures())
        order = random.Random(0)
        for round_number in range(math.ceil(requests / ROUND_REQUESTS)):
            count = min(ROUND_REQUESTS, requests - round_number * ROUND_REQUESTS)
            order.shuffle(jobs)
            for n, page in jobs:
                server = servers[n]
                found = figures[(n, page)]
                cpu = process_tree_cpu(server.pid)
                backends = backend_cpu(admin, server.application)
                ask(server, page, count, found)
                found.server_cpu += process_tree_cpu(server.pid) - cpu
                after = backend_cpu(admin, server.application)
                found.database_cpu += sum(
                    seconds - backends.get(pid, 0.0) for pid, seconds in after.items()
                )
    return figures


def ask(server: Server, page: str, count: int, figures: Figures) -> None:
    """`count` GETs of `page`, one after the other, over one kept-alive connection."""
    path = base = server.site.pages[page]
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        for _ in range(count):
            if server.mode == "miss":  # a URL the page store has never seen
                path = f"{base}{'&' if '?' in base else '?'}_={next(FRESH)}"
            started = time.perf_counter()
            connection.request("GET", path, headers=HEADERS)
            response = connection.getresponse()
            response.read()
            figures.latencies.append((time.perf_counter() - started) * 1000)
            figures.statuses[response.status] += 1
    finally:
        connection.close()


def backend_cpu(admin: psycopg.Connection[Any], application: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend a server connected with (same host)."""
    rows = admin.execute(
        "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [application]
    )
    return {pid: cpu for (pid,) in rows.fetchall() if (cpu := process_cpu(pid)) is not None}


def count_queries(site: Site, show: bool, cleanup: ExitStack) -> dict[str, dict[str, Any]]:
    """The queries of one render of each page, in production mode with the page cache off."""
    env = scratch_env(
        site.url,
        cleanup,
        KIOSQUE_ENV="production",
        KIOSQUE_PAGE_CACHE="0",
        ALLOWED_HOSTS="testserver",
    )
    manage(env, "collectstatic", "--noinput", "-v", "0")
    code = f"PATHS = {site.pages!r}\nSHOW = {show}\n{QUERIES}"
    counted: dict[str, dict[str, Any]] = json.loads(last_line(shell(env, code)))
    return counted


# The report -------------------------------------------------------------------------------


def report(
    big: Site, small: Site, servers: list[Server], figures: dict[tuple[int, str], Figures]
) -> bool:
    """Prints the figures; True when a page answered anything but 200."""
    print()
    for site in (big, small):
        print(f"{site.label} ({database_name(site.url)}):")
        for page, path in site.pages.items():
            note = f"  ({site.notes[page]})" if page in site.notes else ""
            print(f"  {page:<18} {path}{note}")
    for mode in dict.fromkeys(server.mode for server in servers):
        numbers = {
            server.site.url: {page: figures[(n, page)] for page in server.site.pages}
            for n, server in enumerate(servers)
            if server.mode == mode
        }
        print(f"\n{mode}: {MODES[mode]}.")
        rows = []
        for (page, found), (small_page, base) in zip(
            numbers[big.url].items(), numbers[small.url].items(), strict=True
        ):
            p99, base_p99 = found.percentile(99), base.percentile(99)
            cpu = found.per_request_ms(found.server_cpu)
            base_cpu = base.per_request_ms(base.server_cpu)
            queries = big.queries.get(page, {})
            base_queries = small.queries.get(small_page, {})
            met = p99 <= TARGET_P99_MS
            rows.append(
                [
                    page,
                    f"{found.percentile(50):.1f}",
                    f"{p99:.1f}",
                    f"{max(found.latencies):.1f}",
                    f"{cpu:.1f}",
                    f"{found.per_request_ms(found.database_cpu):.1f}",
                    f"{queries.get('count', '?')}/{base_queries.get('count', '?')}",
                    f"{queries.get('slowest', float('nan')):.1f}",
                    "met" if met else "MISSED",
                    f"{base.percentile(50):.1f}",
                    f"{base_p99:.1f}",
                    f"{base_cpu:.1f}",
                    f"{p99 / base_p99:.2f}x",
                    f"{cpu / base_cpu:.2f}x" if base_cpu else "-",
                ]
            )
        print(
            table(
                rows,
                [
                    "page",
                    "p50",
                    "p99",
                    "max",
                    "CPU/req",
                    "PG/req",
                    "queries",
                    "slowest",
                    f"≤{TARGET_P99_MS:g}",
                    "small p50",
                    "p99",
                    "CPU/req",
                    "p99 ×",
                    "CPU ×",
                ],
            )
        )
    print(
        "\nms; p50/p99/max: latency seen by the client; CPU/req: the server's CPU time per"
        " request; PG/req: its PostgreSQL backends'; queries: one render, big/small site;"
        " slowest: its slowest query on the big site; ×: big ÷ small."
    )
    statuses = {
        (servers[n].site.label, servers[n].mode, page): measured.statuses
        for (n, page), measured in figures.items()
        if set(measured.statuses) != {200}
    }
    for (label, mode, page), answered in statuses.items():
        print(f"NOT 200: {label}, {mode}, {page}: {dict(answered)}")
    for site in (big, small):
        for page, rendered in site.queries.items():
            for ms, sql in rendered["sql"]:
                print(f"  [{site.label} · {page}] {ms:.2f} ms  {sql}")
    return bool(statuses)


if __name__ == "__main__":
    main()

"""Search on a big site: 100,000 articles and 1,000,000 forum posts, p99 ≤ 100 ms, findable ≤ 1 s.

For each database (SQLite, then PostgreSQL), the site is written in bulk by `kiosque generate`
(articles with their discussions; the posts are their comments), then indexed from scratch by
`kiosque reindex` (timed: the build time), and this script runs, in a process of its own set up
as production runs (DEBUG off), 1,000 French searches drawn from the site's own words (seeded):

- single words as written (accents and all) and the same words without their accents;
- other forms of the words (plural for singular and back, participles for nouns);
- two words; quoted phrases of two or three words taken from titles;
- one word with a filter: a section, an author, articles or discussions only, the last 30 days.

Each search is `kiosque.discovery.search.search()` as the page calls it (count, one page of 20
hits read through the gates, excerpts cut and highlighted). Printed per database: rows indexed,
index size, build time; p50, p99 and max latency (ms) of the searches and of each kind of
search; the process's CPU time per search (on PostgreSQL, also its backend's: the database's
share of the work); the time a new post takes to be findable (posted through
`community.actions.post_reply` in the longest discussion, then searched for until found), and
what the index adds to posting (the same posts with and without the search listener); and the
baselines measured in the same run: a primary-key lookup, and a plain `LIKE '%mot%'` over the
articles' titles (what a site without an index does), with the ratios. The target: p99 ≤ 100
ms on both, findable ≤ 1 s.

    .venv/bin/python bench/search.py [--articles 100000] [--posts 1000000] [--queries 1000]
        [--databases sqlite,postgres] [--reuse] [--keep] [--seed 1]
        [--sqlite-path /tmp/kiosque-bench-search/search.sqlite3]
        [--postgres-url postgres://postgres@127.0.0.1:5432/kiosque_bench_search]

--reuse keeps a database that already holds a generated site of that size (its index is made
again all the same); --keep leaves the databases at the end (dropped otherwise). Generation
takes about five minutes per database for the full size on two cores, the index as much again.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    KIOSQUE,
    ROOT,
    create_database,
    database_cpu,
    database_exists,
    drop_database,
    server_env,
    table,
)

TARGET_P99_MS = 100.0
TARGET_FINDABLE_S = 1.0
POSTS_TIMED = 20
LIKE_QUERIES = 50
PK_LOOKUPS = 1000

# The kinds of searches and their share of the 1,000.
KINDS = (
    ("word", 0.25),
    ("word, no accents", 0.15),
    ("other form", 0.10),
    ("two words", 0.15),
    ("phrase", 0.15),
    ("word + filter", 0.20),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sqlite-path", default="/tmp/kiosque-bench-search/search.sqlite3")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/kiosque_bench_search"
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child: a database URL
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.queries, args.seed)))
        return
    results: dict[str, dict[str, Any]] = {}
    for database in args.databases.split(","):
        url = (
            f"sqlite:///{Path(args.sqlite_path).resolve()}"
            if database == "sqlite"
            else args.postgres_url
        )
        with tempfile.TemporaryDirectory(prefix="kiosque-bench-search-") as workdir:
            env = server_env(Path(workdir), url)
            try:
                prepare(database, url, args, env)
                results[database] = {**build(env), **child(url, args, env)}
            finally:
                if not args.keep:
                    forget(database, url, args)
        print(f"{database}: done.", flush=True)
    report(results, args)


# --- The site and its index ------------------------------------------------------------------


def counts(database: str, url: str, args: argparse.Namespace) -> tuple[int, int] | None:
    """Articles and posts of a generated site there, or None."""
    sql = "SELECT (SELECT count(*) FROM newsroom_article), (SELECT count(*) FROM community_post)"
    try:
        if database == "sqlite":
            if not Path(args.sqlite_path).exists():
                return None
            with sqlite3.connect(f"file:{args.sqlite_path}?mode=ro", uri=True) as db:
                row = db.execute(sql).fetchone()
        else:
            import psycopg

            if not database_exists(url):
                return None
            with psycopg.connect(url) as db:
                row = db.execute(sql).fetchone()
    except Exception:
        return None
    return (int(row[0]), int(row[1])) if row else None


def prepare(database: str, url: str, args: argparse.Namespace, env: dict[str, str]) -> None:
    found = counts(database, url, args)
    # A run adds its few timed posts: a site within a thousand posts of the size is the same.
    if args.reuse and found and found[0] == args.articles and 0 <= found[1] - args.posts < 1000:
        print(f"{database}: reusing {found[0]:,} articles and {found[1]:,} posts.", flush=True)
        run(env, "migrate", "--noinput", "-v", "0")
        return
    print(f"{database}: generating {args.articles:,} articles, {args.posts:,} posts…", flush=True)
    started = time.monotonic()
    if database == "sqlite":
        Path(args.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(args.sqlite_path + suffix).unlink(missing_ok=True)
    else:
        create_database(url)
    run(env, "migrate", "--noinput", "-v", "0")
    run(
        env,
        "generate",
        *("--articles", str(args.articles), "--comments", str(args.posts)),
        *("--seed", str(args.seed)),
    )
    print(f"{database}: generated in {time.monotonic() - started:.0f} s.", flush=True)


def build(env: dict[str, str]) -> dict[str, Any]:
    """The index made again from scratch: `kiosque reindex`, timed."""
    # Its tables made afresh too, as a new install has them.
    run(env, "migrate", "discovery", "zero", "--noinput", "-v", "0")
    run(env, "migrate", "--noinput", "-v", "0")
    started = time.monotonic()
    done = subprocess.run(
        [*KIOSQUE, "reindex"], env=env, capture_output=True, text=True, check=True
    )
    seconds = time.monotonic() - started
    match = re.search(r"rebuilt: ([\d,]+) rows, ([\d.]+) MiB", done.stdout)
    if match is None:
        raise SystemExit(f"kiosque reindex said:\n{done.stdout}\n{done.stderr}")
    rows, size = int(match.group(1).replace(",", "")), float(match.group(2))
    print(f"Index built: {rows:,} rows, {size:.0f} MiB, {seconds:.0f} s.", flush=True)
    if env["DATABASE_URL"].startswith("postgres"):
        # What autovacuum does some time after a bulk load: the planner's statistics of the
        # new rows (how common each word is), the GIN index's pending list merged.
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
            db.execute("VACUUM (ANALYZE) discovery_search_entry")
    return {"rows": rows, "index_mib": size, "build_s": seconds}


def child(url: str, args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """The searches, in a process set up as production runs."""
    done = subprocess.run(
        [
            *(sys.executable, __file__, "--measure", url),
            *("--queries", str(args.queries), "--seed", str(args.seed)),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode:
        raise SystemExit(f"the measuring process failed:\n{done.stderr[-5000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def forget(database: str, url: str, args: argparse.Namespace) -> None:
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(args.sqlite_path + suffix).unlink(missing_ok=True)
    else:
        drop_database(url)


def run(env: dict[str, str], *command: str) -> None:
    subprocess.run([*KIOSQUE, *command], env=env, check=True)


# --- The measuring process -------------------------------------------------------------------


def measure(url: str, count: int, seed: int) -> dict[str, Any]:
    import django

    os.environ["DATABASE_URL"] = url
    django.setup()
    from django.db import connection

    from kiosque.discovery.search import SearchFilters, search

    rng = random.Random(seed)
    searches = realistic_searches(rng, count)
    for text, filters, _kind in searches[:20]:  # warm-up: caches, the stemmer, the planner
        search(text, filters=filters)
    backend_before = _backend_cpu(url, connection)
    latencies: dict[str, list[float]] = {}
    every: list[float] = []
    empty = 0
    cpu_started = time.process_time()
    for text, filters, kind in searches:
        started = time.perf_counter()
        page = search(text, filters=filters)
        elapsed = (time.perf_counter() - started) * 1000
        every.append(elapsed)
        latencies.setdefault(kind, []).append(elapsed)
        empty += not page.hits
    cpu_ms = (time.process_time() - cpu_started) * 1000 / len(searches)
    backend_ms = None
    if backend_before is not None:
        after = _backend_cpu(url, connection)
        backend_ms = (after - backend_before) * 1000 / len(searches) if after is not None else None
    figures: dict[str, Any] = {
        "searches": len(searches),
        "empty": empty,
        "all": _spread(every),
        "kinds": {kind: _spread(values) for kind, values in latencies.items()},
        "cpu_ms": cpu_ms,
        "backend_cpu_ms": backend_ms,
        "examples": [text for text, _f, _k in searches[:12]],
    }
    figures.update(baselines(rng, searches))
    figures.update(findable())
    _ = SearchFilters
    return figures


def _backend_cpu(url: str, connection: Any) -> float | None:
    """CPU seconds of this process's PostgreSQL backend (None on SQLite)."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return database_cpu(url).get(pid)


def _spread(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "count": len(ordered),
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))],
        "max": ordered[-1],
    }


def realistic_searches(rng: random.Random, count: int) -> list[tuple[str, Any, str]]:
    """`count` searches drawn from the site's titles and leads (see the module docstring)."""
    from datetime import timedelta

    from django.utils import timezone

    from kiosque import wordforms
    from kiosque.discovery.search import SearchFilters
    from kiosque.newsroom.models import Article, Author, Section

    highest = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picked = [rng.randrange(1, highest + 1) for _n in range(3000)]
    texts = list(Article.objects.filter(pk__in=picked).values_list("title", "lead"))
    titles = [title for title, _lead in texts]
    words = [
        match.group()
        for title, lead in texts
        for match in wordforms.words(f"{title} {lead}")
        if len(match.group()) > 3 and not wordforms.is_stop_word(wordforms.key(match.group()))
    ]
    sections = list(Section.objects.values_list("slug", flat=True))
    authors = list(Author.objects.values_list("slug", flat=True))
    since = (timezone.now() - timedelta(days=30)).date()
    plain = SearchFilters()

    def other_form(word: str) -> str:
        if word.endswith("s"):
            return word[:-1]
        if word.endswith("é"):
            return word[:-1] + "ement" if rng.random() < 0.3 else word + "s"
        return word + "s"

    def phrase() -> str:
        title_words = [match.group() for match in wordforms.words(rng.choice(titles))]
        length = min(len(title_words), rng.choice((2, 3)))
        start = rng.randrange(0, len(title_words) - length + 1)
        return '"' + " ".join(title_words[start : start + length]) + '"'

    searches: list[tuple[str, Any, str]] = []
    for kind, share in KINDS:
        for _n in range(round(count * share)):
            word = rng.choice(words)
            if kind == "word":
                searches.append((word, plain, kind))
            elif kind == "word, no accents":
                searches.append((wordforms.fold(word), plain, kind))
            elif kind == "other form":
                searches.append((other_form(word), plain, kind))
            elif kind == "two words":
                searches.append((f"{word} {rng.choice(words)}", plain, kind))
            elif kind == "phrase":
                searches.append((phrase(), plain, kind))
            else:
                filters = rng.choice(
                    (
                        SearchFilters(section=rng.choice(sections)),
                        SearchFilters(author=rng.choice(authors)),
                        SearchFilters(kind="articles"),
                        SearchFilters(kind="discussions"),
                        SearchFilters(since=since),
                    )
                )
                searches.append((word, filters, kind))
    rng.shuffle(searches)
    return searches[:count]


def baselines(rng: random.Random, searches: list[tuple[str, Any, str]]) -> dict[str, Any]:
    """A primary-key lookup, and `LIKE '%word%'` over the titles, timed in the same process."""
    from kiosque.newsroom.models import Article

    highest = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    lookups = []
    for _n in range(PK_LOOKUPS):
        pk = rng.randrange(1, highest + 1)
        started = time.perf_counter()
        Article.objects.filter(pk=pk).values_list("title", flat=True).first()
        lookups.append((time.perf_counter() - started) * 1000)
    likes = []
    single = [text for text, _f, kind in searches if kind == "word"][:LIKE_QUERIES]
    for word in single:
        started = time.perf_counter()
        list(
            Article.objects.filter(title__icontains=word)
            .order_by("-published_at")
            .values_list("pk", flat=True)[:20]
        )
        likes.append((time.perf_counter() - started) * 1000)
    return {"pk_lookup": _spread(lookups), "like_titles": _spread(likes)}


def findable() -> dict[str, Any]:
    """New posts through `post_reply` in the longest discussion: the time until a search finds
    each, and what the index adds to posting (the same posts without the search listener)."""
    from django.conf import settings
    from django.db.models import Count

    from kiosque import announcements
    from kiosque.accounts.models import User
    from kiosque.community import actions
    from kiosque.community.models import Topic
    from kiosque.discovery.search import search

    topic = Topic.objects.visible().order_by("-post_count").first()
    assert topic is not None
    members = list(
        User.objects.filter(is_active=True, is_deleted=False)
        .annotate(written=Count("posts"))
        .filter(written__gt=0)
        .order_by("pk")[: POSTS_TIMED * 2]
    )
    run_id = random.SystemRandom().randrange(10**6)

    def post(number: int, member: User) -> tuple[float, float, str]:
        word = f"bench{run_id}x{number}zq"
        started = time.perf_counter()
        actions.post_reply(topic, author=member, source=f"Un message de banc d’essai : {word}.")
        posted = time.perf_counter() - started
        while not search(word).hits:
            if time.perf_counter() - started > 30:
                raise SystemExit(f"a new post was not found after 30 s ({word})")
            time.sleep(0.01)
        return posted, time.perf_counter() - started, word

    with_index = [post(number, members[number]) for number in range(POSTS_TIMED)]
    listeners = settings.KIOSQUE_ANNOUNCEMENT_LISTENERS
    settings.KIOSQUE_ANNOUNCEMENT_LISTENERS = [
        path for path in listeners if path != settings.KIOSQUE_SEARCH_LISTENER
    ]
    announcements._listeners.cache_clear()
    without: list[float] = []
    for number in range(POSTS_TIMED, POSTS_TIMED * 2):
        started = time.perf_counter()
        actions.post_reply(
            topic, author=members[number], source=f"Un message sans index, numéro {number}."
        )
        without.append(time.perf_counter() - started)
    settings.KIOSQUE_ANNOUNCEMENT_LISTENERS = listeners
    announcements._listeners.cache_clear()
    return {
        "topic_posts": topic.post_count,
        "findable": _spread([found * 1000 for _posted, found, _word in with_index]),
        "post_with_index": _spread([posted * 1000 for posted, _found, _word in with_index]),
        "post_without_index": _spread([seconds * 1000 for seconds in without]),
    }


# --- The report ------------------------------------------------------------------------------


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    print()
    print(
        f"Search on {args.articles:,} articles and {args.posts:,} posts, {args.queries:,} "
        f"searches (seed {args.seed}); 20 hits a page, excerpts included."
    )
    rows = []
    for database, figures in results.items():
        every = figures["all"]
        rows.append(
            [
                database,
                f"{figures['rows']:,}",
                f"{figures['index_mib']:.0f} MiB",
                f"{figures['build_s']:.0f} s",
                f"{every['p50']:.1f}",
                f"{every['p99']:.1f}",
                f"{every['max']:.1f}",
                f"{figures['cpu_ms']:.1f}",
                "-" if figures["backend_cpu_ms"] is None else f"{figures['backend_cpu_ms']:.1f}",
                f"{figures['findable']['p50']:.0f} / {figures['findable']['max']:.0f}",
                "yes" if every["p99"] <= TARGET_P99_MS else "NO",
                "yes" if figures["findable"]["max"] <= TARGET_FINDABLE_S * 1000 else "NO",
            ]
        )
    print(
        table(
            rows,
            [
                "database", "rows", "index", "build", "p50 ms", "p99 ms", "max ms",
                "CPU ms/search", "DB CPU ms", "findable ms p50/max", "p99 ≤ 100", "≤ 1 s",
            ],
        )
    )  # fmt: skip
    for database, figures in results.items():
        print(f"\n{database}: latency by kind of search (ms)")
        print(
            table(
                [
                    [kind, spread["count"], f"{spread['p50']:.1f}", f"{spread['p99']:.1f}",
                     f"{spread['max']:.1f}"]
                    for kind, spread in figures["kinds"].items()
                ],
                ["kind", "searches", "p50", "p99", "max"],
            )
        )  # fmt: skip
        pk, like = figures["pk_lookup"], figures["like_titles"]
        p50 = figures["all"]["p50"]
        print(
            f"baselines: primary-key lookup p50 {pk['p50']:.2f} ms (a search is "
            f"{p50 / pk['p50']:.0f}× that); LIKE '%word%' on titles p50 {like['p50']:.1f} ms, "
            f"p99 {like['p99']:.1f} ms (a search is {p50 / like['p50']:.2f}× that, finding "
            "words in bodies and posts, in their forms, ranked)"
        )
        print(
            f"posting in a discussion of {figures['topic_posts']:,} posts: "
            f"p50 {figures['post_with_index']['p50']:.1f} ms with the index, "
            f"{figures['post_without_index']['p50']:.1f} ms without; findable after "
            f"p50 {figures['findable']['p50']:.0f} ms, max {figures['findable']['max']:.0f} ms"
        )
        print(f"searches with no hit: {figures['empty']} of {figures['searches']}")
        print("examples: " + " | ".join(figures["examples"]))


if __name__ == "__main__":
    main()

"""Long threads stay fast: a 5,000-post topic against a 60-post one, measured in the same run.

Builds a throwaway SQLite database (or uses DATABASE_URL), fills three topics (60, 5,000 and
10,000 posts, numbered as the actions number them), then times the pages a reader opens: by
number the first page, the middle one, the last one, and page 500 (of the 10,000-post topic:
at 20 posts a page a 5,000-post topic has 250), the windows by keyset that older links open
(?after=, ?before=), a post permalink, and the article page whose discussion is the long
topic. Prints median milliseconds, the median CPU time of the process per request, query
counts, and the ratio of each to the same kind of page of the 60-post topic.

    .venv/bin/python bench/topic_pages.py [--posts 5000] [--deep-posts 10000] [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Enough posts that every page of the baseline topic is full (20 posts a page).
BASELINE_POSTS = 60
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--deep-posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="kiosque-bench-")
    os.environ.setdefault("KIOSQUE_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiosque.settings")
    os.environ["DEBUG"] = "0"
    # Renders, not the page cache's answers: what a long thread costs to render.
    os.environ["KIOSQUE_PAGE_CACHE"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from kiosque.accounts.models import User
    from kiosque.community.models import Post, Topic
    from kiosque.newsroom import actions as newsroom_actions
    from kiosque.newsroom.models import Article, Section

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    author = User.objects.create_user("lectrice", "lectrice@example.org", "bench-password")
    section = Section.objects.create(name="IA", slug="ia")

    def article_with_posts(slug: str, count: int) -> tuple[Article, Topic]:
        article = Article.objects.create(
            title=f"Article {slug}", slug=slug, lead="Chapeau.", body="Texte.", section=section
        )
        newsroom_actions.publish_article(article, by=None, at=timezone.now() - timedelta(days=30))
        assert article.topic_id is not None
        topic = Topic.objects.get(pk=article.topic_id)
        start = timezone.now() - timedelta(days=29)
        Post.objects.bulk_create(
            Post(
                topic=topic,
                author=author,
                source=f"Message {n}",
                html=f"<p>Message {n} — un commentaire d’une longueur ordinaire.</p>",
                created_at=start + timedelta(seconds=n * 30),
                position=n + 1,  # as post_reply numbers them
            )
            for n in range(count)
        )
        with open(os.devnull, "w") as quiet:
            call_command("check_counts", "--repair", verbosity=0, stdout=quiet)
        topic.refresh_from_db()
        return article, topic

    short_article, short_topic = article_with_posts("court", BASELINE_POSTS)
    long_article, long_topic = article_with_posts("long", args.posts)
    _deep_article, deep_topic = article_with_posts("profond", args.deep_posts)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does after a bulk load
            cursor.execute("ANALYZE")
    if os.environ.get("BENCH_SHOW_QUERIES"):
        with CaptureQueriesContext(connection) as shown:
            Client().get(long_topic.get_absolute_url() + "?page=125")
        for query in shown.captured_queries:
            print(query["time"], query["sql"][:600])

    def pages(article: Article, topic: Topic) -> dict[str, str]:
        ids = list(
            Post.objects.filter(topic=topic)
            .order_by("created_at", "id")
            .values_list("id", flat=True)
        )
        middle, before_last_page = ids[len(ids) // 2], ids[-21]
        topic_url = topic.get_absolute_url()
        last = (len(ids) - 1) // 20 + 1
        return {
            "page 1": topic_url,
            "middle page": f"{topic_url}?page={max(2, last // 2)}",
            "last page": f"{topic_url}?page={last}",
            "keyset, middle": f"{topic_url}?after={middle}",
            "keyset, last": f"{topic_url}?after={before_last_page}",
            "keyset, before": f"{topic_url}?before={middle}",
            "post permalink": f"/forum/p/{middle}/",
            "article page": article.get_absolute_url(),
        }

    client = Client()

    def measure(url: str) -> tuple[float, float, int, int]:
        client.get(url)  # warm up
        timings, cpu = [], []
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return (
            statistics.median(timings),
            statistics.median(cpu),
            len(queries),
            response.status_code,
        )

    short_pages, long_pages = pages(short_article, short_topic), pages(long_article, long_topic)
    rows = [(name, short_pages[name], long_pages[name]) for name in short_pages]
    deep_url = f"{deep_topic.get_absolute_url()}?page=500"
    rows.insert(3, ("page 500 (10,000)", short_pages["middle page"], deep_url))
    print(f"database: {connection.vendor}; runs per page: {args.runs}")
    print(
        f"{'page':<18} {BASELINE_POSTS:>6} posts {args.posts:>6} posts {'ratio':>6}"
        f" {'cpu (ms)':>14} {'queries':>9}"
    )
    for name, base_url, long_url in rows:
        base_ms, base_cpu, base_queries, base_status = measure(base_url)
        long_ms, long_cpu, long_queries, long_status = measure(long_url)
        assert base_status in (200, 302) and long_status in (200, 302), (name, long_status)
        print(
            f"{name:<18} {base_ms:>8.2f} ms {long_ms:>8.2f} ms {long_ms / base_ms:>5.2f}x"
            f" {base_cpu:>6.2f} / {long_cpu:<6.2f} {base_queries:>4} / {long_queries:<4}"
        )


if __name__ == "__main__":
    main()

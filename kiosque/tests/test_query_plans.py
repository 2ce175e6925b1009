"""Reading pages find their rows through an index, whatever the size of the archive.

On 100,000 articles and 5,000,000 comments (bench/scale.py) a query that reads a whole table,
or sorts it, costs tens to hundreds of milliseconds where its index answers in one. Each test
opens a page, takes the query it names from those the page made, and asks PostgreSQL for its
plan with the table reads and sorts the index spares priced out (`enable_* = off`): the plan
then names the index when it serves the query, and falls back to what is priced out when not.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community.tests.factories import PostFactory, TopicFactory
from kiosque.newsroom.tests.factories import ArticleFactory, SectionFactory

pytestmark = [
    # Out of a transaction: VACUUM cannot run in one.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's"),
]

# Read in index order, not read whole and sorted.
IN_ORDER = ("seqscan", "bitmapscan", "sort", "incremental_sort")
# Counted from the index alone (an index-only scan), not from the table's rows.
FROM_THE_INDEX = ("seqscan", "bitmapscan")


def plan_of(path: str, is_the_query: Callable[[str], bool], *, priced_out: tuple[str, ...]) -> str:
    """The plan of the one query of the page at `path` that `is_the_query` picks."""
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(path).status_code == 200
    (sql,) = [query["sql"] for query in queries.captured_queries if is_the_query(query["sql"])]
    with connection.cursor() as cursor:
        # What autovacuum keeps: the planner's statistics, and the pages marked all-visible
        # that let an index-only scan skip the table.
        cursor.execute("VACUUM (ANALYZE)")
        try:
            for setting in priced_out:
                cursor.execute(f"SET enable_{setting} = off")
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            for setting in priced_out:
                cursor.execute(f"RESET enable_{setting}")


def test_the_front_page_reads_the_newest_and_the_featured_articles_in_index_order():
    ArticleFactory.create_batch(30)
    ArticleFactory(is_featured=True)

    def newest(sql: str) -> bool:
        return 'ORDER BY "newsroom_article"."published_at" DESC' in sql and "LIMIT 9" in sql

    def featured(sql: str) -> bool:
        return '"newsroom_article"."is_featured") ORDER BY' in sql

    latest_plan = plan_of("/", newest, priced_out=IN_ORDER)
    featured_plan = plan_of("/", featured, priced_out=IN_ORDER)

    assert "using article_newest_first" in latest_plan and "Sort" not in latest_plan
    assert "using article_featured_newest_first" in featured_plan
    assert "Sort" not in featured_plan


def test_a_section_page_counts_its_articles_from_the_index():
    section = SectionFactory()
    ArticleFactory.create_batch(15, section=section)
    ArticleFactory.create_batch(5)

    plan = plan_of(
        section.get_absolute_url(),
        lambda sql: sql.startswith('SELECT COUNT(*) AS "__count" FROM "newsroom_article"'),
        priced_out=FROM_THE_INDEX,
    )

    assert "Index Only Scan using article_in_section" in plan


def test_a_profile_counts_the_members_posts_from_the_index():
    member = UserFactory()
    PostFactory.create_batch(15, author=member, topic=TopicFactory())
    PostFactory.create_batch(5)

    plan = plan_of(
        member.get_absolute_url(),
        lambda sql: sql.startswith('SELECT COUNT(*) AS "__count" FROM "community_post"'),
        priced_out=FROM_THE_INDEX,
    )

    assert "Index Only Scan using post_by_author" in plan

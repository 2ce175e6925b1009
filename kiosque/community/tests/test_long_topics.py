"""Long topics (#10, part 5): pages by number, where a page stands, the last message, the date
jump and the timeline, each page at the cost of the first however long the topic."""

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import as_in_every_test, rolled_back_after
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Moderation, Post, Topic, TopicVisit
from kiosque.community.paging import PageLink, PostPage, pager
from kiosque.community.tests.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return new_topic()


def new_topic():
    return actions.start_topic(
        author=UserFactory(),
        category=CategoryFactory(),
        title="Quel SSD choisir ?",
        source="Je cherche un SSD.",
        at=timezone.now() - timedelta(days=10),
    )


@dataclass(frozen=True)
class FilledTopic:
    topic_pk: int
    reply_pks: list[int]


def filled_once(django_db_blocker: Any, replies: int) -> Iterator[FilledTopic]:
    """A topic and `replies` replies (`fill`), written once for the tests of a class that read
    it, with the settings every test has; rolled back after them, each test in a savepoint of
    its own."""
    with rolled_back_after(django_db_blocker):
        with as_in_every_test():
            topic = new_topic()
            replies_written = fill(topic, replies)
        yield FilledTopic(topic_pk=topic.pk, reply_pks=[post.pk for post in replies_written])


def read_afresh(filled: FilledTopic) -> tuple[Topic, list[Post]]:
    """The topic and its replies as stored: what a test changes of them is its own."""
    replies = Post.objects.in_bulk(filled.reply_pks)
    return Topic.objects.get(pk=filled.topic_pk), [replies[pk] for pk in filled.reply_pks]


@pytest.fixture(scope="class")
def topic_of_45_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[FilledTopic]:
    yield from filled_once(django_db_blocker, 44)


@pytest.fixture
def topic_of_45(topic_of_45_once: FilledTopic, db: None) -> tuple[Topic, list[Post]]:
    """A topic of three pages: the opening post and 44 replies an hour apart (`fill`)."""
    return read_afresh(topic_of_45_once)


@pytest.fixture(scope="class")
def topic_of_26_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[FilledTopic]:
    yield from filled_once(django_db_blocker, 25)


@pytest.fixture
def topic_of_26(topic_of_26_once: FilledTopic, db: None) -> tuple[Topic, list[Post]]:
    """A topic of two pages: the opening post and 25 replies an hour apart (`fill`)."""
    return read_afresh(topic_of_26_once)


def fill(topic, count):
    """`count` replies an hour apart after the opening post, through the action."""
    authors = [UserFactory() for _ in range(3)]
    start = topic.created_at + timedelta(hours=1)
    return [
        actions.post_reply(
            topic,
            author=authors[n % 3],
            source=f"Message numéro {n}.",
            at=start + timedelta(hours=n),
        )
        for n in range(count)
    ]


def bulk_topic(count):
    """A topic of `count` posts written in bulk, numbered as the actions number them (the
    generator's way): long topics without hours of actions."""
    topic = TopicFactory()
    author = UserFactory()
    start = timezone.now() - timedelta(days=30)
    Post.objects.bulk_create(
        Post(
            topic=topic,
            author=author,
            source=f"Message {n}",
            html=f"<p>Message {n}</p>",
            created_at=start + timedelta(minutes=n),
            position=n,
        )
        for n in range(1, count + 1)
    )
    last = Post.objects.get(topic=topic, position=count)
    Topic.objects.filter(pk=topic.pk).update(
        post_count=count, last_post=last, last_posted_at=last.created_at
    )
    topic.refresh_from_db()
    return topic


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def shown_ids(html):
    return [int(part.split('"')[0]) for part in html.split('<article class="post" id="post-')[1:]]


# --- Numbers --------------------------------------------------------------------------------


def test_posts_are_numbered_in_their_topic_as_they_are_written(topic):
    posts = fill(topic, 3)
    held = actions.post_reply(topic, author=UserFactory(), source="Je suis nouveau.")
    Post.objects.filter(pk=held.pk).update(moderation=Moderation.PENDING)
    later = actions.post_reply(topic, author=UserFactory(), source="Encore un.")

    numbers = list(Post.objects.filter(topic=topic).order_by("position").values_list("position"))
    assert [n for (n,) in numbers] == [1, 2, 3, 4, 5, 6]
    assert [p.position for p in posts] == [2, 3, 4]
    assert later.position == 6
    assert Post.objects.get(pk=later.pk).position == 6


def test_the_migration_numbers_existing_posts_in_reading_order(topic):
    posts = fill(topic, 4)
    Post.objects.filter(topic=topic).update(position=None)
    migration = importlib.import_module("kiosque.community.migrations.0007_post_position")

    migration.number_posts(None, SimpleNamespace(connection=connection))

    numbered = Post.objects.filter(topic=topic).order_by("created_at", "id")
    assert [post.position for post in numbered] == [1, 2, 3, 4, 5]
    assert Post.objects.get(pk=posts[-1].pk).position == 5


# --- Pages by number ------------------------------------------------------------------------


class TestATopicOfThreePages:
    """Tests that read one topic of 45 posts (its pages, the date jump, the timeline), written
    once for them all (`topic_of_45_once`)."""

    def test_pages_by_number_hold_twenty_posts_each(self, client, topic_of_45):
        topic, posts = topic_of_45  # 45 with the opening post
        url = topic.get_absolute_url()

        first = html_of(client, url)
        assert shown_ids(first)[-1] == posts[18].pk and len(shown_ids(first)) == 20
        assert (
            f'href="{url}?page=2" rel="next"' in first or f'rel="next" href="{url}?page=2"' in first
        )
        second = html_of(client, f"{url}?page=2")
        assert shown_ids(second) == [post.pk for post in posts[19:39]]
        assert f'rel="prev" href="{url}"' in second
        third = html_of(client, f"{url}?page=3")
        assert shown_ids(third) == [post.pk for post in posts[39:]]
        assert 'rel="next"' not in third

    def test_the_pager_shows_first_last_and_pages_around_the_current_one(self, client, topic_of_45):
        topic, _replies = topic_of_45
        url = topic.get_absolute_url()

        html = html_of(client, f"{url}?page=2")

        assert '<nav class="topic-pager topic-pager--top" aria-label="Pages du sujet">' in html
        assert f'<a href="{url}?page=2" aria-current="page">' in html
        assert f'<a href="{url}"><span class="visually-hidden">Page </span>1</a>' in html
        assert f'<a href="{url}?page=3"><span class="visually-hidden">Page </span>3</a>' in html

    def test_a_page_says_where_it_stands_among_the_visible_posts(self, client, topic_of_45):
        topic, posts = topic_of_45
        url = topic.get_absolute_url()
        assert "Message 21 sur 45" in html_of(client, f"{url}?page=2")

        moderator = UserFactory(is_staff=True)
        actions.set_post_moderation(posts[3], state=Moderation.HIDDEN, moderator=moderator)
        actions.delete_post(posts[5], by=posts[5].author)

        second = html_of(client, f"{url}?page=2")
        assert "Message 19 sur 43" in second, "the unseen posts before it are not counted"
        first = html_of(client, url)
        assert len(shown_ids(first)) == 18 and "Message 1 sur 43" in first

    def test_go_to_the_last_message(self, client, topic_of_45):
        topic, posts = topic_of_45
        url = topic.get_absolute_url()

        html = html_of(client, url)

        assert f'href="{url}?page=3#post-{posts[-1].pk}">Aller au dernier message</a>' in html
        assert "Aller au dernier message" not in html_of(client, f"{url}?page=3")

    def test_a_permalink_and_a_reply_open_the_numbered_page_of_the_post(self, client, topic_of_45):
        topic, posts = topic_of_45
        url = topic.get_absolute_url()

        response = client.get(reverse("community:post-permalink", args=[posts[30].pk]))

        assert response["Location"] == f"{url}?page=2#post-{posts[30].pk}"

    def test_a_returning_member_opens_the_page_of_their_first_unread_post(
        self, client, topic_of_45, member
    ):
        topic, posts = topic_of_45
        TopicVisit.objects.create(user=member, topic=topic, last_read_post_id=posts[24].pk)
        client.force_login(member)
        url = topic.get_absolute_url()

        response = client.get(url)

        assert response["Location"] == f"{url}?page=2#post-{posts[25].pk}"

    def test_where_the_member_was_is_theirs_alone(self, client, topic_of_45, member):
        topic, posts = topic_of_45
        url = topic.get_absolute_url()
        TopicVisit.objects.create(user=member, topic=topic, last_read_post_id=posts[30].pk)
        resume = (
            f'<a href="{url}?page=2#post-{posts[30].pk}">Reprendre où vous en étiez (page 2)</a>'
        )

        assert "Reprendre où vous" not in html_of(client, f"{url}?page=3")
        client.force_login(member)
        assert resume in html_of(client, f"{url}?page=3")
        # Reading page 3 moved their mark there: nothing to go back to on it.
        assert "Reprendre où vous" not in html_of(client, f"{url}?page=3")
        assert "(page 3)</a>" in html_of(client, url)

    def test_old_keyset_links_still_open_and_say_their_page(self, client, topic_of_45):
        topic, posts = topic_of_45
        url = topic.get_absolute_url()

        html = html_of(client, f"{url}?after={posts[25].pk}")

        assert shown_ids(html)[0] == posts[26].pk
        assert "Message 28 sur 45" in html
        assert f'<a href="{url}?page=2" aria-current="page">' in html

    def test_the_date_jump_opens_the_page_of_that_days_first_post(self, client, topic_of_45):
        topic, posts = topic_of_45  # an hour apart: the 24th reply is a day after the first
        url = topic.get_absolute_url()
        day = timezone.localtime(posts[30].created_at).date()
        first_of_day = next(p for p in posts if timezone.localtime(p.created_at).date() == day)

        response = client.get(f"{url}?date={day.isoformat()}")

        assert response.status_code == 302
        assert response["Location"].endswith(f"#post-{first_of_day.pk}")
        assert f"#post-{first_of_day.pk}" in response["Location"]
        assert f'id="post-{first_of_day.pk}"' in html_of(client, response["Location"])
        french = client.get(f"{url}?date={day.strftime('%d/%m/%Y')}")
        assert french["Location"] == response["Location"]

    def test_a_date_after_the_last_post_opens_the_last_one(self, client, topic_of_45):
        topic, posts = topic_of_45
        url = topic.get_absolute_url()
        response = client.get(f"{url}?date=2999-01-01")
        assert response["Location"] == f"{url}?page=3#post-{posts[-1].pk}"

    def test_the_timeline_links_first_here_and_last(self, client, topic_of_45):
        topic, posts = topic_of_45
        url = topic.get_absolute_url()

        html = html_of(client, f"{url}?page=2")

        timeline = html[html.index('<nav class="topic-timeline"') :]
        timeline = timeline[: timeline.index("</nav>")]
        assert f'href="{url}"' in timeline
        assert (
            f'class="topic-timeline__handle topic-timeline__handle--9" href="#post-{posts[19].pk}"'
            in timeline
        )
        assert f'href="{url}?page=3#post-{posts[-1].pk}"' in timeline
        assert 'data-label="Message {rank} sur {total}"' in timeline


class TestATopicOfTwoPages:
    """Tests that read one topic of 26 posts, written once for them all (`topic_of_26_once`)."""

    def test_the_first_page_has_one_url_and_pages_that_are_none_are_not_found(
        self, client, topic_of_26
    ):
        topic, _replies = topic_of_26
        url = topic.get_absolute_url()

        response = client.get(f"{url}?page=1")
        assert response.status_code == 301 and response["Location"] == url
        for page in ("3", "0", "-1", "abc", "1.5", "99999999999", "²"):
            assert client.get(f"{url}?page={page}").status_code == 404, page

    @pytest.mark.parametrize(
        "value", ["0001-01-01", "9999-12-31", "2025-02-30", "%00", "x" * 300, ""]
    )
    def test_any_date_answers_a_page_or_a_clear_refusal(self, client, topic_of_26, value):
        topic, _replies = topic_of_26
        response = client.get(topic.get_absolute_url(), {"date": value})
        assert response.status_code in (302, 400), (value, response.status_code)

    def test_a_bad_date_is_refused_with_a_message(self, client, topic_of_26):
        topic, _replies = topic_of_26
        response = client.get(f"{topic.get_absolute_url()}?date=demain")
        assert response.status_code == 400
        html = response.content.decode()
        assert "Indiquez une date comme" in html
        assert f'href="{topic.get_absolute_url()}"' in html

    def test_the_date_form_works_without_javascript(self, client, topic_of_26):
        topic, _replies = topic_of_26
        html = html_of(client, topic.get_absolute_url())
        assert (
            f'<form class="topic-nav__date" method="get" action="{topic.get_absolute_url()}">'
            in html
        )
        assert '<input type="date" id="topic-date" name="date" required' in html


def pages(current, count):
    page = PostPage(posts=[], previous_url="", next_url="", number=current, page_count=count)
    return [link.number for link in pager(Topic(pk=1, slug="s"), page)]


def test_the_pager_window_with_gaps():
    assert pages(250, 500) == [1, None, 248, 249, 250, 251, 252, None, 500]
    assert pages(1, 500) == [1, 2, 3, None, 500]
    assert pages(4, 9) == [1, 2, 3, 4, 5, 6, None, 9]  # one number left out is shown
    assert pages(500, 500) == [1, None, 498, 499, 500]
    assert pages(1, 1) == []
    assert PageLink(3, "/forum/t/1-s/?page=3") in pager(
        Topic(pk=1, slug="s"), PostPage([], "", "", number=2, page_count=3)
    )


# --- The timeline ---------------------------------------------------------------------------


def test_a_single_page_has_no_timeline_nor_pager(client, topic):
    fill(topic, 5)
    html = html_of(client, topic.get_absolute_url())
    assert 'class="topic-timeline"' not in html and "topic-pager" not in html
    assert "topic-nav" not in html, "no position nor date jump on a single page"


# --- Cost: page 500 costs what page 1 does --------------------------------------------------


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in queries.captured_queries]


def test_every_page_costs_the_same_queries_in_a_short_and_a_long_topic(client, settings):
    settings.KIOSQUE_PAGE_CACHE = False
    member = Client()
    member.force_login(UserFactory())
    # Both topics are read by each reader in turn: written once, in bulk, for both.
    readers = {"anonymous": client, "member": member}
    counts = {}
    for size in (60, 3000):
        topic = bulk_topic(size)
        url = topic.get_absolute_url()
        last = (size - 1) // 20 + 1
        for reader, reading in readers.items():
            for name, page in (("first", url), ("middle", f"{url}?page={max(2, last // 2)}")):
                counts[reader, size, name] = queries_of(reading, page)
            counts[reader, size, "last"] = queries_of(reading, f"{url}?page={last}")
    for reader in readers:
        for name in ("first", "middle", "last"):
            short, long = counts[reader, 60, name], counts[reader, 3000, name]
            assert len(short) == len(long), (reader, name, len(short), len(long))
            assert not any("OFFSET" in sql.upper() for sql in long)
        assert len(counts[reader, 3000, "last"]) <= (5 if reader == "anonymous" else 18)

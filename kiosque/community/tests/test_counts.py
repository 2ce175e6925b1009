"""Counters that every page reads, the command that checks them, and pages of a long topic."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Category, Post, Topic
from kiosque.community.tests.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db


def check_counts(*args):
    out = StringIO()
    call_command("check_counts", *args, stdout=out)
    return out.getvalue()


# --- kiosque check-counts ---------------------------------------------------------------------


@pytest.fixture
def discussion(member):
    topic = TopicFactory()
    first = actions.post_reply(topic, author=member, source="Un.")
    second = actions.post_reply(topic, author=UserFactory(), source="Deux.")
    actions.like_post(second, user=member)
    return topic, first, second


def test_check_counts_is_quiet_when_everything_matches(discussion):
    assert "Every counter matches its rows." in check_counts()


def test_check_counts_reports_drift_and_fails(discussion):
    topic, first, second = discussion
    Topic.objects.filter(pk=topic.pk).update(post_count=9, last_post=first)
    Post.objects.filter(pk=second.pk).update(like_count=4)

    with pytest.raises(CommandError) as failed:
        check_counts()

    assert failed.value.returncode == 1
    drifts = [str(drift) for drift in actions.recount(repair=False)]
    assert f"topic {topic.pk}: post_count 9, should be 2" in drifts
    assert f"topic {topic.pk}: last_post {first.pk}, should be {second.pk}" in drifts
    assert f"post {second.pk}: like_count 4, should be 1" in drifts
    assert Topic.objects.get(pk=topic.pk).post_count == 9, "a check alone writes nothing"


def test_check_counts_prints_each_drift(discussion):
    topic, _first, _second = discussion
    Topic.objects.filter(pk=topic.pk).update(post_count=9)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_counts", stdout=out)
    assert out.getvalue().splitlines() == [f"topic {topic.pk}: post_count 9, should be 2"]


def test_check_counts_repairs_drift(discussion):
    topic, first, second = discussion
    Topic.objects.filter(pk=topic.pk).update(
        post_count=0, last_post=None, last_posted_at=timezone.now() - timedelta(days=3)
    )
    Post.objects.filter(pk=first.pk).update(like_count=2)

    output = check_counts("--repair")

    assert "Repaired 4 counter(s)." in output
    stored = Topic.objects.get(pk=topic.pk)
    assert stored.post_count == 2
    assert stored.last_post == second
    assert stored.last_posted_at == second.created_at
    assert Post.objects.get(pk=first.pk).like_count == 0
    assert "Every counter matches its rows." in check_counts()


def test_a_topic_whose_posts_are_all_gone_has_no_last_post(member):
    topic = TopicFactory()
    post = actions.post_reply(topic, author=member, source="Seul.")
    Post.objects.filter(pk=post.pk).update(moderation="hidden")

    check_counts("--repair")

    stored = Topic.objects.get(pk=topic.pk)
    assert (stored.post_count, stored.last_post, stored.last_posted_at) == (0, None, None)


# --- pages of a long topic ------------------------------------------------------------------------

POSTS_IN_LONG_TOPIC = 5000


@pytest.fixture
def long_topic():
    """A topic with 5,000 posts, one a minute, the 10th of them hidden."""
    topic = TopicFactory()
    author = UserFactory()
    start = timezone.now() - timedelta(days=10)
    Post.objects.bulk_create(
        Post(
            topic=topic,
            author=author,
            source=f"Message {n}",
            html=f"<p>Message {n}</p>",
            created_at=start + timedelta(minutes=n),
            moderation="hidden" if n == 10 else "shown",
        )
        for n in range(POSTS_IN_LONG_TOPIC)
    )
    return topic


def sources(posts):
    return [post.source for post in posts]


def test_the_tail_of_a_long_topic_is_its_latest_posts_oldest_first(long_topic):
    with CaptureQueriesContext(connection) as queries:
        tail = list(Post.objects.for_display().tail_of(long_topic, 20))
        authors = {post.author.username for post in tail}

    assert sources(tail) == [f"Message {n}" for n in range(4980, 5000)]
    assert len(authors) == 1
    assert len(queries) == 1
    assert "OFFSET" not in queries[0]["sql"].upper()


def test_pages_after_and_before_a_post_skip_hidden_posts(long_topic):
    anchor = Post.objects.get(topic=long_topic, source="Message 8")
    with CaptureQueriesContext(connection) as queries:
        after = list(Post.objects.after(long_topic, anchor.pk, 3))
        before = list(Post.objects.before(long_topic, anchor.pk, 3))

    assert sources(after) == ["Message 9", "Message 11", "Message 12"]
    assert sources(before) == ["Message 5", "Message 6", "Message 7"]
    assert len(queries) == 2
    assert not any("OFFSET" in query["sql"].upper() for query in queries)


def test_paging_to_the_end_of_a_long_topic(long_topic):
    last = Post.objects.filter(topic=long_topic).order_by("-created_at").first()
    assert list(Post.objects.after(long_topic, last.pk, 20)) == []
    before = Post.objects.before(long_topic, last.pk, 2)
    assert sources(before) == ["Message 4997", "Message 4998"]


def test_posts_at_the_same_instant_are_paged_by_id(member):
    topic = TopicFactory()
    at = timezone.now()
    posts = [
        actions.post_reply(topic, author=UserFactory(), source=f"{n}", at=at) for n in range(4)
    ]

    assert list(Post.objects.after(topic, posts[1].pk, 5)) == posts[2:]
    assert list(Post.objects.before(topic, posts[2].pk, 5)) == posts[:2]
    assert list(Post.objects.tail_of(topic, 3)) == posts[1:]


def test_an_unknown_anchor_gives_an_empty_page(long_topic):
    assert list(Post.objects.after(long_topic, 10**9, 5)) == []
    assert list(Post.objects.before(long_topic, 10**9, 5)) == []


def test_replies_are_shown_with_the_post_they_answer_in_one_query(
    member, django_assert_num_queries
):
    topic = TopicFactory()
    previous = None
    for n in range(5):
        previous = actions.post_reply(
            topic, author=UserFactory(), source=f"Réponse {n}", reply_to=previous
        )
    with django_assert_num_queries(1):
        names = [
            (post.author.username, post.reply_to.author.username if post.reply_to else None)
            for post in Post.objects.for_display().tail_of(topic, 10)
        ]
    assert len(names) == 5


# --- listings -----------------------------------------------------------------------------------


def test_a_topic_list_reads_in_one_query(member, django_assert_num_queries):
    category = CategoryFactory()
    for n in range(5):
        topic = actions.start_topic(
            author=UserFactory(), category=category, title=f"Sujet {n}", source="Texte."
        )
        actions.post_reply(topic, author=UserFactory(), source="Réponse.")

    with django_assert_num_queries(1):
        rows = [
            (t.category.name, t.author.username, t.last_post.author.username, t.post_count)
            for t in Topic.objects.visible().for_listing().filter(category=category)
        ]
    assert len(rows) == 5
    assert all(count == 2 for *_names, count in rows)


def test_topics_without_posts_come_after_active_ones(member):
    category = CategoryFactory()
    quiet = TopicFactory(category=category)
    active = TopicFactory(category=category)
    actions.post_reply(active, author=member, source="Animé.")
    assert list(Topic.objects.filter(category=category)) == [active, quiet]


def test_category_counts_leave_out_hidden_topics(member):
    category = CategoryFactory()
    shown = TopicFactory(category=category)
    actions.post_reply(shown, author=member, source="Un.")
    actions.post_reply(shown, author=UserFactory(), source="Deux.")
    hidden = TopicFactory(category=category)
    actions.post_reply(hidden, author=member, source="Trois.")
    Topic.objects.filter(pk=hidden.pk).update(is_hidden=True)

    counted = Category.objects.with_counts().get(pk=category.pk)
    assert (counted.topic_count, counted.visible_post_count) == (1, 2)

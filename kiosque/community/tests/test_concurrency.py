"""Members posting at the same moment: no lost post, no duplicate, exact counters.

Real threads, real transactions, on SQLite and on PostgreSQL alike (the suite runs on both).
Every thread waits at a barrier, so that their writes collide.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions, view_counts
from kiosque.community.models import Like, Notification, Post, Topic
from kiosque.community.tests.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = 6
REPLIES_EACH = 8
# Generous: only a deadlock or a lost wake-up would take this long.
JOIN_SECONDS = 120


def run_together(work: list[Callable[[], object]]) -> list[BaseException]:
    """Run each callable in its own thread, all released at once; the errors they raised."""
    barrier = threading.Barrier(len(work))
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            job()
        except BaseException as error:  # handed to the test, which fails with it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return errors


def counters_are_exact() -> str:
    out = StringIO()
    call_command("check_counts", stdout=out)  # raises CommandError on any drift
    return out.getvalue()


def test_members_replying_at_once_to_one_topic_lose_no_post_and_keep_exact_counts():
    topic = TopicFactory()
    # Regulars: a new member's limits would refuse replies this fast.
    members = [UserFactory(regular=True) for _ in range(MEMBERS)]

    def replies_of(member):
        def post_replies() -> None:
            for n in range(REPLIES_EACH):
                actions.post_reply(topic, author=member, source=f"{member.username}, réponse {n}")

        return post_replies

    errors = run_together([replies_of(member) for member in members])

    assert errors == []
    assert Post.objects.filter(topic=topic).count() == MEMBERS * REPLIES_EACH
    stored = Topic.objects.get(pk=topic.pk)
    assert stored.post_count == MEMBERS * REPLIES_EACH
    latest = Post.objects.filter(topic=topic).order_by("-created_at", "-id").first()
    assert stored.last_post == latest
    assert "Every counter matches its rows." in counters_are_exact()


def test_replies_that_quote_each_other_at_once_notify_everyone_once():
    topic = TopicFactory()
    members = [UserFactory() for _ in range(MEMBERS)]
    opening = actions.post_reply(topic, author=members[0], source="Qui vient samedi ?")

    def answer(member):
        return lambda: actions.post_reply(
            topic, author=member, source=f"Moi ! (@{members[0].username})", reply_to=opening
        )

    errors = run_together([answer(member) for member in members[1:]])

    assert errors == []
    notified = Notification.objects.filter(recipient=members[0])
    assert notified.count() == MEMBERS - 1
    assert set(notified.values_list("kind", flat=True)) == {Notification.Kind.REPLY}
    assert "Every counter matches its rows." in counters_are_exact()


def test_the_same_reply_sent_several_times_at_once_is_stored_once():
    topic = TopicFactory()
    member = UserFactory()
    at = timezone.now()

    errors = run_together(
        [
            lambda: actions.post_reply(topic, author=member, source="Envoyé trois fois.", at=at)
            for _ in range(3)
        ]
    )

    assert errors == []
    assert Post.objects.filter(topic=topic).count() == 1
    assert Topic.objects.get(pk=topic.pk).post_count == 1


def test_the_same_new_topic_sent_several_times_at_once_opens_one_topic():
    category = CategoryFactory()
    member = UserFactory()
    at = timezone.now()

    def start(delay: int) -> Callable[[], object]:
        return lambda: actions.start_topic(
            author=member,
            category=category,
            title="Quel écran ?",
            source="Vos conseils ?",
            at=at + timedelta(seconds=delay),
        )

    errors = run_together([start(delay) for delay in range(4)])

    assert errors == []
    assert Topic.objects.filter(category=category).count() == 1
    assert Post.objects.count() == 1
    assert "Every counter matches its rows." in counters_are_exact()


def test_members_liking_one_post_at_once_are_all_counted():
    post = actions.post_reply(TopicFactory(), author=UserFactory(), source="Aimez-moi.")
    members = [UserFactory() for _ in range(MEMBERS)]

    errors = run_together([lambda m=m: actions.like_post(post, user=m) for m in members])

    assert errors == []
    assert Post.objects.get(pk=post.pk).like_count == MEMBERS == Like.objects.count()
    assert "Every counter matches its rows." in counters_are_exact()


def test_views_counted_from_many_threads_are_all_written():
    topics = [TopicFactory(), TopicFactory()]
    views_each = 500

    def read(topic: Topic) -> Callable[[], None]:
        def count() -> None:
            for _ in range(views_each):
                view_counts.count_view(topic.pk)

        return count

    errors = run_together([read(topic) for topic in topics for _ in range(4)])

    assert errors == []
    assert view_counts.pending() == {topic.pk: 4 * views_each for topic in topics}
    assert view_counts.flush() == 8 * views_each
    assert [Topic.objects.get(pk=t.pk).view_count for t in topics] == [4 * views_each] * 2
    assert view_counts.pending() == {}

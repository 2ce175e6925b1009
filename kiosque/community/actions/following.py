"""Following: the levels a member sets on topics and categories, the levels posting sets, what
watchers are told of a new post, and marking everything read.

Levels and reading marks are the member's own: no shared page shows them (they live in
personal blocks), so these actions announce nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from kiosque.accounts.models import User

from .. import following, tasks
from ..models import (
    Category,
    CategoryFollow,
    FollowLevel,
    Notification,
    Post,
    Topic,
    TopicFollow,
    TopicVisit,
)

# New posts in a watched topic are mailed together when they come this close: the first one
# waits this long for the next ones, then one e-mail tells them all.
WATCHED_MAIL_DELAY = timedelta(minutes=5)


@transaction.atomic
def set_topic_level(*, by: User, topic: Topic, level: FollowLevel) -> bool:
    """Set `by`'s level for `topic` (overriding its category's). Returns whether it changed."""
    changed = TopicFollow.objects.filter(user=by, topic=topic).exclude(level=level)
    if changed.update(level=level, set_at=timezone.now()):
        return True
    _follow, created = TopicFollow.objects.get_or_create(
        user=by, topic=topic, defaults={"level": level}
    )
    return created


@transaction.atomic
def set_category_level(*, by: User, category: Category, level: FollowLevel) -> bool:
    """Set `by`'s level for every topic of `category` without a level of its own. Returns
    whether it changed."""
    changed = CategoryFollow.objects.filter(user=by, category=category).exclude(level=level)
    if changed.update(level=level, set_at=timezone.now()):
        return True
    _follow, created = CategoryFollow.objects.get_or_create(
        user=by, category=category, defaults={"level": level}
    )
    return created


def follow_after_posting(*, by: User, topic: Topic, started: bool) -> None:
    """Give `topic` the level `by` chose for the topics they start or reply to (their settings;
    watching and tracking by default), inside the posting's transaction.

    Never over a level they set themselves (a muted topic stays muted), nor below what its
    category already gives (replying in a watched category keeps the topic watched).
    """
    wanted = by.follow_on_create if started else by.follow_on_reply
    if TopicFollow.objects.filter(user=by, topic=topic).exists():
        return
    category_level = (
        CategoryFollow.objects.filter(user=by, category_id=topic.category_id)
        .values_list("level", flat=True)
        .first()
    )
    if wanted <= (category_level if category_level is not None else FollowLevel.NORMAL):
        return
    TopicFollow.objects.bulk_create(
        [TopicFollow(user=by, topic=topic, level=wanted)], ignore_conflicts=True
    )


def with_followers(
    post: Post, recipients: dict[int, Notification.Kind], *, is_new_post: bool
) -> dict[int, Notification.Kind]:
    """Whom to notify of `post`: `recipients` (answered, quoted, mentioned), plus the topic's
    watchers for a new post (a reply, quote or mention says more: it wins), less the members
    who muted the topic or its category. Two queries, whatever the number of watchers."""
    topic = post.topic
    notified = dict(recipients)
    if is_new_post:
        for user_id in following.watchers_of(topic):
            notified.setdefault(user_id, Notification.Kind.WATCHING)
    muted = following.muted_among(topic, notified)
    return {pk: kind for pk, kind in notified.items() if pk not in muted}


def mail_watched_later(post: Post) -> None:
    """Once committed, have the worker mail the watchers of `post`'s topic who want it, in
    WATCHED_MAIL_DELAY: the posts that come meanwhile go in the same e-mail."""
    task = tasks.mail_watched_posts
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + WATCHED_MAIL_DELAY)
    transaction.on_commit(partial(task.enqueue, post_id=post.pk), robust=True)


@transaction.atomic
def mark_all_read(*, by: User, category: Category | None = None, at: datetime | None = None) -> int:
    """Mark every topic `by` has posts to read in as read up to its last post, and no topic
    as new any more: in `category`, or everywhere. Returns how many topics were marked.

    Everywhere, topics created until now stop being new by one date on the member
    (`new_topics_since`); in one category, its new topics get a reading mark each (one INSERT).
    A topic marked so without being opened is not counted as a view when it is opened.
    """
    at = at or timezone.now()
    topics = Topic.objects.visible(at=at)
    if category is not None:
        topics = topics.filter(category=category)
    last_post = Topic.objects.filter(pk=OuterRef("topic_id")).values("last_post_id")[:1]
    marked = TopicVisit.objects.filter(
        user=by,
        topic__in=topics.values("pk"),
        last_read_post_id__lt=Subquery(last_post),
    ).update(last_read_post_id=Subquery(last_post), visited_at=at)
    new = following.new_topics(by, at=at)
    if category is None:
        marked += new.count()
        User.objects.filter(pk=by.pk).update(new_topics_since=at)
        by.new_topics_since = at
    else:
        visits = [
            TopicVisit(user=by, topic_id=pk, last_read_post_id=last or 0, visited_at=at)
            for pk, last in new.filter(category=category).values_list("pk", "last_post_id")
        ]
        TopicVisit.objects.bulk_create(visits, ignore_conflicts=True)
        marked += len(visits)
    Notification.objects.filter(
        recipient=by, kind=Notification.Kind.WATCHING, read_at__isnull=True
    ).filter(post__topic__in=topics.values("pk")).update(read_at=at)
    return marked


def read_watched_posts(*, by: User, topic: Topic, up_to_post_id: int, at: datetime) -> None:
    """The member read `topic` up to `up_to_post_id`: the notifications of new posts in it
    that they watch, up to there, are read too (one UPDATE)."""
    Notification.objects.filter(
        recipient=by,
        kind=Notification.Kind.WATCHING,
        read_at__isnull=True,
        post__topic=topic,
        post_id__lte=up_to_post_id,
    ).update(read_at=at)


__all__ = [
    "follow_after_posting",
    "mail_watched_later",
    "mark_all_read",
    "read_watched_posts",
    "set_category_level",
    "set_topic_level",
    "with_followers",
]

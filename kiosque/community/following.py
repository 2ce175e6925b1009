"""What a member follows, and what is unread or new to them: the reads of following.

Levels are Discourse's (`models.FollowLevel`): a topic's own level, when the member set one
(or starting or replying to it did), else its category's, else NORMAL. Unread counts are shown
for topics the member tracks or watches: the visible posts of others after their reading mark
(`TopicVisit.last_read_post_id`). A topic is new to a member while they never opened it, it was
created since their "new since" moment (`new_since`) and they did not mute it.

Every list costs the same few queries whatever its length: one for the member's visits of the
topics shown, with their unread counts, and one for the levels of those topics and of their
categories (`topic_marks`). The personal blocks of shared pages read them through the
preparers below (`pagecache/personal.py: PREPARERS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from kiosque.accounts.models import User

from .models import CategoryFollow, FollowLevel, Post, Topic, TopicFollow, TopicVisit

# Discourse's default: a topic stays new for two days, unless the member opens it first.
NEW_TOPIC_DAYS = 2
# The forum index's "Latest topics": a screenful, the rest is in the categories.
LATEST_TOPICS = 20
# The words of the forms and URLs, for the numbers stored.
LEVEL_NAMES: dict[str, FollowLevel] = {
    "watching": FollowLevel.WATCHING,
    "tracking": FollowLevel.TRACKING,
    "normal": FollowLevel.NORMAL,
    "muted": FollowLevel.MUTED,
}


@dataclass(frozen=True)
class Marks:
    """What a topic row shows the member: their level, the posts they have not read (counted
    only when they track or watch it), whether the topic is new to them."""

    level: int = FollowLevel.NORMAL
    unread: int = 0
    is_new: bool = False

    @property
    def shows_unread(self) -> bool:
        return self.level >= FollowLevel.TRACKING and self.unread > 0


def level_name(level: int) -> str:
    """The word of a level (`LEVEL_NAMES`), for forms and templates."""
    return next(name for name, number in LEVEL_NAMES.items() if number == level)


def new_since(user: User, *, at: datetime | None = None) -> datetime:
    """From when a topic created is new to `user`: NEW_TOPIC_DAYS ago, or later if they joined
    since or marked everything read since (`mark_all_read`)."""
    at = at or timezone.now()
    moments = [at - timedelta(days=NEW_TOPIC_DAYS), user.date_joined]
    if user.new_topics_since is not None:
        moments.append(user.new_topics_since)
    return max(moments)


# --- Levels -------------------------------------------------------------------------------------


def level_expression(user: User, *, topic: Any = None) -> Coalesce:
    """The member's level for a topic (by default the row of a Topic QuerySet) as an expression:
    the topic's own, else its category's, else NORMAL."""
    topic_ref = topic if topic is not None else OuterRef("pk")
    category_ref = OuterRef("category_id") if topic is None else OuterRef(f"{topic}__category_id")
    own = TopicFollow.objects.filter(user=user, topic=topic_ref).values("level")[:1]
    of_category = CategoryFollow.objects.filter(user=user, category=category_ref).values("level")
    return Coalesce(
        Subquery(own),
        Subquery(of_category[:1]),
        Value(int(FollowLevel.NORMAL)),
        output_field=IntegerField(),
    )


def levels_of(
    user: User, *, topic_ids: Iterable[int] = (), category_ids: Iterable[int] = ()
) -> tuple[dict[int, int], dict[int, int]]:
    """The levels `user` set on these topics and categories, in one query:
    ({topic id: level}, {category id: level}); a missing one is the default."""
    topic_ids, category_ids = list(topic_ids), list(category_ids)
    if not user.is_authenticated or not (topic_ids or category_ids):
        return {}, {}
    topics = TopicFollow.objects.filter(user=user, topic_id__in=topic_ids).values_list(
        "topic_id", "level", Value(0)
    )
    categories = CategoryFollow.objects.filter(user=user, category_id__in=category_ids).values_list(
        "category_id", "level", Value(1)
    )
    by_topic: dict[int, int] = {}
    by_category: dict[int, int] = {}
    for pk, level, is_category in topics.order_by().union(categories.order_by(), all=True):
        (by_category if is_category else by_topic)[pk] = level
    return by_topic, by_category


def effective_level(topic_level: int | None, category_level: int | None) -> int:
    """A topic's level wins over its category's; NORMAL when neither was set."""
    if topic_level is not None:
        return topic_level
    return category_level if category_level is not None else int(FollowLevel.NORMAL)


def watchers_of(topic: Topic) -> list[int]:
    """Ids of the members who watch `topic`, by its own level or its category's (one query)."""
    own = TopicFollow.objects.filter(topic=topic)
    by_category = CategoryFollow.objects.filter(
        category_id=topic.category_id, level=FollowLevel.WATCHING
    ).exclude(user__in=own.values("user"))
    watching = own.filter(level=FollowLevel.WATCHING).values_list("user_id", flat=True)
    return list(watching.order_by().union(by_category.values_list("user_id", flat=True)))


def muted_among(topic: Topic, user_ids: Iterable[int]) -> set[int]:
    """Which of `user_ids` muted `topic`, or its category without a level of the topic's own."""
    user_ids = list(user_ids)
    if not user_ids:
        return set()
    own = TopicFollow.objects.filter(topic=topic, user_id__in=user_ids)
    muted_topic = own.filter(level=FollowLevel.MUTED).values_list("user_id", flat=True)
    muted_category = (
        CategoryFollow.objects.filter(
            category_id=topic.category_id, level=FollowLevel.MUTED, user_id__in=user_ids
        )
        .exclude(user__in=own.values("user"))
        .values_list("user_id", flat=True)
    )
    return set(muted_topic.order_by().union(muted_category.order_by()))


# --- Unread and new -------------------------------------------------------------------------------


def unread_count_expression(user: User, *, topic: Any, after: Any) -> Coalesce:
    """How many visible posts of others follow the reading mark `after` in `topic` (both
    expressions), seeking the (topic, id) index."""
    count = (
        Post.objects.visible()
        .filter(topic=topic, pk__gt=after)
        .exclude(author=user)
        .order_by()
        .values("topic")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(count), 0)


def topic_marks(
    user: User, topics: Sequence[tuple[int, int, datetime]], *, at: datetime | None = None
) -> dict[int, Marks]:
    """The marks of the topics shown, given as (topic id, category id, created at): two
    queries whatever their number (the visits with their unread counts; the levels)."""
    if not user.is_authenticated or not topics:
        return {}
    topic_ids = [topic_id for topic_id, _category, _created in topics]
    visits = dict(
        TopicVisit.objects.filter(user=user, topic_id__in=topic_ids)
        .annotate(
            unread=unread_count_expression(
                user, topic=OuterRef("topic_id"), after=OuterRef("last_read_post_id")
            )
        )
        .values_list("topic_id", "unread")
    )
    by_topic, by_category = levels_of(
        user, topic_ids=topic_ids, category_ids={category for _t, category, _c in topics}
    )
    since = new_since(user, at=at)
    marks = {}
    for topic_id, category_id, created_at in topics:
        level = effective_level(by_topic.get(topic_id), by_category.get(category_id))
        is_new = topic_id not in visits and created_at >= since and level != FollowLevel.MUTED
        marks[topic_id] = Marks(level=level, unread=visits.get(topic_id, 0), is_new=is_new)
    return marks


def unread_topics(user: User) -> QuerySet[Topic]:
    """The visible topics `user` tracks or watches with posts of others they have not read,
    latest activity first, each with `unread_count` and `follow_level`."""
    visit = TopicVisit.objects.filter(user=user, topic=OuterRef("pk"))
    return (
        Topic.objects.visible()
        .filter(Exists(visit.filter(last_read_post_id__lt=OuterRef("last_post_id"))))
        .annotate(
            follow_level=level_expression(user),
            read_up_to=Subquery(visit.values("last_read_post_id")[:1]),
        )
        .annotate(
            unread_count=unread_count_expression(
                user, topic=OuterRef("pk"), after=OuterRef("read_up_to")
            )
        )
        .filter(follow_level__gte=FollowLevel.TRACKING, unread_count__gt=0)
        .for_listing()
        .order_by(F("last_posted_at").desc(nulls_last=True), "-pk")
    )


def new_topics(user: User, *, at: datetime | None = None) -> QuerySet[Topic]:
    """The visible topics new to `user` (never opened, created since `new_since`, not muted),
    newest first, each with `follow_level`."""
    visited = TopicVisit.objects.filter(user=user, topic=OuterRef("pk"))
    return (
        Topic.objects.visible(at=at)
        .filter(~Exists(visited), created_at__gte=new_since(user, at=at))
        .annotate(follow_level=level_expression(user))
        .exclude(follow_level=FollowLevel.MUTED)
        .for_listing()
        .order_by("-created_at", "-pk")
    )


def latest_topics(limit: int = LATEST_TOPICS) -> list[Topic]:
    """The visible topics with the latest activity across categories, for everyone (one query,
    the `topic_latest` index)."""
    topics = Topic.objects.visible().filter(last_posted_at__isnull=False).for_listing()
    return list(topics.order_by("-last_posted_at", "-pk")[:limit])


# --- Personal blocks (pagecache/personal.py: PREPARERS) ------------------------------------------


def prepare_marks(request: HttpRequest, blocks: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """`topic_marks`: {topic id: Marks} for the topic rows of a page (two queries)."""
    user = request.user
    if not isinstance(user, User):
        return {"topic_marks": {}}
    rows = []
    for block in blocks:
        try:
            created = datetime.fromtimestamp(int(block["created"]), tz=UTC)
            rows.append((int(block["topic"]), int(block["category"]), created))
        except (KeyError, TypeError, ValueError):
            continue
    return {"topic_marks": topic_marks(user, rows)}


def prepare_levels(request: HttpRequest, blocks: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """`follow_levels`: the member's levels of the topics and categories the follow controls
    of a page name, {"topic": {id: level}, "category": {id: level}} (one query)."""
    user = request.user
    if not isinstance(user, User):
        return {"follow_levels": {"topic": {}, "category": {}}}
    topic_ids = [b["topic"] for b in blocks if isinstance(b.get("topic"), int)]
    category_ids = [b["category"] for b in blocks if isinstance(b.get("category"), int)]
    by_topic, by_category = levels_of(user, topic_ids=topic_ids, category_ids=category_ids)
    return {"follow_levels": {"topic": by_topic, "category": by_category}}

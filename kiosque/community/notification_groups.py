"""A member's notifications as they read them: grouped, newest first, in a fixed number of queries.

Likes of one post make one line ("Zéphyrine et 7 autres ont aimé votre message"), and so do
new posts in one watched topic; every other notification is a line of its own. Groups are made
by the database (one GROUP BY over the member's notifications, paginated), then the newest
notification of each group on the page is read with what its line shows (actor, post, topic):
two queries for a page of groups, and a count for the pager, however many notifications there
are. A group is unread while any of its notifications is; opening it reads them all
(`actions.notifying.open_notification`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Case, Count, F, Max, Min, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kiosque.accounts.models import User

from .models import Notification, visible_post

Kind = Notification.Kind

# Likes are grouped by the post liked, new posts of a watched topic by their topic.
GROUPED_BY_POST: frozenset[str] = frozenset({Kind.LIKE})
GROUPED_BY_TOPIC: frozenset[str] = frozenset({Kind.WATCHING})
# The bell's dropdown shows this many lines; the full page pages by PER_PAGE.
MENU_SIZE = 10
PER_PAGE = 30
# Enough of a post to recognise it on one or two lines; read from the stored HTML's start.
EXCERPT_CHARS = 140
_EXCERPT_SOURCE_CHARS = 1200


@dataclass(frozen=True)
class Filter:
    """One choice of the full page's filters: its slug in the URL, its label, its rows."""

    slug: str
    label: Any  # a lazy translation
    kinds: frozenset[str] = frozenset()
    unread_only: bool = False


FILTERS: tuple[Filter, ...] = (
    Filter("", pgettext_lazy("notifications", "All")),
    Filter("non-lues", pgettext_lazy("notifications", "Unread"), unread_only=True),
    Filter("reponses", _("Replies"), frozenset({Kind.REPLY})),
    Filter("mentions", _("Mentions"), frozenset({Kind.MENTION})),
    Filter("citations", _("Quotes"), frozenset({Kind.QUOTE})),
    Filter("aime", _("Likes"), frozenset({Kind.LIKE})),
    Filter("suivis", _("Watched topics"), frozenset({Kind.WATCHING})),
    Filter("rappels", _("Reminders"), frozenset({Kind.REMINDER})),
    Filter("avis", _("From the site"), frozenset({Kind.NOTICE})),
)
FILTERS_BY_SLUG = {choice.slug: choice for choice in FILTERS}


@dataclass(frozen=True)
class Group:
    """One line of the member's notifications: the newest notification of the group, and how
    many there are, from how many members, whether any is unread."""

    latest: Notification
    size: int
    actor_count: int
    unread: bool

    @property
    def pk(self) -> int:
        return self.latest.pk

    @property
    def kind(self) -> str:
        return self.latest.kind

    @property
    def actor(self) -> User | None:
        return self.latest.actor

    @property
    def others(self) -> int:
        """How many other members than the newest acted in the group."""
        return max(self.actor_count - 1, 0)

    @property
    def excerpt(self) -> str:
        """The beginning of the post the line is about, as plain text."""
        html = getattr(self.latest, "excerpt_html", "") or ""
        return Truncator(strip_tags(html).strip()).chars(EXCERPT_CHARS)

    @property
    def summary(self) -> str:
        """What happened, in a sentence of the current language."""
        latest = self.latest
        if latest.kind == Kind.NOTICE:
            return latest.summary
        post = latest.post
        title = post.topic.title if post is not None else ""
        if latest.kind == Kind.REMINDER:
            return gettext("Reminder: the message you bookmarked in “%(title)s”") % {"title": title}
        name = latest.actor.public_name if latest.actor is not None else gettext("someone")
        values = {"name": name, "title": title, "count": self.others}
        if latest.kind == Kind.LIKE:
            if not self.others:
                return gettext("%(name)s liked your message in “%(title)s”") % values
            return (
                ngettext(
                    "%(name)s and %(count)s other liked your message in “%(title)s”",
                    "%(name)s and %(count)s others liked your message in “%(title)s”",
                    self.others,
                )
                % values
            )
        if latest.kind == Kind.WATCHING:
            if not self.others:
                if self.size > 1:
                    return ngettext(
                        "%(name)s wrote %(size)s messages in “%(title)s”",
                        "%(name)s wrote %(size)s messages in “%(title)s”",
                        self.size,
                    ) % {**values, "size": self.size}
                return gettext("%(name)s wrote in “%(title)s”") % values
            return (
                ngettext(
                    "%(name)s and %(count)s other wrote in “%(title)s”",
                    "%(name)s and %(count)s others wrote in “%(title)s”",
                    self.others,
                )
                % values
            )
        if latest.kind == Kind.REPLY:
            return gettext("%(name)s replied to your message in “%(title)s”") % values
        if latest.kind == Kind.QUOTE:
            return gettext("%(name)s quoted you in “%(title)s”") % values
        return gettext("%(name)s mentioned you in “%(title)s”") % values


def shown_to(member: User) -> QuerySet[Notification]:
    """`member`'s notifications the bell may show: those whose post was hidden or deleted since
    are left out, as from the bell's count (`Notification.objects.unread_for`)."""
    return Notification.objects.filter(Q(post__isnull=True) | visible_post(via="post__")).filter(
        recipient=member
    )


def group_key_of(notification: Notification) -> Q:
    """The notifications of the same group as `notification` (the same recipient)."""
    same = Q(recipient_id=notification.recipient_id, kind=notification.kind)
    if notification.kind in GROUPED_BY_POST and notification.post_id is not None:
        return same & Q(post_id=notification.post_id)
    if notification.kind in GROUPED_BY_TOPIC and notification.post is not None:
        return same & Q(post__topic_id=notification.post.topic_id)
    return Q(pk=notification.pk)


def grouped(notifications: QuerySet[Notification]) -> QuerySet[Any]:
    """One row per group of `notifications`, newest group first: the newest notification's id
    (`latest_id`), its time, the group's size, its actors' count, its unread count (one query).
    """
    grouped_kinds = GROUPED_BY_POST | GROUPED_BY_TOPIC
    number = models.BigIntegerField()
    return (
        notifications.order_by()
        .annotate(
            # 0, not NULL, where a column does not apply: every database groups 0 with 0.
            solo=Case(
                When(kind__in=grouped_kinds, then=Value(0)), default=F("pk"), output_field=number
            ),
            group_post=Case(
                When(kind__in=GROUPED_BY_POST, then=F("post_id")),
                default=Value(0),
                output_field=number,
            ),
            group_topic=Case(
                When(kind__in=GROUPED_BY_TOPIC, then=F("post__topic_id")),
                default=Value(0),
                output_field=number,
            ),
        )
        .values("kind", "solo", "group_post", "group_topic")
        .annotate(
            latest_id=Max("pk"),
            latest_at=Max("created_at"),
            size=Count("pk"),
            actor_count=Count("actor", distinct=True),
            unread_count=Count("pk", filter=Q(read_at__isnull=True)),
            first_post_id=Min("post_id"),
        )
        .order_by("-latest_at", "-latest_id")
    )


def groups_of(member: User, *, choice: Filter = FILTERS[0]) -> QuerySet[Any]:
    """`member`'s groups of notifications under the filter `choice`, newest first."""
    rows = shown_to(member)
    if choice.kinds:
        rows = rows.filter(kind__in=choice.kinds)
    groups = grouped(rows)
    if choice.unread_only:
        groups = groups.filter(unread_count__gt=0)
    return groups


def with_lines(rows: Sequence[dict[str, Any]]) -> list[Group]:
    """The `rows` of `grouped()` made into lines: their newest notifications read at once, with
    actor, post and topic, and the start of the post's HTML for the excerpt (one query)."""
    latest = {
        notification.pk: notification
        for notification in Notification.objects.filter(pk__in=[row["latest_id"] for row in rows])
        .select_related("actor", "post__topic")
        .annotate(excerpt_html=Substr("post__html", 1, _EXCERPT_SOURCE_CHARS))
        .defer("post__html", "post__source")
    }
    return [
        Group(
            latest=latest[row["latest_id"]],
            size=row["size"],
            actor_count=row["actor_count"],
            unread=row["unread_count"] > 0,
        )
        for row in rows
        if row["latest_id"] in latest
    ]


def latest_lines(member: User, *, count: int = MENU_SIZE) -> list[Group]:
    """The bell's dropdown: `member`'s `count` newest lines (two queries)."""
    return with_lines(list(groups_of(member)[:count]))


def page_of_lines(
    member: User, *, choice: Filter, number: str | int | None
) -> tuple[Page[Any], list[Group]]:
    """Page `number` of the full list under `choice` (a count, the page's groups, their lines);
    a page number out of range or not a number gives the last or the first page."""
    paginator = Paginator(groups_of(member, choice=choice), PER_PAGE)
    page = paginator.get_page(number)
    return page, with_lines(list(page.object_list))

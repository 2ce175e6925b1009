"""The one gate every post passes: may this member post this text here, now, and does it go out
at once or wait for a moderator?

In order: the member's standing (active, not read-only), then, for all but staff, the limits
of their trust level (posts per minute and per day, topics per day, links, images and mentions
per post), the discussion's mode and quiet hours, and last the checks named in
`KIOSQUE_POSTING_CHECKS` (the moderation app's spam rules). A refusal raises PostingRefused with
a code and a message for the member; otherwise a Verdict says whether the post is held and why.
Likes and reports ask `may_take_part` (standing alone).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kiosque.accounts.models import TrustLevel, User
from kiosque.markup import RenderedPost

from .models import DiscussionMode, Post, Topic
from .trust import limits_of


class PostingRefused(ValidationError):
    """A post the rules do not allow; `code` names the rule, the message tells the member."""


class Hold:
    """Why a post waits for a moderator (the queue shows it; the author is told)."""

    PREMODERATED = "premoderated"
    WATCHED = "watched"
    QUIET_HOURS = "quiet_hours"
    BLOCKED_TERM = "blocked_term"
    REPEATED_TEXT = "repeated_text"
    LINKS = "links"
    SPAM_CHECKER = "spam_checker"


@dataclass(frozen=True)
class Verdict:
    """What the rules decided for a post they let through: `hold` names why it waits for a
    moderator ("" when it goes out at once); `source`, when set, replaces the text (a blocked
    term replaced)."""

    hold: str = ""
    source: str | None = None


PostingCheck = Callable[..., Verdict]
_LINK = re.compile(r'<a [^>]*href="https?://', re.IGNORECASE)
_IMAGE = re.compile(r"<img ", re.IGNORECASE)


def is_staff(user: User) -> bool:
    return user.is_active and user.is_staff


def may_take_part(user: User, *, at: datetime | None = None) -> bool:
    """Whether `user` may post, like and report at all (their standing, nothing else)."""
    at = at or timezone.now()
    return (
        user.is_authenticated
        and user.is_active
        and not user.is_deleted
        and not user.is_silenced(at)
        and not user.is_suspended(at)
    )


def check_standing(user: User, *, at: datetime) -> None:
    """Raise PostingRefused unless `user` may take part; a read-only member is told until when."""
    if user.is_authenticated and user.is_active and user.is_silenced(at):
        assert user.silenced_until is not None
        raise PostingRefused(
            _("Your account is read-only until %(until)s: you cannot post, like or report.")
            % {"until": _when(user.silenced_until)},
            code="account_silenced",
        )
    if not may_take_part(user, at=at):
        raise PostingRefused(_("Your account cannot post messages."), code="account_inactive")


def check_post(
    author: User,
    *,
    source: str,
    rendered: RenderedPost,
    topic: Topic | None,
    at: datetime,
) -> Verdict:
    """The gate for a new post (`topic` None for a topic's opening post): raises
    PostingRefused, or returns the Verdict."""
    check_standing(author, at=at)
    if is_staff(author):
        return Verdict()
    _check_limits(author, rendered=rendered, is_new_topic=topic is None, at=at)
    hold = _hold_of_discussion(author, topic=topic, at=at)
    return _run_checks(
        Verdict(hold=hold), author=author, source=source, rendered=rendered, topic=topic, at=at
    )


def check_edit(author: User, *, source: str, rendered: RenderedPost, at: datetime) -> Verdict:
    """The gate for an edit by its author: standing, per-post limits, and the checks."""
    check_standing(author, at=at)
    if is_staff(author):
        return Verdict()
    _check_post_content(author, rendered=rendered)
    return _run_checks(
        Verdict(), author=author, source=source, rendered=rendered, topic=None, at=at
    )


def _run_checks(
    verdict: Verdict,
    *,
    author: User,
    source: str,
    rendered: RenderedPost,
    topic: Topic | None,
    at: datetime,
) -> Verdict:
    """`verdict` as the checks of KIOSQUE_POSTING_CHECKS leave it: each sees the text as the
    ones before rewrote it; a hold from any of them stands."""
    for check in _configured_checks():
        found = check(
            author=author, source=verdict.source or source, rendered=rendered, topic=topic, at=at
        )
        verdict = Verdict(hold=verdict.hold or found.hold, source=found.source or verdict.source)
    return verdict


def may_fetch_link_previews(author: User) -> bool:
    return is_staff(author) or limits_of(author).link_previews


# --- Trust level limits --------------------------------------------------------------------


def _check_limits(
    author: User, *, rendered: RenderedPost, is_new_topic: bool, at: datetime
) -> None:
    limits = limits_of(author)
    level = str(TrustLevel(author.trust_level).label)
    # Bounded by `at` on both sides: a post written at an earlier `at` (a demo, an import) is
    # not counted against posts that come after it.
    recent = Post.objects.filter(
        author=author, created_at__gt=at - timedelta(days=1), created_at__lte=at
    ).aggregate(
        today=Count("pk"),
        in_last_minute=Count("pk", filter=Q(created_at__gt=at - timedelta(minutes=1))),
    )
    if recent["in_last_minute"] >= limits.posts_per_minute:
        raise PostingRefused(
            ngettext(
                "At your trust level (%(level)s) you can send %(count)d message a minute: "
                "wait a moment, your text is kept below.",
                "At your trust level (%(level)s) you can send %(count)d messages a minute: "
                "wait a moment, your text is kept below.",
                limits.posts_per_minute,
            )
            % {"level": level, "count": limits.posts_per_minute},
            code="too_many_posts_per_minute",
        )
    if recent["today"] >= limits.posts_per_day:
        raise PostingRefused(
            ngettext(
                "At your trust level (%(level)s) you can send %(count)d message a day: "
                "you have reached it. The limit lifts as you take part in the site.",
                "At your trust level (%(level)s) you can send %(count)d messages a day: "
                "you have reached them. The limit lifts as you take part in the site.",
                limits.posts_per_day,
            )
            % {"level": level, "count": limits.posts_per_day},
            code="too_many_posts_per_day",
        )
    if is_new_topic:
        topics_today = Topic.objects.filter(
            author=author, created_at__gt=at - timedelta(days=1), created_at__lte=at
        ).count()
        if topics_today >= limits.topics_per_day:
            raise PostingRefused(
                ngettext(
                    "At your trust level (%(level)s) you can open %(count)d topic a day: "
                    "reply in an existing one, or come back tomorrow.",
                    "At your trust level (%(level)s) you can open %(count)d topics a day: "
                    "reply in an existing one, or come back tomorrow.",
                    limits.topics_per_day,
                )
                % {"level": level, "count": limits.topics_per_day},
                code="too_many_topics_per_day",
            )
    _check_post_content(author, rendered=rendered)


def _check_post_content(author: User, *, rendered: RenderedPost) -> None:
    limits = limits_of(author)
    level = str(TrustLevel(author.trust_level).label)
    counted = (
        (len(_LINK.findall(rendered.html)), limits.links_per_post, "too_many_links"),
        (len(_IMAGE.findall(rendered.html)), limits.images_per_post, "too_many_images"),
        (len(rendered.mentions), limits.mentions_per_post, "too_many_mentions"),
    )
    messages = {
        "too_many_links": ngettext(
            "At your trust level (%(level)s) you can put %(count)d link in a message: remove some.",
            "At your trust level (%(level)s) you can put %(count)d links in a message: "
            "remove some.",
            limits.links_per_post,
        ),
        "too_many_images": ngettext(
            "At your trust level (%(level)s) you can put %(count)d image in a message: "
            "remove some.",
            "At your trust level (%(level)s) you can put %(count)d images in a message: "
            "remove some.",
            limits.images_per_post,
        ),
        "too_many_mentions": ngettext(
            "At your trust level (%(level)s) you can mention %(count)d member in a message: "
            "remove some.",
            "At your trust level (%(level)s) you can mention %(count)d members in a message: "
            "remove some.",
            limits.mentions_per_post,
        ),
    }
    for found, allowed, code in counted:
        if found > allowed:
            raise PostingRefused(messages[code] % {"level": level, "count": allowed}, code=code)


# --- Holds: the discussion's mode, quiet hours ----------------------------------------------


def _hold_of_discussion(author: User, *, topic: Topic | None, at: datetime) -> str:
    mode = topic.discussion_mode if topic is not None else DiscussionMode.OPEN
    if mode == DiscussionMode.PREMODERATED:
        return Hold.PREMODERATED
    is_new = author.trust_level == TrustLevel.NEW
    if is_new and mode == DiscussionMode.WATCHED:
        approved = Post.objects.visible().filter(author=author).count()
        if approved < settings.KIOSQUE_WATCHED_APPROVALS_NEEDED:
            return Hold.WATCHED
    if is_new and is_quiet_time(at):
        return Hold.QUIET_HOURS
    return ""


def is_quiet_time(at: datetime) -> bool:
    hours = _quiet_hours(settings.KIOSQUE_QUIET_HOURS)
    if hours is None:
        return False
    start, end = hours
    now = timezone.localtime(at).time()
    return start <= now < end if start < end else (now >= start or now < end)


@cache
def _quiet_hours(setting: str) -> tuple[time, time] | None:
    if not setting.strip():
        return None
    start, _sep, end = setting.partition("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())


@cache
def _checks(paths: tuple[str, ...]) -> tuple[PostingCheck, ...]:
    return tuple(import_string(path) for path in paths)


def _configured_checks() -> tuple[PostingCheck, ...]:
    return _checks(tuple(settings.KIOSQUE_POSTING_CHECKS))


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")

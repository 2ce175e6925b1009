"""Every write to the forum has its home here.

Counters are kept in the same transaction as the change they count: `Topic.post_count`,
`Topic.last_posted_at` and `Topic.last_post` move with every post that appears or disappears,
`Post.like_count` with every like. They move by UPDATEs computed in the database (`F()`,
`Case`), never by writing back a value read earlier, so concurrent writers cannot lose one. A
new post touches its topic's row last, just before the commit: the row lock that queues the
topic's writers is held for the commit alone. `recount` rebuilds every counter from the rows,
for `kiosque check-counts`.

Nothing slow runs in a request: link previews are fetched and e-mails sent by the background
worker (`tasks.py`), enqueued once the transaction has committed. Every change readers can
see is announced (`kiosque.announcements`), on commit too. On SQLite, the writes members make
all the time (posting, liking) begin their transaction again when the database is locked
(`kiosque.transactions.atomic_with_retry`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, models, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest, Lower
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks.base import Task

from kiosque.accounts.models import User
from kiosque.announcements import FORUM, announce, key_of
from kiosque.markup import RenderedPost, render_post
from kiosque.transactions import atomic_with_retry

from .. import notifications, posting_rules, tasks, uploads
from ..models import (
    Category,
    Like,
    LinkPreview,
    Moderation,
    Notification,
    Post,
    PostImage,
    PostRevision,
    Topic,
    TopicVisit,
)
from ..posting_rules import PostingRefused, Verdict
from ..previews import PageMeta, attach_previews, stored_previews
from ..trust import earned_level
from ..uploads import image_info

ARTICLES_CATEGORY_SLUG = "articles"
# The same text sent again this soon by its author is a double click or a resent form.
DOUBLE_SUBMIT_SECONDS = 10


__all__ = ["PostingRefused"]


class LikeRefused(ValidationError):
    """A like the rules do not allow ("own_post", "post_not_visible", "account_inactive")."""


@dataclass(frozen=True)
class CountDrift:
    """A stored counter that disagrees with the rows it counts."""

    model: str
    pk: int
    field: str
    found: object
    expected: object

    def __str__(self) -> str:
        found, expected = _show(self.found), _show(self.expected)
        return f"{self.model} {self.pk}: {self.field} {found}, should be {expected}"


def _show(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class StoredText:
    """A post's text as stored at once: its HTML with the cards already known, and the links
    whose previews the worker still has to fetch."""

    rendered: RenderedPost
    urls_to_fetch: tuple[str, ...] = ()


# --- Article discussions (called by kiosque.newsroom.actions) ---------------------------------


def get_article_discussions_category() -> Category:
    """The "Articles" category holding every article's discussion, created on first use."""
    category, _created = Category.objects.get_or_create(
        is_article_discussions=True,
        defaults={
            "name": _("Articles"),
            "slug": ARTICLES_CATEGORY_SLUG,
            "description": _("Discussions of the newsroom's articles."),
            "position": 0,
        },
    )
    return category


@transaction.atomic
def open_discussion_topic(*, title: str, visible_from: datetime | None) -> Topic:
    """Open the topic for a piece of content whose head is shown by the caller (an article).

    It has no opening post: its posts are the comments. Announces the topic, its category and
    the forum.
    """
    topic = Topic.objects.create(
        category=get_article_discussions_category(),
        title=title,
        slug=slugify(title)[:200] or "discussion",
        visible_from=visible_from,
    )
    _announce_topic(topic)
    return topic


def sync_discussion_topic(
    topic: Topic, *, title: str, visible_from: datetime | None, is_hidden: bool
) -> None:
    """Keep a discussion topic's title and visibility in step with its article.

    Announces the topic, its category and the forum (on commit of the caller's transaction).
    """
    topic.title = title
    topic.slug = slugify(title)[:200] or "discussion"
    topic.visible_from = visible_from
    topic.is_hidden = is_hidden
    topic.save(update_fields=["title", "slug", "visible_from", "is_hidden"])
    _announce_topic(topic)


# --- Categories and topics, from the admin ---------------------------------------------------


@transaction.atomic
def save_category(category: Category, *, by: User) -> Category:
    """Create or change a category as staff filled it in (the admin). Announces it and the
    forum (the index lists every category)."""
    category.save()
    announce(key_of(category), FORUM)
    return category


@transaction.atomic
def delete_category(category: Category, *, by: User) -> None:
    """Delete a category without topics (the database refuses one that has any: PROTECT).
    Announces it and the forum."""
    key = key_of(category)
    category.delete()
    announce(key, FORUM)


@transaction.atomic
def edit_topic(
    topic: Topic,
    *,
    by: User,
    title: str,
    slug: str,
    category: Category,
    is_pinned: bool,
    visible_from: datetime | None,
) -> bool:
    """Change what staff may change of a topic in the admin (its counters, publication and
    moderation have their own actions). Returns whether anything changed; then announces the
    topic, its category before and after, and the forum."""
    current = Topic.objects.select_for_update(no_key=True).get(pk=topic.pk)
    wanted: dict[str, object] = {
        "title": title,
        "slug": slug,
        "category_id": category.pk,
        "is_pinned": is_pinned,
        "visible_from": visible_from,
    }
    changed = [name for name, value in wanted.items() if getattr(current, name) != value]
    if not changed:
        return False
    category_before = current.category_id
    for name in changed:
        setattr(current, name, wanted[name])
        setattr(topic, name, wanted[name])
    current.save(update_fields=changed)
    announce(key_of(current), _key(Category, category_before), _key(Category, category.pk), FORUM)
    return True


# --- Posting --------------------------------------------------------------------------------


def start_topic(
    *,
    author: User,
    category: Category,
    title: str,
    source: str,
    address: str | None = None,
    at: datetime | None = None,
) -> Topic:
    """Open a topic in an open category, with `source` as its opening post.

    Raises PostingRefused ("account_inactive", "category_closed", "empty"). The same topic sent
    twice within DOUBLE_SUBMIT_SECONDS returns the first one. Side effects, on commit: the
    announcement of the topic, its category, the forum and the author; mentions notified and
    mailed, link previews fetched by the worker.
    """
    at = at or timezone.now()
    posting_rules.check_standing(author, at=at)
    if category.is_article_discussions:
        raise PostingRefused(
            _("Topics of this category are opened by the newsroom, one per article."),
            code="category_closed",
        )
    title = title.strip()
    if not title or not source.strip():
        raise PostingRefused(_("Write a title and a message before sending."), code="empty")
    promote_if_earned(author, at=at)
    text = _stored(source)
    verdict = posting_rules.check_post(
        author, source=source, rendered=text.rendered, topic=None, at=at
    )
    source, text = _as_verdict_says(verdict, source=source, text=text)
    return _insert_topic(
        author=author,
        category=category,
        title=title,
        source=source,
        text=text,
        hold=verdict.hold,
        address=address,
        at=at,
    )


@atomic_with_retry
def _insert_topic(
    *,
    author: User,
    category: Category,
    title: str,
    source: str,
    text: StoredText,
    hold: str,
    address: str | None,
    at: datetime,
) -> Topic:
    # The author's row is the lock that makes a double submit find the first topic.
    _lock_member(author)
    duplicate = (
        Topic.objects.filter(
            author=author,
            category=category,
            title=title,
            created_at__gt=at - timedelta(seconds=DOUBLE_SUBMIT_SECONDS),
            posts__author=author,
            posts__source=source,
        )
        .order_by("-created_at")
        .first()
    )
    if duplicate is not None:
        return duplicate
    state = Moderation.PENDING if hold else Moderation.SHOWN
    topic = Topic.objects.create(
        category=category,
        title=title,
        slug=slugify(title)[:200] or "discussion",
        author=author,
        created_at=at,
        moderation=state,
    )
    post = Post.objects.create(
        topic=topic,
        author=author,
        source=source,
        html=text.rendered.html,
        created_at=at,
        moderation=state,
        hold_reason=hold,
        author_address=address or None,
    )
    following.follow_after_posting(by=author, topic=topic, started=True)
    if not hold:
        _notify_post(post, rendered=text.rendered)
        _count_new_post(topic, post)
        _announce_post(post, topic)
    _number_post(topic, post, locked=not hold)
    _fetch_previews_later(post, text)
    return topic


def post_reply(
    topic: Topic,
    *,
    author: User,
    source: str,
    reply_to: Post | None = None,
    address: str | None = None,
    at: datetime | None = None,
) -> Post:
    """Add `author`'s post to `topic` (on an article page: a comment).

    Raises PostingRefused ("topic_closed", "topic_not_visible", "account_inactive", "empty").
    `reply_to` is dropped if it is not a visible post of this topic. The same text sent again by
    the same author within DOUBLE_SUBMIT_SECONDS returns the first post. The post is stored at
    once with the cards of previews already known and plain links otherwise. Side effects: the
    topic's counters; notifications for reply, quote and mention; on commit, the announcement
    of the topic, its category, the forum and the author, and the worker's tasks (e-mails,
    link previews).
    """
    at = at or timezone.now()
    posting_rules.check_standing(author, at=at)
    if not source.strip():
        raise PostingRefused(_("Write a message before sending it."), code="empty")
    # The caller's copy may be stale: the counter's UPDATE checks again, at the last moment.
    _check_topic_open(topic, at=at)
    promote_if_earned(author, at=at)
    text = _stored(source)
    verdict = posting_rules.check_post(
        author, source=source, rendered=text.rendered, topic=topic, at=at
    )
    source, text = _as_verdict_says(verdict, source=source, text=text)
    return _insert_reply(
        topic,
        author=author,
        source=source,
        reply_to=reply_to,
        text=text,
        hold=verdict.hold,
        address=address,
        at=at,
    )


@atomic_with_retry
def _insert_reply(
    topic: Topic,
    *,
    author: User,
    source: str,
    reply_to: Post | None,
    text: StoredText,
    hold: str,
    address: str | None,
    at: datetime,
) -> Post:
    # The author's row, not the topic's, queues a double submit behind the first one.
    _lock_member(author)
    duplicate = (
        Post.objects.filter(
            topic=topic,
            author=author,
            source=source,
            is_deleted=False,
            created_at__gt=at - timedelta(seconds=DOUBLE_SUBMIT_SECONDS),
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if duplicate is not None:
        return duplicate
    if reply_to is not None and not _is_visible_post_of(topic, reply_to):
        reply_to = None
    post = Post.objects.create(
        topic=topic,
        author=author,
        reply_to=reply_to,
        source=source,
        html=text.rendered.html,
        created_at=at,
        moderation=Moderation.PENDING if hold else Moderation.SHOWN,
        hold_reason=hold,
        author_address=address or None,
    )
    following.follow_after_posting(by=author, topic=topic, started=False)
    _fetch_previews_later(post, text)
    if hold:
        # Nobody sees it, nothing moves until a moderator approves it (`set_post_moderation`);
        # it takes its number now, in the order it was written.
        _number_post(topic, post, locked=False)
        return post
    _notify_post(post, rendered=text.rendered, reply_to=reply_to)
    # Last: from here to the commit the topic's row is locked.
    _count_new_post(topic, post)
    _number_post(topic, post, locked=True)
    _announce_post(post, topic)
    return post


def edit_post(post: Post, *, editor: User, source: str, at: datetime | None = None) -> Post:
    """Replace a post's text; the previous text is kept as a PostRevision.

    Only the author (while allowed to post, and the topic open) or staff may edit: otherwise
    PermissionDenied or PostingRefused. Newly quoted or mentioned members are notified. On
    commit: the post's announcement, the previews of its new links fetched by the worker.
    """
    at = at or timezone.now()
    is_staff = _is_staff(editor)
    if editor.pk != post.author_id and not is_staff:
        raise PermissionDenied(_("Only its author can edit this message."))
    if not source.strip():
        raise PostingRefused(_("Write a message before sending it."), code="empty")
    if source == post.source:
        return post
    text = _stored(source)
    verdict = Verdict()
    if not is_staff:
        verdict = posting_rules.check_edit(editor, source=source, rendered=text.rendered, at=at)
        source, text = _as_verdict_says(verdict, source=source, text=text)
    current = _replace_text(
        post, is_staff=is_staff, source=source, text=text, hold=verdict.hold, at=at
    )
    post.source, post.html, post.edited_at = current.source, current.html, current.edited_at
    post.moderation = current.moderation
    return post


@atomic_with_retry
def _replace_text(
    post: Post, *, is_staff: bool, source: str, text: StoredText, hold: str, at: datetime
) -> Post:
    current = (
        Post.objects.select_for_update(no_key=True, of=("self",))
        .select_related("topic")
        .get(pk=post.pk)
    )
    if current.is_deleted:
        raise PermissionDenied(_("This message was deleted."))
    if current.topic.is_closed and not is_staff:
        raise _topic_closed()
    PostRevision.objects.create(post=current, source=current.source, created_at=at)
    current.source = source
    current.html = text.rendered.html
    current.edited_at = at
    current.save(update_fields=["source", "html", "edited_at"])
    _fetch_previews_later(current, text)
    if hold and current.moderation == Moderation.SHOWN:
        # The new text waits for a moderator: the post leaves the page until approved.
        current.hold_reason = hold
        current.save(update_fields=["hold_reason"])
        _set_post_state(current, field="moderation", value=Moderation.PENDING)
        return current
    if current.is_visible:
        _notify_post(current, rendered=text.rendered, is_edit=True)
    _announce_post(current, current.topic)
    return current


def attach_preview_cards(
    post_id: int, *, source_digest: str, previews: Mapping[str, LinkPreview]
) -> bool:
    """Give a post the cards of its links' previews, fetched by the worker after it was stored.

    Nothing changes if the post's text was edited since (its digest differs: the edit brought
    its own fetch) or no preview makes a card. No member acts: the worker finishes what the
    posting began. Returns whether the stored HTML changed; then the post is announced.
    """
    cards = {url: preview for url, preview in previews.items() if preview.is_ok}
    if not cards:
        return False
    return _attach_cards(post_id, source_digest=source_digest, cards=cards)


@atomic_with_retry
def _attach_cards(post_id: int, *, source_digest: str, cards: Mapping[str, LinkPreview]) -> bool:
    current = (
        Post.objects.select_for_update(no_key=True, of=("self",))
        .select_related("topic")
        .filter(pk=post_id)
        .first()
    )
    if current is None or digest_of(current.source) != source_digest:
        return False
    html = attach_previews(current.html, dict(cards))
    if html == current.html:
        return False
    current.html = html
    current.save(update_fields=["html"])
    _announce_post(current, current.topic)
    return True


def digest_of(source: str) -> str:
    """A short fingerprint of a post's text: the worker's fetch applies to this text only."""
    return hashlib.sha256(source.encode()).hexdigest()


@transaction.atomic
def delete_post(post: Post, *, by: User) -> bool:
    """Delete a post (author or staff; otherwise PermissionDenied). False if already deleted."""
    if by.pk != post.author_id and not _is_staff(by):
        raise PermissionDenied(_("Only its author can delete this message."))
    return _set_post_state(post, field="is_deleted", value=True)


@transaction.atomic
def set_post_moderation(post: Post, *, state: Moderation, moderator: User | None) -> bool:
    """Put `post` in a moderation state (moderation.actions decides and logs; `moderator` is
    None when the site's rules decided). False if it was in that state already.

    A post shown for the first time (approved after it was held) notifies whom it replies to,
    quotes or mentions, as it would have when posted. The topic's counters follow.
    """
    was_pending = Post.objects.filter(pk=post.pk, moderation=Moderation.PENDING).exists()
    changed = _set_post_state(post, field="moderation", value=state)
    if changed and was_pending and state == Moderation.SHOWN:
        current = Post.objects.select_related("reply_to").get(pk=post.pk)
        _notify_post(current, rendered=_stored(current.source).rendered, reply_to=current.reply_to)
        if (
            current.topic.moderation == Moderation.PENDING
            and current.topic.author_id == current.author_id
        ):
            # A held opening post approved: its topic opens with it.
            Topic.objects.filter(pk=current.topic_id).update(moderation=Moderation.SHOWN)
            post.topic.moderation = Moderation.SHOWN
            _announce_topic(current.topic)
    return changed


@transaction.atomic
def set_post_deleted(post: Post, *, is_deleted: bool, moderator: User) -> bool:
    """Delete or restore a post by a moderator's decision (moderation.actions decides and logs).
    False if it was so already."""
    return _set_post_state(post, field="is_deleted", value=is_deleted)


def announce_member(member: User) -> None:
    """Something shown of `member` changed (their standing, on their profile)."""
    announce(_key(User, member.pk))


@transaction.atomic
def set_topic_moderation(topic: Topic, *, state: Moderation, moderator: User | None) -> bool:
    """Show or hide a whole topic (moderation.actions decides and logs). False if unchanged."""
    changed = Topic.objects.filter(pk=topic.pk).exclude(moderation=state).update(moderation=state)
    topic.moderation = state
    if changed:
        _announce_topic(topic)
    return bool(changed)


@transaction.atomic
def set_topic_rules(
    topic: Topic,
    *,
    is_closed: bool,
    discussion_mode: str,
    closes_at: datetime | None,
    moderator: User,
) -> bool:
    """Close or reopen a discussion, pick its mode and closing time (moderation.actions logs).
    Returns whether anything changed."""
    changed = (
        Topic.objects.filter(pk=topic.pk)
        .exclude(is_closed=is_closed, discussion_mode=discussion_mode, closes_at=closes_at)
        .update(is_closed=is_closed, discussion_mode=discussion_mode, closes_at=closes_at)
    )
    topic.is_closed, topic.discussion_mode, topic.closes_at = is_closed, discussion_mode, closes_at
    if changed:
        _announce_topic(topic)
    return bool(changed)


def _set_post_state(post: Post, *, field: str, value: object) -> bool:
    """Set `moderation` or `is_deleted`, moving the topic's counters if visibility changed.

    The topic's row is locked first: the last visible post is looked up, then written.
    """
    topic = _lock_topic(post.topic)
    current = Post.objects.get(pk=post.pk)
    if getattr(current, field) == value:
        setattr(post, field, value)
        return False
    was_visible = current.is_visible
    setattr(current, field, value)
    current.save(update_fields=[field])
    is_visible = current.is_visible
    if was_visible != is_visible:
        last = _last_visible_post(topic)
        Topic.objects.filter(pk=topic.pk).update(
            post_count=F("post_count") + (1 if is_visible else -1),
            last_post=last,
            last_posted_at=last.created_at if last else None,
        )
        topic.refresh_from_db(fields=["post_count", "last_posted_at", "last_post"])
    _announce_post(current, topic)
    setattr(post, field, value)
    _copy_counters(topic, into=post.topic)
    return True


# --- Likes, visits, notifications -----------------------------------------------------------


def like_post(post: Post, *, user: User) -> bool:
    """`user` likes `post`: True if the like is new, False if they had liked it already.

    Raises LikeRefused for one's own post, a post readers cannot see, or a member who may not
    post. Side effects: `post.like_count`; a notification to the author, mailed by the worker
    if they asked; the announcement of the topic and the post's author.
    """
    if not posting_rules.may_take_part(user):
        raise LikeRefused(_("Your account cannot like messages."), code="account_inactive")
    if post.author_id == user.pk:
        raise LikeRefused(_("You cannot like your own message."), code="own_post")
    created = _insert_like(post, user=user)
    post.refresh_from_db(fields=["like_count"])
    return created


@atomic_with_retry
def _insert_like(post: Post, *, user: User) -> bool:
    if not Post.objects.readable().filter(pk=post.pk).exists():
        raise LikeRefused(_("This message is no longer available."), code="post_not_visible")
    _like, created = Like.objects.get_or_create(post=post, user=user)
    if not created:
        return False
    Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
    _notify(post, actor_id=user.pk, recipients={post.author_id: Notification.Kind.LIKE})
    _announce_like(post)
    return True


def unlike_post(post: Post, *, user: User) -> bool:
    """Take back `user`'s like of `post`. False if they had not liked it.

    The like's notification stays, so liking again does not mail the author a second time.
    """
    taken_back = _delete_like(post, user=user)
    post.refresh_from_db(fields=["like_count"])
    return taken_back


@atomic_with_retry
def _delete_like(post: Post, *, user: User) -> bool:
    deleted, _counts = Like.objects.filter(post=post, user=user).delete()
    if not deleted:
        return False
    Post.objects.filter(pk=post.pk, like_count__gt=0).update(like_count=F("like_count") - 1)
    _announce_like(post)
    return True


@atomic_with_retry
def add_topic_views(counts: Mapping[int, int]) -> None:
    """Add views counted elsewhere (`view_counts`) to their topics: `{topic id: views}`.

    One UPDATE per topic, in one transaction, in topic order (two flushes never deadlock).
    Announces nothing: a view count is not worth recomputing a page.
    """
    for topic_id in sorted(counts):
        if counts[topic_id] > 0:
            Topic.objects.filter(pk=topic_id).update(view_count=F("view_count") + counts[topic_id])


@transaction.atomic
def record_visit(topic: Topic, *, user: User, last_seen_post: Post | None) -> None:
    """Remember how far `user` has read `topic`; never moves backwards.

    A member's first visit counts as one view of the topic.
    """
    seen_id = last_seen_post.pk if last_seen_post is not None else 0
    now = timezone.now()
    visit, created = TopicVisit.objects.get_or_create(
        user=user, topic=topic, defaults={"last_read_post_id": seen_id, "visited_at": now}
    )
    read_before = 0 if created else visit.last_read_post_id
    _count_participation(user, topic=topic, read_after=read_before, read_up_to=seen_id, at=now)
    following.read_watched_posts(by=user, topic=topic, up_to_post_id=seen_id, at=now)
    if created:
        Topic.objects.filter(pk=topic.pk).update(view_count=F("view_count") + 1)
        return
    TopicVisit.objects.filter(pk=visit.pk).update(
        last_read_post_id=Greatest(F("last_read_post_id"), seen_id), visited_at=now
    )


def _count_participation(
    user: User, *, topic: Topic, read_after: int, read_up_to: int, at: datetime
) -> None:
    """Count a day visited and the posts newly read, from which trust levels are earned: one
    UPDATE, and none when the member read nothing new on a day already counted."""
    today = timezone.localdate(at)
    changes: dict[str, Any] = {}
    if read_up_to > read_after:
        newly_read = (
            topic.posts.visible()
            .filter(pk__gt=read_after, pk__lte=read_up_to)
            .order_by()
            .values("topic")
            .annotate(count=Count("pk"))
            .values("count")
        )
        changes["posts_read_count"] = F("posts_read_count") + Coalesce(Subquery(newly_read), 0)
    if user.last_visited_on != today:
        changes["days_visited_count"] = F("days_visited_count") + 1
        changes["last_visited_on"] = today
        user.last_visited_on = today
    if changes:
        User.objects.filter(pk=user.pk).update(**changes)


def send_notice(recipient: User, *, summary: str, link: str) -> Notification:
    """Tell `recipient` something from the site itself (a moderation decision, an appeal's
    outcome, an alert): under their bell, and by e-mail whatever their preferences, since a
    member must learn why their post or account was restricted. Mailed by the worker."""
    notice = Notification.objects.create(
        recipient=recipient, kind=Notification.Kind.NOTICE, summary=summary[:300], link=link
    )
    if recipient.email and not recipient.is_deleted:
        _enqueue_on_commit(tasks.mail_notifications, notification_ids=[notice.pk])
    return notice


def mark_notifications_read(user: User, *, ids: list[int] | None = None) -> int:
    """Mark `user`'s unread notifications (all, or those of `ids`) read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


# --- Images, link previews -------------------------------------------------------------------


def upload_post_image(*, by: User, upload: UploadedFile[bytes]) -> PostImage:
    """Check, clean and store an image `by` uploads for a post (`uploads.cleaned_image`).

    Raises ValidationError ("too_large", "quota_per_day", "quota_total", "too_many_pixels",
    "not_an_image"); the quota is checked again with the new image's size, `by`'s row locked
    so that two uploads at once count each other. Side effect, on commit: a task deletes the
    image a day later unless a post uses it by then.
    """
    clean = uploads.cleaned_image(uploader=by, upload=upload)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=by.pk).first()
        uploads.check_quota(by, adding=len(clean.content))
        post_image = PostImage(uploader=by, byte_size=len(clean.content))
        post_image.image.save(
            uploads.stored_name(upload, clean), ContentFile(clean.content), save=False
        )
        # Set after the file: assigning it makes the ImageField measure it again, from storage.
        post_image.width, post_image.height = clean.width, clean.height
        post_image.save()
        transaction.on_commit(partial(_delete_later_if_unused, post_image))
    return post_image


@transaction.atomic
def delete_unused_image(*, post_image_id: int, at: datetime | None = None) -> bool:
    """Delete an uploaded image (row, then its file on commit) if no post uses it once
    UNUSED_IMAGE_KEPT has passed (`uploads.is_unused`); True if it was deleted. No member acts:
    the worker runs it a day after the upload."""
    post_image = PostImage.objects.filter(pk=post_image_id).first()
    if post_image is None or not uploads.is_unused(post_image, at=at or timezone.now()):
        return False
    storage, name = post_image.image.storage, post_image.image.name or ""
    post_image.delete()
    transaction.on_commit(partial(storage.delete, name))
    return True


def _delete_later_if_unused(post_image: PostImage) -> None:
    # Asked first: a backend that cannot wait a day (the tests' immediate one) refuses even to
    # make a task with a run_after.
    if not tasks.delete_unused_image.get_backend().supports_defer:
        return
    run_after = post_image.created_at + uploads.UNUSED_IMAGE_KEPT
    tasks.delete_unused_image.using(run_after=run_after).enqueue(post_image.pk)


def store_link_previews(pages: Mapping[str, PageMeta], *, at: datetime) -> dict[str, LinkPreview]:
    """Store what the worker fetched of each page (`previews.fetch_pages`), by URL: a refusal or
    failure is stored too (`is_ok=False`), so that the next post with the link does not go
    out again before `previews.FRESH_FOR`. Announces nothing: the posts' cards do."""
    stored = {}
    for url, page in pages.items():
        stored[url], _created = LinkPreview.objects.update_or_create(
            url=url,
            defaults={
                "site_name": page.site_name,
                "title": page.title,
                "description": page.description,
                "image_url": page.image_url,
                "is_ok": page.is_ok,
                "fetched_at": at,
            },
        )
    return stored


# --- Counters ---------------------------------------------------------------------------------


def recount(*, repair: bool) -> list[CountDrift]:
    """Compare every topic's and post's counters with the rows; with `repair`, fix them.

    Returns what disagreed (before repair). Each repair locks its topic, so it is safe while
    members post.
    """
    drifts: list[CountDrift] = []
    for row in _topics_with_true_counts().iterator(chunk_size=2000):
        pk = row["pk"]
        pairs = [
            ("post_count", row["post_count"], row["true_count"]),
            ("last_posted_at", row["last_posted_at"], row["true_last_at"]),
            ("last_post", row["last_post_id"], row["true_last_post"]),
        ]
        found = [
            CountDrift("topic", pk, f, was, should) for f, was, should in pairs if was != should
        ]
        if found and repair:
            _repair_topic(pk)
        drifts.extend(found)
    true_likes = _like_count_of(OuterRef("pk"))
    posts = (
        Post.objects.order_by()
        .annotate(true_likes=true_likes)
        .exclude(like_count=F("true_likes"))
        .values_list("pk", "like_count", "true_likes")
    )
    for pk, was, should in posts.iterator(chunk_size=2000):
        drifts.append(CountDrift("post", pk, "like_count", was, should))
        if repair:
            Post.objects.filter(pk=pk).update(like_count=_like_count_of(pk))
    return drifts


def _topics_with_true_counts() -> Any:  # a values() QuerySet: one dict per topic
    latest = Post.objects.visible().filter(topic=OuterRef("pk")).order_by("-created_at", "-id")
    count = (
        Post.objects.visible()
        .filter(topic=OuterRef("pk"))
        .order_by()
        .values("topic")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Topic.objects.order_by("pk")
        .annotate(
            true_count=Coalesce(Subquery(count), 0),
            true_last_post=Subquery(latest.values("id")[:1]),
            true_last_at=Subquery(latest.values("created_at")[:1]),
        )
        .values(
            "pk",
            "post_count",
            "last_posted_at",
            "last_post_id",
            "true_count",
            "true_last_post",
            "true_last_at",
        )
    )


def _like_count_of(post: int | OuterRef) -> Coalesce:
    likes = (
        Like.objects.filter(post=post).order_by().values("post").annotate(n=Count("id")).values("n")
    )
    return Coalesce(Subquery(likes), 0)


@transaction.atomic
def _repair_topic(pk: int) -> None:
    topic = Topic.objects.select_for_update(no_key=True).get(pk=pk)
    last = _last_visible_post(topic)
    topic.post_count = topic.posts.visible().count()
    topic.last_post = last
    topic.last_posted_at = last.created_at if last else None
    topic.save(update_fields=["post_count", "last_posted_at", "last_post"])


def _lock_topic(topic: Topic) -> Topic:
    """The topic's row, locked until the transaction ends: its counters change next.

    NO KEY UPDATE: new posts (whose foreign key only shares the row) are not held up by it.
    """
    return Topic.objects.select_for_update(no_key=True).get(pk=topic.pk)


def _lock_member(user: User) -> None:
    """Lock the member's row until the transaction ends: their own writes queue, nobody else's.

    SQLite has nothing to lock: its IMMEDIATE transactions already queue every writer.
    """
    if connection.features.has_select_for_update:
        User.objects.select_for_update(no_key=True).filter(pk=user.pk).exists()


def _count_new_post(topic: Topic, post: Post) -> None:
    """Count a new visible post in its topic, refusing it if the topic stopped taking posts.

    Two UPDATEs computed in the database (plain ones: building a single CASE expression costs
    more than running both): the count, on condition that the topic still takes posts; then
    the last post, on condition that this one comes after it in reading order (created_at, id).
    Raises PostingRefused when the topic was closed or hidden meanwhile: the caller's
    transaction rolls back with the post. The caller's `topic` moves with its own post.
    """
    at = post.created_at
    counted = (
        Topic.objects.filter(pk=topic.pk, is_closed=False)
        .visible(at=at)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=at))
        .update(post_count=F("post_count") + 1)
    )
    if not counted:
        current = Topic.objects.filter(pk=topic.pk).first()
        if current is not None:
            _check_topic_open(current, at=at)
        raise PostingRefused(_("This discussion is not open."), code="topic_not_visible")
    comes_after = (
        Q(last_posted_at__isnull=True)
        | Q(last_posted_at__lt=at)
        | Q(last_posted_at=at, last_post__lt=post.pk)
    )
    is_last = Topic.objects.filter(comes_after, pk=topic.pk).update(
        last_post=post.pk, last_posted_at=at
    )
    topic.post_count += 1
    if is_last:
        topic.last_post, topic.last_posted_at = post, at


def _number_post(topic: Topic, post: Post, *, locked: bool) -> None:
    """Give a new post the next number in its topic (`Post.position`: pages by number).

    Under the topic's row lock, so that two posts never take one number: `locked` when the
    counter's UPDATE holds it already (a visible post), else taken here (a held one).
    """
    if not locked:
        _lock_topic(topic)
    highest = Post.objects.filter(topic_id=topic.pk).aggregate(highest=Max("position"))
    post.position = (highest["highest"] or 0) + 1
    Post.objects.filter(pk=post.pk).update(position=post.position)


def _last_visible_post(topic: Topic) -> Post | None:
    return topic.posts.visible().order_by("-created_at", "-id").only("id", "created_at").first()


def _copy_counters(source: Topic, *, into: Topic) -> None:
    """Give the caller's instance the counters just written, so it does not show stale ones."""
    into.post_count = source.post_count
    into.last_posted_at = source.last_posted_at
    into.last_post_id = source.last_post_id


# --- Rules ------------------------------------------------------------------------------------


def _is_staff(user: User) -> bool:
    return posting_rules.is_staff(user)


def _as_verdict_says(verdict: Verdict, *, source: str, text: StoredText) -> tuple[str, StoredText]:
    """The text to store: the member's, or the one the rules rewrote (a term replaced)."""
    if verdict.source is None or verdict.source == source:
        return source, text
    return verdict.source, _stored(verdict.source)


def promote_if_earned(user: User, *, at: datetime) -> int:
    """Raise `user`'s trust level to what their participation has earned (not when a moderator
    set it). Returns the level."""
    if user.is_trust_level_locked or not user.is_authenticated:
        return user.trust_level
    earned = earned_level(user, at=at)
    if earned > user.trust_level:
        User.objects.filter(pk=user.pk, trust_level__lt=earned).update(trust_level=earned)
        user.trust_level = earned
    return user.trust_level


def _is_visible_post_of(topic: Topic, post: Post) -> bool:
    return post.topic_id == topic.pk and Post.objects.visible().filter(pk=post.pk).exists()


def _topic_closed() -> PostingRefused:
    return PostingRefused(
        _("This discussion is closed: no new messages can be posted."), code="topic_closed"
    )


def _check_topic_open(topic: Topic, *, at: datetime) -> None:
    if not topic.is_visible(at=at):
        raise PostingRefused(_("This discussion is not open."), code="topic_not_visible")
    if topic.is_closed or (topic.closes_at is not None and topic.closes_at <= at):
        raise _topic_closed()


# --- Rendering and background work ------------------------------------------------------------


def _stored(source: str) -> StoredText:
    """`source` rendered as stored at once: the cards of previews already known in place of
    the links alone on their line, the other links plain until the worker has fetched them.

    Rendered in the site's language whatever the writer's: the stored HTML serves every reader.
    No network: one query for the known previews, and none without links.
    """
    with translation.override(settings.LANGUAGE_CODE):
        rendered = render_post(source, known_usernames=_known_usernames, image_info=image_info)
    if not rendered.link_urls:
        return StoredText(rendered)
    known, to_fetch = stored_previews(rendered.link_urls)
    if known:
        rendered = replace(rendered, html=attach_previews(rendered.html, known))
    return StoredText(rendered, tuple(to_fetch))


def _fetch_previews_later(post: Post, text: StoredText) -> None:
    """Once committed, have the worker fetch the previews the post still lacks."""
    if text.urls_to_fetch and posting_rules.may_fetch_link_previews(post.author):
        _enqueue_on_commit(
            tasks.fetch_link_previews,
            post_id=post.pk,
            source_digest=digest_of(post.source),
            urls=list(text.urls_to_fetch),
        )


def _enqueue_on_commit(task: Task[Any, Any], **arguments: Any) -> None:
    """Hand `task` to the worker once the transaction commits (never for a rolled-back change).

    A failure to enqueue is logged and does not undo the committed change.
    """
    transaction.on_commit(partial(task.enqueue, **arguments), robust=True)


def _known_usernames(candidates: set[str]) -> set[str]:
    """Which of the lowercased `candidates` are usernames of members who can be mentioned."""
    return set(
        _reachable_members()
        .annotate(lowered=Lower("username"))
        .filter(lowered__in=candidates)
        .values_list("username", flat=True)
    )


# --- Announcements ----------------------------------------------------------------------------


def _key(model: type[models.Model], pk: int | None) -> str:
    """The announcement key of the row `pk` of `model`, without loading it."""
    return key_of(model(pk=pk)) if pk is not None else ""


def _announce_topic(topic: Topic) -> None:
    announce(key_of(topic), _key(Category, topic.category_id), FORUM)


def _announce_post(post: Post, topic: Topic) -> None:
    """A post appeared, changed or disappeared: its topic, category, the forum, its author, and
    the post itself (no page shows `post:<id>` alone: the search index looks at that post)."""
    announce(
        key_of(topic),
        _key(Category, topic.category_id),
        FORUM,
        _key(User, post.author_id),
        key_of(post),
    )


def _announce_like(post: Post) -> None:
    """A like changed a count shown on the topic and on the profile of the post's author."""
    announce(_key(Topic, post.topic_id), _key(User, post.author_id))


# --- Notifications ----------------------------------------------------------------------------


def _notify_post(
    post: Post, *, rendered: RenderedPost, reply_to: Post | None = None, is_edit: bool = False
) -> None:
    """Notify whom `post` replies to, quotes or mentions: one notification per member per post.

    When several apply, quote wins over reply (quoting a post also answers it, and "quoted" says
    more), reply over mention. On an edit, only members not yet notified of this post are.
    """
    kinds: dict[int, Notification.Kind] = {}
    if rendered.quoted_post_ids:
        quoted_authors = (
            Post.objects.visible()
            .filter(pk__in=rendered.quoted_post_ids)
            .values_list("author", flat=True)
        )
        for author_id in quoted_authors:
            kinds.setdefault(author_id, Notification.Kind.QUOTE)
    if reply_to is not None:
        kinds.setdefault(reply_to.author_id, Notification.Kind.REPLY)
    for user_id in _members_named(rendered.mentions):
        kinds.setdefault(user_id, Notification.Kind.MENTION)
    kinds = following.with_followers(post, kinds, is_new_post=not is_edit)
    _notify(post, actor_id=post.author_id, recipients=kinds, is_new_post=not is_edit)


def _members_named(usernames: frozenset[str]) -> list[int]:
    """Ids of members who can be mentioned whose username, lowercased, is in `usernames`."""
    if not usernames:
        return []
    return list(
        _reachable_members()
        .annotate(lowered=Lower("username"))
        .filter(lowered__in=usernames)
        .values_list("pk", flat=True)
    )


def _reachable_members() -> QuerySet[User]:
    """Members who can be mentioned and notified: active, not gone, and holding their name,
    which takes a confirmed e-mail address (until then a name is nobody's: an unconfirmed
    sign-up is released after a while, `accounts/usernames.py`)."""
    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return User.objects.filter(Exists(confirmed), is_active=True, is_deleted=False)


def _notify(
    post: Post,
    *,
    actor_id: int,
    recipients: dict[int, Notification.Kind],
    is_new_post: bool = False,
) -> None:
    """Create one notification per recipient (never the actor, never a member who left), all
    in one INSERT, and have the worker mail those who asked for it once the transaction commits.

    A member already notified of this post by this actor is not notified again (a post edited
    twice, a like taken back and given again), so nobody is mailed twice for one event. A new
    post has no notification yet: nothing to look up.
    """
    recipients = {pk: kind for pk, kind in recipients.items() if pk != actor_id}
    if not recipients:
        return
    reachable = _reachable_members().filter(pk__in=recipients)
    if not is_new_post:
        already = Notification.objects.filter(post=post, actor_id=actor_id)
        reachable = reachable.exclude(pk__in=already.values("recipient"))
    new = [
        Notification(recipient_id=pk, actor_id=actor_id, kind=recipients[pk], post=post)
        for pk in reachable.values_list("pk", flat=True)
    ]
    if not new:
        return
    # A concurrent twin (the unique constraint) is skipped rather than failing the post.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    to_mail = list(
        Notification.objects.filter(
            post=post,
            actor_id=actor_id,
            recipient_id__in=[notification.recipient_id for notification in new],
            kind__in={notification.kind for notification in new},
            read_at__isnull=True,
        )
        .filter(notifications.wanted_by_recipient())
        .values_list("pk", "kind")
    )
    # New posts in watched topics are mailed in batches, a few minutes later.
    if any(kind == Notification.Kind.WATCHING for _pk, kind in to_mail):
        following.mail_watched_later(post)
    at_once = [pk for pk, kind in to_mail if kind != Notification.Kind.WATCHING]
    if at_once:
        _enqueue_on_commit(tasks.mail_notifications, notification_ids=at_once)


from . import following  # noqa: E402  # its actions call back into this module's helpers
from .following import mark_all_read, set_category_level, set_topic_level  # noqa: E402, F401

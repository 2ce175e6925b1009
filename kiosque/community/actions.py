"""Every write to the forum has its home here.

Counters are kept in the same transaction as the change they count: `Topic.post_count`,
`Topic.last_posted_at` and `Topic.last_post` move with every post that appears or disappears
(the topic row is locked first, so concurrent writers queue), `Post.like_count` with every like.
`recount` rebuilds them all from the rows, for `kiosque check-counts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest, Lower
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kiosque.accounts.models import User
from kiosque.markup import RenderedPost, render_post

from . import notifications
from .models import Category, Like, LinkPreview, Notification, Post, PostRevision, Topic, TopicVisit
from .previews import attach_previews, fetch_previews
from .uploads import image_info

ARTICLES_CATEGORY_SLUG = "articles"
# The same text sent again this soon by its author is a double click or a resent form.
DOUBLE_SUBMIT_SECONDS = 10


class PostingRefused(ValidationError):
    """A post the rules do not allow; `code` names the rule, the message tells the member."""


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

    It has no opening post: its posts are the comments.
    """
    return Topic.objects.create(
        category=get_article_discussions_category(),
        title=title,
        slug=slugify(title)[:200] or "discussion",
        visible_from=visible_from,
    )


def sync_discussion_topic(
    topic: Topic, *, title: str, visible_from: datetime | None, is_hidden: bool
) -> None:
    """Keep a discussion topic's title and visibility in step with its article."""
    topic.title = title
    topic.slug = slugify(title)[:200] or "discussion"
    topic.visible_from = visible_from
    topic.is_hidden = is_hidden
    topic.save(update_fields=["title", "slug", "visible_from", "is_hidden"])


# --- Posting --------------------------------------------------------------------------------


def start_topic(
    *, author: User, category: Category, title: str, source: str, at: datetime | None = None
) -> Topic:
    """Open a topic in an open category, with `source` as its opening post.

    Raises PostingRefused ("account_inactive", "category_closed", "empty"). The same topic sent
    twice within DOUBLE_SUBMIT_SECONDS returns the first one.
    """
    at = at or timezone.now()
    _check_may_post(author)
    if category.is_article_discussions:
        raise PostingRefused(
            _("Topics of this category are opened by the newsroom, one per article."),
            code="category_closed",
        )
    title = title.strip()
    if not title or not source.strip():
        raise PostingRefused(_("Write a title and a message before sending."), code="empty")
    stored = _stored_html(source)
    with transaction.atomic():
        # The author's row is the lock that makes a double submit find the first topic.
        User.objects.select_for_update().filter(pk=author.pk).exists()
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
        topic = Topic.objects.create(
            category=category,
            title=title,
            slug=slugify(title)[:200] or "discussion",
            author=author,
            created_at=at,
        )
        post = Post.objects.create(
            topic=topic, author=author, source=source, html=stored.html, created_at=at
        )
        _count_new_post(topic, post)
        _notify_post(post, stored=stored)
    return topic


def post_reply(
    topic: Topic,
    *,
    author: User,
    source: str,
    reply_to: Post | None = None,
    at: datetime | None = None,
) -> Post:
    """Add `author`'s post to `topic` (on an article page: a comment).

    Raises PostingRefused ("topic_closed", "topic_not_visible", "account_inactive", "empty").
    `reply_to` is dropped if it is not a visible post of this topic. The same text sent again by
    the same author within DOUBLE_SUBMIT_SECONDS returns the first post. Side effects: the
    topic's counters; notifications for reply, quote and mention, mailed on commit.
    """
    at = at or timezone.now()
    _check_may_post(author)
    if not source.strip():
        raise PostingRefused(_("Write a message before sending it."), code="empty")
    # Rendered, with its preview cards fetched, before any lock is taken.
    stored = _stored_html(source)
    with transaction.atomic():
        locked = _lock_topic(topic)
        _check_topic_open(locked, at=at)
        duplicate = (
            Post.objects.filter(
                topic=locked,
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
        if reply_to is not None and not (
            reply_to.topic_id == locked.pk
            and Post.objects.visible().filter(pk=reply_to.pk).exists()
        ):
            reply_to = None
        post = Post.objects.create(
            topic=locked,
            author=author,
            reply_to=reply_to,
            source=source,
            html=stored.html,
            created_at=at,
        )
        _count_new_post(locked, post)
        _notify_post(post, stored=stored)
    _copy_counters(locked, into=topic)
    return post


def edit_post(post: Post, *, editor: User, source: str, at: datetime | None = None) -> Post:
    """Replace a post's text; the previous text is kept as a PostRevision.

    Only the author (while allowed to post, and the topic open) or staff may edit: otherwise
    PermissionDenied or PostingRefused. Newly quoted or mentioned members are notified.
    """
    at = at or timezone.now()
    is_staff = _is_staff(editor)
    if editor.pk != post.author_id and not is_staff:
        raise PermissionDenied(_("Only its author can edit this message."))
    if not is_staff:
        _check_may_post(editor)
    if not source.strip():
        raise PostingRefused(_("Write a message before sending it."), code="empty")
    if source == post.source:
        return post
    stored = _stored_html(source)
    with transaction.atomic():
        current = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
        if current.is_deleted:
            raise PermissionDenied(_("This message was deleted."))
        if current.topic.is_closed and not is_staff:
            raise _topic_closed()
        PostRevision.objects.create(post=current, source=current.source, created_at=at)
        current.source = source
        current.html = stored.html
        current.edited_at = at
        current.save(update_fields=["source", "html", "edited_at"])
        _notify_post(current, stored=stored, is_edit=True)
    post.source, post.html, post.edited_at = current.source, current.html, current.edited_at
    return post


@transaction.atomic
def delete_post(post: Post, *, by: User) -> bool:
    """Delete a post (author or staff; otherwise PermissionDenied). False if already deleted."""
    if by.pk != post.author_id and not _is_staff(by):
        raise PermissionDenied(_("Only its author can delete this message."))
    return _set_post_flag(post, field="is_deleted", value=True)


@transaction.atomic
def hide_post(post: Post, *, moderator: User) -> bool:
    """Hide a post from readers. False if it was hidden already.

    The caller (moderation, admin) has checked that `moderator` may moderate.
    """
    return _set_post_flag(post, field="is_hidden", value=True)


@transaction.atomic
def restore_post(post: Post, *, moderator: User) -> bool:
    """Show a hidden post again (a post its author deleted stays deleted). False if not hidden."""
    return _set_post_flag(post, field="is_hidden", value=False)


def _set_post_flag(post: Post, *, field: str, value: bool) -> bool:
    """Set `is_hidden` or `is_deleted`, moving the topic's counters if visibility changed."""
    topic = _lock_topic(post.topic)
    current = Post.objects.get(pk=post.pk)
    if getattr(current, field) == value:
        setattr(post, field, value)
        return False
    was_visible = not (current.is_hidden or current.is_deleted)
    setattr(current, field, value)
    current.save(update_fields=[field])
    is_visible = not (current.is_hidden or current.is_deleted)
    if was_visible != is_visible:
        topic.post_count += 1 if is_visible else -1
        _set_last_post(topic)
        topic.save(update_fields=["post_count", "last_posted_at", "last_post"])
    setattr(post, field, value)
    _copy_counters(topic, into=post.topic)
    return True


# --- Likes, visits, notifications -----------------------------------------------------------


def like_post(post: Post, *, user: User) -> bool:
    """`user` likes `post`: True if the like is new, False if they had liked it already.

    Raises LikeRefused for one's own post, a post readers cannot see, or a member who may not
    post. Side effects: `post.like_count`; a notification to the author, mailed if they asked.
    """
    if not _may_post(user):
        raise LikeRefused(_("Your account cannot like messages."), code="account_inactive")
    if post.author_id == user.pk:
        raise LikeRefused(_("You cannot like your own message."), code="own_post")
    with transaction.atomic():
        if (
            not Post.objects.visible()
            .filter(pk=post.pk, topic__in=Topic.objects.visible())
            .exists()
        ):
            raise LikeRefused(_("This message is no longer available."), code="post_not_visible")
        _like, created = Like.objects.get_or_create(post=post, user=user)
        if not created:
            return False
        Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
        _notify(post, actor=user, recipients={post.author_id: Notification.Kind.LIKE})
    post.refresh_from_db(fields=["like_count"])
    return True


def unlike_post(post: Post, *, user: User) -> bool:
    """Take back `user`'s like of `post`. False if they had not liked it.

    The like's notification stays, so liking again does not mail the author a second time.
    """
    with transaction.atomic():
        deleted, _counts = Like.objects.filter(post=post, user=user).delete()
        if not deleted:
            return False
        Post.objects.filter(pk=post.pk, like_count__gt=0).update(like_count=F("like_count") - 1)
    post.refresh_from_db(fields=["like_count"])
    return True


def count_anonymous_view(topic: Topic) -> None:
    """Count one view of `topic` by a reader without an account.

    One UPDATE per view for now; when anonymous pages come from a shared cache, views will be
    counted there and added in batches.
    """
    Topic.objects.filter(pk=topic.pk).update(view_count=F("view_count") + 1)


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
    if created:
        Topic.objects.filter(pk=topic.pk).update(view_count=F("view_count") + 1)
        return
    TopicVisit.objects.filter(pk=visit.pk).update(
        last_read_post_id=Greatest(F("last_read_post_id"), seen_id), visited_at=now
    )


def mark_notifications_read(user: User, *, ids: list[int] | None = None) -> int:
    """Mark `user`'s unread notifications (all, or those of `ids`) read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


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
    topic = Topic.objects.select_for_update().get(pk=pk)
    topic.post_count = topic.posts.visible().count()
    _set_last_post(topic)
    topic.save(update_fields=["post_count", "last_posted_at", "last_post"])


def _lock_topic(topic: Topic) -> Topic:
    """The topic's row, locked until the transaction ends: its counters change next."""
    return Topic.objects.select_for_update().get(pk=topic.pk)


def _count_new_post(topic: Topic, post: Post) -> None:
    """Count a new visible post in its (locked) topic."""
    topic.post_count += 1
    if topic.last_posted_at is None or post.created_at >= topic.last_posted_at:
        topic.last_posted_at = post.created_at
        topic.last_post = post
    topic.save(update_fields=["post_count", "last_posted_at", "last_post"])


def _set_last_post(topic: Topic) -> None:
    last = topic.posts.visible().order_by("-created_at", "-id").only("id", "created_at").first()
    topic.last_post = last
    topic.last_posted_at = last.created_at if last else None


def _copy_counters(source: Topic, *, into: Topic) -> None:
    """Give the caller's instance the counters just written, so it does not show stale ones."""
    into.post_count = source.post_count
    into.last_posted_at = source.last_posted_at
    into.last_post_id = source.last_post_id


# --- Rules ------------------------------------------------------------------------------------


def _may_post(user: User) -> bool:
    return user.is_authenticated and user.is_active and not user.is_deleted


def _is_staff(user: User) -> bool:
    return user.is_active and user.is_staff


def _check_may_post(user: User) -> None:
    if not _may_post(user):
        raise PostingRefused(_("Your account cannot post messages."), code="account_inactive")


def _is_visible_post_of(topic: Topic, post: Post) -> bool:
    return post.topic_id == topic.pk and Post.objects.visible().filter(pk=post.pk).exists()


def _topic_closed() -> PostingRefused:
    return PostingRefused(
        _("This discussion is closed: no new messages can be posted."), code="topic_closed"
    )


def _check_topic_open(topic: Topic, *, at: datetime) -> None:
    if topic.is_hidden or (topic.visible_from is not None and topic.visible_from > at):
        raise PostingRefused(_("This discussion is not open."), code="topic_not_visible")
    if topic.is_closed:
        raise _topic_closed()


# --- Rendering --------------------------------------------------------------------------------


def _stored_html(source: str) -> RenderedPost:
    """`source` rendered as stored: preview cards in place of the links alone on their line.

    Rendered in the site's language whatever the writer's: the stored HTML serves every reader.
    """
    with translation.override(settings.LANGUAGE_CODE):
        rendered = render_post(source, known_usernames=_known_usernames, image_info=image_info)
    previews = _previews_for(rendered.link_urls)
    if not previews:
        return rendered
    return replace(rendered, html=attach_previews(rendered.html, previews))


def _previews_for(urls: Iterable[str]) -> dict[str, LinkPreview]:
    """Previews of `urls`, fetched now or stored: the one place a background worker can take.

    fetch_preview never raises: a failed fetch is stored with is_ok=False and the post keeps
    a plain link.
    """
    return fetch_previews(urls)


def _known_usernames(candidates: set[str]) -> set[str]:
    """Which of the lowercased `candidates` are usernames of members who can be mentioned."""
    return set(
        _reachable_members()
        .annotate(lowered=Lower("username"))
        .filter(lowered__in=candidates)
        .values_list("username", flat=True)
    )


# --- Notifications ----------------------------------------------------------------------------


def _notify_post(post: Post, *, stored: RenderedPost, is_edit: bool = False) -> None:
    """Notify whom `post` replies to, quotes or mentions: one notification per member per post.

    When several apply, quote wins over reply (quoting a post also answers it, and "quoted" says
    more), reply over mention. On an edit, only members
    not yet notified of this post are.
    """
    kinds: dict[int, Notification.Kind] = {}
    if stored.quoted_post_ids:
        quoted_authors = (
            Post.objects.visible()
            .filter(pk__in=stored.quoted_post_ids)
            .values_list("author", flat=True)
        )
        for author_id in quoted_authors:
            kinds.setdefault(author_id, Notification.Kind.QUOTE)
    if post.reply_to_id is not None and not is_edit:
        reply_to_author = Post.objects.filter(pk=post.reply_to_id).values_list("author", flat=True)
        for author_id in reply_to_author:
            kinds.setdefault(author_id, Notification.Kind.REPLY)
    for user_id in _members_named(stored.mentions):
        kinds.setdefault(user_id, Notification.Kind.MENTION)
    if is_edit and kinds:
        already = Notification.objects.filter(post=post, actor_id=post.author_id).values_list(
            "recipient", flat=True
        )
        for recipient_id in already:
            kinds.pop(recipient_id, None)
    _notify(post, actor=post.author, recipients=kinds)


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
    return User.objects.filter(is_active=True, is_deleted=False)


def _notify(post: Post, *, actor: User, recipients: dict[int, Notification.Kind]) -> None:
    """Create one notification per recipient (never the actor, never a member who left) and
    mail those who asked for it once the transaction commits."""
    recipients = {pk: kind for pk, kind in recipients.items() if pk != actor.pk}
    if not recipients:
        return
    reachable = set(_reachable_members().filter(pk__in=recipients).values_list("pk", flat=True))
    created: list[int] = []
    for recipient_id, kind in recipients.items():
        if recipient_id not in reachable:
            continue
        notification, is_new = Notification.objects.get_or_create(
            recipient_id=recipient_id, actor=actor, kind=kind, post=post
        )
        if is_new:
            created.append(notification.pk)
    if created:
        transaction.on_commit(partial(notifications.send_notification_emails, created), robust=True)

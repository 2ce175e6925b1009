"""What the forum keeps of a member: exported when they ask for their data, forgotten when they
leave. accounts names these functions by dotted path (`accounts/export.py: SECTIONS`,
`accounts/erasure.py: ERASERS`) and never imports the forum.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef

from kiosque.accounts.export import ExportFile
from kiosque.accounts.models import User
from kiosque.links import link

from .models import (
    Bookmark,
    CategoryFollow,
    FollowLevel,
    Like,
    Notification,
    Post,
    PostImage,
    PostRevision,
    Topic,
    TopicFollow,
    TopicVisit,
)

# Rows read from the database at a time: a member with 50,000 posts is never held whole.
CHUNK = 500


def topics_started(user: User) -> Iterator[dict[str, Any]]:
    """The topics the member opened (their opening text is in `posts`)."""
    topics = Topic.objects.filter(author=user).order_by("created_at", "pk")
    for topic in topics.iterator(chunk_size=CHUNK):
        yield {
            "id": topic.pk,
            "title": topic.title,
            "url": _absolute(topic.get_absolute_url()),
            "created_at": topic.created_at,
        }


def posts(user: User) -> Iterator[dict[str, Any]]:
    """Every post the member wrote, with its Markdown source and its earlier versions."""
    earlier: dict[int, list[dict[str, Any]]] = {}
    revisions = PostRevision.objects.filter(post__author=user).order_by("pk")
    for post_id, replaced_at, source in revisions.values_list("post_id", "created_at", "source"):
        earlier.setdefault(post_id, []).append({"replaced_at": replaced_at, "source": source})
    shown = Post.objects.visible().filter(pk=OuterRef("pk"))
    rows = (
        Post.objects.filter(author=user)
        .annotate(is_shown=Exists(shown))
        .order_by("created_at", "pk")
        .values(
            "pk",
            "topic_id",
            "topic__title",
            "reply_to_id",
            "created_at",
            "edited_at",
            "source",
            "is_shown",
            "is_deleted",
            "like_count",
        )
    )
    for post in rows.iterator(chunk_size=CHUNK):
        yield {
            "id": post["pk"],
            "url": _absolute(link("community:post-permalink", pk=post["pk"])),
            "topic": {"id": post["topic_id"], "title": post["topic__title"]},
            "in_reply_to": post["reply_to_id"],
            "created_at": post["created_at"],
            "edited_at": post["edited_at"],
            "source": post["source"],
            "shown_to_readers": post["is_shown"],
            "deleted_by_you": post["is_deleted"],
            "like_count": post["like_count"],
            "earlier_versions": earlier.get(post["pk"], []),
        }


def likes(user: User) -> Iterator[dict[str, Any]]:
    """The posts the member liked, and when."""
    for like in (
        Like.objects.filter(user=user).order_by("created_at", "pk").iterator(chunk_size=CHUNK)
    ):
        yield {
            "post": like.post_id,
            "url": _absolute(link("community:post-permalink", pk=like.post_id)),
            "created_at": like.created_at,
        }


def notifications(user: User) -> Iterator[dict[str, Any]]:
    """What the member was told under the bell."""
    rows = Notification.objects.filter(recipient=user).select_related("actor").order_by("pk")
    for notification in rows.iterator(chunk_size=CHUNK):
        actor = notification.actor
        yield {
            "kind": notification.kind,
            "from": actor.public_name if actor is not None else None,
            "post": notification.post_id,
            "created_at": notification.created_at,
            "read_at": notification.read_at,
        }


def uploads(user: User) -> Iterator[dict[str, Any]]:
    """The images the member uploaded, each file in the archive."""
    for image in PostImage.objects.filter(uploader=user).order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "file": ExportFile.of(image.image),
            "url": _absolute(image.image.url),
            "width": image.width,
            "height": image.height,
            "bytes": image.byte_size,
            "uploaded_at": image.created_at,
        }


def topic_visits(user: User) -> Iterator[dict[str, Any]]:
    """How far the member read each topic (what marks posts as new for them)."""
    visits = TopicVisit.objects.filter(user=user).select_related("topic").order_by("pk")
    for visit in visits.iterator(chunk_size=CHUNK):
        yield {
            "topic": {"id": visit.topic_id, "title": visit.topic.title},
            "last_read_post": visit.last_read_post_id,
            "visited_at": visit.visited_at,
        }


def follows(user: User) -> Iterator[dict[str, Any]]:
    """The levels the member set on topics and categories (watching, tracking, muted…)."""
    topics = TopicFollow.objects.filter(user=user).select_related("topic").order_by("pk")
    for follow in topics.iterator(chunk_size=CHUNK):
        yield {
            "topic": {"id": follow.topic_id, "title": follow.topic.title},
            "level": FollowLevel(follow.level).label,
            "set_at": follow.set_at,
        }
    categories = CategoryFollow.objects.filter(user=user).select_related("category")
    for category_follow in categories.order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "category": {"id": category_follow.category_id, "name": category_follow.category.name},
            "level": FollowLevel(category_follow.level).label,
            "set_at": category_follow.set_at,
        }


def bookmarks(user: User) -> Iterator[dict[str, Any]]:
    """The posts the member bookmarked, with their notes and reminders."""
    kept = Bookmark.objects.filter(member=user).select_related("post__topic").order_by("pk")
    for bookmark in kept.iterator(chunk_size=CHUNK):
        yield {
            "post": bookmark.post_id,
            "url": _absolute(link("community:post-permalink", pk=bookmark.post_id)),
            "topic": {"id": bookmark.post.topic_id, "title": bookmark.post.topic.title},
            "note": bookmark.note,
            "remind_at": bookmark.remind_at,
            "reminded_at": bookmark.reminded_at,
            "created_at": bookmark.created_at,
        }


def forget_member(user: User) -> None:
    """Erase what the forum keeps of a member who leaves, inside `delete_account`'s transaction.

    Their posts stay in their discussions (signed “deleted member” once the account is
    anonymised), with their text and the images they show, as published. What goes: the text
    and earlier versions of the posts they deleted themselves, the images no kept post of theirs
    shows (files removed on commit), their notifications, their reading marks and the addresses
    their posts were sent from. Their likes
    stay, so that like counts stay true: they now point at an anonymous account.
    """
    self_deleted = Post.objects.filter(author=user, is_deleted=True)
    PostRevision.objects.filter(post__in=self_deleted).delete()
    self_deleted.update(source="", html="")
    kept_sources = Post.objects.filter(author=user, is_deleted=False).values_list(
        "source", flat=True
    )
    images = list(PostImage.objects.filter(uploader=user))
    shown: set[int] = set()
    for source in kept_sources.iterator(chunk_size=CHUNK):
        shown.update(image.pk for image in images if (image.image.name or "") in source)
    unused = [image for image in images if image.pk not in shown]
    PostImage.objects.filter(pk__in=[image.pk for image in unused]).delete()
    for image in unused:
        _delete_file_on_commit(image)
    Notification.objects.filter(recipient=user).delete()
    TopicVisit.objects.filter(user=user).delete()
    Bookmark.objects.filter(member=user).delete()
    TopicFollow.objects.filter(user=user).delete()
    CategoryFollow.objects.filter(user=user).delete()
    # Where their posts were sent from was kept for abuse handling only.
    Post.objects.filter(author=user).update(author_address=None)


def _delete_file_on_commit(image: PostImage) -> None:
    storage, name = image.image.storage, image.image.name or ""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _absolute(path: str) -> str:
    return settings.SITE_URL + path

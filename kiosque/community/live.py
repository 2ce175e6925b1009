"""A topic's live stream (kiosque/live.py): its newest posts, as every reader sees them."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import translation

from kiosque.live import Item, Snapshot
from kiosque.pagecache.personal import SHARED_RENDER

from .models import Post, Topic

# The newest posts compared at each change: more than can arrive between two looks.
WINDOW = 50
# Posts sent at most to a reader who reconnects; beyond, the page is better reloaded.
CATCH_UP_LIMIT = 100

_PERSONAL_MARKER = re.compile(r"<!--/?personal[^>]*-->")


class TopicSource:
    """The posts of a visible topic, as its page and its article's discussion show them."""

    def key(self, ident: int) -> str:
        return f"topic:{ident}"

    def is_open(self, ident: int) -> bool:
        return Topic.objects.visible().filter(pk=ident).exists()

    def latest(self, ident: int, *, language: str) -> Snapshot:
        topic = Topic.objects.visible().filter(pk=ident).first()
        if topic is None:
            return Snapshot(items=[], count=0, is_open=False)
        newest = Post.objects.visible().for_display().filter(topic=topic)
        posts = list(reversed(newest.order_by("-created_at", "-id")[:WINDOW]))
        return Snapshot(
            items=[_item(post, topic, language) for post in posts], count=topic.post_count
        )

    def after(self, ident: int, item_id: int, *, language: str) -> Snapshot:
        topic = Topic.objects.visible().filter(pk=ident).first()
        if topic is None:
            return Snapshot(items=[], count=0, is_open=False)
        later = Post.objects.visible().for_display().filter(topic=topic, pk__gt=item_id)
        posts = list(later.order_by("created_at", "id")[:CATCH_UP_LIMIT])
        return Snapshot(
            items=[_item(post, topic, language) for post in posts], count=topic.post_count
        )


def _item(post: Post, topic: Topic, language: str) -> Item:
    fingerprint = (post.shown, topic.is_closed)  # what its HTML shows, as its page does
    return Item(post.pk, fingerprint, render=lambda: shared_post_html(post, topic, language))


def shared_post_html(post: Post, topic: Topic, language: str) -> str:
    """The post as the shared page shows it to a reader without an account."""
    with translation.override(language):
        html = render_to_string(
            "community/_post.html", {"post": post, "topic": topic, SHARED_RENDER: True}
        )
    return _PERSONAL_MARKER.sub("", html).strip()

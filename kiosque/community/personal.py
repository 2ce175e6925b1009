"""What the forum's personal blocks need, loaded once per page (kiosque/pagecache/personal.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest

from .models import Bookmark, Like, Post


def liked_posts(request: HttpRequest, blocks: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """`liked_post_ids`, `bookmarked_post_ids`: which of the posts on the page the member has
    liked, and bookmarked (the like button's block shows both; one query)."""
    post_ids = [block["post"] for block in blocks if isinstance(block.get("post"), int)]
    if not request.user.is_authenticated or not post_ids:
        return {"liked_post_ids": set(), "bookmarked_post_ids": set()}
    member = request.user
    marks = (
        Post.objects.filter(pk__in=post_ids)
        .annotate(
            liked=Exists(Like.objects.filter(user=member, post=OuterRef("pk"))),
            bookmarked=Exists(Bookmark.objects.filter(member=member, post=OuterRef("pk"))),
        )
        .filter(Q(liked=True) | Q(bookmarked=True))
        .values_list("pk", "liked", "bookmarked")
    )
    liked: set[int] = set()
    bookmarked: set[int] = set()
    for pk, is_liked, is_bookmarked in marks:
        if is_liked:
            liked.add(pk)
        if is_bookmarked:
            bookmarked.add(pk)
    return {"liked_post_ids": liked, "bookmarked_post_ids": bookmarked}

"""What the forum's personal blocks need, loaded once per page (kiosque/pagecache/personal.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpRequest

from .models import Like


def liked_posts(request: HttpRequest, blocks: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """`liked_post_ids`: which of the posts on the page the member has liked (one query)."""
    post_ids = [block["post"] for block in blocks if isinstance(block.get("post"), int)]
    if not request.user.is_authenticated or not post_ids:
        return {"liked_post_ids": set()}
    liked = Like.objects.filter(user=request.user, post_id__in=post_ids)
    return {"liked_post_ids": set(liked.values_list("post_id", flat=True))}

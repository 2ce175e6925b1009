"""What a member's page shows of their part in the forum.

The page is the accounts app's (`accounts.views.profile`), which never imports the apps built on
it: it reads this through the dotted path `accounts.views.PROFILE_ACTIVITY`, as it reads the
export's sections and the erasers.
"""

from __future__ import annotations

from typing import Any

from kiosque.accounts.models import User

from .models import Post

RECENT_POSTS_SHOWN = 10


def forum_activity(member: User) -> dict[str, Any]:
    """`post_count` and `recent_posts` of `member` that readers may read, and `shown_keys`: the
    announcement keys of what the list shows (a renamed or hidden topic changes it)."""
    posts = Post.objects.readable().filter(author=member)
    recent = list(posts.select_related("topic").order_by("-created_at", "-pk")[:RECENT_POSTS_SHOWN])
    return {
        "post_count": posts.count(),
        "recent_posts": recent,
        "shown_keys": {f"topic:{post.topic_id}" for post in recent},
    }

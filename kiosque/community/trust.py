"""Trust levels, as in Discourse: what a member may do grows with their participation.

The numbers are settings (`KIOSQUE_TRUST_LIMITS`, `KIOSQUE_TRUST_REQUIREMENTS`), read through
`limits_of` and `earned_level`; the posting gate (`posting_rules.py`) applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Sum

from kiosque.accounts.models import TrustLevel, User


@dataclass(frozen=True)
class Limits:
    """What a member of one trust level may post."""

    posts_per_minute: int
    posts_per_day: int
    topics_per_day: int
    links_per_post: int
    images_per_post: int
    mentions_per_post: int
    link_previews: bool


@dataclass(frozen=True)
class Requirements:
    """What a member must have done to earn one trust level."""

    days_visited: int
    posts_read: int
    likes_received: int
    days_since_sign_up: int


def limits_of(user: User) -> Limits:
    numbers: dict[str, Any] = settings.KIOSQUE_TRUST_LIMITS[user.trust_level]
    return Limits(**numbers)


def earned_level(user: User, *, at: datetime) -> int:
    """The highest level whose requirements `user` meets (never below their current one).

    The likes they received are summed only once the cheaper requirements are met: most posts
    come from members who are not about to move up.
    """
    earned = user.trust_level
    likes_received: int | None = None
    for level, numbers in sorted(settings.KIOSQUE_TRUST_REQUIREMENTS.items()):
        if level <= user.trust_level:
            continue
        needed = Requirements(**numbers)
        if not (
            user.days_visited_count >= needed.days_visited
            and user.posts_read_count >= needed.posts_read
            and at - user.date_joined >= timedelta(days=needed.days_since_sign_up)
        ):
            break
        if likes_received is None:
            likes_received = _likes_received(user)
        if likes_received < needed.likes_received:
            break
        earned = level
    return earned


def _likes_received(user: User) -> int:
    total = user.posts.filter(is_deleted=False).aggregate(total=Sum("like_count"))["total"]
    return int(total or 0)


def level_name(level: int) -> str:
    return str(TrustLevel(level).label)

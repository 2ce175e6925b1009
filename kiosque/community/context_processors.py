"""What every page's member menu needs of the forum, for `TEMPLATES` (settings.py)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from kiosque.accounts.models import User

from .models import Notification


def notifications(request: HttpRequest) -> dict[str, Any]:
    """`unread_notification_count`, for the bell: called by the template only where it shows
    the bell (the member menu), so a page without it, or a reader without an account, costs no
    query. The template tags make none."""
    # A page answered before the authentication middleware (a bad Host's 400) has no user.
    # `is None`, not truth: the lazy user must not be loaded (two queries) by a page without
    # the bell, such as the sitemap.
    user = getattr(request, "user", None)
    return {"unread_notification_count": 0 if user is None else partial(unread_count, user)}


def unread_count(user: User | AnonymousUser) -> int:
    """How many of `user`'s notifications are unread (none for a reader without an account)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.unread_for(user).count()

"""Template helpers of the forum pages: `{% load forum %}`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kiosque.community.models import Like, Notification, Post, Topic

register = template.Library()

# Past this, "il y a 26 heures" is harder to place than the date itself.
RELATIVE_TIME_HOURS = 24


@register.filter
def when(value: datetime | None) -> str:
    """ "il y a 3 heures" within a day, then "20 novembre 2023 à 17h19" (Europe/Paris)."""
    if value is None:
        return ""
    if timezone.now() - value < timedelta(hours=RELATIVE_TIME_HOURS):
        return str(naturaltime(value))
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


@register.filter
def member_name(user: Any) -> str:
    """The name a member is shown under (`User.public_name`); no author means the newsroom."""
    if user is None:
        return _("the newsroom")
    return str(user.public_name)


@register.filter
def reply_count(topic: Topic) -> int:
    """Replies to a topic: its visible posts, less the opening post (article topics have none)."""
    opening = 0 if topic.category.is_article_discussions else 1
    return max(topic.post_count - opening, 0)


@register.simple_tag(takes_context=True)
def liked_post_ids(context: template.Context, posts: Iterable[Post]) -> set[int]:
    """Which of `posts` the signed-in member liked (one query; none for anonymous readers)."""
    user = context.get("user")
    ids = [post.pk for post in posts]
    if user is None or not user.is_authenticated or not ids:
        return set()
    return set(Like.objects.filter(user=user, post__in=ids).values_list("post_id", flat=True))


@register.simple_tag(takes_context=True)
def unread_notification_count(context: template.Context) -> int:
    user = context.get("user")
    if user is None:
        return 0
    return Notification.objects.unread_for(user).count()

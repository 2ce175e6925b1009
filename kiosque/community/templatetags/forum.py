"""Template helpers of the forum pages: `{% load forum %}`. They read what the view passed and
make no query (the bell's count comes from `context_processors.notifications`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from kiosque.community.models import Topic

register = template.Library()


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

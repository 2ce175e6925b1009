"""Every write to the forum has its home here."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Category, Topic

ARTICLES_CATEGORY_SLUG = "articles"


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

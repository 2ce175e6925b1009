"""The forum's pages' metadata in their `<head>`: `{% load forum_metadata %}`, one tag per kind
of page, reading what the page's context holds (`structured_data.py`)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from kiosque import metadata

from .. import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def forum_metadata(context: template.Context) -> SafeString:
    """`{% forum_metadata %}`: the forum's index (categories)."""
    built = structured_data.forum_metadata(context["request"], context.get("categories") or [])
    return metadata.render(built)


@register.simple_tag(takes_context=True)
def category_metadata(context: template.Context) -> SafeString:
    """`{% category_metadata %}`: a category's page (category, page)."""
    built = structured_data.category_metadata(
        context["request"], context["category"], context["page"]
    )
    return metadata.render(built)


@register.simple_tag(takes_context=True)
def topic_metadata(context: template.Context) -> SafeString:
    """`{% topic_metadata %}`: a topic's page (topic, page, posts, article)."""
    page = context.get("page")
    first_rank = getattr(page, "first_rank", None)
    built = structured_data.topic_metadata(
        context["request"],
        context["topic"],
        context.get("posts") or [],
        page_number=getattr(page, "number", None),
        is_first_page=first_rank == 1 if first_rank else not getattr(page, "previous_url", ""),
        article=context.get("article"),
    )
    return metadata.render(built)

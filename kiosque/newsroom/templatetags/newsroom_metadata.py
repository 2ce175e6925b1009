"""The newsroom's pages' metadata in their `<head>`: `{% load newsroom_metadata %}`, then one
tag per kind of page, reading what the page's context holds (`structured_data.py`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString

from kiosque import metadata

from .. import structured_data
from ..models import Article

register = template.Library()


@register.simple_tag(takes_context=True)
def article_metadata(context: template.Context) -> SafeString:
    """`{% article_metadata %}`: the article page's (article, authors, tags)."""
    built = structured_data.article_metadata(
        context["request"],
        context["article"],
        authors=context.get("authors") or [],
        tags=context.get("tags") or [],
    )
    return metadata.render(built)


@register.simple_tag(takes_context=True)
def listing_metadata(context: template.Context) -> SafeString:
    """`{% listing_metadata %}`: a section, tag, author or story page (object, page)."""
    built = structured_data.listing_metadata(context["request"], context["object"], context["page"])
    return metadata.render(built)


@register.simple_tag(takes_context=True)
def home_metadata(context: template.Context) -> SafeString:
    """`{% home_metadata %}`: the front page (featured, latest, sections)."""
    shown: list[Article] = [*(context.get("featured") or []), *(context.get("latest") or [])]
    sections: Iterable[tuple[Any, list[Article]]] = context.get("sections") or []
    for _section, articles in sections:
        shown += [article for article in articles if article not in shown]
    return metadata.render(structured_data.home_metadata(context["request"], shown))


@register.simple_tag(takes_context=True)
def site_page_metadata(context: template.Context) -> SafeString:
    """`{% site_page_metadata %}`: one of the site's own pages (page)."""
    return metadata.render(structured_data.site_page_metadata(context["request"], context["page"]))


@register.simple_tag(takes_context=True)
def corrections_metadata(context: template.Context) -> SafeString:
    """`{% corrections_metadata %}`: the corrections page (page)."""
    return metadata.render(
        structured_data.corrections_metadata(context["request"], context["page"])
    )


@register.simple_tag
def share_links(article: Article) -> structured_data.ShareLinks:
    """`{% share_links article as share %}`: the article's address and its plain share links."""
    return structured_data.share_links(article)

"""Template tags used by every page: `{% load site %}`."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in_language(context: template.Context, language: str) -> str:
    """This page's address in `language` (French at the root, English under /en/)."""
    request: HttpRequest | None = context.get("request")
    path = request.get_full_path() if request else "/"
    return translate_url(path, language)


@register.simple_tag
def current_language() -> str:
    return get_language() or "fr"

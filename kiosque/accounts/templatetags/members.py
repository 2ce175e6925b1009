"""Template filters for members' pages: `{% load members %}`."""

from __future__ import annotations

import html

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

register = template.Library()

# Long enough to recognise a post, short enough to list ten on a profile.
EXCERPT_CHARACTERS = 280


@register.filter
def excerpt(post_html: str) -> str:
    """The plain text of a rendered post, shortened; the template escapes it once."""
    text = " ".join(html.unescape(strip_tags(post_html)).split())
    return Truncator(text).chars(EXCERPT_CHARACTERS)

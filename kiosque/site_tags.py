"""Template tags and filters every template may use without `{% load %}` (a builtin)."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

from kiosque import links
from kiosque.pagecache.fragments import do_memo
from kiosque.pagecache.personal import do_personal
from kiosque.typography import french_spacing

register = template.Library()
register.tag("personal", do_personal)
register.tag("memo", do_memo)


@register.simple_tag(takes_context=True)
def page_in_language(context: template.Context, language: str) -> str:
    """This page's address in `language` (French at the root, English under /en/)."""
    request: HttpRequest | None = context.get("request")
    path = request.get_full_path() if request else "/"
    return translate_url(path, language)


@register.simple_tag
def current_language() -> str:
    return get_language() or "fr"


@register.simple_tag
def content_lang() -> str:
    """` lang="fr"` on the publication's own text (an article, its title on a card) where the
    interface is in another language (under /en/); nothing where they agree."""
    if (get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE:
        return ""
    return mark_safe(f' lang="{settings.LANGUAGE_CODE}"')


@register.filter
def iso_datetime(value: datetime | None) -> str:
    """A `<time datetime>` value: local time to the second ("2023-11-20T17:19:00+01:00")."""
    if value is None:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.simple_tag(name="link")
def link_tag(viewname: str, **kwargs: int | str) -> str:
    """`{% link "community:post-quote" pk=post.pk %}`: `{% url %}` for long lists (links.py)."""
    return links.link(viewname, **kwargs)


@register.filter(is_safe=True)
def typography(value: str | SafeData) -> str:
    """French spacing (`kiosque/typography.py`) in stored HTML or plain text, on French pages
    only: `{{ post.html|typography }}`. The stored text is left as typed; English pages get it
    untouched. Plain text is escaped first, as it would have been."""
    html = conditional_escape(value)
    if (get_language() or settings.LANGUAGE_CODE).split("-")[0] != "fr":
        return html
    return mark_safe(french_spacing(html))

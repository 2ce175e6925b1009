"""What a public page tells search engines, feed readers and social networks about itself.

Every public page carries, in its `<head>`: a canonical URL (absolute, `settings.SITE_URL`; a
list's page number kept, any other query dropped), `hreflang` alternates for each language and
`x-default` (the French URL: the publication's language), a description, Open Graph and Twitter
card tags, and JSON-LD. Each app builds its pages' `PageMetadata` where the data lives
(`newsroom/structured_data.py`, `community/structured_data.py`, `accounts/structured_data.py`)
from what the page's context already holds: metadata never costs a query. This module holds
what they share and renders it (`_metadata.html`).

French first: articles are written in French. An English page (`/en/…`) is a page of its own
(the interface is English) with its own canonical and the same alternates; the French text on it
is marked `lang="fr"` (`{% content_lang %}` in `site_tags.py`), and JSON-LD's `inLanguage` names
the language of the text, not of the interface.

Pages are shared pages (`kiosque/pagecache/`): nothing here reads who is asking.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

# Open Graph names locales with a territory; ours follow the date formats (kiosque/formats/).
OG_LOCALES = {"fr": "fr_FR", "en": "en_US"}
# Search engines show about this much of a description.
DESCRIPTION_CHARACTERS = 200
# The text of a comment in JSON-LD: enough to say what it says, not the whole thread's weight.
COMMENT_TEXT_CHARACTERS = 500
# Characters that must not appear raw inside a <script> element (and two that end a line in
# JavaScript): user text in JSON-LD can then never close the element or open a comment.
_SCRIPT_SAFE = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


@dataclass(frozen=True)
class SocialImage:
    """The picture a social network shows with a link (`og:image`): absolute, with its size."""

    url: str
    width: int
    height: int
    alt: str = ""
    content_type: str = "image/jpeg"


@dataclass(frozen=True)
class ArticleFacts:
    """What Open Graph's `article:*` properties say of an article."""

    published_at: datetime | None
    modified_at: datetime | None
    author_urls: Sequence[str] = ()
    section: str = ""
    tags: Sequence[str] = ()


@dataclass(frozen=True)
class PageMetadata:
    """Everything a public page says of itself in its `<head>`, besides its `<title>`."""

    title: str
    description: str
    canonical: str
    alternates: Sequence[tuple[str, str]]
    og_type: str = "website"
    image: SocialImage | None = None
    article: ArticleFacts | None = None
    structured_data: Sequence[Mapping[str, Any]] = field(default_factory=list)

    @property
    def locale(self) -> str:
        return OG_LOCALES.get(get_language() or settings.LANGUAGE_CODE, "fr_FR")

    @property
    def locale_alternates(self) -> list[str]:
        return [locale for locale in OG_LOCALES.values() if locale != self.locale]

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image is not None else "summary"


def site_name() -> str:
    """The publication's name (`SITE_NAME`)."""
    return str(settings.SITE_NAME)


def absolute(path: str) -> str:
    """`path` on the public site (`settings.SITE_URL`); an absolute URL is left as it is."""
    if "://" in path:
        return path
    return f"{settings.SITE_URL}{path}"


def page_query(request: HttpRequest, page_number: int | None = None) -> str:
    """The query string that names this page of a list ("?page=3"), or "" for a first page or a
    page that is no list. `page_number` is the page shown (the paginator's answer, so that
    "?page=abc" names the first page); without it, a `page` given as a positive number."""
    if page_number is None:
        asked = request.GET.get("page", "")
        page_number = int(asked) if asked.isdigit() and len(asked) < 10 else 1
    return f"?page={page_number}" if page_number > 1 else ""


def canonical_url(request: HttpRequest, page_number: int | None = None) -> str:
    """This page's own absolute URL: its path, and its page number in a list; nothing else of
    the query (tracking parameters, a keyset window, a filter)."""
    return absolute(request.path + page_query(request, page_number))


def language_alternates(
    request: HttpRequest, page_number: int | None = None
) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) of this page in each language, then `x-default`: the French
    page, the publication's own language."""
    query = page_query(request, page_number)
    urls = [
        (code, absolute(translate_url(request.path, code) + query))
        for code, _name in settings.LANGUAGES
    ]
    default = dict(urls)[settings.LANGUAGE_CODE]
    return [*urls, ("x-default", default)]


def description_of(*texts: str | None) -> str:
    """The first non-empty text, as plain text on one line, short enough for a result page;
    the site's own description when there is none."""
    for text in texts:
        plain = " ".join(unescape(strip_tags(text or "")).split())
        if plain:
            return Truncator(plain).chars(DESCRIPTION_CHARACTERS)
    return gettext("Tech news, and a community to discuss it.")


def plain_text(html: str, limit: int = COMMENT_TEXT_CHARACTERS) -> str:
    """Rendered HTML (a post) as plain text on one line, shortened."""
    return Truncator(" ".join(unescape(strip_tags(html)).split())).chars(limit)


def iso(value: datetime | None) -> str | None:
    """An ISO 8601 date and time with its offset, to the second, in the site's time zone."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def build(
    request: HttpRequest,
    *,
    title: str,
    description: str,
    page_number: int | None = None,
    og_type: str = "website",
    image: SocialImage | None = None,
    article: ArticleFacts | None = None,
    structured_data: Iterable[Mapping[str, Any] | None] = (),
) -> PageMetadata:
    """The metadata of the page at `request` (a shared page's anonymous twin will do)."""
    return PageMetadata(
        title=title,
        description=description,
        canonical=canonical_url(request, page_number),
        alternates=language_alternates(request, page_number),
        og_type=og_type,
        image=image,
        article=article,
        structured_data=[data for data in structured_data if data],
    )


def render(metadata: PageMetadata) -> SafeString:
    """The `<head>` elements of `metadata`: links, meta tags, then the JSON-LD."""
    return mark_safe(
        render_to_string("_metadata.html", {"metadata": metadata, "site_name": settings.SITE_NAME})
        + "".join(json_ld(data) for data in metadata.structured_data)
    )


def json_ld(data: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> SafeString:
    """A `<script type="application/ld+json">` element holding `data`.

    Browsers run no script of that type (the Content-Security-Policy has nothing to allow),
    but they end the element at the first `</script` in it, so `<`, `>` and `&` are written
    as JSON escapes: no text of a member's can close it or open a comment.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


# Schema.org pieces every app uses.

CONTEXT = "https://schema.org"


def publisher() -> dict[str, Any]:
    """The publication: a news media organisation with its logo."""
    return {
        "@type": "NewsMediaOrganization",
        "@id": absolute("/#publisher"),
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "logo": {"@type": "ImageObject", "url": absolute(static(settings.KIOSQUE_LOGO))},
    }


def breadcrumb_list(items: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """A `BreadcrumbList` of (name, URL) from the top of the site to the page."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(url)}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def item_list(urls: Iterable[str]) -> dict[str, Any]:
    """An `ItemList` of the pages a list shows, in order (a summary page's carousel)."""
    return {
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "url": absolute(url)}
            for position, url in enumerate(urls, start=1)
        ],
    }


def collection_page(
    *, name: str, description: str, url: str, items: Iterable[str], language: str | None = None
) -> dict[str, Any]:
    """A `CollectionPage` (a section, a tag, a category…) and the pages it lists."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": name,
        "description": description,
        "url": absolute(url),
        "isPartOf": {"@type": "WebSite", "@id": absolute("/#website")},
        "mainEntity": item_list(items),
    }
    if language:
        data["inLanguage"] = language
    return data


def website() -> dict[str, Any]:
    """The site itself, with the search readers can run from a search engine's result."""
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "@id": absolute("/#website"),
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": {"@id": absolute("/#publisher")},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(reverse("search:page")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def organization() -> dict[str, Any]:
    """The publication as a JSON-LD document of its own (the home page's)."""
    return {"@context": CONTEXT, **publisher()}

"""Pictures of the media library on pages: `{% load pictures %}`.

`{% picture image use="hero" sizes="(min-width: 60rem) 50rem, 100vw" eager=True %}`
    A `<picture>`: an AVIF source (when made), a WebP source, and an `<img>` with the largest
    WebP (or the original until the worker made the renditions), its `width` and `height`, the
    image's `alt` (`alt=""` with `decorative=True`, or `alt="…"` to override), and
    `loading="lazy" decoding="async"`, or with `eager=True` `fetchpriority="high"` (the picture
    at the top of a page). `css_class` goes on the `<img>`. Nothing for `None`.
    Uses: hero, card, social, inline (`kiosque/media/renditions.py`).

`{% social_image_url image %}`
    The absolute URL of the 1200 × 630 JPEG for `og:image`, or of the original.

`{{ html|expand_images }}`
    Stored article HTML refers to library images by identity. `kiosque/markup.py` writes the
    Markdown `![alt](image:42 "caption")` as an element

        <img data-image="42" alt="alt">

    (double-quoted attributes in any order; a figure and figcaption around it are the
    markup's to choose). The filter replaces each such `<img>` with the picture of use "inline",
    lazy, with the `<img>`'s alt (the image's own when it has none). Every image of the HTML is
    read in one query, their renditions in one more. An id no longer in the library leaves
    nothing.

Renditions are read from `image.renditions.all()`: lists prefetch them, one query for all:
`Image.objects.with_renditions()`, or through a relation
`Article.objects.select_related("hero").prefetch_related("hero__renditions")`. Without, each
picture costs a query.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from html import unescape
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ..models import Image, Rendition
from ..renditions import AVIF, CONTENT_TYPES, INLINE, JPEG, SOCIAL, WEBP

register = template.Library()

# How wide each use is on the page when the template does not say (the reading column: 46rem).
DEFAULT_SIZES = {
    "hero": "(min-width: 60rem) 60rem, 100vw",
    "card": "(min-width: 60rem) 20rem, (min-width: 40rem) 50vw, 100vw",
    SOCIAL: "1200px",
    INLINE: "(min-width: 48rem) 46rem, 100vw",
}
PLACEHOLDER = re.compile(r"<img\b[^>]*?\bdata-image=\"(\d+)\"[^>]*>")
ALT = re.compile(r"\balt=\"([^\"]*)\"")


@register.simple_tag
def picture(
    image: Image | None,
    use: str = "card",
    sizes: str = "",
    eager: bool = False,
    decorative: bool = False,
    alt: str | None = None,
    css_class: str = "",
) -> SafeString:
    """The `<picture>` of `image` for `use` (see the module's docstring)."""
    if image is None:
        return mark_safe("")
    made: dict[str, list[Rendition]] = defaultdict(list)
    for rendition in image.renditions.all():
        if rendition.use == use:
            made[rendition.format].append(rendition)
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        (
            (CONTENT_TYPES[format], _srcset(made[format]), sizes or DEFAULT_SIZES.get(use, "100vw"))
            for format in (AVIF, WEBP)
            if made[format]
        ),
    )
    fallback = made[WEBP] or made[JPEG]
    if fallback:
        largest = max(fallback, key=lambda rendition: rendition.width)
        src, width, height = largest.file.url, largest.width, largest.height
    else:
        src, width, height = image.file.url, image.width, image.height
    text = "" if decorative else (image.alt if alt is None else alt)
    loading = (
        mark_safe(' fetchpriority="high"')
        if eager
        else mark_safe(' loading="lazy" decoding="async"')
    )
    classes = format_html(' class="{}"', css_class) if css_class else ""
    return format_html(
        '<picture>{}<img src="{}" width="{}" height="{}" alt="{}"{}{}></picture>',
        sources,
        src,
        width,
        height,
        text,
        loading,
        classes,
    )


@register.simple_tag(takes_context=True)
def social_image_url(context: template.Context, image: Image | None) -> str:
    """The absolute URL of the image's social card (1200 × 630 JPEG), or of its original."""
    if image is None:
        return ""
    cards = [r for r in image.renditions.all() if r.use == SOCIAL and r.format == JPEG]
    url = max(cards, key=lambda r: r.width).file.url if cards else image.file.url
    request = context.get("request")
    if request is not None:
        return str(request.build_absolute_uri(url))
    return url if "://" in url else f"{settings.SITE_URL}{url}"


@register.filter(is_safe=True)
def expand_images(html: Any) -> SafeString:
    """Stored HTML with each `<img data-image="ID" alt="…">` made the image's inline picture."""
    text = str(html or "")
    ids = {int(found) for found in PLACEHOLDER.findall(text)}
    if not ids:
        return mark_safe(text)
    by_id = {image.pk: image for image in Image.objects.with_renditions().filter(pk__in=ids)}

    def expanded(match: re.Match[str]) -> str:
        image = by_id.get(int(match.group(1)))
        if image is None:
            return ""
        written = ALT.search(match.group(0))
        alt = unescape(written.group(1)) if written and written.group(1) else None
        return str(picture(image, use=INLINE, alt=alt))

    return mark_safe(PLACEHOLDER.sub(expanded, text))


def _srcset(renditions: Iterable[Rendition]) -> str:
    ordered = sorted(renditions, key=lambda rendition: rendition.width)
    return ", ".join(f"{rendition.file.url} {rendition.width}w" for rendition in ordered)

"""What the newsroom's public pages say of themselves: canonical and alternates, Open Graph,
Twitter card and JSON-LD (`NewsArticle`, `ProfilePage`, `BreadcrumbList`, `CollectionPage`,
`WebSite`), built from what each page's context already holds (no query: the hero's renditions,
the bylines, the tags and the topic's counter are read with the article). The shared machinery
is `kiosque/metadata.py`; the template tags are `templatetags/newsroom_metadata.py`."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Page
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from kiosque import metadata
from kiosque.media.models import Image, Rendition
from kiosque.media.renditions import HERO, JPEG, SOCIAL, WEBP
from kiosque.metadata import CONTEXT, ArticleFacts, PageMetadata, SocialImage, absolute, iso

from .models import Article, Author, Correction, Section, Story, Tag
from .models import Page as SitePage


def social_image(image: Image | None) -> SocialImage | None:
    """The image's 1200 × 630 JPEG for social cards, or its original until the worker made it
    (from the renditions prefetched with the article)."""
    if image is None:
        return None
    cards = [r for r in image.renditions.all() if r.use == SOCIAL and r.format == JPEG]
    if cards:
        card = max(cards, key=lambda rendition: rendition.width)
        return SocialImage(absolute(card.file.url), card.width, card.height, image.alt)
    content_type = mimetypes.guess_type(image.file.name or "")[0] or "image/jpeg"
    return SocialImage(absolute(image.file.url), image.width, image.height, image.alt, content_type)


def image_objects(image: Image | None) -> list[dict[str, Any]]:
    """The article's picture in each shape made of it, largest of each: the hero's 16:9 and the
    social card's 1.91:1 (search engines pick the shape they show), or the original."""
    if image is None:
        return []
    shapes: list[Rendition] = []
    for use, format in ((HERO, WEBP), (HERO, JPEG), (SOCIAL, JPEG)):
        made = [r for r in image.renditions.all() if r.use == use and r.format == format]
        if made and not any(shape.use == use for shape in shapes):
            shapes.append(max(made, key=lambda rendition: rendition.width))
    sizes = [(r.file.url, r.width, r.height) for r in shapes] or [
        (image.file.url, image.width, image.height)
    ]
    return [
        {"@type": "ImageObject", "url": absolute(url), "width": width, "height": height}
        for url, width, height in sizes
    ]


def person(author: Author) -> dict[str, Any]:
    """A byline as a schema.org `Person`, with the page of their articles."""
    data: dict[str, Any] = {
        "@type": "Person",
        "name": author.name,
        "url": absolute(author.get_absolute_url()),
    }
    if author.job_title:
        data["jobTitle"] = author.job_title
    if author.photo:
        data["image"] = absolute(author.photo.url)
    return data


def description_of_article(article: Article) -> str:
    return metadata.description_of(article.seo_description, article.lead)


def news_article(
    article: Article, *, authors: Sequence[Author], tags: Sequence[Tag], url: str
) -> dict[str, Any]:
    """The article as a `NewsArticle` (Google's Article properties, and the discussion's)."""
    modified = article.updated_at or article.published_at
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": description_of_article(article),
        "datePublished": iso(article.published_at),
        "dateModified": iso(modified),
        "author": [person(author) for author in authors]
        or [{"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")}],
        "publisher": metadata.publisher(),
        "image": image_objects(article.hero),
        "articleSection": article.section.name if article.section_id else None,
        "keywords": [tag.name for tag in tags],
        "inLanguage": settings.LANGUAGE_CODE,  # the text's language, under /en/ too
        "isAccessibleForFree": True,
    }
    if article.topic_id:
        data["commentCount"] = article.comment_count  # the one counter the page shows
        data["discussionUrl"] = f"{url}#discussion"
    if article.story is not None:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": article.story.title,
            "url": absolute(article.story.get_absolute_url()),
        }
    return {name: value for name, value in data.items() if value not in (None, [], "")}


def home_crumb() -> tuple[str, str]:
    """The first step of every breadcrumb: the front page, in the page's language."""
    return (_("Home"), reverse("newsroom:home"))


def article_metadata(
    request: HttpRequest, article: Article, *, authors: Sequence[Author], tags: Sequence[Tag]
) -> PageMetadata:
    """An article page: `og:type` article with its `article:*` facts, a large card, the
    `NewsArticle` and its breadcrumb (home › section › article)."""
    canonical = metadata.canonical_url(request)
    crumbs = [home_crumb()]
    if article.section_id:
        crumbs.append((article.section.name, article.section.get_absolute_url()))
    crumbs.append((article.title, canonical))
    return metadata.build(
        request,
        title=article.seo_title or article.title,
        description=description_of_article(article),
        og_type="article",
        image=social_image(article.hero),
        article=ArticleFacts(
            published_at=article.published_at,
            modified_at=article.updated_at or article.published_at,
            author_urls=[absolute(author.get_absolute_url()) for author in authors],
            section=article.section.name if article.section_id else "",
            tags=[tag.name for tag in tags],
        ),
        structured_data=[
            news_article(article, authors=authors, tags=tags, url=canonical),
            metadata.breadcrumb_list(crumbs),
        ],
    )


def _article_urls(articles: Iterable[Article]) -> list[str]:
    return [article.get_absolute_url() for article in articles]


def listing_metadata(
    request: HttpRequest, listed: Section | Tag | Author | Story, page: Page[Article]
) -> PageMetadata:
    """A section, tag, author or story page: a `CollectionPage` of the articles of this page
    of the list (an author's is a `ProfilePage` of its `Person`), and its breadcrumb."""
    canonical = metadata.canonical_url(request, page.number)
    urls = _article_urls(page.object_list)
    if isinstance(listed, Author):
        return _author_metadata(request, listed, page, urls)
    if isinstance(listed, Story):
        name, text = listed.title, listed.summary
    elif isinstance(listed, Section):
        name, text = listed.name, listed.description
    else:
        name, text = listed.name, ""
    description = metadata.description_of(
        text, _("Articles on %(name)s, newest first.") % {"name": name}
    )
    return metadata.build(
        request,
        title=name,
        description=description,
        page_number=page.number,
        structured_data=[
            metadata.collection_page(name=name, description=description, url=canonical, items=urls),
            metadata.breadcrumb_list([home_crumb(), (name, canonical)]),
        ],
    )


def _author_metadata(
    request: HttpRequest, author: Author, page: Page[Article], urls: list[str]
) -> PageMetadata:
    canonical = metadata.canonical_url(request, page.number)
    description = metadata.description_of(
        author.bio, _("Articles by %(name)s, newest first.") % {"name": author.name}
    )
    profile = {
        "@context": CONTEXT,
        "@type": "ProfilePage",
        "url": canonical,
        "name": author.name,
        "description": description,
        "mainEntity": person(author) | ({"description": author.bio} if author.bio else {}),
        "hasPart": metadata.item_list(urls),
    }
    return metadata.build(
        request,
        title=author.name,
        description=description,
        page_number=page.number,
        og_type="profile",
        structured_data=[
            profile,
            metadata.breadcrumb_list([home_crumb(), (author.name, canonical)]),
        ],
    )


def home_metadata(request: HttpRequest, articles: Iterable[Article]) -> PageMetadata:
    """The front page: the `WebSite` with its search, the publication, the articles shown."""
    description = metadata.description_of(None)
    return metadata.build(
        request,
        title=settings.SITE_NAME,
        description=description,
        structured_data=[
            metadata.website(),
            metadata.organization(),
            metadata.collection_page(
                name=settings.SITE_NAME,
                description=description,
                url=metadata.canonical_url(request),
                items=_article_urls(articles),
                language=settings.LANGUAGE_CODE,
            ),
        ],
    )


def site_page_metadata(request: HttpRequest, page: SitePage) -> PageMetadata:
    """One of the site's own pages (À propos…): a `WebPage`, and its breadcrumb."""
    canonical = metadata.canonical_url(request)
    description = metadata.description_of(page.body_html)
    return metadata.build(
        request,
        title=page.title,
        description=description,
        structured_data=[
            {
                "@context": CONTEXT,
                "@type": "WebPage",
                "name": page.title,
                "description": description,
                "url": canonical,
                "dateModified": iso(page.updated_at),
                "inLanguage": settings.LANGUAGE_CODE,
                "publisher": metadata.publisher(),
            },
            metadata.breadcrumb_list([home_crumb(), (page.title, canonical)]),
        ],
    )


def corrections_metadata(request: HttpRequest, page: Page[Correction]) -> PageMetadata:
    """The corrections page: a `CollectionPage` of the corrected articles of this page."""
    canonical = metadata.canonical_url(request, page.number)
    title = _("Corrections and updates")
    description = _("Every correction and update note added to our articles, newest first.")
    urls = [f"{note.article.get_absolute_url()}#correction-{note.pk}" for note in page.object_list]
    return metadata.build(
        request,
        title=title,
        description=description,
        page_number=page.number,
        structured_data=[
            metadata.collection_page(
                name=title, description=description, url=canonical, items=urls
            ),
            metadata.breadcrumb_list([home_crumb(), (title, canonical)]),
        ],
    )


@dataclass(frozen=True)
class ShareLinks:
    """An article's address and the plain links that share it: nothing of a network is loaded
    until the reader follows one (no script, no icon, no request of theirs)."""

    url: str
    email: str
    networks: list[tuple[str, str]]


def share_links(article: Article) -> ShareLinks:
    """The article's public address (in the page's language) and its share links."""
    url = absolute(article.get_absolute_url())
    title = article.title

    def query(**values: str) -> str:
        return urlencode(values, quote_via=quote)

    return ShareLinks(
        url=url,
        email="mailto:?" + query(subject=title, body=f"{title}\n{url}"),
        networks=[
            ("WhatsApp", "https://wa.me/?" + query(text=f"{title} {url}")),
            ("X", "https://x.com/intent/post?" + query(text=title, url=url)),
            ("Bluesky", "https://bsky.app/intent/compose?" + query(text=f"{title} {url}")),
            ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + query(url=url)),
            ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + query(u=url)),
        ],
    )

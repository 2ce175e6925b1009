"""Sitemaps: `/sitemap.xml`, an index of paginated children (`/sitemap-<section>.xml?p=N`).

Every page is listed in French and in English (`i18n`), each URL with its `hreflang`
alternates fr, en and x-default (the French URL): the decision of docs/architecture.md on the
/en/ pages. `lastmod` is written to the second with its zone (W3C datetime). Articles carry
their hero as an `image:image`; the Google News child (`/sitemap-news.xml`) lists the French
URLs of the articles of the last 48 hours. Only what the gates let out is listed; listing
pages (sections, tags, authors, stories) only once they hold a released article.

Each child costs the same few queries whatever the size of the site: its page of rows is read
by a slice (`PerLanguage`: the (item, language) pairs Django's i18n sitemaps build for every
item, made for the slice alone), its newest change by one aggregate.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any, Generic, TypeVar, cast, overload

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.utils.xmlutils import SimplerXMLGenerator

from kiosque.community.models import Topic
from kiosque.links import link
from kiosque.newsroom.models import Article, ArticleQuerySet, Author, Section, Story, Tag
from kiosque.newsroom.models import Page as SitePage

from .conditional import NOTHING_YET, discovery_view
from .feeds import hero_picture

# Google's limit is 50,000 URLs per sitemap; smaller pages answer faster and stay well under
# its 50 MB.
URLS_PER_PAGE = 5000
# Google News reads the articles of the last two days, at most 1,000 per sitemap.
NEWS_HOURS = 48
NEWS_MAX = 1000

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
IMAGE_NAMESPACE = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NAMESPACE = "http://www.google.com/schemas/sitemap-news/0.9"

T = TypeVar("T", bound=Model)


class PerLanguage(Generic[T]):
    """The (item, language) pairs of a QuerySet, as Django's i18n sitemaps page them, read a
    slice at a time: a page of the sitemap reads its rows alone, not the whole table."""

    def __init__(self, items: QuerySet[T], languages: list[str]) -> None:
        self.items, self.languages = items, languages

    def count(self) -> int:
        return self.items.count() * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> tuple[T, str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[T, str]]: ...
    def __getitem__(self, index: int | slice) -> tuple[T, str] | list[tuple[T, str]]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        per_item = len(self.languages)
        start, stop = index.start or 0, index.stop
        first = start // per_item
        last = None if stop is None else -(-stop // per_item)
        pairs = [(row, code) for row in self.items[first:last] for code in self.languages]
        skipped = start - first * per_item
        wanted = None if stop is None else stop - start
        return pairs[skipped:] if wanted is None else pairs[skipped : skipped + wanted]


class Written:
    """How a child writes what its URLs carry beyond the sitemaps.org elements."""

    namespaces: dict[str, str] = {}

    def write_extras(self, handler: SimplerXMLGenerator, url: dict[str, Any]) -> None:
        """Elements of `url` after its alternates (images, news)."""


class KiosqueSitemap(Written, Sitemap[T], Generic[T]):
    """Both languages, with alternates; read a page at a time; the newest change by one
    aggregate (`changed_field` of `items()`)."""

    i18n = True
    alternates = True
    limit = URLS_PER_PAGE
    changed_field = ""
    namespaces = {"xmlns:xhtml": XHTML_NAMESPACE}

    def _language_codes(self) -> list[str]:
        return list(self.languages or [code for code, _name in settings.LANGUAGES])

    def _items(self) -> Any:
        return PerLanguage(self.items(), self._language_codes())

    def get_urls(
        self, page: int | str = 1, site: Any = None, protocol: str | None = None
    ) -> list[dict[str, Any]]:
        """Django's, with each address asked once per item and language (not once per
        alternate: 5,000 URLs asked 20,000 `reverse()` under as many language switches), and
        x-default the French URL itself (Django's removes a "/fr/" the French pages do not
        have: a tag "fr" would lose its slug)."""
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        languages = self._language_codes()
        addresses: dict[tuple[int, str], str] = {}

        def address(item: T, code: str) -> str:
            key = (item.pk, code)
            if key not in addresses:
                with translation.override(code):
                    addresses[key] = origin + self.location(item)
            return addresses[key]

        urls: list[dict[str, Any]] = []
        pairs: list[tuple[T, str]] = list(self.paginator.page(page).object_list)  # type: ignore[arg-type]  # PerLanguage's pairs
        for item, code in pairs:
            alternates = [
                {"lang_code": other, "location": address(item, other)} for other in languages
            ]
            alternates.append(
                {"lang_code": "x-default", "location": address(item, settings.LANGUAGE_CODE)}
            )
            location = address(item, code)
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": self.lastmod(item),
                    "alternates": alternates,
                }
            )
        changes = [url["lastmod"] for url in urls if url["lastmod"] is not None]
        if changes:
            self.latest_lastmod = max(changes)
        return urls

    def location(self, item: T) -> str:
        address: str = item.get_absolute_url()  # type: ignore[attr-defined]  # every listed model has one
        return address

    def items(self) -> QuerySet[T]:
        raise NotImplementedError

    def lastmod(self, item: T) -> datetime | None:
        return getattr(item, self.changed_field, None)

    def get_latest_lastmod(self) -> datetime:
        newest: datetime | None = (
            self.items().order_by().aggregate(newest=Max(self.changed_field))["newest"]
        )
        return newest or NOTHING_YET


class ArticleSitemap(KiosqueSitemap[Article]):
    """Released articles, newest first, each with its hero as an image entry."""

    changed_field = "modified_at"

    def items(self) -> QuerySet[Article]:
        return (
            Article.objects.published()
            .select_related("hero")
            .prefetch_related("hero__renditions")
            .newest_first()
        )

    def get_latest_lastmod(self) -> datetime:
        articles = Article.objects.published()
        newest: datetime | None = articles.aggregate(newest=Max("modified_at"))["newest"]
        return newest or NOTHING_YET

    namespaces = KiosqueSitemap.namespaces | {"xmlns:image": IMAGE_NAMESPACE}

    def get_urls(
        self, page: int | str = 1, site: Any = None, protocol: str | None = None
    ) -> list[dict[str, Any]]:
        urls = super().get_urls(page, site, protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            article: Article = url["item"]
            hero = article.hero and hero_picture(
                article.hero, lambda path: path if "://" in path else origin + path
            )
            url["images"] = [hero] if hero else []
        return urls

    def write_extras(self, handler: SimplerXMLGenerator, url: dict[str, Any]) -> None:
        for image in url["images"]:
            handler.startElement("image:image", {})  # type: ignore[arg-type]  # SAX takes any mapping
            handler.addQuickElement("image:loc", image.url)
            handler.endElement("image:image")


class ListingSitemap(KiosqueSitemap[T], Generic[T]):
    """Sections, tags, authors or stories holding a released article; changed when their
    newest article came out (all of them read in one grouped query)."""

    model: type[T]
    article_field: str

    def _released(self) -> ArticleQuerySet:
        return Article.objects.published().filter(**{f"{self.article_field}__isnull": False})

    def items(self) -> QuerySet[T]:
        listed = self._released().values(self.article_field)
        return self.model._default_manager.filter(pk__in=listed).order_by("pk")

    @cached_property
    def newest_articles(self) -> dict[int, datetime]:
        grouped = self._released().values_list(self.article_field).order_by()
        return dict(grouped.annotate(newest=Max("published_at")))

    def lastmod(self, item: T) -> datetime | None:
        return self.newest_articles.get(item.pk)

    def get_latest_lastmod(self) -> datetime:
        newest: datetime | None = self._released().aggregate(newest=Max("published_at"))["newest"]
        return newest or NOTHING_YET


class SectionSitemap(ListingSitemap[Section]):
    model, article_field = Section, "section"


class TagSitemap(ListingSitemap[Tag]):
    model, article_field = Tag, "tags"


class AuthorSitemap(ListingSitemap[Author]):
    model, article_field = Author, "bylines__author"


class StorySitemap(ListingSitemap[Story]):
    model, article_field = Story, "story"


class PageSitemap(KiosqueSitemap[SitePage]):
    """The site's own pages (À propos, Mentions légales…)."""

    changed_field = "updated_at"

    def items(self) -> QuerySet[SitePage]:
        return SitePage.objects.order_by("pk")

    def location(self, item: SitePage) -> str:
        return link("newsroom:page-detail", slug=item.slug)


class TopicSitemap(KiosqueSitemap[Topic]):
    """Visible forum topics, first page; articles' discussions are their articles' pages."""

    def items(self) -> QuerySet[Topic]:
        topics = Topic.objects.visible().filter(category__is_article_discussions=False)
        return topics.order_by("pk")

    def lastmod(self, item: Topic) -> datetime | None:
        return item.last_posted_at or item.created_at

    def get_latest_lastmod(self) -> datetime:
        newest = self.items().aggregate(posted=Max("last_posted_at"), created=Max("created_at"))
        changes = [change for change in newest.values() if change is not None]
        return max(changes, default=NOTHING_YET)


class NewsSitemap(Written, Sitemap[Article]):
    """Google News: the French URLs of the articles released in the last 48 hours, at most
    1,000, each with its publication (name, language), publication time and title."""

    limit = NEWS_MAX
    namespaces = {"xmlns:news": NEWS_NAMESPACE}

    def items(self) -> QuerySet[Article]:
        since = timezone.now() - timedelta(hours=NEWS_HOURS)
        recent = Article.objects.published().filter(published_at__gte=since)
        return recent.newest_first()[:NEWS_MAX]

    def lastmod(self, item: Article) -> datetime | None:
        return item.modified_at

    def get_latest_lastmod(self) -> datetime:
        since = timezone.now() - timedelta(hours=NEWS_HOURS)
        recent = Article.objects.published().filter(published_at__gte=since)
        newest: datetime | None = recent.aggregate(newest=Max("modified_at"))["newest"]
        return newest or NOTHING_YET

    def write_extras(self, handler: SimplerXMLGenerator, url: dict[str, Any]) -> None:
        article: Article = url["item"]
        handler.startElement("news:news", {})  # type: ignore[arg-type]  # SAX takes any mapping
        handler.startElement("news:publication", {})  # type: ignore[arg-type]  # SAX takes any mapping
        handler.addQuickElement("news:name", settings.SITE_NAME)
        handler.addQuickElement("news:language", settings.LANGUAGE_CODE)
        handler.endElement("news:publication")
        if article.published_at is not None:
            handler.addQuickElement("news:publication_date", w3c_datetime(article.published_at))
        handler.addQuickElement("news:title", article.title)
        handler.endElement("news:news")


SITEMAPS: dict[str, type[Written]] = {
    "articles": ArticleSitemap,
    "news": NewsSitemap,
    "rubriques": SectionSitemap,
    "sujets": TagSitemap,
    "auteurs": AuthorSitemap,
    "feuilletons": StorySitemap,
    "forum": TopicSitemap,
    "pages": PageSitemap,
}


def w3c_datetime(moment: datetime) -> str:
    """`moment` in UTC to the second, as sitemaps want it: 2026-11-20T12:00:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_urlset(response: HttpResponse, sitemap: Written, urls: list[dict[str, Any]]) -> None:
    """The `<urlset>` of `urls`, written as Django's feeds write theirs (a template took 2 s
    for 5,000 URLs; this takes a tenth of it)."""
    buffer = io.StringIO()  # one write to the response, not one per element
    handler = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
    handler.startDocument()
    namespaces = {"xmlns": SITEMAP_NAMESPACE, **sitemap.namespaces}
    handler.startElement("urlset", namespaces)  # type: ignore[arg-type]  # SAX takes any mapping
    for url in urls:
        handler.startElement("url", {})  # type: ignore[arg-type]  # SAX takes any mapping
        handler.addQuickElement("loc", url["location"])
        if url["lastmod"] is not None:
            handler.addQuickElement("lastmod", w3c_datetime(url["lastmod"]))
        for alternate in url.get("alternates", ()):
            attributes = {
                "rel": "alternate",
                "hreflang": alternate["lang_code"],
                "href": alternate["location"],
            }
            handler.addQuickElement("xhtml:link", None, attributes)
        sitemap.write_extras(handler, url)
        handler.endElement("url")
    handler.endElement("urlset")
    response.content = buffer.getvalue().encode()


@discovery_view
def index(request: HttpRequest) -> HttpResponse:
    """`/sitemap.xml`: every child and each of its pages, with its newest change (an empty
    child's is `NOTHING_YET`, so that the index always has a `Last-Modified`)."""
    return sitemap_views.index(
        request,
        cast("dict[str, type[Sitemap[Any]] | Sitemap[Any]]", SITEMAPS),
        template_name="discovery/sitemaps/index.xml",
        sitemap_url_name="discovery:sitemap-section",
    )


@discovery_view
def child(request: HttpRequest, section: str) -> HttpResponse:
    """`/sitemap-<section>.xml?p=N`: one page of one child (404 for another page or child)."""
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    sitemap = cast("Sitemap[Any]", SITEMAPS[section]())
    try:
        urls = sitemap.get_urls(
            page=request.GET.get("p", 1), site=RequestSite(request), protocol=request.scheme
        )
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page of this sitemap.") from None
    response = HttpResponse(content_type="application/xml")
    write_urlset(response, cast(Written, sitemap), urls)
    latest = getattr(sitemap, "latest_lastmod", None) or NOTHING_YET  # NOTHING_YET: empty
    response["Last-Modified"] = http_date(latest.timestamp())
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response

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

from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar, cast, overload

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, Model, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date

from kiosque.community.models import Topic
from kiosque.links import link
from kiosque.newsroom.models import Article, Author, Section, Story, Tag
from kiosque.newsroom.models import Page as SitePage

from .conditional import NOTHING_YET, discovery_view
from .feeds import hero_picture

# Google's limit is 50,000 URLs per sitemap; smaller pages answer faster and stay well under
# its 50 MB.
URLS_PER_PAGE = 5000
# Google News reads the articles of the last two days, at most 1,000 per sitemap.
NEWS_HOURS = 48
NEWS_MAX = 1000

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


class KiosqueSitemap(Sitemap[T], Generic[T]):
    """Both languages, with alternates; read a page at a time; the newest change by one
    aggregate (`changed_field` of `items()`)."""

    i18n = True
    alternates = True
    # x-default is added by get_urls: Django's removes the first "/fr/" of the French URL,
    # which French pages do not have (a tag "fr" would lose its slug).
    x_default = False
    limit = URLS_PER_PAGE
    changed_field = ""

    def _items(self) -> Any:
        languages = list(self.languages or [code for code, _name in settings.LANGUAGES])
        return PerLanguage(self.items(), languages)

    def get_urls(
        self, page: int | str = 1, site: Any = None, protocol: str | None = None
    ) -> list[dict[str, Any]]:
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            for alternate in list(url["alternates"]):
                if alternate["lang_code"] == settings.LANGUAGE_CODE:
                    url["alternates"].append({**alternate, "lang_code": "x-default"})
        return urls

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

    def get_urls(
        self, page: int | str = 1, site: Any = None, protocol: str | None = None
    ) -> list[dict[str, Any]]:
        urls = super().get_urls(page, site, protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            article: Article = url["item"][0]
            hero = article.hero and hero_picture(
                article.hero, lambda path: path if "://" in path else origin + path
            )
            url["images"] = [hero] if hero else []
        return urls


def _newest_article_of(field: str) -> Subquery:
    """The publication time of the newest released article of the row (`field` = OuterRef)."""
    newest = (
        Article.objects.published()
        .filter(**{field: OuterRef("pk")})
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    return Subquery(newest)


class ListingSitemap(KiosqueSitemap[T], Generic[T]):
    """Sections, tags, authors or stories holding a released article; changed when their
    newest article came out."""

    model: type[T]
    article_field: str
    changed_field = "newest_article_at"

    def items(self) -> QuerySet[T]:
        listed = self.model._default_manager.annotate(
            newest_article_at=_newest_article_of(self.article_field)
        )
        return cast("QuerySet[T]", listed.filter(newest_article_at__isnull=False).order_by("pk"))

    def get_latest_lastmod(self) -> datetime:
        articles = Article.objects.published().filter(**{f"{self.article_field}__isnull": False})
        newest: datetime | None = articles.aggregate(newest=Max("published_at"))["newest"]
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


class NewsSitemap(Sitemap[Article]):
    """Google News: the French URLs of the articles released in the last 48 hours, at most
    1,000, each with its publication (name, language), publication time and title."""

    limit = NEWS_MAX

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

    def get_urls(
        self, page: int | str = 1, site: Any = None, protocol: str | None = None
    ) -> list[dict[str, Any]]:
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            url["publication_name"] = settings.SITE_NAME
            url["publication_language"] = settings.LANGUAGE_CODE
        return urls


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "articles": ArticleSitemap,
    "news": NewsSitemap,
    "rubriques": SectionSitemap,
    "sujets": TagSitemap,
    "auteurs": AuthorSitemap,
    "feuilletons": StorySitemap,
    "forum": TopicSitemap,
    "pages": PageSitemap,
}
# Children written by a template of their own.
TEMPLATES = {
    "articles": "discovery/sitemaps/articles.xml",
    "news": "discovery/sitemaps/news.xml",
}
DEFAULT_TEMPLATE = "discovery/sitemaps/sitemap.xml"


@discovery_view
def index(request: HttpRequest) -> HttpResponse:
    """`/sitemap.xml`: every child and each of its pages, with its newest change (an empty
    child's is `NOTHING_YET`, so that the index always has a `Last-Modified`)."""
    return sitemap_views.index(
        request,
        SITEMAPS,
        template_name="discovery/sitemaps/index.xml",
        sitemap_url_name="discovery:sitemap-section",
    )


@discovery_view
def child(request: HttpRequest, section: str) -> HttpResponse:
    """`/sitemap-<section>.xml?p=N`: one page of one child (404 past its pages)."""
    template = TEMPLATES.get(section, DEFAULT_TEMPLATE)
    response = sitemap_views.sitemap(request, SITEMAPS, section=section, template_name=template)
    if not response.has_header("Last-Modified"):  # an empty child: nothing has changed yet
        response["Last-Modified"] = http_date(NOTHING_YET.timestamp())
    return response

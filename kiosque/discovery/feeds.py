from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kiosque.newsroom.models import Article, ArticleQuerySet, Correction, Section

FEED_ITEMS = 30


class LatestArticlesFeed(Feed[Article, None]):
    """The site's latest articles, in RSS 2.0."""

    title = settings.SITE_NAME
    link = "/"
    description = _("The latest articles")

    def items(self) -> ArticleQuerySet:
        # The section of each item, not what a card shows (its picture's renditions).
        published = Article.objects.published().select_related("section")
        return published.with_bylines().newest_first()[:FEED_ITEMS]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.lead

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime | None:
        return item.updated_at or item.published_at

    def item_author_name(self, item: Article) -> str:
        return ", ".join(author.name for author in item.byline_authors)

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    """One section's latest articles."""

    def get_object(self, request: HttpRequest, slug: str) -> Section:  # type: ignore[override]  # a section's feed takes its section
        return get_object_or_404(Section, slug=slug)

    def title(self, obj: Section) -> str:  # type: ignore[override]  # a section's feed takes its section
        return f"{settings.SITE_NAME} — {obj.name}"

    def link(self, obj: Section) -> str:  # type: ignore[override]  # a section's feed takes its section
        return obj.get_absolute_url()

    def items(self, obj: Section) -> ArticleQuerySet:  # type: ignore[override]  # a section's feed takes its section
        published = obj.articles.published().select_related("section")
        return published.with_bylines().newest_first()[:FEED_ITEMS]


class CorrectionsFeed(Feed[Correction, None]):
    """The corrections and update notes of released articles, newest first, in RSS 2.0."""

    description = _("Every correction and update note added to our articles")

    def title(self) -> str:
        return gettext("%(site)s: corrections and updates") % {"site": settings.SITE_NAME}

    def link(self) -> str:
        return reverse("newsroom:corrections")

    def items(self) -> list[Correction]:
        return list(
            Correction.objects.filter(article__in=Article.objects.published()).select_related(
                "article"
            )[:FEED_ITEMS]
        )

    def item_title(self, item: Correction) -> str:
        return f"{item.get_kind_display()} : {item.article.title}"

    def item_description(self, item: Correction) -> str:
        return item.note

    def item_link(self, item: Correction) -> str:
        return f"{item.article.get_absolute_url()}#correction-{item.pk}"

    def item_guid(self, item: Correction) -> str:
        return f"{settings.SITE_URL}/corrections/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Correction) -> datetime | None:
        return item.created_at

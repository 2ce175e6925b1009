from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap

from kiosque.newsroom.models import Article, ArticleQuerySet


class ArticleSitemap(Sitemap[Article]):
    changefreq = "daily"
    limit = 5000

    def items(self) -> ArticleQuerySet:
        return Article.objects.published().newest_first()

    def lastmod(self, item: Article) -> datetime | None:
        return item.updated_at or item.published_at

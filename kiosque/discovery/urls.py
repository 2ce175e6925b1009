from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, sitemaps, views

app_name = "discovery"

urlpatterns = [
    path("flux/rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("flux/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("flux/rubrique/<slug:slug>/", feeds.SectionFeed(), name="feed-section"),
    path("corrections/rss/", feeds.CorrectionsFeed(), name="feed-corrections"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"articles": sitemaps.ArticleSitemap}},
        name="sitemap",
    ),
]

# Reading pages in the reader's language: included under i18n_patterns by kiosque/urls.py.
search_urlpatterns = ([path("recherche/", views.search_page, name="page")], "search")

from django.urls import path

from . import feeds, robots, sitemaps, views
from .feeds import feed_view

app_name = "discovery"

urlpatterns = [
    # Feeds (kiosque/discovery/feeds.py): RSS 2.0 at each path, Atom at its atom/.
    path("flux/rss/", feed_view(feeds.LatestArticlesFeed), name="feed-rss"),
    path("flux/atom/", feed_view(feeds.LatestArticlesAtomFeed), name="feed-atom"),
    path("flux/rubrique/<slug:slug>/", feed_view(feeds.SectionFeed), name="feed-section"),
    path(
        "flux/rubrique/<slug:slug>/atom/",
        feed_view(feeds.SectionAtomFeed),
        name="feed-section-atom",
    ),
    path("flux/sujet/<slug:slug>/", feed_view(feeds.TagFeed), name="feed-tag"),
    path("flux/sujet/<slug:slug>/atom/", feed_view(feeds.TagAtomFeed), name="feed-tag-atom"),
    path("flux/auteur/<slug:slug>/", feed_view(feeds.AuthorFeed), name="feed-author"),
    path("flux/auteur/<slug:slug>/atom/", feed_view(feeds.AuthorAtomFeed), name="feed-author-atom"),
    path("flux/feuilleton/<slug:slug>/", feed_view(feeds.StoryFeed), name="feed-story"),
    path(
        "flux/feuilleton/<slug:slug>/atom/",
        feed_view(feeds.StoryAtomFeed),
        name="feed-story-atom",
    ),
    path(
        "flux/article/<int:pk>/commentaires/",
        feed_view(feeds.CommentsFeed),
        name="feed-comments",
    ),
    path(
        "flux/article/<int:pk>/commentaires/atom/",
        feed_view(feeds.CommentsAtomFeed),
        name="feed-comments-atom",
    ),
    path("flux/forum/t/<int:pk>/", feed_view(feeds.TopicFeed), name="feed-topic"),
    path("flux/forum/t/<int:pk>/atom/", feed_view(feeds.TopicAtomFeed), name="feed-topic-atom"),
    path("corrections/rss/", feed_view(feeds.CorrectionsFeed), name="feed-corrections"),
    # Sitemaps (kiosque/discovery/sitemaps.py) and robots.txt.
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.child, name="sitemap-section"),
    path("robots.txt", robots.robots_txt, name="robots"),
]

# Reading pages in the reader's language: included under i18n_patterns by kiosque/urls.py.
search_urlpatterns = ([path("recherche/", views.search_page, name="page")], "search")

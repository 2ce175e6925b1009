from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render

from kiosque.caching import public_page
from kiosque.community.models import Post

from .models import Article, ArticleQuerySet, Author, RetiredSlug, Section, Story, Tag
from .video import video_from_url

ARTICLES_PER_PAGE = 12
RELATED_ARTICLES_SHOWN = 6
STORY_ARTICLES_SHOWN = 5
HOME_LATEST_SHOWN = 9
HOME_FEATURED_SHOWN = 3
HOME_PER_SECTION_SHOWN = 4


def _paginate(request: HttpRequest, articles: ArticleQuerySet) -> Page:
    return Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))


def _resolve_slug(model: type[Model], kind: RetiredSlug.Kind, slug: str) -> Any:
    """The object with `slug`, or a 301 to its new address when `slug` was retired; else 404."""
    found = model._default_manager.filter(slug=slug).first()
    if found is not None:
        return found
    retired = RetiredSlug.objects.filter(kind=kind, slug=slug).first()
    target = retired and model._default_manager.filter(pk=retired.target_id).first()
    if not target:
        raise Http404
    return HttpResponsePermanentRedirect(target.get_absolute_url())  # type: ignore[attr-defined]


def _listing_view(
    model: type[Section | Tag | Author | Story], kind: RetiredSlug.Kind
) -> Callable[[HttpRequest, str], HttpResponse]:
    """A paginated page of the published articles of one section, tag, author or story."""
    template = f"newsroom/{model._meta.model_name}_detail.html"

    @public_page
    def listing(request: HttpRequest, slug: str) -> HttpResponse:
        obj = _resolve_slug(model, kind, slug)
        if isinstance(obj, HttpResponse):
            return obj
        articles = obj.articles.published().for_listing().newest_first()
        return render(request, template, {"object": obj, "page": _paginate(request, articles)})

    return listing


def _discussion_tail(article: Article) -> list[Post]:
    """The latest posts of the article's discussion, oldest first, as its page shows them."""
    if article.topic is None:
        return []
    shown = settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN
    return list(Post.objects.for_display().tail_of(article.topic, shown))


@public_page
def home(request: HttpRequest) -> HttpResponse:
    published = Article.objects.published().for_listing().newest_first()
    featured = list(published.filter(is_featured=True)[:HOME_FEATURED_SHOWN])
    latest = list(published.exclude(pk__in=[a.pk for a in featured])[:HOME_LATEST_SHOWN])
    sections = [
        (section, list(published.filter(section=section)[:HOME_PER_SECTION_SHOWN]))
        for section in Section.objects.all()
    ]
    context = {
        "featured": featured,
        "latest": latest,
        "sections": [(section, articles) for section, articles in sections if articles],
    }
    return render(request, "newsroom/home.html", context)


@public_page
def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.visible_to(request.user).for_listing().select_related("story"), pk=pk
    )
    if slug != article.slug:
        return HttpResponsePermanentRedirect(article.get_absolute_url())
    published = Article.objects.published()
    story_articles = (
        published.filter(story=article.story)
        .exclude(pk=article.pk)
        .newest_first()[:STORY_ARTICLES_SHOWN]
        if article.story
        else Article.objects.none()
    )
    context = {
        "article": article,
        "authors": article.byline_authors,
        "tags": article.tags.all(),
        "story_articles": story_articles,
        "related": published.related_to(article).for_listing()[:RELATED_ARTICLES_SHOWN],
        "video": video_from_url(article.video_url) if article.video_url else None,
        "is_preview": not article.is_published(),
        "discussion_posts": _discussion_tail(article),
    }
    return render(request, "newsroom/article_detail.html", context)


section_detail = _listing_view(Section, RetiredSlug.Kind.SECTION)
tag_detail = _listing_view(Tag, RetiredSlug.Kind.TAG)
author_detail = _listing_view(Author, RetiredSlug.Kind.AUTHOR)
story_detail = _listing_view(Story, RetiredSlug.Kind.STORY)

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import F, Model, Prefetch, Q, prefetch_related_objects
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kiosque import ratelimits
from kiosque.announcements import HOME, key_of
from kiosque.community.models import Moderation, Post, Topic, as_page
from kiosque.pagecache.generations import remember
from kiosque.pagecache.shared import private_page, shared_page, stored_page_first
from kiosque.security import client_address

from .actions import corrections as correction_actions
from .actions.corrections import CORRECTIONS
from .actions.previews import is_live, preview_link_from
from .forms import PASSAGE_MAX_LENGTH, ErrorReportForm
from .models import (
    Article,
    ArticleQuerySet,
    Author,
    Byline,
    Correction,
    RetiredSlug,
    Section,
    Story,
    Tag,
)
from .models import Page as SitePage
from .remembered import all_sections, next_release_at
from .video import video_from_url

ARTICLES_PER_PAGE = 12
RELATED_ARTICLES_SHOWN = 6
STORY_ARTICLES_SHOWN = 5
HOME_LATEST_SHOWN = 9
HOME_FEATURED_SHOWN = 3
HOME_PER_SECTION_SHOWN = 4


def _paginate(request: HttpRequest, articles: ArticleQuerySet) -> Page[Article]:
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
    return HttpResponsePermanentRedirect(target.get_absolute_url())  # type: ignore[attr-defined]  # every listed model has one


def _listing_view(
    model: type[Section | Tag | Author | Story], kind: RetiredSlug.Kind
) -> Callable[[HttpRequest, str], HttpResponse]:
    """A paginated page of the published articles of one section, tag, author or story."""
    template = f"newsroom/{model._meta.model_name}_detail.html"

    @stored_page_first
    def listing(request: HttpRequest, slug: str) -> HttpResponse:
        obj = _resolve_slug(model, kind, slug)
        if isinstance(obj, HttpResponse):
            return obj

        def context() -> dict[str, Any]:
            articles = obj.articles.published().for_listing().newest_first()
            if isinstance(obj, Story):  # the editors' order first (desk:story-edit)
                articles = articles.order_by(
                    F("story_position").asc(nulls_last=True), "-published_at", "-pk"
                )
            return {"object": obj, "page": _paginate(request, articles)}

        def keys(context: Mapping[str, Any]) -> set[str]:
            return {key_of(obj), *card_keys(context["page"].object_list)}

        return shared_page(
            request,
            template,
            context,
            keys=keys,
            fresh_until=next_release_at,
        )

    return listing


def card_keys(articles: Iterable[Article]) -> set[str]:
    """What the cards of `articles` show: each article, and its discussion's count."""
    keys = set()
    for article in articles:
        keys.add(key_of(article))
        if article.topic_id:
            keys.add(f"topic:{article.topic_id}")
    return keys


def discussion_keys(posts: Iterable[Post]) -> set[str]:
    """The members whose names a list of posts shows (authors, and those they answer)."""
    keys = set()
    for post in posts:
        keys.add(f"member:{post.author_id}")
        if post.reply_to_id and post.reply_to is not None:
            keys.add(f"member:{post.reply_to.author_id}")
    return keys


def _discussion_tail(article: Article) -> list[Post]:
    """The latest posts of the article's discussion, oldest first, as its page shows them (none
    when moderators hid the discussion)."""
    if article.topic is None or article.topic.moderation != Moderation.SHOWN:
        return []
    shown = settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN
    return as_page(list(Post.objects.for_display().tail_of(article.topic, shown)))


def _discussion_head(article: Article, posts: list[Post]) -> dict[str, Any]:
    """The comments an article page shows, and the link above them to the earlier ones: how
    many there are comes from the one counter, no query."""
    earlier = max(0, article.comment_count - len(posts)) if posts else 0
    return {
        "discussion_posts": posts,
        "discussion_earlier_count": earlier,
        "discussion_earlier_url": _comments_url(article, before=posts[0].pk) if earlier else "",
    }


def _comments_url(article: Article, **window: int) -> str:
    """The page of an article's comments before (`before=`) or after (`after=`) one."""
    url = reverse("newsroom:article-comments", args=[article.pk, article.slug])
    words = {"before": "avant", "after": "apres"}
    return f"{url}?{urlencode({words[name]: pk for name, pk in window.items()})}"


@stored_page_first
def article_comments(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """The earlier comments of an article, a page at a time by keyset (`?avant=<post id>`, the
    page before it; `?apres=<post id>`, after it): where "see the N earlier comments" leads
    without JavaScript, and what the script inserts above the comments with it."""
    article = get_object_or_404(Article.objects.published().select_related("topic"), pk=pk)
    if slug != article.slug:
        return HttpResponsePermanentRedirect(
            reverse("newsroom:article-comments", args=[article.pk, article.slug])
            + (f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else "")
        )
    topic = article.topic
    window = _comments_window(request)
    if topic is None or topic.moderation != Moderation.SHOWN:
        raise Http404
    return shared_page(
        request,
        "newsroom/article_comments.html",
        partial(_comments_context, article, topic, window),
        keys=lambda context: {
            key_of(article),
            f"topic:{topic.pk}",
            *discussion_keys(context["posts"]),
        },
        fresh_until=next_release_at,
    )


def _comments_window(request: HttpRequest) -> dict[str, int]:
    """`{"before": id}` for `?avant=id`, `{"after": id}` for `?apres=id`, the first comments
    without either; 404 for anything else."""
    for word, name in (("avant", "before"), ("apres", "after")):
        value = request.GET.get(word, "")
        if value:
            if not value.isdigit() or len(value) > 18:
                raise Http404
            return {name: int(value)}
    return {"after": 0}


def _comments_context(article: Article, topic: Topic, window: dict[str, int]) -> dict[str, Any]:
    shown = settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN
    display = Post.objects.for_display()
    if "before" in window:
        posts = display.before(topic, window["before"], shown + 1)
        has_earlier, posts = len(posts) > shown, posts[-shown:]
        has_later = True
    else:
        found = (
            display.after(topic, window["after"], shown + 1)
            if window["after"]
            else display.visible().filter(topic=topic).order_by("created_at", "id")[: shown + 1]
        )
        posts = list(found)
        has_later, posts = len(posts) > shown, posts[:shown]
        has_earlier = bool(window["after"])
    if not posts:
        raise Http404
    first = posts[0]
    earlier = Post.objects.visible().filter(topic=topic)
    earlier = earlier.filter(
        Q(created_at__lt=first.created_at) | Q(created_at=first.created_at, id__lt=first.pk)
    )
    earlier_count = earlier.count() if has_earlier else 0
    return {
        "article": article,
        "topic": topic,
        "posts": as_page(posts),
        "page_url": _comments_url(article, **window),
        "earlier_count": earlier_count,
        "earlier_url": _comments_url(article, before=posts[0].pk) if earlier_count else "",
        "later_url": _comments_url(article, after=posts[-1].pk) if has_later else "",
    }


@stored_page_first
def home(request: HttpRequest) -> HttpResponse:
    return shared_page(
        request,
        "newsroom/home.html",
        _home_context,
        keys=_home_keys,
        fresh_until=next_release_at,
    )


def _home_context() -> dict[str, Any]:
    featured_ids, latest_ids, section_ids = remember(
        "home", _home_picks, key=HOME, until=next_release_at()
    )
    shown = cards_of([*featured_ids, *latest_ids, *(pk for _, ids in section_ids for pk in ids)])
    sections = {section.pk: section for section in all_sections()}
    return {
        "featured": [shown[pk] for pk in featured_ids if pk in shown],
        "latest": [shown[pk] for pk in latest_ids if pk in shown],
        "sections": [
            (sections[section_id], [shown[pk] for pk in ids if pk in shown])
            for section_id, ids in section_ids
            if section_id in sections
        ],
    }


def _home_picks() -> tuple[list[int], list[int], list[tuple[int, list[int]]]]:
    """Which articles the front page shows where: featured, latest, each section's newest."""
    published = Article.objects.published().newest_first()
    featured = list(
        published.filter(is_featured=True).values_list("pk", flat=True)[:HOME_FEATURED_SHOWN]
    )
    latest = list(
        published.exclude(pk__in=featured).values_list("pk", flat=True)[:HOME_LATEST_SHOWN]
    )
    by_section: dict[int, list[int]] = defaultdict(list)
    for article in published.newest_of_each_section(HOME_PER_SECTION_SHOWN):
        by_section[article.section_id].append(article.pk)
    order = [section.pk for section in all_sections()]
    return featured, latest, [(pk, by_section[pk]) for pk in order if by_section[pk]]


def cards_of(ids: Iterable[int]) -> dict[int, Article]:
    """The articles numbered `ids`, ready for their cards, read now (their counts are fresh)."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {article.pk: article for article in Article.objects.filter(pk__in=wanted).for_listing()}


def _home_keys(context: Mapping[str, Any]) -> set[str]:
    shown = [*context["featured"], *context["latest"]]
    for _section, articles in context["sections"]:
        shown += articles
    return {HOME, *card_keys(shown)}


@stored_page_first
def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article = _article_for(request, pk)
    if slug != article.slug:
        return HttpResponsePermanentRedirect(article.get_absolute_url())
    if not article.is_published():
        context = _article_context(article) | {"is_preview": True}
        return private_page(request, "newsroom/article_detail.html", context)
    return shared_page(
        request,
        "newsroom/article_detail.html",
        partial(_article_context, article),
        keys=_article_keys,
        fresh_until=next_release_at,
    )


def _article_for(request: HttpRequest, pk: int) -> Article:
    """The article readers may open, or one the member may preview from the newsroom.

    Released articles are looked for first: only when there is none does the member's role
    get read (its permission queries would cost every member's page otherwise).
    """
    articles = Article.objects.for_listing().select_related("story")
    article = articles.published().filter(pk=pk).first()
    if article is None and request.user.is_authenticated:
        article = articles.visible_to(request.user).filter(pk=pk).first()
    if article is None:
        raise Http404
    return article


def _article_context(article: Article) -> dict[str, Any]:
    # Tags are shown, and read again by related_to.
    prefetch_related_objects(
        [article], "tags", Prefetch("bylines", queryset=Byline.objects.select_related("author"))
    )
    story_ids, related_ids = remember(
        ("around", article.pk), partial(_around, article), key=HOME, until=next_release_at()
    )
    shown = cards_of([*story_ids, *related_ids])
    return {
        "article": article,
        "authors": article.byline_authors,
        "tags": list(article.tags.all()),
        "story_articles": [shown[pk] for pk in story_ids if pk in shown],
        "related": [shown[pk] for pk in related_ids if pk in shown],
        "video": video_from_url(article.video_url) if article.video_url else None,
        "is_preview": False,
        "corrections": list(article.corrections.all()) if article.updated_at else [],
        "discussion_shown": article.topic is None or article.topic.moderation == Moderation.SHOWN,
        **_discussion_head(article, _discussion_tail(article)),
    }


def _around(article: Article) -> tuple[list[int], list[int]]:
    """The other articles of its running story, and those related to it (ids, in order)."""
    published = Article.objects.published()
    story_ids: list[int] = []
    if article.story_id:
        in_story = published.filter(story_id=article.story_id).exclude(pk=article.pk)
        story_ids = list(
            in_story.newest_first().values_list("pk", flat=True)[:STORY_ARTICLES_SHOWN]
        )
    return story_ids, published.related_ids_to(article, limit=RELATED_ARTICLES_SHOWN)


def _article_keys(context: Mapping[str, Any]) -> set[str]:
    article: Article = context["article"]
    keys = {
        *card_keys([article, *context["related"], *context["story_articles"]]),
        *(key_of(author) for author in context["authors"]),
        *(key_of(tag) for tag in context["tags"]),
        *discussion_keys(context["discussion_posts"]),
    }
    if article.story is not None:
        keys.add(key_of(article.story))
    return keys


section_detail = _listing_view(Section, RetiredSlug.Kind.SECTION)
tag_detail = _listing_view(Tag, RetiredSlug.Kind.TAG)
author_detail = _listing_view(Author, RetiredSlug.Kind.AUTHOR)
story_detail = _listing_view(Story, RetiredSlug.Kind.STORY)


CORRECTIONS_PER_PAGE = 20
ERROR_REPORT_FORM = "newsroom/error_report_form.html"


@stored_page_first
def corrections(request: HttpRequest) -> HttpResponse:
    """Every correction and update note of the released articles, newest first."""

    def context() -> dict[str, Any]:
        notes = Correction.objects.filter(article__in=Article.objects.published()).select_related(
            "article", "article__section"
        )
        return {"page": Paginator(notes, CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))}

    def keys(context: Mapping[str, Any]) -> set[str]:
        return {CORRECTIONS, *(key_of(note.article) for note in context["page"].object_list)}

    return shared_page(
        request, "newsroom/corrections.html", context, keys=keys, fresh_until=next_release_at
    )


@stored_page_first
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One of the site's own pages (À propos, Mentions légales…)."""
    page = get_object_or_404(SitePage, slug=slug)
    return shared_page(
        request, "newsroom/page_detail.html", lambda: {"page": page}, keys=lambda _: {key_of(page)}
    )


def report_error(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A reader's error report on a published article: the form, then thanks on the article."""
    article = get_object_or_404(Article.objects.published(), pk=pk)
    is_member = request.user.is_authenticated
    if request.method != "POST":
        passage = request.GET.get("passage", "")[:PASSAGE_MAX_LENGTH]
        form = ErrorReportForm(initial={"passage": passage}, is_member=is_member)
        return render(request, ERROR_REPORT_FORM, {"form": form, "article": article})
    form = ErrorReportForm(request.POST, is_member=is_member)
    try:
        ratelimits.check_request(request, "error_report")
    except ratelimits.RateLimited as limited:
        ratelimits.refuse_form(form, limited)
        refused = render(request, ERROR_REPORT_FORM, {"form": form, "article": article})
        return ratelimits.too_many_requests(limited, refused)
    if not form.is_valid():
        return render(request, ERROR_REPORT_FORM, {"form": form, "article": article}, status=400)
    correction_actions.report_error(
        article,
        by=request.user if request.user.is_authenticated else None,
        passage=form.cleaned_data["passage"],
        message=form.cleaned_data["message"],
        email=form.cleaned_data.get("email", ""),
        address=client_address(request),
    )
    messages.success(request, _("Thank you: the newsroom will read your report."))
    return redirect(article)


def article_preview(request: HttpRequest, signed: str) -> HttpResponse:
    """An unreleased article as readers will see it, for whoever holds a preview link: never
    kept by any cache, never indexed, without the discussion. Once out, it sends to the
    article; expired or revoked, 410; unknown or altered, 404."""
    link = preview_link_from(signed)
    if link is not None and link.article.is_published():
        return HttpResponseRedirect(link.article.get_absolute_url())
    if link is None or not is_live(link):
        response = private_page(
            request,
            "newsroom/article_preview_expired.html",
            {"link": link},
            status=404 if link is None else 410,
        )
    else:
        article = Article.objects.for_listing().select_related("story").get(pk=link.article_id)
        context = _article_context(article) | {"preview_link": link, "is_preview_link": True}
        response = private_page(request, "newsroom/article_preview.html", context)
    patch_cache_control(response, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response

"""The forum's reading pages: shared pages (kiosque/pagecache/), one document for every reader,
rendered as an anonymous reader sees it and kept until an announcement of what it shows. A
member gets the same document with their personal blocks rendered in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, time
from functools import cache, partial
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kiosque.accounts.models import User
from kiosque.announcements import FORUM, key_of
from kiosque.pagecache.shared import shared_page, stored_page_first

from .. import actions, following
from ..models import Category, Post, Topic, TopicVisit
from ..paging import (
    POSTS_PER_PAGE,
    Window,
    page_url,
    pager,
    post_from,
    post_page,
    post_page_url,
    timeline_step,
    window_asked,
)
from ..places import place_of_post
from .shared import member_of, refusal_page

TOPICS_PER_PAGE = 30


@stored_page_first
def forum_index(request: HttpRequest) -> HttpResponse:
    def context() -> dict[str, Any]:
        last_activity = (
            Topic.objects.visible()
            .filter(category=OuterRef("pk"))
            .order_by(F("last_posted_at").desc(nulls_last=True))
            .values("last_posted_at")[:1]
        )
        categories = Category.objects.with_counts().annotate(
            last_activity_at=Subquery(last_activity)
        )
        return {"categories": list(categories), "latest_topics": following.latest_topics()}

    def keys(context: Mapping[str, Any]) -> set[str]:
        topics = context["latest_topics"]
        shown = [topic.author for topic in topics]
        shown += [topic.last_post.author for topic in topics if topic.last_post is not None]
        return {FORUM, *member_keys(shown)}

    return shared_page(
        request,
        "community/forum_index.html",
        context,
        keys=keys,
        fresh_until=Topic.objects.next_visible_at,
    )


@stored_page_first
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)

    def context() -> dict[str, Any]:
        topics = Topic.objects.visible().filter(category=category).for_listing()
        page = Paginator(topics, TOPICS_PER_PAGE).get_page(request.GET.get("page"))
        return {"category": category, "page": page}

    def keys(context: Mapping[str, Any]) -> set[str]:
        topics = context["page"].object_list
        shown = [topic.author for topic in topics]
        shown += [topic.last_post.author for topic in topics if topic.last_post is not None]
        return {key_of(category), *member_keys(shown)}

    return shared_page(
        request,
        "community/category_detail.html",
        context,
        keys=keys,
        fresh_until=Topic.objects.next_visible_at,
    )


@stored_page_first(for_members=False)
def topic_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """A page of a topic. For a member it is also where they read: the one write of this GET is
    `record_visit`, their reading mark moved to the last post shown (the "new" marks, the jump
    to the first unread post and the trust level's posts read all come from it). A beacon or a
    POST would lose it without JavaScript, and it never moves backwards, so a repeated GET
    changes nothing it should not."""
    topic = get_object_or_404(
        Topic.objects.visible().select_related("category", "article", "last_post"), pk=pk
    )
    if slug != topic.slug:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return HttpResponsePermanentRedirect(topic.get_absolute_url() + query)
    if "date" in request.GET:
        return _jump_to_date(request, topic)
    window = window_asked(request.GET)
    if window is not None and window.number == 1:
        return HttpResponsePermanentRedirect(page_url(topic, 1))  # one URL per page
    visit = _visit(request, topic)
    if window is None and visit is not None and (jump := _first_unread(topic, visit)):
        # Not to this very address (the first page, whose URL has no query): the fragment is
        # not sent back, so the same answer would come again and again.
        target = post_page_url(jump)
        if target.partition("#")[0] != request.get_full_path():
            return redirect(target)
    # Read once, whether the page is rendered now or only the member's visit needs it.
    page = cache(partial(post_page, topic, window or Window()))
    response = shared_page(
        request,
        "community/topic_detail.html",
        partial(_topic_context, topic, page),
        keys=partial(_topic_keys, topic),
        extras={
            "last_read_post_id": visit.last_read_post_id if visit else None,
            **_read_place(topic, visit),
        },
        topic_id=topic.pk,
    )
    if request.user.is_authenticated:
        actions.record_visit(topic, user=member_of(request), last_seen_post=page().last_post)
    return response


def _jump_to_date(request: HttpRequest, topic: Topic) -> HttpResponse:
    """The date jump's GET form: the page holding the first post written on or after that day."""
    try:
        day = forms.DateField().clean(request.GET["date"])
    except ValidationError:
        message = _("Give a date such as %(example)s to go to the messages of that day.")
        example = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
        return refusal_page(
            request, message % {"example": example}, back_url=topic.get_absolute_url(), status=400
        )
    # Nothing is older than the topic (and a day before year 2 has no UTC time).
    day = max(day, timezone.localdate(topic.created_at))
    post = post_from(topic, timezone.make_aware(datetime.combine(day, time.min)))
    return redirect(post_page_url(post) if post is not None else topic.get_absolute_url())


def _topic_context(topic: Topic, page: Any) -> dict[str, Any]:
    shown = page()
    return {
        "topic": topic,
        # An article's discussion shows its article's head: the one upward reference, read
        # from the row selected with the topic (docs/architecture.md).
        "article": getattr(topic, "article", None),
        "page": shown,
        "posts": shown.posts,
        "pager": pager(topic, shown),
        "timeline_step": timeline_step(shown, topic.post_count),
        "last_page_url": page_url(topic, shown.page_count),
        "per_page": POSTS_PER_PAGE,
    }


def _topic_keys(topic: Topic, context: Mapping[str, Any]) -> set[str]:
    keys = {key_of(topic), key_of(topic.category), *post_keys(context["posts"])}
    if context["article"] is not None:
        keys.add(key_of(context["article"]))
    return keys


def post_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """A post's stable address: the page that holds it, scrolled to it (`places.py`: an
    article's comment on the article's page)."""
    return redirect(place_of_post(pk))


def member_keys(members: Iterable[User | None]) -> set[str]:
    """The keys of the members a page names (None: a topic opened by the newsroom)."""
    return {key_of(member) for member in members if member is not None}


def post_keys(posts: Iterable[Post]) -> set[str]:
    """The members whose names a list of posts shows: authors, and those they answer."""
    keys = {f"member:{post.author_id}" for post in posts}
    keys |= {f"member:{post.reply_to.author_id}" for post in posts if post.reply_to is not None}
    return keys


def _visit(request: HttpRequest, topic: Topic) -> TopicVisit | None:
    """The member's reading mark, with the number of the last post they read (`read_position`:
    where they were, for the page's personal block)."""
    if not request.user.is_authenticated:
        return None
    read = Post.objects.filter(pk=OuterRef("last_read_post_id")).values("position")[:1]
    return topic.visits.filter(user=request.user).annotate(read_position=Subquery(read)).first()


def _read_place(topic: Topic, visit: TopicVisit | None) -> dict[str, Any]:
    """Where the member was in the topic (the last post they read): its page and link."""
    position = getattr(visit, "read_position", None)
    if visit is None or position is None:
        return {"read_page": None, "read_url": ""}
    number = (position - 1) // POSTS_PER_PAGE + 1
    return {
        "read_page": number,
        "read_url": f"{page_url(topic, number)}#post-{visit.last_read_post_id}",
    }


def _first_unread(topic: Topic, visit: TopicVisit) -> Post | None:
    """The first post by someone else that the member has not seen; their own posts are read."""
    return (
        Post.objects.visible()
        .filter(topic=topic, pk__gt=visit.last_read_post_id)
        .exclude(author_id=visit.user_id)
        .select_related("topic")
        .order_by("created_at", "id")
        .first()
    )

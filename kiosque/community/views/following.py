"""Following: a member's level for a topic or a category (plain POST forms), their "Unread" and
"New" lists, and "mark all as read". Member pages: never shared, never stored."""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kiosque.accounts.models import User

from .. import following
from ..actions.following import mark_all_read, set_category_level, set_topic_level
from ..models import Category, FollowLevel, Topic
from .shared import member_of, refusal_page, safe_next

TOPICS_PER_PAGE = 30

# What the member is told once a level is set, by level.
LEVEL_SET = {
    FollowLevel.WATCHING: gettext_lazy(
        "You are watching this: you will be notified of every new post."
    ),
    FollowLevel.TRACKING: gettext_lazy("You are tracking this: unread posts are counted for you."),
    FollowLevel.NORMAL: gettext_lazy(
        "Back to normal: you are notified when someone replies to you."
    ),
    FollowLevel.MUTED: gettext_lazy(
        "Muted: you will not be notified, nor see it among new and unread."
    ),
}


def _level_asked(request: HttpRequest) -> FollowLevel | None:
    return following.LEVEL_NAMES.get(request.POST.get("level", ""))


@require_POST
def topic_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the member's level for a topic (`level`: watching, tracking, normal, muted)."""
    topic = get_object_or_404(Topic.objects.visible(), pk=pk)
    back = safe_next(request, request.POST.get("next")) or topic.get_absolute_url()
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    level = _level_asked(request)
    if level is None:
        return _unknown_level(request, back)
    set_topic_level(by=member_of(request), topic=topic, level=level)
    messages.success(request, str(LEVEL_SET[level]))
    return redirect(back)


@require_POST
def category_follow(request: HttpRequest, slug: str) -> HttpResponse:
    """Set the member's level for a category's topics (`level`, as for a topic)."""
    category = get_object_or_404(Category, slug=slug)
    back = safe_next(request, request.POST.get("next")) or category.get_absolute_url()
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    level = _level_asked(request)
    if level is None:
        return _unknown_level(request, back)
    set_category_level(by=member_of(request), category=category, level=level)
    messages.success(request, str(LEVEL_SET[level]))
    return redirect(back)


def _unknown_level(request: HttpRequest, back: str) -> HttpResponse:
    message = _("Choose one of the levels offered: watching, tracking, normal or muted.")
    return refusal_page(request, message, back_url=back, status=HTTPStatus.BAD_REQUEST)


@login_required
@require_GET
def unread(request: HttpRequest) -> HttpResponse:
    """The topics the member tracks or watches with posts they have not read."""
    member = member_of(request)
    page = Paginator(following.unread_topics(member), TOPICS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "topic_marks": _marks(member, page.object_list)}
    return render(request, "community/unread.html", context)


@login_required
@require_GET
def new_topics(request: HttpRequest) -> HttpResponse:
    """The topics new to the member: created lately, never opened, not muted."""
    member = member_of(request)
    page = Paginator(following.new_topics(member), TOPICS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "topic_marks": _marks(member, page.object_list)}
    return render(request, "community/new_topics.html", context)


def _marks(member: User, topics: Iterable[Topic]) -> dict[int, following.Marks]:
    """The marks of a page's topics (the personal blocks of a page that is not shared)."""
    rows = [(topic.pk, topic.category_id, topic.created_at) for topic in topics]
    return following.topic_marks(member, rows)


@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark everything read (or a category's topics, `category`: its slug) and nothing new."""
    back = safe_next(request, request.POST.get("next")) or reverse("community:unread")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    slug = request.POST.get("category", "")
    category = get_object_or_404(Category, slug=slug) if slug else None
    mark_all_read(by=member_of(request), category=category)
    messages.success(request, _("Everything is marked as read."))
    return redirect(back)

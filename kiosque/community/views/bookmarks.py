"""A member's bookmarks: keeping a post (one click, or with a note and a reminder), the list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..actions.bookmarks import bookmark_post, remove_bookmark
from ..forms import BookmarkForm
from ..models import Bookmark, Post
from .shared import member_of, readable_post, safe_next

BOOKMARKS_PER_PAGE = 20
# The start of the post's stored HTML the list reads for its excerpt.
EXCERPT_SOURCE_CHARS = 1200
PRIVATE = "private, no-store"


@login_required
def bookmark_list(request: HttpRequest) -> HttpResponse:
    """The member's bookmarks of posts readers can still open, newest first, paginated."""
    bookmarks = (
        Bookmark.objects.filter(member=member_of(request), post__in=Post.objects.readable())
        .select_related("post__topic", "post__author")
        .annotate(excerpt_html=Substr("post__html", 1, EXCERPT_SOURCE_CHARS))
        .defer("post__html", "post__source")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(bookmarks, BOOKMARKS_PER_PAGE).get_page(request.GET.get("page"))
    response = render(request, "community/bookmarks.html", {"page": page})
    response["Cache-Control"] = PRIVATE
    return response


@login_required
@require_http_methods(["GET", "POST"])
def post_bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the member's bookmark of post `pk` (note, reminder) as a form. POST: keep it; the
    post's one-click button (`quick`) leaves a bookmark already there as it is."""
    post = readable_post(pk)
    member = member_of(request)
    bookmark = Bookmark.objects.filter(member=member, post=post).first()
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST" and "quick" in request.POST and bookmark is not None:
        return redirect(next_url or post.get_absolute_url())
    form = _form(request, bookmark)
    if form.is_bound and form.is_valid():
        try:
            bookmark_post(by=member, post=post, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error("remind_at" if refusal.code == "reminder_in_past" else None, refusal)
        else:
            messages.success(request, _("The message is in your bookmarks."))
            return redirect(next_url or post.get_absolute_url())
    context: dict[str, Any] = {"form": form, "post": post, "bookmark": bookmark, "next": next_url}
    status = 400 if form.is_bound else 200
    return render(request, "community/bookmark_edit.html", context, status=status)


def _form(request: HttpRequest, bookmark: Bookmark | None) -> BookmarkForm:
    if request.method == "POST":
        return BookmarkForm(request.POST)
    if bookmark is None:
        return BookmarkForm()
    return BookmarkForm(initial={"note": bookmark.note, "remind_at": bookmark.remind_at})


@login_required
@require_POST
def bookmark_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove the member's bookmark of post `pk`; back to where they were, or to the list."""
    member = member_of(request)
    bookmark = get_object_or_404(Bookmark, member=member, post_id=pk)
    remove_bookmark(by=member, bookmark=bookmark)
    messages.success(request, _("The bookmark is removed."))
    return redirect(safe_next(request, request.POST.get("next")) or "community:bookmarks")

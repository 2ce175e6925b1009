"""A member's notifications: the full page with its filters, the bell's dropdown, opening one.

Opening a notification reads it (and its group), so it is a POST, from a form of the member's
own page: a GET is made by far more than the member's choice (browsers prefetching or
prerendering links, extensions, an `<img>` on another site), and must not read anything. A GET
of the same address still opens the post, leaving the notification unread.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import actions, notification_groups
from ..actions.notifying import open_notification
from ..models import Notification
from .shared import member_of, safe_next

PRIVATE = "private, no-store"


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    """GET: the member's notifications, grouped, filtered, paginated. POST: all read."""
    if request.method == "POST":
        actions.mark_notifications_read(member_of(request))
        messages.success(request, _("All your notifications are marked as read."))
        return redirect(safe_next(request, request.POST.get("next")) or "community:notifications")
    choice = notification_groups.FILTERS_BY_SLUG.get(request.GET.get("filtre", ""))
    if choice is None:
        context = {"filters": notification_groups.FILTERS, "unknown_filter": True}
        return render(request, "community/notification_list.html", context, status=400)
    page, lines = notification_groups.page_of_lines(
        member_of(request), choice=choice, number=request.GET.get("page")
    )
    context = {"filters": notification_groups.FILTERS, "choice": choice, "page": page}
    response = render(request, "community/notification_list.html", {**context, "lines": lines})
    response["Cache-Control"] = PRIVATE
    return response


@login_required
@require_GET
def notification_menu(request: HttpRequest) -> HttpResponse:
    """The bell's dropdown, an HTML fragment fetched by `bell.js` when it first opens."""
    lines = notification_groups.latest_lines(member_of(request))
    response = render(request, "community/notification_menu.html", {"lines": lines})
    response["Cache-Control"] = PRIVATE
    return response


@login_required
@require_http_methods(["GET", "POST"])
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: the member opens a line of their notifications; its group is read, and the post
    it names opens (for new posts in a watched topic, the first unread). GET: the same post,
    nothing read."""
    member = member_of(request)
    notification = get_object_or_404(
        Notification.objects.select_related("post"), pk=pk, recipient=member
    )
    target = notification.post_id
    if request.method == "POST":
        target = open_notification(by=member, notification=notification)
    if target is None:
        return redirect(notification.link or "community:notifications")
    return redirect("community:post-permalink", target)

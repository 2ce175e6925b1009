"""What a member does beside writing: liking a post, reading their notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import actions
from ..models import Notification
from ..paging import post_page_url
from .shared import (
    check_rate,
    member_of,
    readable_post,
    refusal_page,
    refusal_status,
    safe_next,
    wants_json,
)

NOTIFICATIONS_SHOWN = 50


@require_POST
def post_like(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Like (`like=1`) or unlike (`like=0`) a post; JSON for the page's script, else a redirect."""
    next_url = safe_next(request, request.POST.get("next"))
    if not request.user.is_authenticated:
        return redirect_to_login(next_url or reverse("community:post-permalink", args=[pk]))
    post = readable_post(pk)
    wants_like = request.POST.get("like", "1") == "1"
    try:
        check_rate(request, "like")
        (actions.like_post if wants_like else actions.unlike_post)(post, user=member_of(request))
    except ValidationError as refusal:
        status = refusal_status(refusal)
        message = " ".join(refusal.messages)
        if wants_json(request):
            return JsonResponse({"error": message}, status=status)
        return refusal_page(request, message, back_url=post_page_url(post), status=status)
    if wants_json(request):
        # The action left the post's own counter as it wrote it.
        return JsonResponse({"liked": wants_like, "like_count": post.like_count})
    return redirect(next_url or post_page_url(post))


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """GET: the member's latest notifications. POST: mark them all read."""
    if request.method == "POST":
        actions.mark_notifications_read(member_of(request))
        messages.success(request, _("All your notifications are marked as read."))
        return redirect("community:notifications")
    shown = Notification.objects.filter(recipient=member_of(request)).for_display()
    context = {"notifications": shown[:NOTIFICATIONS_SHOWN]}
    return render(request, "community/notification_list.html", context)


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """A notification followed from the list: it is read now, and the post it names opens.

    A write on a GET, on purpose: following the link is reading it, with or without
    JavaScript, and marking a read notification read again changes nothing."""
    member = member_of(request)
    notification = get_object_or_404(Notification, pk=pk, recipient=member)
    actions.mark_notifications_read(member, ids=[notification.pk])
    if notification.post_id is None:
        return redirect(notification.link or "community:notifications")
    return redirect("community:post-permalink", notification.post_id)

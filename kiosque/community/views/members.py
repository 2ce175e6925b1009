"""What a member does beside writing: liking a post (notifications: `notifications.py`)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import actions
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

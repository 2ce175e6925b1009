"""What the forum's views share: who is asking, where to go next, and how a refusal answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from kiosque import ratelimits
from kiosque.accounts.models import User

from ..models import Post
from ..posting_rules import PostingRefused

# What a refused post answers, by the refusal's code.
REFUSAL_STATUS = {
    "topic_closed": 409,
    "topic_not_visible": 404,
    "account_inactive": 403,
    "account_silenced": 403,
    "blocked_term": 400,
    "too_many_links": 400,
    "too_many_images": 400,
    "too_many_mentions": 400,
    "too_many_posts_per_minute": 429,
    "too_many_posts_per_day": 429,
    "too_many_topics_per_day": 429,
    "rate_limited": 429,
}


def readable_post(pk: int) -> Post:
    """The post `pk` if readers may read it (`Post.objects.readable()`); 404 otherwise."""
    return get_object_or_404(Post.objects.readable().select_related("topic", "author"), pk=pk)


def refusal_page(
    request: HttpRequest, message: str, *, back_url: str = "", draft: str = "", status: int = 409
) -> HttpResponse:
    """A page saying what was refused, with the text the member typed to copy."""
    context = {"message": message, "back_url": back_url, "draft": draft}
    return render(request, "community/refusal.html", context, status=status)


def refusal_status(refusal: ValidationError, default: int = 409) -> int:
    return REFUSAL_STATUS.get(getattr(refusal, "code", None) or "", default)


def check_rate(request: HttpRequest, scope: str) -> None:
    """Refuse a member's request over the rate limit named `scope` (kiosque/ratelimits.py), per
    account and per address, as a refusal the page shows with everything typed kept."""
    try:
        ratelimits.check_request(request, scope)
    except ratelimits.RateLimited as limited:
        raise PostingRefused(limited.message, code="rate_limited") from None


def tell_held(request: HttpRequest) -> None:
    messages.info(
        request,
        _(
            "Your message was received: it will appear once a moderator has read it. "
            "You will be notified."
        ),
    )


def form_errors(form: Form) -> list[str]:
    """Every message of a form, field errors first, for one announced list."""
    return [str(message) for errors in form.errors.values() for message in errors]


def member_of(request: HttpRequest) -> User:
    """The signed-in member making the request (the view has checked they are signed in)."""
    assert isinstance(request.user, User)
    return request.user


def safe_next(request: HttpRequest, url: str | None) -> str:
    """`url` if it stays on this site, else ''."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")

"""A suspended member is signed out, at sign-in as on any later request, and told until when.

Suspension is account state (`User.suspended_until`), set by moderation; this middleware only
reads it, and only from a member the request has loaded already: it adds no query to a page
that does not look at who reads (a feed, a shared page). Whatever such a page shows, a
suspended member cannot post, like or report: the posting gate refuses them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import formats, timezone
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext as _


class SuspendedMemberMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
            return response  # nobody looked: loading the member would cost two queries
        if user is not None and user.is_authenticated:
            until = getattr(user, "suspended_until", None)
            if until is not None and until > timezone.now():
                logout(request)
                messages.error(
                    request,
                    _(
                        "Your account is suspended until %(until)s. The e-mail we sent you "
                        "says why and how to appeal."
                    )
                    % {"until": formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")},
                )
        return response

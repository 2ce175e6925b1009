"""Accounts' middleware: allauth's refused forms answer 4xx (not 200); staff sign in with a
second factor."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .hashers import PasswordChecksBusy
from .second_factor import has_second_factor, is_staff_member

# A client told to come back waits this long (the Retry-After header).
RETRY_AFTER_SECONDS = 5


class FormErrorStatusMiddleware:
    """Give allauth's re-displayed forms status 400, 429 when logins are throttled, 503 when
    every password check is busy (and the same 503 wherever else a password is hashed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_template_response(
        self, request: HttpRequest, response: TemplateResponse
    ) -> TemplateResponse:
        match = request.resolver_match
        if (
            request.method != "POST"
            or response.status_code != HTTPStatus.OK
            or match is None
            or not match.func.__module__.startswith("allauth.")
        ):
            return response
        form = (response.context_data or {}).get("form")
        if isinstance(form, BaseForm) and form.is_bound and form.errors:
            if form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts"):
                response.status_code = HTTPStatus.TOO_MANY_REQUESTS
            elif form.has_error(NON_FIELD_ERRORS, "password_checks_busy"):
                response.status_code = HTTPStatus.SERVICE_UNAVAILABLE
                response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            else:
                response.status_code = HTTPStatus.BAD_REQUEST
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PasswordChecksBusy):
            return None
        response = render(request, "503_busy.html", status=HTTPStatus.SERVICE_UNAVAILABLE)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


# URL namespaces of the staff's pages: the admin, the moderation queue and log.
STAFF_NAMESPACES = frozenset({"admin", "moderation"})


class StaffSecondFactorMiddleware:
    """Send a staff member without a second factor to set one up before any staff page.

    Only staff pages are looked at: elsewhere the signed-in user is not even loaded, so reading
    pages and feeds cost no query more.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or not STAFF_NAMESPACES & set(match.namespaces):
            return None
        user = request.user
        if not user.is_authenticated or not is_staff_member(user) or has_second_factor(user):
            return None
        messages.warning(
            request,
            _(
                "Your account gives access to the site's administration: protect it with a "
                "second factor (an authenticator app or a passkey) before going on."
            ),
        )
        return redirect("mfa_index")

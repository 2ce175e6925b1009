"""allauth answers a refused form with status 200; Kiosque answers bad input with a 4xx."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


class FormErrorStatusMiddleware:
    """Give allauth's re-displayed forms status 400, or 429 when logins are throttled."""

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
            throttled = form.has_error(NON_FIELD_ERRORS, "too_many_login_attempts")
            response.status_code = (
                HTTPStatus.TOO_MANY_REQUESTS if throttled else HTTPStatus.BAD_REQUEST
            )
        return response

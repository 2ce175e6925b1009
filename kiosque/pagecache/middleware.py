"""The last word on a shared page's headers, after every other middleware has spoken."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase


class SharedPageMiddleware:
    """A shared page varies on its encoding only.

    The session and locale middlewares add `Cookie` and `Accept-Language` to `Vary` whenever
    they look at the request; for a shared page neither changes a byte (the language is in the
    URL), and a cache tier honouring them would keep one copy per visitor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(response, "shared_page", None) is not None:
            response.headers["Vary"] = "Accept-Encoding"
        return response

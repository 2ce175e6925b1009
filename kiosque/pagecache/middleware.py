"""The last word on a shared page's headers, and compression for the pages made per request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
)


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


class TextGZipMiddleware(GZipMiddleware):
    """Django's gzip, with its BREACH mitigation, for documents made per request: a member's
    page, forms, feeds. Shared pages arrive compressed already (the store keeps their gzip and
    brotli forms); images and other files, and streams, are sent as they are."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.streaming or not response.get("Content-Type", "").startswith(
            COMPRESSIBLE_TYPES
        ):
            return response
        return super().process_response(request, response)

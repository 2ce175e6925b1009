"""Conditional GET for what discovery serves (feeds, sitemaps, robots.txt).

A feed or a sitemap is made per request from a few queries; what a conditional GET saves is
the transfer and the reader's parsing. The `ETag` is a digest of the bytes, so it changes with
anything shown (a comment count, a hidden post) even where no date moved; `Last-Modified` is
the latest change the document shows, as the view set it. `If-None-Match` is answered first
(and `If-Modified-Since` then ignored, RFC 9110 §13.2.2), as `ConditionalGetMiddleware` does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe

# The last change of what holds nothing yet: fixed, so that its ETag and Last-Modified stay the
# same until something comes (the time of the request would change them at every request).
NOTHING_YET = datetime(2000, 1, 1, tzinfo=UTC)

# Feed readers and crawlers poll; a few minutes in shared caches spares the site their bursts.
DISCOVERY_MAX_AGE_SECONDS = 300


def answer_conditionally(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """`response` with its `ETag` and cache headers, or a 304 when the client holds it."""
    if isinstance(response, SimpleTemplateResponse):
        response.render()
    if response.status_code != 200:
        return response
    set_response_etag(response)
    patch_cache_control(response, public=True, max_age=DISCOVERY_MAX_AGE_SECONDS)
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    answer = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    return answer or response


def discovery_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`view` in the site's language whoever asks, answering conditional GETs."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(settings.LANGUAGE_CODE):
            response = view(request, *args, **kwargs)
            return answer_conditionally(request, response)

    return wrapped

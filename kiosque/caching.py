"""HTTP caching of public pages.

An anonymous reader's page is one document, the same for every anonymous reader of that URL
and language: no CSRF token, no session cookie, nothing personal. That makes it safe for a
shared cache (the server's, or a CDN honouring `s-maxage`) to reuse. A signed-in member gets
the same page with their personal parts rendered in, marked private.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a reading page cacheable for anonymous readers and private for members."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code not in (200, 301, 404):
            return response
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            seconds = settings.KIOSQUE_PAGE_CACHE_SECONDS
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped

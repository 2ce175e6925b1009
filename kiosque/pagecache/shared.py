"""Reading pages as one shared document for everyone, with each member's parts apart.

A reading view (article, home, listings, forum, topic, profile) hands `shared_page` what it
takes to render the page (a context builder, called only when the page must be rendered) and
the announcement keys of what the page shows. The page is rendered once as an anonymous reader
sees it, kept in the page store until an announcement of one of its keys, and:

- an anonymous reader gets it as stored (compressed form, ETag, 304; headers in `http.py`);
  the ASGI fast path (`fastpath.py`) serves the next ones without entering Django;
- a member (or a reader with a message waiting) gets the same document with their personal
  blocks rendered in (`personal.py`), marked private.

Nothing personal can enter the shared document: it is rendered from a bare anonymous request
that shares nothing with the reader's but the URL.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import wraps
from typing import Any, overload

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from kiosque.announcements import SITE

from . import http
from .personal import SHARED_RENDER, personalize
from .store import Page, make_page, page_store

ContextBuilder = Callable[[], dict[str, Any]]
KeysOf = Callable[[Mapping[str, Any]], Iterable[str]]
View = Callable[..., HttpResponse]


def url_key(path: str, query_string: str) -> str:
    """The store's name for a page: its path and query, as the fast path sees them too."""
    return f"{path}?{query_string}" if query_string else path


@overload
def stored_page_first(view: View, *, for_members: bool = True) -> View: ...


@overload
def stored_page_first(view: None = None, *, for_members: bool = True) -> Callable[[View], View]: ...


def stored_page_first(
    view: View | None = None, *, for_members: bool = True
) -> View | Callable[[View], View]:
    """Answer from the store before the view looks anything up.

    A stored page stands until an announcement of what it shows drops it, and whatever would
    make its URL answer otherwise (unpublished, renamed, hidden) is announced: the view has
    nothing to add. This is the fast path's answer, for requests that reach Django. A member
    gets it with their personal blocks, unless the view does more for members
    (`for_members=False`: the topic page takes them to their first unread post).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in ("GET", "HEAD") and settings.KIOSQUE_PAGE_CACHE:
                is_personal = _is_personal(request)
                if for_members or not is_personal:
                    url = url_key(request.path, request.META.get("QUERY_STRING", ""))
                    page = page_store().get(url)
                    if page is not None and is_personal:
                        return personal_response(request, page, None)
                    if page is not None:
                        return shared_response(request, page)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def shared_page(
    request: HttpRequest,
    template_name: str,
    build_context: ContextBuilder,
    *,
    keys: KeysOf,
    fresh_until: Callable[[], datetime | None] | None = None,
    extras: Mapping[str, Any] | None = None,
    topic_id: int | None = None,
) -> HttpResponse:
    """The page at `request`'s URL, from the store or rendered and stored.

    `keys(context)` names what the page shows (`site` is always added); `fresh_until()` tells
    when the page changes by itself (a scheduled article goes live); `extras` are the member's own
    values for personal blocks (how far they have read); `topic_id` makes the fast path count
    anonymous views of that topic.
    """
    url = url_key(request.path, request.META.get("QUERY_STRING", ""))
    store = page_store()
    page = store.get(url) if settings.KIOSQUE_PAGE_CACHE else None
    kept = page is not None
    if page is None:
        begun = store.begin()
        context = build_context()
        html = render_to_string(
            template_name, {**context, SHARED_RENDER: True}, request=_anonymous_twin(request)
        )
        now = time.time()
        expires_at = now + settings.KIOSQUE_PAGE_CACHE_TTL
        changes_at = fresh_until() if fresh_until is not None else None
        if changes_at is not None:
            expires_at = min(expires_at, changes_at.timestamp())
        page = make_page(
            url=url,
            html=html.encode(),
            keys={SITE, *keys(context)},
            language=get_language() or settings.LANGUAGE_CODE,
            expires_at=expires_at,
            topic_id=topic_id,
            at=now,
        )
        if settings.KIOSQUE_PAGE_CACHE:
            kept = store.put(page, begun=begun)
    if _is_personal(request):
        return personal_response(request, page, extras)
    return shared_response(request, page, tier_may_keep=kept)


def shared_response(
    request: HttpRequest, page: Page, *, tier_may_keep: bool = True
) -> HttpResponse:
    """`page` as every anonymous reader gets it (the fast path answers the same).

    `tier_may_keep`: whether the page is the store's (not a render the store refused).
    """
    encoding = http.choose_encoding(request.headers.get("Accept-Encoding", ""))
    if http.is_not_modified(
        page, request.headers.get("If-None-Match", ""), request.headers.get("If-Modified-Since", "")
    ):
        status, body = 304, b""
    else:
        status, body = 200, http.body_of(page, encoding)
    response = HttpResponse(body, status=status)
    headers = http.page_headers(
        page, encoding, status=status, secure=request.is_secure(), tier_may_keep=tier_may_keep
    )
    for name, value in headers:
        response.headers[name.decode()] = value.decode()
    response.shared_page = page  # type: ignore[attr-defined]  # read by SharedPageMiddleware
    if status == 200 and page.topic_id is not None:
        count_topic_view(page.topic_id)
    return response


def count_topic_view(topic_id: int) -> None:
    """One more anonymous reader of a topic page (members are counted on their first visit):
    counted in memory, written in batches (community/view_counts.py)."""
    from kiosque.community.view_counts import count_view

    count_view(topic_id)


def personal_response(
    request: HttpRequest, page: Page, extras: Mapping[str, Any] | None
) -> HttpResponse:
    """`page` with the reader's personal blocks rendered in; never stored anywhere."""
    html = personalize(page.body.decode(), request, extras)
    response = HttpResponse(html)
    response.headers["Content-Language"] = page.language
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def private_page(
    request: HttpRequest, template_name: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """A reading page only its reader may see (an editor's preview): rendered for them alone."""
    response = HttpResponse(
        render_to_string(template_name, context, request=request), status=status
    )
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _is_personal(request: HttpRequest) -> bool:
    """Whether the reader has anything of their own on the page: an account, a message."""
    return bool(request.user.is_authenticated or len(get_messages(request)))


def _anonymous_twin(request: HttpRequest) -> HttpRequest:
    """A request for the same URL by nobody: no user, no session, no cookie, no message."""
    twin = HttpRequest()
    twin.method = "GET"
    twin.path = request.path
    twin.path_info = request.path_info
    twin.GET = request.GET
    twin.META = {
        name: request.META[name]
        for name in ("SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "QUERY_STRING")
        if name in request.META
    }
    twin.resolver_match = request.resolver_match
    twin.user = AnonymousUser()
    twin._messages = ()  # type: ignore[attr-defined]  # the messages framework's attribute
    twin.LANGUAGE_CODE = get_language() or settings.LANGUAGE_CODE
    return twin

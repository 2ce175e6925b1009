"""The ASGI fast path: an anonymous reader's page straight from memory, before Django.

`FastPath(django_app)` wraps the Django application. A GET or HEAD without a session or a
message cookie, for an allowed host, whose page this process holds and may serve as it is
(`PageStore.get_fresh`: no I/O), is answered here with the stored bytes and the headers Django
would have sent (`http.page_headers`); so is one whose page was just dropped while another
reader renders its successor (`PageStore.stale_while_rendering`); anything else goes to Django
unchanged. Django's side
renders and stores the page on a miss (`shared.shared_page`), so the next reader is served here.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http.request import split_domain_port, validate_host

from kiosque.security import is_forwarded_https

from . import http
from .store import page_store

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[..., Awaitable[None]]
ViewCounter = Callable[[int], None]

# Hosts seen in requests and whether ALLOWED_HOSTS accepts them; bounded so that a flood of
# made-up Host headers cannot grow it without end.
KNOWN_HOSTS_KEPT = 256


class FastPath:
    def __init__(self, app: ASGIApp, *, count_view: ViewCounter | None = None) -> None:
        self.app = app
        self.count_view = count_view
        self._hosts: dict[bytes, bool] = {}
        self._personal_cookies = tuple(
            f"{name}=".encode()
            for name in (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not settings.KIOSQUE_PAGE_CACHE
        ):
            await self.app(scope, receive, send)
            return
        asked_at = time.time()
        if await self._answer(scope, send, now=asked_at):
            return
        try:
            await self.app(scope, receive, send)
        finally:
            # Whether or not this request was the one sent to render a dropped page.
            page_store().finish_render(self._url(scope), claimed_at=asked_at)

    @staticmethod
    def _url(scope: Scope) -> str:
        query = scope.get("query_string", b"")
        return f"{scope['path']}?{query.decode('latin-1')}" if query else scope["path"]

    async def _answer(self, scope: Scope, send: Send, *, now: float) -> bool:
        host = accept_encoding = if_none_match = if_modified_since = forwarded_proto = b""
        for name, value in scope["headers"]:
            if name == b"cookie":
                if any(cookie in value for cookie in self._personal_cookies):
                    return False
            elif name == b"accept-encoding":
                accept_encoding = value
            elif name == b"host":
                host = value
            elif name == b"if-none-match":
                if_none_match = value
            elif name == b"if-modified-since":
                if_modified_since = value
            elif name == b"x-forwarded-proto":
                forwarded_proto = value
        if not self._is_allowed(host):
            return False
        secure = scope.get("scheme") == "https" or (
            bool(forwarded_proto)
            and is_forwarded_https(_peer(scope), forwarded_proto.decode("latin-1"))
        )
        if settings.SECURE_SSL_REDIRECT and not secure:
            return False  # Django sends the reader to the HTTPS address

        url = self._url(scope)
        store = page_store()
        page = store.get_fresh(url, now=now)
        stale = page is None
        if page is None:
            page = store.stale_while_rendering(url, now=now)
            if page is None:
                return False
        encoding = http.choose_encoding(accept_encoding.decode("latin-1"))
        if http.is_not_modified(
            page, if_none_match.decode("latin-1"), if_modified_since.decode("latin-1")
        ):
            status, body = 304, b""
        else:
            status = 200
            body = b"" if scope["method"] == "HEAD" else http.body_of(page, encoding)
        # A stale page is no one's to keep: a shared cache asks again at once.
        headers = http.page_headers(
            page, encoding, status=status, secure=secure, tier_may_keep=not stale
        )
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        if page.topic_id is not None and self.count_view is not None and status == 200:
            self.count_view(page.topic_id)
        return True

    def _is_allowed(self, host: bytes) -> bool:
        allowed = self._hosts.get(host)
        if allowed is None:
            domain, _port = split_domain_port(host.decode("latin-1"))
            allowed = bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)
            if len(self._hosts) < KNOWN_HOSTS_KEPT:
                self._hosts[host] = allowed
        return allowed


def _peer(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""

"""How a shared page answers over HTTP, the same from the fast path and from Django.

- `Content-Encoding` chosen from `Accept-Encoding` (brotli, then gzip, else identity), each
  form compressed once when the page was stored; `Vary: Accept-Encoding` and nothing else,
  since the language is in the URL and nothing personal is in the page.
- A strong `ETag` per form (`"<hash>"`, `"<hash>-gzip"`, `"<hash>-br"`) and `Last-Modified`:
  a reader who has the current page gets `304 Not Modified`.
- `Cache-Control: public, max-age=0, s-maxage=…, stale-while-revalidate=…`: browsers ask again
  each time (and get a 304), a cache tier keeps it until an announcement purges it.
- `xkey` (Varnish) and `Surrogate-Key` (Fastly and others) list the page's announcement keys.
- `Surrogate-Control: max-age=…` when announcements purge the tier in front (purge.py): it may
  keep the page until the page cache itself would render it again, since every change purges it.
"""

from __future__ import annotations

import time
from functools import cache, lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from . import purge
from .store import Page

IDENTITY, GZIP, BROTLI = "identity", "gzip", "br"

Headers = list[tuple[bytes, bytes]]


# Browsers send a handful of distinct Accept-Encoding values: each is read once.
@lru_cache(maxsize=256)
def choose_encoding(accept_encoding: str) -> str:
    """The best form of a page `accept_encoding` allows: br, then gzip, else identity."""
    if not accept_encoding:
        return IDENTITY
    allowed: set[str] = set()
    for part in accept_encoding.lower().split(","):
        coding, _semicolon, parameters = part.partition(";")
        coding = coding.strip()
        quality = parameters.replace(" ", "")
        if quality.startswith("q=") and _is_zero(quality[2:]):
            continue
        allowed.add(coding)
    if BROTLI in allowed:
        return BROTLI
    if GZIP in allowed or "*" in allowed:
        return GZIP
    return IDENTITY


def _is_zero(value: str) -> bool:
    try:
        return float(value) == 0
    except ValueError:
        return False


def etag_of(page: Page, encoding: str) -> str:
    return f'"{page.etag}"' if encoding == IDENTITY else f'"{page.etag}-{encoding}"'


def is_not_modified(page: Page, if_none_match: str, if_modified_since: str) -> bool:
    """Whether the reader already holds this version of the page (in any of its forms)."""
    if if_none_match:
        if if_none_match.strip() == "*":
            return True
        for tag in if_none_match.split(","):
            tag = tag.strip().removeprefix("W/").strip('"')
            if tag.partition("-")[0] == page.etag:
                return True
        return False
    return bool(if_modified_since) and if_modified_since.strip() == page.last_modified


def body_of(page: Page, encoding: str) -> bytes:
    if encoding == BROTLI:
        return page.br
    if encoding == GZIP:
        return page.gzip
    return page.body


def cache_control(page: Page, *, now: float | None = None, tier_may_keep: bool = True) -> str:
    """Shared caches keep the page until it is purged or its time is up (a scheduled
    article going live changes it without any announcement); a page that may be stale, not
    at all."""
    remaining = int(page.expires_at - (time.time() if now is None else now))
    shared_seconds = max(0, min(settings.KIOSQUE_PAGE_CACHE_SECONDS, remaining))
    if not tier_may_keep:
        shared_seconds = 0
    stale = settings.KIOSQUE_PAGE_STALE_SECONDS
    return f"public, max-age=0, s-maxage={shared_seconds}, stale-while-revalidate={stale}"


def surrogate_control(page: Page, *, now: float | None = None) -> str:
    """How long a purged tier may keep the page: until it would be rendered again anyway (its
    TTL, or the next scheduled release it would list)."""
    remaining = int(page.expires_at - (time.time() if now is None else now))
    return f"max-age={max(0, remaining)}"


def page_headers(
    page: Page,
    encoding: str,
    *,
    status: int = 200,
    secure: bool = False,
    tier_may_keep: bool = True,
) -> Headers:
    """Every header of the answer with `page` in `encoding` (304: the validators only).

    `tier_may_keep=False` for a page that may be stale (rendered while something it shows
    changed, or served while its successor renders): a shared cache does not keep it.

    The fast path answers thousands of readers a second with the same page: its headers are
    made once and kept on the page for as long as they stay true (the lifetimes they state
    count down only in the page's last seconds, or every second when a tier is purged).
    """
    now = time.time()
    memo_key = (encoding, status, secure, tier_may_keep)
    kept = page.headers_made.get(memo_key)
    if kept is not None and now < kept[0]:
        return kept[1]
    if purge.is_configured():
        true_until = float(int(now) + 1)
    else:
        true_until = page.expires_at - settings.KIOSQUE_PAGE_CACHE_SECONDS - 1
    headers = _page_headers(
        page, encoding, status=status, secure=secure, tier_may_keep=tier_may_keep, now=now
    )
    page.headers_made[memo_key] = (true_until, headers)
    return headers


def _page_headers(
    page: Page, encoding: str, *, status: int, secure: bool, tier_may_keep: bool, now: float
) -> Headers:
    headers: Headers = [
        (b"etag", etag_of(page, encoding).encode()),
        (b"last-modified", page.last_modified.encode()),
        (b"cache-control", cache_control(page, now=now, tier_may_keep=tier_may_keep).encode()),
        (b"vary", b"Accept-Encoding"),
    ]
    if status == 304:
        return headers
    keys = " ".join(sorted(page.keys)).encode()
    headers += [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body_of(page, encoding))).encode()),
        (b"content-language", page.language.encode()),
        (b"xkey", keys),
        (b"surrogate-key", keys),
        *security_headers(secure=secure),
    ]
    if tier_may_keep and purge.is_configured():
        headers.append((b"surrogate-control", surrogate_control(page, now=now).encode()))
    if encoding != IDENTITY:
        headers.append((b"content-encoding", encoding.encode()))
    return headers


@cache
def security_headers(*, secure: bool) -> tuple[tuple[bytes, bytes], ...]:
    """What Django's security middleware, the Content-Security-Policy and the
    Permissions-Policy add to every page, for pages served without them.

    A test compares these with the headers of a page Django serves, so the two stay equal.
    """
    from csp.constants import HEADER, HEADER_REPORT_ONLY
    from csp.utils import build_policy

    from kiosque.security import permissions_policy

    headers: list[tuple[bytes, bytes]] = []
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append((b"x-content-type-options", b"nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        headers.append((b"referrer-policy", str(settings.SECURE_REFERRER_POLICY).encode()))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(
            (
                b"cross-origin-opener-policy",
                str(settings.SECURE_CROSS_ORIGIN_OPENER_POLICY).encode(),
            )
        )
    headers.append((b"x-frame-options", str(settings.X_FRAME_OPTIONS).encode()))
    if secure and settings.SECURE_HSTS_SECONDS:
        value = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            value += "; preload"
        headers.append((b"strict-transport-security", value.encode()))
    if policy := build_policy():
        headers.append((HEADER.lower().encode(), policy.encode()))
    if policy := build_policy(report_only=True):
        headers.append((HEADER_REPORT_ONLY.lower().encode(), policy.encode()))
    if settings.PERMISSIONS_POLICY:
        headers.append((b"permissions-policy", permissions_policy().encode()))
    return tuple(headers)


@receiver(setting_changed)
def _forget_security_headers(**kwargs: object) -> None:
    """Tests change settings: the headers are made again from the new ones."""
    security_headers.cache_clear()

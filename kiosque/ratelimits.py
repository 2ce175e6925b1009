"""Rate limits per account and per address, counted in Django's cache.

With REDIS_URL the cache is Redis, so a limit holds across every process; otherwise each
process counts for itself. Limits are named in `settings.KIOSQUE_RATE_LIMITS` ("post",
"like", "upload", "report", "search"…), each a list of rules written as allauth writes its own
(`ACCOUNT_RATE_LIMITS`, which limits sign-up, password reset and login in the same cache):
"5/m/user,20/m/ip" is five a minute per account and twenty a minute per address.

Each rule counts in a fixed window (`cache.add` then `cache.incr`, both atomic in Redis and in
the in-process cache): cheap, and at worst twice the rate across a window's edge.

A view asks before it acts, and keeps what the member typed when refused:

    try:
        ratelimits.check_rate("post", user=request.user, address=client_address(request))
    except ratelimits.RateLimited as limited:
        ratelimits.refuse_form(form, limited)
        return ratelimits.too_many_requests(limited, render(request, template, {"form": form}))

A `RateLimited` that no view catches becomes the same 429 page (`RateLimitMiddleware`).
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kiosque.security import client_address

Per = Literal["user", "ip", "key"]

_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PER: dict[str, Per] = {"user": "user", "ip": "ip", "key": "key"}
_RULE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*/\s*(user|ip|key)\s*$")


@dataclass(frozen=True)
class Limit:
    """At most `count` hits in `seconds`, counted per `per` (account, address or a given key)."""

    count: int
    seconds: int
    per: Per


class RateLimited(Exception):
    """Refused by the limit named `scope`; the window that refused ends in `retry_after` s."""

    def __init__(self, scope: str, *, retry_after: int) -> None:
        super().__init__(f"{scope}: retry after {retry_after} s")
        self.scope = scope
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        return _("Too many requests in a short time: please try again in %(wait)s.") % {
            "wait": wait_in_words(self.retry_after)
        }


@lru_cache(maxsize=64)
def parse_limits(rules: str) -> tuple[Limit, ...]:
    """`"5/m/user,20/10m/ip"` as Limits; ValueError naming the rule that does not parse."""
    limits = []
    for rule in rules.split(","):
        if not rule.strip():
            continue
        match = _RULE.match(rule)
        if match is None:
            raise ValueError(f"rate limit rule {rule.strip()!r}: expected count/period/key")
        count, multiple, unit, per = match.groups()
        limits.append(Limit(int(count), int(multiple or 1) * _PERIOD_SECONDS[unit], _PER[per]))
    return tuple(limits)


def limits_named(scope: str) -> tuple[Limit, ...]:
    """The rules of the limit `scope` in settings.KIOSQUE_RATE_LIMITS (none: no limit)."""
    return parse_limits(settings.KIOSQUE_RATE_LIMITS.get(scope, ""))


def _cache_key(scope: str, limit: Limit, key: str, window: int) -> str:
    # Hashed: addresses and names stay out of the cache's key space and its length bounded.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{limit.per}:{limit.count}/{limit.seconds}:{digest}:{window}"


def hit(scope: str, *, key: str, limit: Limit, at: float | None = None) -> int:
    """Counts one hit of `key` against `limit`: 0 when allowed, else seconds until it is."""
    now = time.time() if at is None else at
    window = int(now // limit.seconds)
    cache_key = _cache_key(scope, limit, key, window)
    # The count lives a little past its window, so that a clock a second off finds it.
    timeout = limit.seconds + 1
    if cache.add(cache_key, 1, timeout):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout)
            count = 1
    if count <= limit.count:
        return 0
    return max(1, math.ceil((window + 1) * limit.seconds - now))


def check_rate(
    scope: str,
    *,
    user: Any,
    address: str,
    key: str = "",
    at: float | None = None,
) -> None:
    """Counts a request of `user` (a member, or None/anonymous) from `address` against the
    limit named `scope`; raises RateLimited if any of its rules is exceeded.

    Per-account rules do not apply to anonymous requests; `key` serves `…/key` rules (an
    e-mail address, a topic).
    """
    is_member = user is not None and getattr(user, "is_authenticated", False)
    keys: dict[str, str] = {"ip": address, "user": str(user.pk) if is_member else "", "key": key}
    wait = 0
    for limit in limits_named(scope):
        if keys[limit.per]:
            wait = max(wait, hit(scope, key=keys[limit.per], limit=limit, at=at))
    if wait:
        raise RateLimited(scope, retry_after=wait)


def check_request(request: HttpRequest, scope: str) -> None:
    """`check_rate` for the member (or reader) sending `request`, from their address."""
    check_rate(scope, user=request.user, address=client_address(request))


def wait_in_words(seconds: int) -> str:
    """ "45 secondes", "3 minutes", "2 heures": how long to wait, rounded up."""
    if seconds < 90:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def refuse_form(form: forms.BaseForm, limited: RateLimited) -> None:
    """Shows the refusal on `form`, which keeps what the member typed."""
    form.add_error(None, forms.ValidationError(limited.message, code="rate_limited"))


def too_many_requests(
    limited: RateLimited, response: HttpResponseBase | None = None
) -> HttpResponseBase:
    """`response` (the form again, say), or a plain page saying why, as a 429 with Retry-After."""
    if response is None:
        response = HttpResponse(limited.message, content_type="text/plain; charset=utf-8")
    response.status_code = 429
    response["Retry-After"] = str(limited.retry_after)
    return response


class RateLimitMiddleware:
    """A `RateLimited` no view caught answers 429 with the French message and Retry-After."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = self.get_response(request)
        return response

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        if not isinstance(exception, RateLimited):
            return None
        from django.shortcuts import render

        page = render(request, "rate_limited.html", {"message": exception.message})
        return too_many_requests(exception, page)

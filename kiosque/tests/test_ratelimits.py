"""Rate limits per account and per address, in the cache: in-process and in a real Redis."""

from __future__ import annotations

import socket
import uuid

import pytest
from django import forms
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory

from kiosque import ratelimits
from kiosque.accounts.tests.factories import UserFactory
from kiosque.ratelimits import Limit, RateLimited, RateLimitMiddleware, check_rate, hit

# A moment in the middle of a minute, an hour and a day: windows are fixed (time // period).
NOON = 1_760_000_400.0 + 30


@pytest.fixture(autouse=True)
def fresh_cache():
    caches["default"].clear()  # the in-process cache of this test process only
    yield
    caches["default"].clear()


@pytest.fixture
def limits(settings):
    settings.KIOSQUE_RATE_LIMITS = {"post": "2/m/user,3/m/ip", "search": "1/h/ip"}
    return settings.KIOSQUE_RATE_LIMITS


def test_rules_are_read_as_allauth_writes_them():
    assert ratelimits.parse_limits("5/m/user, 20/10m/ip,1/d/key") == (
        Limit(5, 60, "user"),
        Limit(20, 600, "ip"),
        Limit(1, 86400, "key"),
    )
    with pytest.raises(ValueError, match="5/fortnight/user"):
        ratelimits.parse_limits("5/fortnight/user")


def test_every_named_limit_of_the_settings_parses(settings):
    for name, rules in settings.KIOSQUE_RATE_LIMITS.items():
        assert ratelimits.parse_limits(rules), name
    assert {"post", "topic", "like", "upload", "report", "search"} <= set(
        settings.KIOSQUE_RATE_LIMITS
    )


def test_allauth_limits_sign_up_password_reset_and_login_in_the_same_cache():
    from allauth.account import app_settings

    rules = app_settings.RATE_LIMITS
    assert rules["signup"] == "5/h/ip"
    assert rules["reset_password"] == "5/h/ip,3/h/key"
    assert rules["login"] == "30/m/ip"


def test_a_hit_beyond_the_limit_says_how_long_until_the_window_ends():
    limit = Limit(2, 60, "ip")
    start = NOON - NOON % 60
    assert hit("test", key="a", limit=limit, at=start + 10) == 0
    assert hit("test", key="a", limit=limit, at=start + 11) == 0
    assert hit("test", key="a", limit=limit, at=start + 12) == 48
    assert hit("test", key="b", limit=limit, at=start + 12) == 0, "another key counts apart"
    assert hit("test", key="a", limit=limit, at=start + 60) == 0, "a new window starts afresh"


def test_a_member_is_limited_per_account_whatever_their_address(limits, db):
    member = UserFactory()
    check_rate("post", user=member, address="198.51.100.1", at=NOON)
    check_rate("post", user=member, address="198.51.100.2", at=NOON)
    with pytest.raises(RateLimited) as refused:
        check_rate("post", user=member, address="198.51.100.3", at=NOON)
    assert refused.value.scope == "post"
    assert 0 < refused.value.retry_after <= 60
    check_rate("post", user=UserFactory(), address="198.51.100.3", at=NOON)


def test_an_address_is_limited_whoever_signs_in_from_it(limits, db):
    for _ in range(3):
        check_rate("post", user=UserFactory(), address="198.51.100.9", at=NOON)
    with pytest.raises(RateLimited):
        check_rate("post", user=UserFactory(), address="198.51.100.9", at=NOON)


def test_anonymous_requests_count_per_address_only(limits):
    check_rate("search", user=None, address="198.51.100.9", at=NOON)
    with pytest.raises(RateLimited) as refused:
        check_rate("search", user=None, address="198.51.100.9", at=NOON)
    assert refused.value.retry_after == 3600 - NOON % 3600


def test_an_unnamed_limit_limits_nothing(limits):
    for _ in range(100):
        check_rate("unknown", user=None, address="198.51.100.9", at=NOON)


def test_the_refusal_is_in_french_and_says_how_long_to_wait():
    assert RateLimited("post", retry_after=42).message == (
        "Trop de demandes en peu de temps : réessayez dans 42 secondes."
    )
    assert "3 minutes" in RateLimited("post", retry_after=150).message
    assert "2 heures" in RateLimited("post", retry_after=7200).message


class ReplyForm(forms.Form):
    text = forms.CharField()


def test_a_refused_form_keeps_what_the_member_typed_and_answers_429():
    form = ReplyForm(data={"text": "Mon long commentaire, écrit avec soin."})
    limited = RateLimited("post", retry_after=30)

    ratelimits.refuse_form(form, limited)
    response = ratelimits.too_many_requests(limited, HttpResponse(form.as_p()))

    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Mon long commentaire, écrit avec soin." in html
    assert "réessayez dans 30 secondes" in html
    assert form.has_error(forms.forms.NON_FIELD_ERRORS, code="rate_limited")


def test_a_refusal_no_view_caught_becomes_a_429_page(db):
    def view(request):
        raise RateLimited("like", retry_after=20)

    middleware = RateLimitMiddleware(view)
    request = RequestFactory().post("/forum/messages/1/like/")
    response = middleware.process_exception(request, RateLimited("like", retry_after=20))

    assert response is not None
    assert response.status_code == 429
    assert response["Retry-After"] == "20"
    assert "réessayez dans 20 secondes" in response.content.decode()
    assert middleware.process_exception(request, ValueError()) is None


# --- In Redis: the limit holds across processes ----------------------------------------------


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def redis_client(cache):
    """The redis-py client under Django's RedisCache, to list and delete this test's keys."""
    return cache._cache.get_client(write=True)


@pytest.fixture
def redis_cache(settings):
    """The default cache in a real Redis, under a prefix of this test alone, removed after."""
    if not redis_answers():
        pytest.skip("no Redis server on 127.0.0.1:6379: the limits were tested in-process only")
    prefix = f"kiosque-test-ratelimits-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "KEY_PREFIX": prefix,
        }
    }
    cache = caches["default"]
    yield cache
    keys = list(redis_client(cache).scan_iter(match=f"{prefix}:*"))
    if keys:
        redis_client(cache).delete(*keys)


def test_in_redis_the_count_is_shared_and_ends_with_its_window(limits, redis_cache, db):
    member = UserFactory()
    check_rate("post", user=member, address="198.51.100.1", at=NOON)
    # Another process reads the same Redis: its count starts where this one left off.
    other_process = caches.create_connection("default")
    assert other_process.get(redis_cache.make_key("x")) is None  # the same prefix, nothing else
    check_rate("post", user=member, address="198.51.100.2", at=NOON)
    with pytest.raises(RateLimited):
        check_rate("post", user=member, address="198.51.100.3", at=NOON)
    counts = redis_client(redis_cache).scan_iter(match=f"{redis_cache.key_prefix}:*")
    assert list(counts), "the counts are in Redis"
    check_rate("post", user=member, address="198.51.100.4", at=NOON + 60)

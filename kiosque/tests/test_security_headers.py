"""The headers that protect every page (CSP, Permissions-Policy, HSTS), the same from Django and
from the fast path; the proxies we believe; where browsers report CSP violations."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
from django.test import Client, RequestFactory

from kiosque.newsroom import actions as newsroom_actions
from kiosque.newsroom.tests.factories import ArticleFactory
from kiosque.pagecache.fastpath import FastPath
from kiosque.security import TrustedProxyMiddleware, client_address

PROXY = "10.0.0.5"
READER = "203.0.113.7"


@pytest.fixture
def published(db):
    article = ArticleFactory(title="La fibre arrive au village")
    newsroom_actions.publish_article(article, by=None, at=article.published_at)
    return article


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


class DjangoStandIn:
    """Records whether the fast path handed the request over to Django."""

    def __init__(self):
        self.calls = 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def through_fast_path(url, *, scheme="http", peer="127.0.0.1", headers=()):
    """(headers of the answer, handed over to Django?) for one GET through the fast path."""
    scope = {
        "type": "http",
        "method": "GET",
        "path": url,
        "query_string": b"",
        "scheme": scheme,
        "client": (peer, 50000),
        "headers": [(b"host", b"testserver"), *headers],
    }
    django = DjangoStandIn()
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(FastPath(django)(scope, receive, send))
    return {name.decode(): value.decode() for name, value in sent[0]["headers"]}, django.calls


# --- The policy -----------------------------------------------------------------------------


def test_every_page_forbids_inline_scripts_and_everything_from_elsewhere(client, published):
    response = client.get(published.get_absolute_url())

    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["report-uri"] == ["/csp-report/"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_video_players_may_be_framed_and_nothing_else(client, published):
    policy = directives(client.get(published.get_absolute_url())["Content-Security-Policy"])
    assert policy["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://www.dailymotion.com",
        "https://player.vimeo.com",
    ]


def test_forms_and_error_pages_carry_the_policy_too(client, db):
    assert "Content-Security-Policy" in client.get("/compte/login/")
    assert "Content-Security-Policy" in client.get("/nulle-part/")


def test_report_only_mode_reports_without_blocking(client, published, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    del settings.CONTENT_SECURITY_POLICY

    response = client.get(published.get_absolute_url())

    assert "Content-Security-Policy" not in response
    assert "/csp-report/" in response["Content-Security-Policy-Report-Only"]


def test_powerful_browser_features_are_off(client, published):
    response = client.get(published.get_absolute_url())

    features = dict(
        part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture"):
        assert features[feature] == "()", feature
    assert "https://www.youtube-nocookie.com" in features["fullscreen"]


# --- HTTPS ----------------------------------------------------------------------------------


def test_https_answers_carry_hsts_and_plain_http_is_redirected(client, published, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    url = published.get_absolute_url()

    redirected = client.get(url)
    secure = client.get(url, secure=True)

    assert redirected.status_code == 301
    assert redirected["Location"] == f"https://testserver{url}"
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- The fast path sends what Django sends --------------------------------------------------


@pytest.mark.page_cache
def test_the_fast_path_sends_djangos_security_headers_over_https(client, published, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    url = published.get_absolute_url()
    from_django = client.get(url, secure=True)

    headers, handed_over = through_fast_path(url, scheme="https")

    assert not handed_over
    for name in (
        "content-security-policy",
        "permissions-policy",
        "strict-transport-security",
        "x-frame-options",
        "x-content-type-options",
        "referrer-policy",
    ):
        assert headers[name] == from_django[name], name


@pytest.mark.page_cache
def test_the_fast_path_follows_report_only_mode(client, published, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    del settings.CONTENT_SECURITY_POLICY
    url = published.get_absolute_url()
    from_django = client.get(url)

    headers, _handed_over = through_fast_path(url)

    assert "content-security-policy" not in headers
    assert (
        headers["content-security-policy-report-only"]
        == from_django["Content-Security-Policy-Report-Only"]
    )


@pytest.mark.page_cache
def test_the_fast_path_leaves_plain_http_to_djangos_redirect(client, published, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    url = published.get_absolute_url()
    client.get(url)  # stored
    settings.SECURE_SSL_REDIRECT = True

    _headers, handed_over = through_fast_path(url)
    _headers, handed_over_secure = through_fast_path(url, scheme="https")

    assert handed_over and not handed_over_secure


@pytest.mark.page_cache
def test_the_fast_path_believes_x_forwarded_proto_from_a_trusted_proxy_alone(
    client, published, settings
):
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.SECURE_HSTS_SECONDS = 3600
    url = published.get_absolute_url()
    client.get(url)
    forwarded = [(b"x-forwarded-proto", b"https")]

    through_proxy, _ = through_fast_path(url, peer=PROXY, headers=forwarded)
    forged, _ = through_fast_path(url, peer=READER, headers=forwarded)

    assert "strict-transport-security" in through_proxy
    assert "strict-transport-security" not in forged
    settings.SECURE_SSL_REDIRECT = True
    _headers, forged_handed_over = through_fast_path(url, peer=READER, headers=forwarded)
    assert forged_handed_over, "a forged header does not skip the redirect to HTTPS"


# --- Trusted proxies ------------------------------------------------------------------------


def request_from(peer: str, **headers: str):
    return RequestFactory().get("/", REMOTE_ADDR=peer, headers=headers)


def test_without_trusted_proxies_forwarded_addresses_are_ignored(settings):
    settings.TRUSTED_PROXIES = []
    request = request_from(READER, x_forwarded_for="198.51.100.1")
    assert client_address(request) == READER


def test_an_untrusted_peer_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = request_from(READER, x_forwarded_for="198.51.100.1")
    assert client_address(request) == READER


@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [
        (READER, READER),
        # The client wrote the left part itself: the hop our proxy saw is what counts.
        (f"1.2.3.4, {READER}", READER),
        # Two proxies of ours: the address the outer one saw.
        (f"1.2.3.4, {READER}, 10.0.0.9", READER),
        ("2001:db8::7", "2001:db8::7"),
        (f"[2001:db8::7]:443, {READER}:51000", READER),
        # Garbage from the client stops the walk at the last address our proxies wrote.
        (f"not-an-address, {READER}", READER),
        ("10.0.0.8, 10.0.0.9", "10.0.0.8"),
        ("nonsense", PROXY),
    ],
)
def test_a_trusted_proxy_is_looked_through_to_the_rightmost_untrusted_hop(
    settings, forwarded_for, client
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request_from(PROXY, x_forwarded_for=forwarded_for)) == client


def test_the_middleware_gives_django_the_clients_address_and_scheme(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    seen = {}

    def view(request):
        seen.update(address=request.META["REMOTE_ADDR"], secure=request.is_secure())
        return None

    middleware = TrustedProxyMiddleware(view)
    middleware(request_from(PROXY, x_forwarded_for=READER, x_forwarded_proto="https"))
    assert seen == {"address": READER, "secure": True}
    middleware(request_from(READER, x_forwarded_for="1.2.3.4", x_forwarded_proto="https"))
    assert seen == {"address": READER, "secure": False}


# --- Violation reports ----------------------------------------------------------------------

A_VIOLATION = {
    "csp-report": {
        "document-uri": "https://news.example/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "https://evil.example/x.js",
        "original-policy": "default-src 'self'",
    }
}


@pytest.fixture
def browser():
    """Browsers send reports without a CSRF token."""
    return Client(enforce_csrf_checks=True)


def test_a_browsers_violation_report_is_logged(browser, caplog, db):
    with caplog.at_level(logging.WARNING, logger="kiosque.csp"):
        response = browser.post(
            "/csp-report/", json.dumps(A_VIOLATION), content_type="application/csp-report"
        )

    assert response.status_code == 204
    assert "https://evil.example/x.js" in caplog.text
    assert "script-src-elem" in caplog.text


def test_a_reporting_api_batch_is_logged(browser, caplog, db):
    batch = [
        {
            "type": "csp-violation",
            "url": "https://news.example/",
            "body": {"blockedURL": "inline", "effectiveDirective": "script-src-elem"},
        }
    ]
    with caplog.at_level(logging.WARNING, logger="kiosque.csp"):
        response = browser.post(
            "/csp-report/", json.dumps(batch), content_type="application/reports+json"
        )

    assert response.status_code == 204
    assert "script-src-elem" in caplog.text


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/csp-report", 400),
        ('{"csp-report": "a string"}', "application/csp-report", 400),
        ("[]", "application/reports+json", 400),
        ("[" * 5000 + "]" * 5000, "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        ("hello", "text/plain", 415),
        (json.dumps({"csp-report": {"blocked-uri": "x" * 20000}}), "application/json", 413),
    ],
    ids=["not json", "not a report", "empty batch", "deep", "not utf-8", "text", "too big"],
)
def test_junk_is_refused_with_a_4xx(browser, db, body, content_type, status):
    response = browser.post("/csp-report/", body, content_type=content_type)
    assert response.status_code == status


def test_reports_are_posted_not_fetched(browser, db):
    assert browser.get("/csp-report/").status_code == 405


def test_a_flood_of_reports_from_one_address_is_refused(browser, db, settings):
    settings.KIOSQUE_RATE_LIMITS = {"csp_report": "2/m/ip"}
    statuses = [
        browser.post(
            "/csp-report/", json.dumps(A_VIOLATION), content_type="application/csp-report"
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [204, 204, 429]

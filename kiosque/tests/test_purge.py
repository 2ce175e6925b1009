"""Purges of the tier in front on every announcement (kiosque/pagecache/purge.py): in the
background, merged while they wait, retried once, never raised into the change, sent again once
no process may still serve an old copy; and what a purged tier is told about a page."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.error import HTTPError

import pytest

from kiosque.announcements import announce, reset_listeners
from kiosque.pagecache import http, purge
from kiosque.pagecache.purge import Purger, varnish_sender
from kiosque.pagecache.store import make_page
from kiosque.tests.test_settings import run_settings

# Long enough for any thread on a busy machine; only a broken purger waits this long.
WAIT_SECONDS = 10


class Endpoint:
    """A purge endpoint that records what it is sent; it can be held or made to fail."""

    def __init__(self, *, failures: int = 0) -> None:
        self.purged: list[frozenset[str]] = []
        self.attempts = 0
        self.failures = failures
        self.release = threading.Event()
        self.release.set()
        self.entered = threading.Event()
        self.called = threading.Condition()

    def __call__(self, keys: frozenset[str]) -> None:
        self.entered.set()
        assert self.release.wait(WAIT_SECONDS)
        with self.called:
            self.attempts += 1
            if self.attempts <= self.failures:
                self.called.notify_all()
                raise ConnectionRefusedError("the tier is down")
            self.purged.append(keys)
            self.called.notify_all()

    def wait_for(self, purges: int) -> list[frozenset[str]]:
        with self.called:
            assert self.called.wait_for(lambda: len(self.purged) >= purges, WAIT_SECONDS), (
                self.purged
            )
            return list(self.purged)


@pytest.fixture
def purgers() -> Iterator[Callable[..., Purger]]:
    made: list[Purger] = []

    def make(*endpoints: Endpoint, **options: Any) -> Purger:
        options.setdefault("echo_seconds", 0)
        options.setdefault("retry_pause", 0)
        purger = Purger(
            [(f"endpoint {n}", endpoint) for n, endpoint in enumerate(endpoints)],
            **options,
        )
        made.append(purger)
        return purger

    yield make
    for purger in made:
        purger.close(timeout=WAIT_SECONDS)


def test_every_endpoint_gets_the_keys_and_the_change_never_waits_for_them(purgers):
    varnish, cdn = Endpoint(), Endpoint()
    varnish.release.clear()  # the tier is slow
    purger = purgers(varnish, cdn)

    purger(frozenset({"article:42", "topic:17"}))  # returns while the tier still works on it

    varnish.release.set()
    assert varnish.wait_for(1) == [frozenset({"article:42", "topic:17"})]
    assert cdn.wait_for(1) == [frozenset({"article:42", "topic:17"})]


def test_announcements_waiting_while_a_purge_is_sent_go_together_in_the_next_one(purgers):
    varnish = Endpoint()
    varnish.release.clear()
    purger = purgers(varnish)
    purger(frozenset({"topic:1"}))
    assert varnish.entered.wait(WAIT_SECONDS)

    purger(frozenset({"topic:2"}))
    purger(frozenset({"topic:3", "member:9"}))
    varnish.release.set()

    assert varnish.wait_for(2) == [
        frozenset({"topic:1"}),
        frozenset({"topic:2", "topic:3", "member:9"}),
    ]


def test_too_many_waiting_keys_become_one_purge_of_the_whole_site(purgers):
    varnish = Endpoint()
    varnish.release.clear()
    purger = purgers(varnish, max_keys=3)
    purger(frozenset({"topic:1"}))
    assert varnish.entered.wait(WAIT_SECONDS)

    for n in range(2, 7):
        purger(frozenset({f"topic:{n}"}))
    varnish.release.set()

    assert varnish.wait_for(2)[1] == frozenset({"site"}), "every shared page carries `site`"


def test_a_failing_endpoint_is_tried_once_more(purgers):
    flaky = Endpoint(failures=1)
    purgers(flaky)(frozenset({"topic:1"}))
    assert flaky.wait_for(1) == [frozenset({"topic:1"})]
    assert flaky.attempts == 2


def test_a_tier_that_stays_down_is_logged_and_the_others_are_still_purged(purgers, caplog):
    down, up = Endpoint(failures=99), Endpoint()
    with caplog.at_level(logging.WARNING, logger="kiosque.pagecache.purge"):
        purgers(down, up)(frozenset({"topic:1"}))
        assert up.wait_for(1) == [frozenset({"topic:1"})]

    assert down.attempts == 2
    assert "purge of ['topic:1'] at endpoint 0 failed: the tier is down" in caplog.text


def test_the_keys_are_purged_again_once_no_process_may_serve_an_old_copy(purgers):
    varnish = Endpoint()
    purger = purgers(varnish, echo_seconds=0.01)

    purger(frozenset({"topic:1"}))

    assert varnish.wait_for(2) == [frozenset({"topic:1"}), frozenset({"topic:1"})]


def test_closing_sends_what_waits_echoes_included(purgers):
    varnish = Endpoint()
    purger = purgers(varnish, echo_seconds=0.05)
    purger(frozenset({"topic:1"}))
    purger.close(timeout=WAIT_SECONDS)
    assert varnish.purged == [frozenset({"topic:1"}), frozenset({"topic:1"})]


# --- Varnish ------------------------------------------------------------------------------


class FakeVarnish(BaseHTTPRequestHandler):
    received: list[tuple[str, str, str | None]] = []
    status = 200

    def do_PURGE(self) -> None:
        self.received.append((self.command, self.path, self.headers["xkey-purge"]))
        self.send_response(self.status, "Purged 2")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def fake_varnish():
    FakeVarnish.received = []
    FakeVarnish.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeVarnish)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(WAIT_SECONDS)


def test_varnish_is_sent_purge_with_the_keys_in_xkey_purge(fake_varnish):
    varnish_sender(fake_varnish)(frozenset({"topic:17", "article:42"}))
    assert FakeVarnish.received == [("PURGE", "/", "article:42 topic:17")]


def test_a_refused_purge_is_a_failure(fake_varnish):
    FakeVarnish.status = 403
    with pytest.raises(HTTPError):
        varnish_sender(fake_varnish)(frozenset({"topic:17"}))


# --- Settings and announcements -----------------------------------------------------------


def test_purge_urls_add_the_purge_listener_after_the_shared_versions():
    listeners = "print(s.KIOSQUE_ANNOUNCEMENT_LISTENERS, s.KIOSQUE_PURGE_URLS)"
    without = run_settings({}, listeners)
    with_urls = run_settings(
        {"KIOSQUE_PURGE_URLS": "http://127.0.0.1:6081, http://10.0.0.2:6081"}, listeners
    )
    assert "purge" not in without.stdout
    assert with_urls.stdout.strip() == (
        "['kiosque.pagecache.store.bump_versions', 'kiosque.pagecache.purge.purge', "
        "'kiosque.discovery.search.indexing.on_announcement'] "
        "['http://127.0.0.1:6081', 'http://10.0.0.2:6081']"
    )


cdn_purged: list[frozenset[str]] = []
cdn_called = threading.Condition()


def cdn_purge(keys: frozenset[str]) -> None:
    """A CDN's purge-by-tag API, as KIOSQUE_PURGE_BACKEND names it."""
    with cdn_called:
        cdn_purged.append(keys)
        cdn_called.notify_all()


@pytest.fixture
def purge_listener(settings):
    settings.KIOSQUE_PURGE_URLS = []
    settings.KIOSQUE_PURGE_BACKEND = f"{__name__}.cdn_purge"
    settings.KIOSQUE_ANNOUNCEMENT_LISTENERS = ["kiosque.pagecache.purge.purge"]
    purge.reset_purger()
    reset_listeners()
    cdn_purged.clear()
    yield
    purge.reset_purger()
    reset_listeners()


@pytest.mark.django_db
def test_a_committed_change_is_purged_once_by_the_backend(
    purge_listener, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announce("article:42", "home")
        assert cdn_purged == [], "nothing before the commit"

    with cdn_called:
        assert cdn_called.wait_for(lambda: cdn_purged, WAIT_SECONDS)
    assert cdn_purged[0] == frozenset({"article:42", "home"})


# --- What the tier is told ----------------------------------------------------------------


def headers_of(page, **options) -> dict[bytes, bytes]:
    return dict(http.page_headers(page, "identity", **options))


def test_a_purged_tier_may_keep_a_page_until_it_would_be_rendered_again(settings):
    page = make_page(
        url="/a/", html=b"<p>a</p>", keys={"site"}, language="fr", expires_at=2000.0, at=1000.0
    )
    assert b"surrogate-control" not in headers_of(page), "nobody purges the tier: s-maxage only"

    settings.KIOSQUE_PURGE_URLS = ["http://127.0.0.1:6081"]
    assert http.surrogate_control(page, now=1400.0) == "max-age=600"
    assert b"surrogate-control" in headers_of(page)
    assert b"surrogate-control" not in headers_of(page, tier_may_keep=False), (
        "a render that raced a change may be stale: the tier keeps it for s-maxage only"
    )
    assert headers_of(page)[b"cache-control"].startswith(b"public, max-age=0, s-maxage=")

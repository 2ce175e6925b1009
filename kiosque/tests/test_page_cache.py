"""The page cache as readers meet it: one shared page for everyone, fresh after every change,
compressed, answered with 304 when unchanged, and never anything personal in it."""

from __future__ import annotations

import asyncio
import gzip
import time
from datetime import timedelta

import brotli
import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.announcements import announce
from kiosque.newsroom import actions as newsroom_actions
from kiosque.newsroom.tests.factories import ArticleFactory
from kiosque.pagecache import http
from kiosque.pagecache.fastpath import FastPath
from kiosque.pagecache.store import (
    STALE_WHILE_RENDERING_SECONDS,
    PageStore,
    make_page,
    page_store,
)

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]


@pytest.fixture
def published(db):
    """A published article with its discussion topic, as the newsroom's actions leave it."""
    article = ArticleFactory(title="La fibre arrive au village")
    newsroom_actions.publish_article(article, by=None, at=article.published_at)
    return article


def stored(url):
    return page_store().get(url)


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), response.status_code
    return response


# --- The store ---------------------------------------------------------------------------


def page(url="/a/", keys=("article:1",), html=b"<p>Bonjour</p>", expires_in=60.0):
    return make_page(
        url=url, html=html, keys=keys, language="fr", expires_at=1e12 if expires_in else 0
    )


def test_a_page_is_dropped_when_one_of_its_keys_is_announced():
    store = PageStore(max_bytes=10**6)
    store.put(page("/a/", ("article:1", "topic:7")), begun=store.begin())
    store.put(page("/b/", ("article:2",)), begun=store.begin())

    store.forget(frozenset({"topic:7"}))

    assert store.get("/a/") is None
    assert store.get("/b/") is not None


def test_a_render_that_began_before_a_change_it_shows_is_not_kept():
    store = PageStore(max_bytes=10**6)
    begun = store.begin()
    store.forget(frozenset({"topic:7"}))  # a comment committed while the page was rendering

    assert not store.put(page("/a/", ("article:1", "topic:7")), begun=begun)
    assert store.put(page("/b/", ("article:2",)), begun=begun), "unrelated pages are kept"


def test_while_one_reader_renders_a_dropped_page_the_others_get_the_old_one():
    store = PageStore(max_bytes=10**6)
    old = page("/a/", ("topic:7",), html=b"<p>17 comments</p>")
    store.put(old, begun=store.begin())
    store.forget(frozenset({"topic:7"}))  # comment 18 committed

    assert store.stale_while_rendering("/a/", now=100.0) is None, "the first reader renders"
    assert store.stale_while_rendering("/a/", now=100.1) is old
    begun = store.begin()
    store.put(page("/a/", ("topic:7",), html=b"<p>18 comments</p>"), begun=begun)

    assert store.get_fresh("/a/", now=100.2).body == b"<p>18 comments</p>"
    assert store.stale_while_rendering("/b/", now=100.2) is None, "never seen: nothing to serve"


def test_a_render_that_takes_too_long_is_taken_over_by_the_next_reader():
    store = PageStore(max_bytes=10**6)
    store.put(page("/a/", ("topic:7",)), begun=store.begin())
    store.forget(frozenset({"topic:7"}))

    assert store.stale_while_rendering("/a/", now=100.0) is None
    later = 100.0 + STALE_WHILE_RENDERING_SECONDS
    assert store.stale_while_rendering("/a/", now=later) is None, "this reader renders now"


def test_a_page_gone_is_not_served_stale_once_its_render_answered_otherwise():
    store = PageStore(max_bytes=10**6)
    store.put(page("/a/", ("article:1",)), begun=store.begin())
    store.forget(frozenset({"article:1"}))  # unpublished: the URL now answers 404
    claimed_at = time.time()
    assert store.stale_while_rendering("/a/", now=claimed_at) is None

    store.finish_render("/a/", claimed_at=claimed_at)  # answered without storing a page

    assert store.stale_while_rendering("/a/", now=claimed_at + 0.1) is None
    assert store.stale_while_rendering("/a/", now=claimed_at + 0.2) is None


def test_a_refused_render_is_served_meanwhile_being_newer_than_the_dropped_page():
    store = PageStore(max_bytes=10**6)
    store.put(page("/a/", ("topic:7",), html=b"<p>17</p>"), begun=store.begin())
    store.forget(frozenset({"topic:7"}))
    assert store.stale_while_rendering("/a/", now=time.time()) is None
    begun = store.begin()
    store.forget(frozenset({"topic:7"}))  # comment 19 committed during the render of 18

    assert not store.put(page("/a/", ("topic:7",), html=b"<p>18</p>"), begun=begun)
    assert store.stale_while_rendering("/a/", now=time.time()) is None, "next reader renders"
    assert store.stale_while_rendering("/a/", now=time.time()).body == b"<p>18</p>"


def test_the_store_keeps_within_its_memory_bound_dropping_the_oldest_first():
    big = b"x" * 4000
    one = make_page(url="/1/", html=big, keys={"a"}, language="fr", expires_at=1e12)
    store = PageStore(max_bytes=one.size * 2 + 10)
    for url in ("/1/", "/2/", "/3/"):
        made = make_page(url=url, html=big, keys={"a"}, language="fr", expires_at=1e12)
        store.put(made, begun=store.begin())

    assert store.get("/1/") is None
    assert store.get("/2/") is not None and store.get("/3/") is not None
    assert store.bytes_used <= store.max_bytes


def test_an_expired_page_is_never_served():
    store = PageStore(max_bytes=10**6)
    store.put(page(expires_in=0), begun=store.begin())
    assert store.get("/a/") is None
    assert store.get_fresh("/a/", now=1.0) is None


def test_a_page_unchanged_by_a_new_render_keeps_its_last_modified():
    first = make_page(url="/a/", html=b"same", keys=(), language="fr", expires_at=1e12, at=1000.0)
    again = make_page(
        url="/a/", html=b"same", keys=(), language="fr", expires_at=1e12, at=2000.0, previous=first
    )
    changed = make_page(
        url="/a/", html=b"new", keys=(), language="fr", expires_at=1e12, at=2000.0, previous=first
    )
    assert again.last_modified == first.last_modified
    assert changed.last_modified != first.last_modified


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        ("", "identity"),
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0", "identity"),
        ("*", "gzip"),
        ("identity", "identity"),
    ],
)
def test_the_best_encoding_the_reader_accepts_is_chosen(accept, chosen):
    assert http.choose_encoding(accept) == chosen


# --- Anonymous readers -------------------------------------------------------------------


def test_the_second_reader_gets_the_stored_page_without_it_being_rendered_again(
    client, published, django_assert_num_queries
):
    first = get(client, published.get_absolute_url())
    with django_assert_num_queries(0):
        second = get(client, published.get_absolute_url())

    assert second.content == first.content
    assert "La fibre arrive au village" in second.content.decode()


def test_a_shared_page_says_how_it_may_be_cached(client, published):
    response = get(client, published.get_absolute_url())

    assert response["Vary"] == "Accept-Encoding"
    assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert "stale-while-revalidate=" in response["Cache-Control"]
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
    keys = response["xkey"].split()
    assert f"article:{published.pk}" in keys and f"topic:{published.topic_id}" in keys
    assert response["Surrogate-Key"] == response["xkey"]
    assert "Set-Cookie" not in response
    assert response["Content-Language"] == "fr"


def test_the_page_comes_compressed_as_the_reader_accepts(client, published):
    plain = get(client, published.get_absolute_url()).content
    as_gzip = get(client, published.get_absolute_url(), accept_encoding="gzip")
    as_brotli = get(client, published.get_absolute_url(), accept_encoding="gzip, deflate, br")

    assert as_gzip["Content-Encoding"] == "gzip"
    assert gzip.decompress(as_gzip.content) == plain
    assert as_brotli["Content-Encoding"] == "br"
    assert brotli.decompress(as_brotli.content) == plain
    assert len(as_brotli.content) < len(as_gzip.content) < len(plain) / 2
    assert (
        len({as_gzip["ETag"], as_brotli["ETag"], get(client, published.get_absolute_url())["ETag"]})
        == 3
    )


def test_a_reader_holding_the_current_page_gets_304(client, published):
    url = published.get_absolute_url()
    first = get(client, url, accept_encoding="br")

    by_etag = get(client, url, accept_encoding="br", if_none_match=first["ETag"])
    by_date = get(client, url, if_modified_since=first["Last-Modified"])

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    assert by_date.status_code == 304


def test_after_a_change_the_reader_gets_the_new_page_not_304(
    client, published, django_capture_on_commit_callbacks
):
    url = published.get_absolute_url()
    first = get(client, url)

    published.title = "La fibre arrive enfin au village"
    with django_capture_on_commit_callbacks(execute=True):
        newsroom_actions.save_article(published, by=None)

    response = get(client, url, if_none_match=first["ETag"])
    assert response.status_code == 200
    assert "La fibre arrive enfin au village" in response.content.decode()


def test_an_article_change_reaches_every_page_that_shows_it(
    client, published, django_capture_on_commit_callbacks
):
    pages = ["/", published.section.get_absolute_url(), published.get_absolute_url()]
    for url in pages:
        assert "La fibre arrive au village" in get(client, url).content.decode()

    published.title = "Le village a la fibre"
    with django_capture_on_commit_callbacks(execute=True):
        newsroom_actions.save_article(published, by=None)

    for url in pages:
        assert "Le village a la fibre" in get(client, url).content.decode(), url


def test_nothing_announced_until_the_change_commits(client, published):
    url = published.get_absolute_url()
    get(client, url)
    announce(f"article:{published.pk}")  # inside the test's transaction: waits for a commit
    assert stored(url) is not None


def test_a_scheduled_article_appears_at_its_time_without_any_announcement(client, published):
    soon = timezone.now() + timedelta(minutes=5)
    waiting = ArticleFactory(title="Une annonce sous embargo", published_at=soon)
    newsroom_actions.publish_article(waiting, by=None, at=soon)
    assert "Une annonce sous embargo" not in get(client, "/").content.decode()

    with time_machine.travel(soon + timedelta(seconds=1)):
        assert "Une annonce sous embargo" in get(client, "/").content.decode()


# --- Members: the same page, their parts apart --------------------------------------------


def test_two_members_and_a_reader_each_get_their_own_parts_of_one_shared_page(client, published):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    url = published.get_absolute_url()

    client.force_login(alice)
    as_alice = get(client, url)
    client.force_login(bob)
    as_bob = get(client, url)
    client.logout()
    as_reader = get(client, url)

    alice_html, bob_html, reader_html = (r.content.decode() for r in (as_alice, as_bob, as_reader))
    assert ">alice</a>" in alice_html and ">bob</a>" not in alice_html
    assert ">bob</a>" in bob_html and ">alice</a>" not in bob_html
    assert 'name="csrfmiddlewaretoken"' in alice_html and "<textarea" in alice_html
    for html in (reader_html, stored(url).body.decode()):
        assert ">alice</a>" not in html and ">bob</a>" not in html
        # The header's search box is a GET form, the same for everyone; nothing posts.
        assert "csrfmiddlewaretoken" not in html and 'method="post"' not in html
        assert "Connectez-vous pour commenter" in html
    for response in (as_alice, as_bob):
        assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]
        assert "ETag" not in response and "xkey" not in response


def test_a_members_page_comes_compressed_and_a_file_as_it_is(client, published):
    client.force_login(UserFactory(username="alice"))

    response = client.get(published.get_absolute_url(), headers={"accept-encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert ">alice</a>" in gzip.decompress(response.content).decode()
    feed = client.get("/flux/rss/", headers={"accept-encoding": "gzip"})
    assert feed.status_code == 200 and feed.get("Content-Encoding") == "gzip"


def test_a_reader_with_a_message_waiting_gets_it_and_the_page_stays_shared(client, published):
    url = published.get_absolute_url()
    get(client, url)
    storage = CookieStorage(RequestFactory().get("/"))
    message = Message(constants.SUCCESS, "Vous êtes déconnecté.")
    client.cookies[CookieStorage.cookie_name] = storage._encode([message])  # as Django sets it

    html = get(client, url).content.decode()

    assert "Vous êtes déconnecté." in html
    assert "Vous êtes déconnecté." not in stored(url).body.decode()


def test_a_preview_is_for_the_newsroom_alone_and_never_stored(client, editor):
    draft = ArticleFactory(draft=True, title="Brouillon confidentiel")
    client.force_login(editor)

    response = get(client, draft.get_absolute_url())

    assert "Brouillon confidentiel" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert stored(draft.get_absolute_url()) is None


# --- The fast path ------------------------------------------------------------------------


class DjangoStandIn:
    """Records what the fast path hands over to Django."""

    def __init__(self):
        self.calls = 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def through_fast_path(url, *, headers=(), method="GET"):
    """(status, headers, body, handed over to Django?) for one request through the fast path."""
    path, _, query = url.partition("?")
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query.encode(),
        "scheme": "http",
        "headers": [(b"host", b"testserver"), *headers],
    }
    django = DjangoStandIn()
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(FastPath(django)(scope, receive, send))
    start = sent[0]
    return start["status"], dict(start["headers"]), sent[1]["body"], django.calls == 1


def test_the_fast_path_answers_a_stored_page_as_django_does(client, published, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    url = published.get_absolute_url()
    from_django = get(client, url, accept_encoding="br")

    status, headers, body, handed_over = through_fast_path(
        url, headers=[(b"accept-encoding", b"br")]
    )

    assert not handed_over and status == 200
    assert body == from_django.content
    django_headers = {name.lower(): value for name, value in from_django.items()}
    for name, value in headers.items():
        if name.decode() not in ("cache-control",):  # s-maxage counts down to the next release
            assert django_headers[name.decode()] == value.decode(), name
    for security in (
        "x-content-type-options",
        "referrer-policy",
        "x-frame-options",
        "content-security-policy",
        "permissions-policy",
    ):
        assert security.encode() in headers


def test_the_fast_path_answers_304_and_head(client, published, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    url = published.get_absolute_url()
    etag = get(client, url)["ETag"]

    status, _headers, body, _handed_over = through_fast_path(
        url, headers=[(b"if-none-match", etag.encode())]
    )
    assert (status, body) == (304, b"")
    status, headers, body, _handed_over = through_fast_path(url, method="HEAD")
    assert status == 200 and body == b"" and int(headers[b"content-length"]) > 1000


@pytest.mark.parametrize(
    "headers",
    [
        [(b"cookie", b"sessionid=abc")],
        [(b"cookie", b"theme=dark; messages=abc")],
    ],
    ids=["signed-in member", "message waiting"],
)
def test_the_fast_path_leaves_personal_requests_to_django(client, published, settings, headers):
    settings.ALLOWED_HOSTS = ["testserver"]
    get(client, published.get_absolute_url())
    *_answer, handed_over = through_fast_path(published.get_absolute_url(), headers=headers)
    assert handed_over


def test_the_fast_path_leaves_unknown_hosts_and_unstored_pages_to_django(
    client, published, settings
):
    settings.ALLOWED_HOSTS = ["testserver"]
    get(client, published.get_absolute_url())

    *_answer, bad_host = through_fast_path(
        published.get_absolute_url(), headers=[(b"host", b"evil.example")]
    )
    *_answer, unstored = through_fast_path("/rubrique/inconnue/")
    *_answer, other_query = through_fast_path(published.get_absolute_url() + "?page=2")
    assert bad_host and unstored and other_query


def test_with_the_cache_off_every_request_goes_to_django(client, published, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    get(client, published.get_absolute_url())
    settings.KIOSQUE_PAGE_CACHE = False
    *_answer, handed_over = through_fast_path(published.get_absolute_url())
    assert handed_over


def test_a_changed_page_is_rendered_once_while_readers_keep_coming(
    client, published, settings, django_capture_on_commit_callbacks
):
    """A comment on a hot article: the first reader after it is sent to render the page, the
    readers arriving meanwhile get the page as it was, which no shared cache keeps."""
    settings.ALLOWED_HOSTS = ["testserver"]
    url = published.get_absolute_url()
    get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        announce(f"article:{published.pk}")
    rendering, rendered = [], asyncio.Event()

    async def django(scope, receive, send):
        rendering.append(scope["path"])
        await rendered.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    def request():
        return {
            "type": "http", "method": "GET", "path": url, "query_string": b"", "scheme": "http",
            "headers": [(b"host", b"testserver")],
        }  # fmt: skip

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def readers():
        fast_path, first_reader, meanwhile = FastPath(django), [], []

        async def send(message):
            meanwhile.append(message)

        async def send_first(message):
            first_reader.append(message)

        first = asyncio.create_task(fast_path(request(), receive, send_first))
        await asyncio.sleep(0)
        await fast_path(request(), receive, send)
        rendered.set()
        await first
        return meanwhile

    start, body = asyncio.run(readers())

    assert len(rendering) == 1, "one render for both readers"
    headers = dict(start["headers"])
    assert start["status"] == 200 and published.title.encode() in body["body"]
    assert b"s-maxage=0" in headers[b"cache-control"]


def test_headers_made_once_for_a_page_still_count_down_to_its_end(settings):
    """The fast path keeps a page's headers; near the page's end (a scheduled article goes
    live) shared caches are still told to keep it no longer."""
    settings.KIOSQUE_PAGE_CACHE_SECONDS = 1
    with time_machine.travel(1_000_000.0, tick=False) as clock:
        ending = make_page(
            url="/a/", html=b"<p>a</p>", keys={"site"}, language="fr", expires_at=1_000_030.0
        )
        assert b"s-maxage=1," in dict(http.page_headers(ending, "br"))[b"cache-control"]
        assert http.page_headers(ending, "br") is http.page_headers(ending, "br"), "made once"

        clock.move_to(1_000_029.5)
        assert b"s-maxage=0," in dict(http.page_headers(ending, "br"))[b"cache-control"]

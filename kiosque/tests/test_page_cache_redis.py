"""Pages shared between processes through Redis: one renders, the others serve, and a change
anywhere makes every copy stale. Needs Redis (skips, saying so, without it)."""

from __future__ import annotations

import os

import pytest

from kiosque.pagecache.store import REDIS_PREFIX, PageStore, SharedVersions, make_page

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture
def redis_url():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}: apt-get install redis-server")
    for name in client.scan_iter(REDIS_PREFIX + "*"):
        client.delete(name)
    yield REDIS_URL
    for name in client.scan_iter(REDIS_PREFIX + "*"):
        client.delete(name)
    client.close()


def two_processes(url):
    return (
        PageStore(max_bytes=10**6, shared=SharedVersions(url)),
        PageStore(max_bytes=10**6, shared=SharedVersions(url)),
    )


def page(keys=("topic:1",), html=b"<p>Page</p>"):
    return make_page(url="/a/", html=html, keys=keys, language="fr", expires_at=1e12)


def test_a_page_rendered_by_one_process_serves_the_others_until_a_change(redis_url):
    first, second = two_processes(redis_url)
    assert first.put(page(), begun=first.begin())

    assert second.get("/a/").body == b"<p>Page</p>"

    SharedVersions(redis_url).bump({"topic:1"})  # a comment, in a third process
    # Their pub/sub drop is not wired here: past their second of trust, both ask Redis.
    for store in (first, second):
        store._pages["/a/"].checked_at = 0
        assert store.get("/a/") is None


def test_a_render_is_kept_unless_what_it_shows_changed_meanwhile_anywhere(redis_url):
    first, _second = two_processes(redis_url)
    elsewhere = SharedVersions(redis_url)

    begun = first.begin()
    elsewhere.bump({"topic:2"})  # another discussion
    assert first.put(page(), begun=begun), "a change to something else does not matter"

    begun = first.begin()
    elsewhere.bump({"topic:1", "member:3"})
    assert not first.put(page(), begun=begun), "it may show the page before that change"

"""Lists remembered until an announcement of their key (pagecache/generations.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kiosque.broadcast import publish
from kiosque.pagecache.generations import remember

pytestmark = pytest.mark.page_cache


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return [self.calls]


def test_a_list_is_read_once_until_its_key_is_announced():
    read = Counter()
    assert remember("menu", read, key="site") == [1]
    assert remember("menu", read, key="site") == [1]

    publish(frozenset({"home"}))  # another key: nothing to read again
    assert remember("menu", read, key="site") == [1]
    publish(frozenset({"site"}))
    assert remember("menu", read, key="site") == [2]


def test_what_was_read_while_its_key_was_announced_is_not_kept():
    def read_during_a_change():
        publish(frozenset({"home"}))
        return ["read before the change"]

    assert remember("front", read_during_a_change, key="home") == ["read before the change"]
    assert remember("front", lambda: ["read after"], key="home") == ["read after"]


def test_a_list_is_read_again_when_a_scheduled_article_goes_live():
    release = timezone.now() + timedelta(minutes=5)
    read = Counter()
    assert remember("front", read, key="home", until=release) == [1]
    assert remember("front", read, key="home", until=release) == [1]
    with time_machine.travel(release + timedelta(seconds=1)):
        assert remember("front", read, key="home", until=release) == [2]


def test_nothing_is_remembered_with_the_page_cache_off(settings):
    settings.KIOSQUE_PAGE_CACHE = False
    read = Counter()
    remember("menu", read, key="site")
    remember("menu", read, key="site")
    assert read.calls == 2

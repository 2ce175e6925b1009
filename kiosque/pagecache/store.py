"""Where finished shared pages wait: each process's memory, and Redis between processes.

A `Page` is the finished document every anonymous reader of one URL gets, in its three
encodings (identity, gzip, brotli, compressed once when stored), with its strong ETag, its
`Last-Modified` and the announcement keys of everything it shows.

Each serving process keeps pages in memory (`PageStore`), where the ASGI fast path finds them
without entering Django. An announcement of any of a page's keys drops it at once in every
process (kiosque.broadcast). With `REDIS_URL` set, pages are also kept in Redis so that a page
rendered by one process serves the others, and each key has a version number in Redis: an
announcement bumps the versions once (`bump_versions`), and a process re-checks the versions of
a page it has held for more than `TRUST_SECONDS`, so that even a lost pub/sub message leaves a
stale page in place for one second at most.

A render that started before a change it did not see is never stored: the store remembers the
keys dropped recently with a sequence number, and refuses a page whose keys were dropped since
its render began (`begin()` … `put(…, begun=…)`).

A page dropped by an announcement is kept aside as *stale*, so that a hot page changing many
times a second is rendered once per change, not once per reader who asks meanwhile: the first
reader to miss it goes on to render it, and the others are served the stale page while that
render is under way (`stale_while_rendering`), for `STALE_WHILE_RENDERING_SECONDS` at most. A
render the store refuses (something changed during it) replaces the stale page, being newer.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import pickle
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import formatdate

import brotli
from django.conf import settings

logger = logging.getLogger(__name__)

# A page held longer than this is checked against the shared versions before it is served
# again: the bound on staleness when an announcement between processes is lost.
TRUST_SECONDS = 1.0
# Moderate levels: a hot page is compressed again at every change (several times a second
# under a busy discussion), and these get within a few percent of the maximum ratio.
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
# How many recent drops are remembered to refuse renders that began before them; a render
# that outlives this many announcements is simply not stored.
RECENT_DROPS_KEPT = 4096
# Key of the version bumped by every announcement (a change in any other process).
ANY_CHANGE = "*"
REDIS_PREFIX = "kiosque:pagecache:"
# Changes remembered in Redis to tell whether one made during a render touched its page.
CHANGES_LOGGED = 1000
# How long readers are served a dropped page while one of them renders its successor; past
# this the render is taken for lost and the next reader renders. Well below the one second in
# which a change must reach every reader.
STALE_WHILE_RENDERING_SECONDS = 0.5
# The share of the store's bytes that stale pages may take besides the fresh ones.
STALE_SHARE = 4


@dataclass(frozen=True, slots=True)
class RenderStart:
    """Where a render began: this process's drop sequence, and the shared change counter."""

    sequence: int
    any_change: int | None


@dataclass(slots=True)
class Page:
    """A finished shared document and what it takes to answer with it."""

    url: str
    body: bytes
    gzip: bytes
    br: bytes
    etag: str
    last_modified: str
    keys: frozenset[str]
    language: str
    # Epoch second after which the page must be rendered again (TTL, or the time a scheduled
    # article goes live and changes what the page lists).
    expires_at: float
    stored_at: float
    # The shared versions of `keys` when stored (empty without Redis).
    versions: tuple[int, ...] = ()
    # A topic page counts an anonymous view each time it is served.
    topic_id: int | None = None
    checked_at: float = field(default=0.0, compare=False)
    # Headers made for it, by (encoding, status, secure, tier_may_keep): (true until, headers).
    headers_made: dict[tuple[str, int, bool, bool], tuple[float, list[tuple[bytes, bytes]]]] = (
        field(default_factory=dict, compare=False)
    )

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzip) + len(self.br)


def make_page(
    *,
    url: str,
    html: bytes,
    keys: Iterable[str],
    language: str,
    expires_at: float,
    topic_id: int | None = None,
    previous: Page | None = None,
    at: float | None = None,
) -> Page:
    """Compress and fingerprint `html` once. `previous` (the page it replaces) keeps its
    Last-Modified when the bytes have not changed, so conditional requests still match."""
    now = time.time() if at is None else at
    etag = hashlib.blake2b(html, digest_size=16).hexdigest()
    if previous is not None and previous.etag == etag:
        last_modified = previous.last_modified
    else:
        last_modified = formatdate(now, usegmt=True)
    return Page(
        url=url,
        body=html,
        gzip=gzip.compress(html, compresslevel=GZIP_LEVEL, mtime=0),
        br=brotli.compress(html, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT),
        etag=etag,
        last_modified=last_modified,
        keys=frozenset(keys),
        language=language,
        expires_at=expires_at,
        stored_at=now,
        topic_id=topic_id,
        checked_at=now,
    )


class PageStore:
    """This process's pages, bounded in bytes (oldest stored goes first)."""

    def __init__(self, *, max_bytes: int, shared: SharedVersions | None = None) -> None:
        self.max_bytes = max_bytes
        self.shared = shared
        self._pages: dict[str, Page] = {}
        self._by_key: dict[str, set[str]] = {}
        self._bytes = 0
        self._lock = threading.RLock()
        self._sequence = 0
        self._recent_drops: deque[tuple[int, frozenset[str]]] = deque(maxlen=RECENT_DROPS_KEPT)
        self._stale: dict[str, Page] = {}
        self._stale_bytes = 0
        # URL → when a reader who missed its page went on to render it.
        self._rendering: dict[str, float] = {}

    # Reading -------------------------------------------------------------------------------

    def get_fresh(self, url: str, *, now: float) -> Page | None:
        """The page for `url` if it may be served as it is now, without any I/O; else None.

        Called on the event loop by the fast path: a page due for its shared check is left to
        Django's side (`get`), which may block on Redis.
        """
        page = self._pages.get(url)
        if page is None or page.expires_at <= now:
            return None
        if self.shared is not None and now - page.checked_at > TRUST_SECONDS:
            return None
        return page

    def stale_while_rendering(self, url: str, *, now: float) -> Page | None:
        """The dropped page for `url` while another reader renders its successor; None when
        this reader is the one to render it (or there is nothing to serve meanwhile).

        Called on the event loop by the fast path, after `get_fresh` found nothing.
        """
        stale = self._stale.get(url)
        if stale is None:
            return None
        claimed = self._rendering.get(url)
        if claimed is not None and now - claimed < STALE_WHILE_RENDERING_SECONDS:
            return stale
        self._rendering[url] = now
        return None

    def finish_render(self, url: str, *, claimed_at: float) -> None:
        """The request that `stale_while_rendering` sent to render `url` at `claimed_at` is
        answered. If it stored no page (the page is gone: unpublished, hidden, moved), its
        stale copy is not served any longer."""
        with self._lock:
            if self._rendering.get(url) != claimed_at:
                return  # another request's render, or none
            del self._rendering[url]
            stale = self._stale.get(url)
            if stale is not None and stale.stored_at < claimed_at:
                self._discard_stale(url)

    def get(self, url: str) -> Page | None:
        """The page for `url`, checked against the shared versions; may read Redis."""
        now = time.time()
        page = self._pages.get(url)
        if page is not None and page.expires_at <= now:
            self._discard(url)
            page = None
        if self.shared is None:
            return page
        if page is not None and now - page.checked_at <= TRUST_SECONDS:
            return page
        if page is None:
            page = self.shared.load(url)
            if page is None or page.expires_at <= now:
                return None
        if not self.shared.is_current(page):
            self._discard(url)
            return None
        page.checked_at = now
        self._keep(page)
        return page

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def bytes_used(self) -> int:
        return self._bytes

    # Writing -------------------------------------------------------------------------------

    def begin(self) -> RenderStart:
        """Where a render starts, in the order of changes: pass it back to `put`."""
        any_change = self.shared.any_change() if self.shared is not None else None
        return RenderStart(sequence=self._sequence, any_change=any_change)

    def put(self, page: Page, *, begun: RenderStart) -> bool:
        """Keep `page` unless something it shows may have changed since its render began.

        Returns whether it was kept. With Redis, the page is shared with the other processes
        under the versions its keys have now, unless any change was announced anywhere during
        the render (the other processes' announcements may not have reached this one yet).
        """
        self._rendering.pop(page.url, None)
        if not self._may_keep(page, begun):
            self._keep_stale(page)
            return False
        if self.shared is not None:
            self.shared.save(page)
        self._keep(page)
        return True

    def _may_keep(self, page: Page, begun: RenderStart) -> bool:
        with self._lock:
            if self._dropped_since(begun.sequence, page.keys):
                return False
        if self.shared is None:
            return True
        found = self.shared.versions_with_any_change(page.keys)
        if found is None or begun.any_change is None:
            return False
        versions, any_change = found
        if any_change != begun.any_change:
            changed = self.shared.changed_between(begun.any_change, any_change)
            if changed is None or not changed.isdisjoint(page.keys):
                return False
        page.versions = versions
        with self._lock:
            return not self._dropped_since(begun.sequence, page.keys)

    def forget(self, keys: frozenset[str]) -> None:
        """Drop every page showing one of `keys` (an announcement, heard in this process)."""
        with self._lock:
            self._sequence += 1
            self._recent_drops.append((self._sequence, keys))
            urls: set[str] = set()
            for key in keys:
                urls |= self._by_key.get(key, set())
            for url in urls:
                page = self._pages.get(url)
                self._discard(url)
                if page is not None:
                    self._keep_stale(page)

    def forget_all(self) -> None:
        """Drop every page (the link to the other processes was lost: anything may have
        changed meanwhile). Renders under way are not stored either."""
        with self._lock:
            self._sequence += 1
            self._recent_drops.append((self._sequence, frozenset({ANY_CHANGE})))
            self._pages.clear()
            self._by_key.clear()
            self._bytes = 0
            self._stale.clear()
            self._stale_bytes = 0
            self._rendering.clear()

    def _dropped_since(self, begun: int, keys: frozenset[str]) -> bool:
        if begun == self._sequence:
            return False
        if len(self._recent_drops) == self._recent_drops.maxlen:
            oldest = self._recent_drops[0][0]
            if oldest > begun + 1:
                return True  # the record of drops no longer reaches back to `begun`
        return any(
            sequence > begun and (ANY_CHANGE in dropped or not keys.isdisjoint(dropped))
            for sequence, dropped in self._recent_drops
        )

    def _keep_stale(self, page: Page) -> None:
        with self._lock:
            kept = self._stale.get(page.url)
            if kept is not None and kept.stored_at > page.stored_at:
                return
            self._discard_stale(page.url)
            self._stale[page.url] = page
            self._stale_bytes += page.size
            while self._stale_bytes > self.max_bytes // STALE_SHARE and self._stale:
                self._discard_stale(next(iter(self._stale)))

    def _discard_stale(self, url: str) -> None:
        page = self._stale.pop(url, None)
        if page is not None:
            self._stale_bytes -= page.size

    def _keep(self, page: Page) -> None:
        with self._lock:
            self._discard(page.url)
            self._discard_stale(page.url)
            self._pages[page.url] = page
            self._bytes += page.size
            for key in page.keys:
                self._by_key.setdefault(key, set()).add(page.url)
            while self._bytes > self.max_bytes and self._pages:
                self._discard(next(iter(self._pages)))

    def _discard(self, url: str) -> None:
        with self._lock:
            page = self._pages.pop(url, None)
            if page is None:
                return
            self._bytes -= page.size
            for key in page.keys:
                urls = self._by_key.get(key)
                if urls is not None:
                    urls.discard(url)
                    if not urls:
                        del self._by_key[key]


class SharedVersions:
    """Pages and key versions kept in Redis, shared by every serving process."""

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        # The change counter and, with it, the log of what each change named, in one step.
        self._log_change = self._redis.register_script(
            "local n = redis.call('INCR', KEYS[1]) "
            "redis.call('LPUSH', KEYS[2], n .. ' ' .. ARGV[1]) "
            "redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1) "
            "return n"
        )

    def _read(self, keys: list[str]) -> list[int] | None:
        try:
            values = self._redis.mget([REDIS_PREFIX + "v:" + key for key in keys])
        except Exception:
            logger.warning("page cache: Redis unreachable; pages not shared", exc_info=True)
            return None
        return [int(value or 0) for value in values]

    def any_change(self) -> int | None:
        """The version every announcement bumps (None when Redis is unreachable)."""
        found = self._read([ANY_CHANGE])
        return None if found is None else found[0]

    def versions_with_any_change(self, keys: Iterable[str]) -> tuple[tuple[int, ...], int] | None:
        names = sorted(keys)
        found = self._read([*names, ANY_CHANGE])
        if found is None:
            return None
        return tuple(found[:-1]), found[-1]

    def is_current(self, page: Page) -> bool:
        found = self._read(sorted(page.keys))
        return found is not None and tuple(found) == page.versions

    def load(self, url: str) -> Page | None:
        try:
            data = self._redis.get(REDIS_PREFIX + "p:" + url)
        except Exception:
            logger.warning("page cache: Redis unreachable", exc_info=True)
            return None
        if not isinstance(data, bytes):
            return None
        try:
            page = pickle.loads(data)  # written by this module only (save)
        except Exception:
            return None
        return page if isinstance(page, Page) else None

    def save(self, page: Page) -> None:
        seconds = max(1, int(page.expires_at - time.time()))
        try:
            self._redis.set(REDIS_PREFIX + "p:" + page.url, pickle.dumps(page), ex=seconds)
        except Exception:
            logger.warning("page cache: could not share %s", page.url, exc_info=True)

    def bump(self, keys: Iterable[str]) -> None:
        # A version outlives every page stored under it (pages live one TTL at most); when it
        # lapses it reads 0 again, which no page stored since its last bump carries.
        lifetime = 2 * settings.KIOSQUE_PAGE_CACHE_TTL
        names = sorted(set(keys))
        with self._redis.pipeline(transaction=False) as pipe:
            for key in names:
                pipe.incr(REDIS_PREFIX + "v:" + key)
                pipe.expire(REDIS_PREFIX + "v:" + key, lifetime)
            self._log_change(
                keys=[REDIS_PREFIX + "v:" + ANY_CHANGE, REDIS_PREFIX + "log"],
                args=[" ".join(names), CHANGES_LOGGED],
                client=pipe,
            )
            pipe.execute()

    def changed_between(self, since: int, until: int) -> set[str] | None:
        """The keys announced after change number `since`, up to `until` (None when the log
        no longer reaches back that far, or Redis cannot tell)."""
        try:
            entries = self._redis.lrange(REDIS_PREFIX + "log", 0, until - since + 10)
        except Exception:
            return None
        changed: set[str] = set()
        seen: set[int] = set()
        for entry in entries:
            text = entry.decode() if isinstance(entry, bytes) else str(entry)
            number, _space, names = text.partition(" ")
            if since < int(number) <= until:
                seen.add(int(number))
                changed.update(names.split())
        return changed if len(seen) == until - since else None


_store: PageStore | None = None
_store_lock = threading.Lock()


def page_store() -> PageStore:
    """This process's page store, made on first use from the settings."""
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                shared = SharedVersions(settings.REDIS_URL) if settings.REDIS_URL else None
                store = PageStore(
                    max_bytes=settings.KIOSQUE_PAGE_CACHE_MEGABYTES * 1024 * 1024, shared=shared
                )
                from kiosque import broadcast

                broadcast.subscribe(store.forget, on_reconnect=store.forget_all)
                _store = store
    return _store


def reset_page_store() -> None:
    """Forget this process's store (tests changing the cache settings call this)."""
    global _store
    from kiosque import broadcast

    with _store_lock:
        if _store is not None:
            broadcast.unsubscribe(_store.forget)
        _store = None


def bump_versions(keys: frozenset[str]) -> None:
    """Announcement listener (once per change): pages shared in Redis showing `keys` are
    stale from now on, in every process."""
    if settings.REDIS_URL:
        page_store_shared = page_store().shared
        if page_store_shared is not None:
            page_store_shared.bump(keys)

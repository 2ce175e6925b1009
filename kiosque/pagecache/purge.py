"""Purges of the cache tier in front (Varnish, a CDN) on every announcement.

`purge` is an announcement listener: settings add it to KIOSQUE_ANNOUNCEMENT_LISTENERS when
KIOSQUE_PURGE_URLS or KIOSQUE_PURGE_BACKEND is set. It hands the keys to this process's purging
thread and returns at once: the request that made the change never waits for the tier. The
thread:

- merges the keys of the announcements that waited while it was busy, and purges them with one
  request per endpoint: `PURGE /` with `xkey-purge: article:42 topic:17` to each Varnish of
  KIOSQUE_PURGE_URLS (deploy/varnish/kiosque.vcl), and one call of the KIOSQUE_PURGE_BACKEND
  callable (a CDN's purge-by-tag API, called with the keys);
- tries a failing endpoint once more, then logs the failure; nothing reaches the action;
- purges the same keys again ECHO_SECONDS later. A process that has not yet heard of a change
  may serve the copy it holds for up to `store.TRUST_SECONDS`; had the tier fetched that copy
  just after the first purge, it would keep it until its time is up.

It is bounded: when more than MAX_KEYS keys wait (the tier is down, or far behind), they are
replaced by `site`, which every shared page carries: one purge of everything catches up.
Before the process exits, whatever waits is sent (`close`, registered with atexit), so a
management command's changes are purged too.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.utils.module_loading import import_string

from kiosque.announcements import SITE

from .store import TRUST_SECONDS

logger = logging.getLogger(__name__)

# The second purge of the same keys: after the longest a process may serve a copy it holds
# without checking it, plus time for a copy fetched just then to reach the tier.
ECHO_SECONDS = TRUST_SECONDS + 0.5
# Echoes due within this long of each other are sent together.
ECHO_MERGED_WITHIN_SECONDS = 0.1
# Beyond this many waiting keys, purge everything (`site`): the header of a purge stays well
# under Varnish's limit (http_req_hdr_len, 8 KiB by default).
MAX_KEYS = 256
# How long one purge request may take, and the pause before its one retry.
TIMEOUT_SECONDS = 2.0
RETRY_PAUSE_SECONDS = 0.2
# How long an exiting process waits for its last purges.
CLOSE_TIMEOUT_SECONDS = ECHO_SECONDS + 2 * (TIMEOUT_SECONDS + RETRY_PAUSE_SECONDS) + 1

Sender = Callable[[frozenset[str]], None]


def varnish_sender(url: str) -> Sender:
    """Purge keys from the Varnish at `url` (deploy/varnish/kiosque.vcl): one PURGE request."""
    # Never through an HTTP proxy from the environment: the tier is ours, usually on localhost.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def send(keys: frozenset[str]) -> None:
        request = urllib.request.Request(
            url, method="PURGE", headers={"xkey-purge": " ".join(sorted(keys))}
        )
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            logger.debug("%s: %s", url, response.read().decode("utf-8", "replace").strip())

    return send


class Purger:
    """A background thread purging announced keys from every endpoint; see the module."""

    def __init__(
        self,
        senders: Sequence[tuple[str, Sender]],
        *,
        echo_seconds: float = ECHO_SECONDS,
        retry_pause: float = RETRY_PAUSE_SECONDS,
        max_keys: int = MAX_KEYS,
    ) -> None:
        self.senders = list(senders)
        self.echo_seconds = echo_seconds
        self.retry_pause = retry_pause
        self.max_keys = max_keys
        self._waiting: set[str] = set()
        # Keys to purge again, with when (time.monotonic()), oldest first.
        self._echoes: deque[tuple[float, set[str]]] = deque()
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closing = False

    def __call__(self, keys: frozenset[str]) -> None:
        """Have `keys` purged soon; never waits for the tier, never raises."""
        with self._condition:
            self._add(self._waiting, keys)
            self._condition.notify()
            if self._thread is None or not self._thread.is_alive():
                self._closing = False
                self._thread = threading.Thread(target=self._run, name="kiosque-purge", daemon=True)
                self._thread.start()

    def close(self, timeout: float = CLOSE_TIMEOUT_SECONDS) -> None:
        """Send what waits, echoes included, then stop the thread (within `timeout`)."""
        with self._condition:
            self._closing = True
            self._condition.notify()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _add(self, into: set[str], keys: Iterable[str]) -> None:
        """Merge `keys` into `into`; `site` (on every shared page) stands for any number."""
        if SITE in into:
            return
        into.update(keys)
        if SITE in into or len(into) > self.max_keys:
            into.clear()
            into.add(SITE)

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._waiting and not self._echo_due():
                    if self._closing and not self._echoes:
                        return
                    wait = self._echoes[0][0] - time.monotonic() if self._echoes else None
                    self._condition.wait(wait)
                fresh, self._waiting = self._waiting, set()
                keys = set(fresh)
                while self._echo_due():
                    self._add(keys, self._echoes.popleft()[1])
            self._send(frozenset(keys))
            if fresh and self.echo_seconds > 0:
                self._schedule_echo(fresh)

    def _echo_due(self) -> bool:
        return bool(self._echoes) and self._echoes[0][0] <= time.monotonic()

    def _schedule_echo(self, keys: set[str]) -> None:
        due = time.monotonic() + self.echo_seconds
        with self._condition:
            if self._echoes and due - self._echoes[-1][0] <= ECHO_MERGED_WITHIN_SECONDS:
                _, merged = self._echoes.pop()
                self._add(merged, keys)
                self._echoes.append((due, merged))
            else:
                self._echoes.append((due, set(keys)))
            self._condition.notify()

    def _send(self, keys: frozenset[str]) -> None:
        for name, send in self.senders:
            for attempt in (1, 2):
                try:
                    send(keys)
                    break
                except Exception as error:
                    if attempt == 1:
                        time.sleep(self.retry_pause)
                        continue
                    logger.warning("purge of %s at %s failed: %s", sorted(keys), name, error)


def senders_from_settings() -> list[tuple[str, Sender]]:
    """Each Varnish of KIOSQUE_PURGE_URLS, then the KIOSQUE_PURGE_BACKEND callable."""
    senders = [(url, varnish_sender(url)) for url in settings.KIOSQUE_PURGE_URLS]
    if settings.KIOSQUE_PURGE_BACKEND:
        backend = settings.KIOSQUE_PURGE_BACKEND
        senders.append((backend, import_string(backend)))
    return senders


def is_configured() -> bool:
    """Whether announcements purge a tier in front (which may then keep pages longer)."""
    return bool(settings.KIOSQUE_PURGE_URLS or settings.KIOSQUE_PURGE_BACKEND)


_purger: Purger | None = None
_purger_lock = threading.Lock()


def purger() -> Purger:
    """This process's purger, made from the settings on first use."""
    global _purger
    with _purger_lock:
        if _purger is None:
            _purger = Purger(senders_from_settings())
            atexit.register(_purger.close)
        return _purger


def purge(keys: frozenset[str]) -> None:
    """Announcement listener: purge the pages showing `keys` from the tier in front."""
    purger()(keys)


def reset_purger() -> None:
    """Send what waits and forget this process's purger (tests changing the settings)."""
    global _purger
    with _purger_lock:
        if _purger is not None:
            _purger.close()
            atexit.unregister(_purger.close)
        _purger = None

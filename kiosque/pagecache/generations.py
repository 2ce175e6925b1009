"""What pages list, remembered until an announcement says it may have changed.

A page is rendered again at every new comment it shows, but the lists around the comments (the
related articles, the running story, the front page's selections, the menu) change only when
the newsroom publishes or edits. `remember(name, compute, key=…)` keeps the result of
`compute()` in this process until `key` is announced (heard through kiosque.broadcast, from any
process), until `until` (a scheduled article going live), or `MAX_AGE_SECONDS` at most,
whichever comes first. It relies on announcements as the page cache does, and is on with it.
Keep ids, not rows: what each card shows (a comment count) is read fresh with the page.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings

from kiosque import broadcast

T = TypeVar("T")

# The longest anything is remembered, even if an announcement between processes was lost.
MAX_AGE_SECONDS = 60.0
ENTRIES_KEPT = 2000

_lock = threading.Lock()
_generations: dict[str, int] = {}
_entries: OrderedDict[Hashable, tuple[Any, float]] = OrderedDict()
_listening = False


def remember(
    name: Hashable,
    compute: Callable[[], T],
    *,
    key: str,
    until: datetime | None = None,
    until_of: Callable[[T], datetime | None] | None = None,
) -> T:
    """`compute()`, or what it returned before, if `key` has not been announced since.

    `until` (or `until_of(value)`, read from the value itself) bounds how long it is kept."""
    if not (settings.KIOSQUE_PAGE_CACHE and settings.KIOSQUE_FRAGMENT_MEMO):
        return compute()
    _listen()
    now = time.time()
    with _lock:
        entry_key = (name, key, _generations.get(key, 0))
        found = _entries.get(entry_key)
        if found is not None and found[1] > now:
            _entries.move_to_end(entry_key)
            kept: T = found[0]
            return kept
    value = compute()
    expires_at = now + MAX_AGE_SECONDS
    if until_of is not None:
        until = until_of(value)
    if until is not None:
        expires_at = min(expires_at, until.timestamp())
    with _lock:
        if _generations.get(key, 0) == entry_key[2]:  # nothing announced while computing
            _entries[entry_key] = (value, expires_at)
            while len(_entries) > ENTRIES_KEPT:
                _entries.popitem(last=False)
    return value


def forget_everything() -> None:
    """Forget what was remembered (tests; a lost link to the other processes)."""
    with _lock:
        _entries.clear()
        for key in _generations:
            _generations[key] += 1


def _hear(keys: frozenset[str]) -> None:
    with _lock:
        for key in keys:
            _generations[key] = _generations.get(key, 0) + 1


def _listen() -> None:
    global _listening
    if not _listening:
        _listening = True
        broadcast.subscribe(_hear, on_reconnect=forget_everything)

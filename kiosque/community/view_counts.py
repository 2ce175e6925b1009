"""Anonymous topic views, counted in memory and added to the database in batches.

`count_view(topic_id)` runs for every anonymous view of a topic page, from the view and from
the fast path that serves cached pages, so it only adds one to a number under a lock: no I/O,
no query, constant time. A daemon thread, started in the serving process by its first count,
adds what is pending every KIOSQUE_VIEW_COUNTS_FLUSH_SECONDS (`actions.add_topic_views`: one
UPDATE per topic, in one transaction), and once more when the process exits. Counts that could
not be written are kept for the next flush. Topic rows are no longer written by every reader
while writers queue on them.

A process that crashes loses the views of its last few seconds: a view count is an estimate.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: dict[int, int] = {}
# Whether this process has decided how it flushes (thread started, or flushing left to callers).
_started = False
_stop = threading.Event()


def count_view(topic_id: int) -> None:
    """Count one anonymous view of topic `topic_id`; written to the database by a later flush."""
    with _lock:
        _pending[topic_id] = _pending.get(topic_id, 0) + 1
        if _started:
            return
    _start_flushing()


def pending() -> dict[int, int]:
    """A copy of the views counted and not yet written, by topic id."""
    with _lock:
        return dict(_pending)


def flush() -> int:
    """Write the pending views to their topics now; returns how many views were written."""
    from . import actions  # actions import the models; this module must stay light

    with _lock:
        counts = dict(_pending)
        _pending.clear()
    if not counts:
        return 0
    try:
        actions.add_topic_views(counts)
    except Exception:
        _give_back(counts)
        raise
    return sum(counts.values())


def discard_pending() -> None:
    """Forget the views not yet written (tests start from nothing)."""
    with _lock:
        _pending.clear()


def _give_back(counts: dict[int, int]) -> None:
    with _lock:
        for topic_id, views in counts.items():
            _pending[topic_id] = _pending.get(topic_id, 0) + views


def _start_flushing() -> None:
    global _started
    with _lock:
        if _started:
            return
        _started = True
    seconds = settings.KIOSQUE_VIEW_COUNTS_FLUSH_SECONDS
    if seconds <= 0:
        return
    atexit.register(_flush_at_exit)
    threading.Thread(
        target=_flush_every, args=(seconds,), name="kiosque-view-counts", daemon=True
    ).start()


def _flush_every(seconds: float) -> None:
    while not _stop.wait(seconds):
        _flush_quietly()


def _flush_at_exit() -> None:
    _stop.set()
    _flush_quietly()


def _flush_quietly() -> None:
    try:
        flush()
    except Exception:
        logger.exception("could not write the topic view counts; they wait for the next flush")
    finally:
        # This thread's connection goes back to the pool (or is closed) between flushes.
        connections.close_all()


def _forget_in_child() -> None:
    """A forked child starts with no count and no flusher of its own (it starts one later)."""
    global _started, _lock, _stop
    _lock = threading.Lock()
    _pending.clear()
    _started = False
    _stop = threading.Event()


os.register_at_fork(after_in_child=_forget_in_child)

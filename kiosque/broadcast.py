"""Announcements heard by every serving process: in-process on the embedded default, through
Redis pub/sub when `REDIS_URL` is set.

A process subscribes what it keeps for itself (its in-memory page copies, its live streams)
with `subscribe(callback)`. `publish(keys)` calls this process's subscribers at once and, with
Redis, tells the other processes, whose listening thread calls theirs. Callbacks run on the
publishing thread or on the listening thread: they must be quick and thread-safe (a live
stream hands the keys over to its event loop).

Without Redis there is nothing to cross: `kiosque serve` refuses several worker processes
unless `REDIS_URL` is set.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

# Pub/sub channels are global to a Redis server, whatever its database numbers: the channel
# names the database, so that two sites (or test runs) sharing a server do not hear each other.
CHANNEL_PREFIX = "kiosque:announcements:"
# How long the listening thread waits before reconnecting to a Redis that went away.
RECONNECT_SECONDS = 1.0

Subscriber = Callable[[frozenset[str]], None]

_subscribers: list[Subscriber] = []
_lock = threading.Lock()
# Who this process is on the channel, so that it does not hear its own messages twice.
_sender = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
_listener: threading.Thread | None = None
# Called (with no argument) when the link to the other processes comes back after a loss:
# what was announced meanwhile is unknown, so whatever was kept must be checked again.
_on_reconnect: list[Callable[[], None]] = []


def subscribe(callback: Subscriber, *, on_reconnect: Callable[[], None] | None = None) -> None:
    """Call `callback(keys)` in this process for every announcement, wherever it was made."""
    with _lock:
        if callback not in _subscribers:
            _subscribers.append(callback)
        if on_reconnect is not None and on_reconnect not in _on_reconnect:
            _on_reconnect.append(on_reconnect)
    _start_listening()


def unsubscribe(callback: Subscriber) -> None:
    with _lock:
        if callback in _subscribers:
            _subscribers.remove(callback)


def publish(keys: frozenset[str]) -> None:
    """Deliver `keys` to this process's subscribers, then to the other processes."""
    _call_subscribers(keys)
    if not settings.REDIS_URL:
        return
    message = json.dumps({"from": _sender, "keys": sorted(keys)})
    try:
        _redis().publish(_channel(), message)
    except Exception:
        logger.exception("could not tell the other processes of %s", sorted(keys))


def _call_subscribers(keys: frozenset[str]) -> None:
    with _lock:
        subscribers = list(_subscribers)
    for callback in subscribers:
        try:
            callback(keys)
        except Exception:
            logger.exception("announcement subscriber %r failed", callback)


def _channel() -> str:
    from redis.connection import parse_url

    return f"{CHANNEL_PREFIX}{parse_url(settings.REDIS_URL).get('db', 0)}"


def _redis() -> Any:  # redis-py's client
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=2)


def _start_listening() -> None:
    global _listener
    if not settings.REDIS_URL:
        return
    with _lock:
        if _listener is not None and _listener.is_alive():
            return
        _listener = threading.Thread(target=_listen, name="kiosque-broadcast", daemon=True)
        _listener.start()


def _listen() -> None:
    """Hear the other processes' announcements for as long as this process lives."""
    first = True
    while True:
        try:
            client = _redis()
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(_channel())
            if not first:
                _call_reconnect_hooks()
            first = False
            for message in pubsub.listen():
                _hear(message.get("data"))
        except Exception:
            logger.warning("lost the announcement channel; reconnecting", exc_info=True)
            _call_reconnect_hooks()
            time.sleep(RECONNECT_SECONDS)


def _hear(data: object) -> None:
    try:
        message = json.loads(data)  # type: ignore[arg-type]
        if message.get("from") == _sender:
            return
        keys = frozenset(str(key) for key in message.get("keys", []))
    except (TypeError, ValueError, AttributeError):
        logger.warning("ignored a malformed announcement: %r", data)
        return
    if keys:
        _call_subscribers(keys)


def _call_reconnect_hooks() -> None:
    with _lock:
        hooks = list(_on_reconnect)
    for hook in hooks:
        try:
            hook()
        except Exception:
            logger.exception("reconnect hook %r failed", hook)

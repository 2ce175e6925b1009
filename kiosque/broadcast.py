"""Announcements heard by every serving process.

A process subscribes what it keeps for itself (its in-memory page copies, its live streams)
with `subscribe(callback)`. `publish(keys)` calls this process's subscribers at once, then tells
the other processes, whose listening thread calls theirs:

- with `REDIS_URL`, through Redis pub/sub: every `kiosque serve` process, on every machine;
- on the embedded default, through a local datagram socket that the serving process listens on
  (one per site: named after its database): the background worker, `kiosque shell` or a
  management command on the same machine reach the one server process. (`kiosque serve`
  refuses several processes without Redis.)

Callbacks run on the publishing thread or on the listening thread: they must be quick and
thread-safe (a live stream hands the keys over to its event loop).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
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
# A datagram holds one announcement; a change never names this many bytes of keys.
DATAGRAM_BYTES = 65_000

Subscriber = Callable[[frozenset[str]], None]

_subscribers: list[Subscriber] = []
_lock = threading.Lock()
# Who this process is on the channel, so that it does not hear its own messages twice.
_sender = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
_listener: threading.Thread | None = None
_client: Any = None
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
    message = json.dumps({"from": _sender, "keys": sorted(keys)})
    try:
        if settings.REDIS_URL:
            _redis().publish(_channel(), message)
        else:
            _tell_local_server(message.encode())
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

    url = parse_url(settings.REDIS_URL)  # type: ignore[no-untyped-call]  # redis: no hints here
    return f"{CHANNEL_PREFIX}{url.get('db', 0)}"


def _redis() -> Any:  # redis-py's client, one per process (it keeps a pool of connections)
    global _client
    if _client is None:
        import redis

        _client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=2
        )
    return _client


def _local_address() -> str:
    """The serving process's socket, in Linux's abstract namespace (no file to clean up),
    named after the site's database so that two sites on one machine stay apart."""
    database = settings.DATABASES["default"]
    site = f"{database['ENGINE']}|{database.get('HOST', '')}|{database['NAME']}"
    return "\0kiosque-announcements-" + hashlib.sha256(site.encode()).hexdigest()[:16]


def _tell_local_server(message: bytes) -> None:
    if len(message) > DATAGRAM_BYTES:
        message = json.dumps({"from": _sender, "keys": ["site"]}).encode()  # everything
    # No server running (refused): nobody keeps anything to drop.
    with (
        socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender,
        contextlib.suppress(ConnectionRefusedError, FileNotFoundError),
    ):
        sender.sendto(message, _local_address())


def _start_listening() -> None:
    global _listener
    with _lock:
        if _listener is not None and _listener.is_alive():
            return
        if settings.REDIS_URL:
            _listener = threading.Thread(target=_listen, name="kiosque-broadcast", daemon=True)
        else:
            receiver = _bind_local()
            if receiver is None:
                return
            _listener = threading.Thread(
                target=_listen_locally, args=(receiver,), name="kiosque-broadcast", daemon=True
            )
        _listener.start()


def _bind_local() -> socket.socket | None:
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        receiver.bind(_local_address())
    except OSError:
        # Another process of this site listens already (a second test process, a shell
        # opened beside the server): this one only publishes.
        receiver.close()
        return None
    return receiver


def _listen_locally(receiver: socket.socket) -> None:
    while True:
        try:
            _hear(receiver.recv(DATAGRAM_BYTES))
        except Exception:
            logger.exception("announcement socket failed")
            time.sleep(RECONNECT_SECONDS)


def _listen() -> None:
    """Hear the other processes' announcements for as long as this process lives."""
    first = True
    while True:
        try:
            pubsub = _redis().pubsub(ignore_subscribe_messages=True)
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
        message = json.loads(data)  # type: ignore[arg-type]  # bytes from Redis or the socket
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


def _forget_in_child() -> None:
    """A forked child has no listening thread and its own Redis connections."""
    global _listener, _client, _sender, _lock
    _listener = None
    _client = None
    _lock = threading.Lock()
    _sender = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


os.register_at_fork(after_in_child=_forget_in_child)

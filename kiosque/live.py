"""Live streams: readers of a page see what is added to it without reloading (Server-Sent Events).

`LiveStreams(app)` wraps the ASGI application and answers `GET /live/<source>/<id>/` with an
event stream; everything else goes to `app`. A stream's items come from a *source* (the
topics of the forum: `kiosque.community.live.TopicSource`; later a liveblog's entries), which
says whether a stream may be opened, what its latest items are, and renders each item as the
shared page shows it (nothing personal: the same HTML for every reader).

Each process keeps one *channel* per stream and language that readers are connected to. An
announcement naming the stream's key (`topic:17`, heard through `kiosque.broadcast` from
whichever process made the change) wakes the channel: one query for the latest items, compared
with what the channel last saw, and the differences go to every reader connected to it:

    id: 1234            (the item's id: a reader reconnecting sends it as Last-Event-ID)
    event: item         (new or changed; `removed` when it left the page)
    data: {"id": 1234, "html": "<article …>", "count": 18}

A reader reconnecting (the browser does it by itself) gets every item after the last one it
saw, so nothing is missed; an item may come twice, and the page keeps one.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import threading
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.db import connections
from django.utils.module_loading import import_string

from kiosque import broadcast

logger = logging.getLogger(__name__)

SOURCES = {"topics": "kiosque.community.live.TopicSource"}

_PATH = re.compile(r"^/live/([a-z]+)/([0-9]{1,18})/$")
# The browser waits this long before reconnecting a stream that dropped.
RETRY_MILLISECONDS = 3000
# A comment line this often keeps proxies from closing an idle stream.
HEARTBEAT_SECONDS = 15.0
HEARTBEAT = b": still here\n\n"
# Changes arriving this close together are read in one query.
GATHER_SECONDS = 0.02
# Events waiting for one slow reader beyond this: the reader is dropped and reconnects.
QUEUE_LIMIT = 256

Scope = dict[str, Any]
# What one reader is waiting to be sent; None ends their stream.
Inbox = asyncio.Queue[bytes | None]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Item:
    """One item of a stream as the page shows it: `fingerprint` changes when its HTML does."""

    id: int
    fingerprint: object
    render: Callable[[], str]


@dataclass(frozen=True)
class Snapshot:
    """The latest items of a stream, oldest first, and its count as pages show it."""

    items: Sequence[Item]
    count: int
    is_open: bool = True


class Source(Protocol):
    def key(self, ident: int) -> str:
        """The announcement key that says the stream changed (`topic:17`)."""

    def is_open(self, ident: int) -> bool:
        """Whether readers may follow this stream (the topic is visible)."""

    def latest(self, ident: int, *, language: str) -> Snapshot:
        """The latest items (a window large enough to hold any burst of changes)."""

    def after(self, ident: int, item_id: int, *, language: str) -> Snapshot:
        """The items after `item_id`, for a reader who reconnects."""


@cache
def source(name: str) -> Source | None:
    path = SOURCES.get(name)
    return import_string(path)() if path else None


@dataclass
class Channel:
    """One stream in one language, with every reader of it connected to this process."""

    source: Source
    ident: int
    language: str
    readers: set[Inbox] = field(default_factory=set)
    seen: dict[int, object] = field(default_factory=dict)
    count: int = -1
    is_loaded: bool = False
    # Set once the channel has read what the page holds: a reader catches up only after it,
    # so that nothing posted in between is neither in their catch-up nor a difference.
    loaded: asyncio.Event = field(default_factory=asyncio.Event)
    is_due: bool = False
    task: asyncio.Task[None] | None = None


class Hub:
    """This process's channels, on the server's event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.channels: dict[tuple[str, int, str], Channel] = {}
        self.by_key: dict[str, set[tuple[str, int, str]]] = {}
        broadcast.subscribe(self.hear, on_reconnect=self.hear_everything)

    def readers(self) -> int:
        return sum(len(channel.readers) for channel in self.channels.values())

    def join(self, name: str, src: Source, ident: int, language: str) -> tuple[Channel, Inbox]:
        ref = (name, ident, language)
        channel = self.channels.get(ref)
        if channel is None:
            channel = self.channels[ref] = Channel(src, ident, language)
            self.by_key.setdefault(src.key(ident), set()).add(ref)
            self._wake(channel)  # learns what the page holds now
        queue: Inbox = asyncio.Queue(maxsize=QUEUE_LIMIT)
        channel.readers.add(queue)
        return channel, queue

    def leave(self, name: str, ident: int, language: str, queue: Inbox) -> None:
        ref = (name, ident, language)
        channel = self.channels.get(ref)
        if channel is None:
            return
        channel.readers.discard(queue)
        if not channel.readers:
            del self.channels[ref]
            key = channel.source.key(ident)
            refs = self.by_key.get(key, set())
            refs.discard(ref)
            if not refs:
                self.by_key.pop(key, None)

    # Called on any thread by kiosque.broadcast.
    def hear(self, keys: frozenset[str]) -> None:
        if any(key in self.by_key for key in keys):
            self.loop.call_soon_threadsafe(self._wake_keys, keys)

    def hear_everything(self) -> None:
        self.loop.call_soon_threadsafe(self._wake_keys, frozenset(self.by_key))

    def _wake_keys(self, keys: frozenset[str]) -> None:
        for key in keys:
            for ref in list(self.by_key.get(key, ())):
                if channel := self.channels.get(ref):
                    self._wake(channel)

    def _wake(self, channel: Channel) -> None:
        channel.is_due = True
        if channel.task is None or channel.task.done():
            channel.task = self.loop.create_task(self._refresh(channel))

    async def _refresh(self, channel: Channel) -> None:
        while channel.is_due and channel.readers:
            await asyncio.sleep(GATHER_SECONDS)
            channel.is_due = False
            try:
                snapshot = await in_thread(
                    channel.source.latest, channel.ident, language=channel.language
                )
                events = await in_thread(_differences, channel, snapshot)
                channel.loaded.set()
            except Exception:
                logger.exception("live stream %s %s: refresh failed", channel.source, channel.ident)
                continue
            for event in events:
                for queue in list(channel.readers):
                    _offer(queue, event)
            if not snapshot.is_open:
                for queue in list(channel.readers):
                    _offer(queue, None)


def _differences(channel: Channel, snapshot: Snapshot) -> list[bytes]:
    """The events that bring a reader from what `channel` saw to `snapshot` (runs in a
    thread: rendering may read the database)."""
    events: list[bytes] = []
    if not channel.is_loaded:
        channel.seen = {item.id: item.fingerprint for item in snapshot.items}
        channel.count = snapshot.count
        channel.is_loaded = True
        return events
    now = {item.id: item.fingerprint for item in snapshot.items}
    oldest = min(now, default=0)
    for item in snapshot.items:
        if channel.seen.get(item.id) != item.fingerprint:
            events.append(item_event(item, snapshot.count))
    for item_id in channel.seen:
        if item_id not in now and item_id >= oldest:
            events.append(event("removed", {"id": item_id, "count": snapshot.count}))
    if snapshot.count != channel.count and not events:
        events.append(event("count", {"count": snapshot.count}))
    channel.seen = now
    channel.count = snapshot.count
    return events


def item_event(item: Item, count: int) -> bytes:
    return event("item", {"id": item.id, "html": item.render(), "count": count}, ident=item.id)


def event(kind: str, data: dict[str, Any], *, ident: int | None = None) -> bytes:
    lines = [f"id: {ident}"] if ident is not None else []
    lines += [f"event: {kind}", "data: " + json.dumps(data, ensure_ascii=False)]
    return ("\n".join(lines) + "\n\n").encode()


def _offer(queue: Inbox, message: bytes | None) -> None:
    try:
        queue.put_nowait(message)
    except asyncio.QueueFull:
        # Too slow to keep up: end its stream; the browser reconnects and catches up.
        while not queue.empty():
            queue.get_nowait()
        queue.put_nowait(None)


async def in_thread(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run database work off the event loop, handing the connection back afterwards."""

    def run() -> Any:
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    return await asyncio.to_thread(run)


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}
_hubs_lock = threading.Lock()


def hub_for(loop: asyncio.AbstractEventLoop) -> Hub:
    with _hubs_lock:
        if loop not in _hubs:
            _hubs[loop] = Hub(loop)
        return _hubs[loop]


def forget_hubs() -> None:
    """Drop every hub and its subscription (tests run one event loop after another)."""
    with _hubs_lock:
        for hub in _hubs.values():
            broadcast.unsubscribe(hub.hear)
        _hubs.clear()


class LiveStreams:
    """ASGI: `/live/<source>/<id>/` as an event stream; everything else to `app`."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
        if match is None:
            await self.app(scope, receive, send)
            return
        src = source(match.group(1))
        if scope["method"] not in ("GET", "HEAD") or src is None:
            await _plain(send, 405 if src is not None else 404, "")
            return
        await self.stream(scope, receive, send, match.group(1), src, int(match.group(2)))

    async def stream(
        self, scope: Scope, receive: Receive, send: Send, name: str, src: Source, ident: int
    ) -> None:
        query = _query(scope)
        language = query.get("lang", settings.LANGUAGE_CODE)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        after = _number(_header(scope, b"last-event-id")) or _number(query.get("after"))
        if not await in_thread(src.is_open, ident):
            await _plain(send, 404, "")
            return
        hub = hub_for(asyncio.get_running_loop())
        if hub.readers() >= settings.KIOSQUE_LIVE_READERS_MAX:
            await _plain(send, 503, "", retry_after=str(RETRY_MILLISECONDS // 1000))
            return
        channel, queue = hub.join(name, src, ident, language)
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"text/event-stream; charset=utf-8"),
                        (b"cache-control", b"no-store"),
                        (b"x-accel-buffering", b"no"),
                    ],
                }
            )
            if scope["method"] == "HEAD":
                await send({"type": "http.response.body", "body": b""})
                return
            await _body(send, f"retry: {RETRY_MILLISECONDS}\n\n".encode())
            if after is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(channel.loaded.wait(), timeout=HEARTBEAT_SECONDS)
                missed = await in_thread(src.after, ident, after, language=language)
                for item in missed.items:
                    await _body(send, await in_thread(item_event, item, missed.count))
            await self._forward(queue, receive, send)
        finally:
            hub.leave(name, ident, language, queue)

    async def _forward(self, queue: Inbox, receive: Receive, send: Send) -> None:
        """Send the reader what reaches their inbox, until it ends the stream or they leave.

        This runs for every reader at every event: one `queue.get()`, and no task, wait or
        timer per event (with a thousand readers those cost more than the writes). The reader
        leaving and the heartbeat come through the inbox too; what piled up while the process
        was busy goes out in one write."""
        gone = asyncio.ensure_future(_disconnected(receive))
        gone.add_done_callback(lambda _gone: _offer(queue, None))
        heartbeat = _Heartbeat(queue)
        try:
            while True:
                waiting = [await queue.get()]
                while waiting[-1] is not None and not queue.empty():
                    waiting.append(queue.get_nowait())
                if gone.done():
                    return
                if data := b"".join(message for message in waiting if message is not None):
                    heartbeat.sent()
                    await _body(send, data)
                if waiting[-1] is None:
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                    return
        except OSError:
            return  # the reader went away mid-write
        finally:
            heartbeat.cancel()
            gone.cancel()


class _Heartbeat:
    """A comment line in a reader's inbox when nothing was sent to them for a while: one timer
    per reader, looking every HEARTBEAT_SECONDS, rather than one per event."""

    def __init__(self, queue: Inbox) -> None:
        self.queue = queue
        self.loop = asyncio.get_running_loop()
        self.sent_at = self.loop.time()
        self.timer = self.loop.call_later(HEARTBEAT_SECONDS, self._beat)

    def sent(self) -> None:
        self.sent_at = self.loop.time()

    def _beat(self) -> None:
        quiet = self.loop.time() - self.sent_at
        if quiet >= HEARTBEAT_SECONDS:
            _offer(self.queue, HEARTBEAT)
            quiet = 0.0
        self.timer = self.loop.call_later(HEARTBEAT_SECONDS - quiet, self._beat)

    def cancel(self) -> None:
        self.timer.cancel()


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _body(send: Send, data: bytes) -> None:
    await send({"type": "http.response.body", "body": data, "more_body": True})


async def _plain(send: Send, status: int, text: str, *, retry_after: str = "") -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store")]
    if retry_after:
        headers.append((b"retry-after", retry_after.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": text.encode()})


def _query(scope: Scope) -> dict[str, str]:
    from urllib.parse import parse_qsl

    raw = scope.get("query_string", b"").decode("latin-1")
    return dict(parse_qsl(raw))


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return ""


def _number(value: str | None) -> int | None:
    if value and value.isdigit() and len(value) <= 18:
        return int(value)
    return None

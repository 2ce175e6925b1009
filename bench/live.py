"""Live comments: 1,000 readers of one article's stream, 20 comments/s: delivery p99 ≤ 1 s.

Starts `kiosque serve` (production mode, one process, no background worker) on its own core,
on a scratch SQLite database holding one published article with its discussion and --posters
members (sessions created directly). This process, on the other core, is the load generator
(asyncio, one process: it uses a fifth of its core for 1,000 streams at 20 events/s): it opens
--readers streams of the discussion as live.js does (`GET /live/topics/<id>/?lang=fr&after=<last
post>`, anonymous; a stream that ends is reopened with Last-Event-ID after the server's `retry:`),
waits until every one follows it (a first comment has reached them all), then has the members
post --rate comments a second for --seconds through the reply form (a 302 naming the post), and
waits for the deliveries. A baseline phase, measured in the same run, does the same with
--baseline-readers readers.

For each comment it notes when its POST was sent and returned, when the server made it (its
created_at), and when each reader's `item` event for it arrived. Delivery = arrival − POST
returned: an event may come before the 302 (the post is announced on commit, before the answer
is sent), which counts as 0 and is counted apart; as a busy server is slow to answer the POST,
the delivery after the post's created_at is printed too. Prints readers connected, posts,
deliveries expected and received (every reader must get every post), delivery percentiles, POST
p50/p99, the server's CPU time per post and per delivery (/proc/<pid>/stat of it and its
children), how long its event loop waited for its core (/proc/<pid>/schedstat: the neighbours'
share on a shared machine), its peak memory, this process's own CPU (near 100 % its delivery
figures would be an upper bound), the ratios of the full phase to the baseline, and the target
checks. It also checks that the pushed HTML is the shared render: the comment's text, and no
CSRF token, like form, edit or delete link or session of its author.

    .venv/bin/python bench/live.py [--readers 1000] [--rate 20] [--seconds 30]
        [--baseline-readers 10] [--posters 20]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from harness import (
    CSRF,
    SIGN_IN,
    comment_request,
    free_port,
    manage,
    member_head,
    peak_rss_megabytes,
    process_tree_cpu,
    read_response,
    server_env,
    shell,
    split_cpus,
    start_server,
    stop,
    table,
)

TARGET_P99_MS = 1000.0
# uvicorn closes a kept-alive connection idle for 5 s: a member idle longer opens a new one.
IDLE_SECONDS = 4.0
# Streams opened at once: more would only queue in the server's accept backlog.
OPENING_AT_ONCE = 100
# How long every reader may take to connect, and to receive the first comment.
READY_SECONDS = 60.0
# After the last post, how long deliveries still in flight are awaited.
DRAIN_SECONDS = 15.0
# What the server says in its `retry:` line; a dropped reader reconnects after it, as browsers do.
RETRY_SECONDS = 3.0
# What only a member or the post's author may see: none of it may be pushed to every reader.
PERSONAL = {
    "CSRF token": "csrfmiddlewaretoken",
    "like form": "data-like",
    "edit link": "/modifier/",
    "delete link": "/supprimer/",
    "new marker": "marker--new",
}

SETUP = """
import json
from kiosque.accounts.models import User
from kiosque.newsroom.actions import publish_article
from kiosque.newsroom.models import Article, Section
section = Section.objects.create(name="Banc d'essai", slug="banc")
article = Article.objects.create(
    title="Article suivi en direct", slug="en-direct", lead="Chapeau.", body="Texte.",
    section=section,
)
publish_article(article, by=None)
article.refresh_from_db()
sessions = []
for n in range(POSTERS):
    user = User.objects.create_user(f"direct{n}", f"direct{n}@example.org", None)
    sessions.append(signed_in(user))
print(json.dumps(
    {"topic": article.topic_id, "article": article.get_absolute_url(), "sessions": sessions}
))
"""


MADE = """
import json
from kiosque.community.models import Post
made = Post.objects.filter(pk__in=IDS).values_list("pk", "created_at")
print(json.dumps([(pk, at.timestamp()) for pk, at in made]))
"""


@dataclass(frozen=True)
class Site:
    """The server under test and what the setup made on it."""

    port: int
    pid: int
    env: dict[str, str]
    topic: int
    article: str
    sessions: list[str]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=20.0, help="comments per second")
    parser.add_argument("--seconds", type=float, default=30.0, help="of posting, per phase")
    parser.add_argument("--baseline-readers", type=int, default=10)
    parser.add_argument("--posters", type=int, default=20, help="members posting in turn")
    args = parser.parse_args()

    # Ctrl-C and SIGTERM alike unwind through the `finally` that stops the server.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    allow_files(args.readers + args.baseline_readers + args.posters + 100)
    server_cpus, load_cpus = split_cpus()
    if load_cpus:
        os.sched_setaffinity(0, load_cpus)
    print(
        f"kiosque serve: 1 process on CPU {sorted(server_cpus) or 'any'}; load generator "
        f"(this process) on CPU {sorted(load_cpus) or 'any'}; {args.posters} members posting "
        f"{args.rate:g} comments/s for {args.seconds:g} s per phase",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="kiosque-bench-live-"))
    server = None
    try:
        env = server_env(workdir)
        manage(env, "migrate", "--noinput", "-v", "0")
        code = f"POSTERS = {args.posters}\n" + SIGN_IN + SETUP
        world = json.loads(shell(env, code).strip().splitlines()[-1])
        port = free_port()
        server = start_server(env, port, server_cpus)
        print(f"server pid {server.pid}, port {port}", flush=True)
        phases = [
            Phase(f"baseline: {args.baseline_readers} readers", args.baseline_readers),
            Phase(f"{args.readers} readers", args.readers),
        ]
        site = Site(port, server.pid, env, world["topic"], world["article"], world["sessions"])
        asyncio.run(run(phases, site, args))
        report(phases)
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(workdir, ignore_errors=True)


def allow_files(count: int) -> None:
    """Raise this process's open-file limit (the server started from it inherits it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count + 1024
    if soft != resource.RLIM_INFINITY and soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            raise SystemExit(f"{count} streams need {wanted} open files; the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


# Measuring ---------------------------------------------------------------------------------


@dataclass
class Posted:
    id: int
    text: str
    sent_at: float
    returned_at: float


@dataclass
class Phase:
    name: str
    readers: int
    connected: int = 0
    connect_seconds: float = 0.0
    connect_cpu: float = 0.0
    posts: list[Posted] = field(default_factory=list)
    post_errors: Counter[str] = field(default_factory=Counter)
    late_starts: int = 0  # posts sent more than 100 ms after their turn
    seconds: float = 0.0
    server_cpu: float = 0.0
    loop_waited: float = 0.0  # seconds the server's event loop was ready but another job ran
    generator_cpu: float = 0.0
    delays: list[float] = field(default_factory=list)  # arrival − POST returned, seconds
    from_sent: list[float] = field(default_factory=list)  # arrival − POST sent
    from_made: list[float] = field(default_factory=list)  # arrival − the post's created_at
    early: int = 0
    received: int = 0
    missing_readers: int = 0
    drops: int = 0
    duplicates: int = 0
    refused: Counter[int] = field(default_factory=Counter)
    checked_html: int = 0
    html_problems: Counter[str] = field(default_factory=Counter)
    peak_rss: float = 0.0

    @property
    def expected(self) -> int:
        return self.connected * len(self.posts)


async def run(phases: list[Phase], site: Site, args: argparse.Namespace) -> None:
    posters = [Poster(site.port, session, site.topic) for session in site.sessions]
    await asyncio.gather(*(poster.connect() for poster in posters))
    # Warm up: the article page and a first comment, so that the first measured ones find
    # the templates compiled and the connections open.
    warm = await posters[0].get(site.article)
    if warm != 200:
        raise SystemExit(f"the article page answered {warm}")
    last = await posters[0].post("Premier commentaire, avant la mesure.")
    if last is None:
        raise SystemExit(f"the warm-up comment was refused: {dict(posters[0].errors)}")
    try:
        for phase in phases:
            last = await measure(phase, site, posters, last.id, args)
            print(f"  {phase.name}: done", flush=True)
    finally:
        for poster in posters:
            poster.close()


async def measure(
    phase: Phase, site: Site, posters: list[Poster], after: int, args: argparse.Namespace
) -> Posted:
    server_pid = site.pid
    crowd = Crowd(site.port, site.topic, after)
    cpu_before, started = process_tree_cpu(server_pid), time.monotonic()
    try:
        await crowd.open(phase.readers)
        phase.connect_seconds = time.monotonic() - started
        phase.connect_cpu = process_tree_cpu(server_pid) - cpu_before
        phase.connected = len(crowd.following)
        phase.refused = Counter(r.status for r in crowd.readers if r.status != 200)
        # Every reader follows the stream once a comment posted now has reached them all.
        probe = await posters[0].post(f"Sonde avant la phase « {phase.name} ».")
        if probe is None:
            raise SystemExit(f"the probe comment was refused: {dict(posters[0].errors)}")
        if not await crowd.wait_for({probe.id}, READY_SECONDS):
            print(f"  {phase.name}: not every reader received the probe", flush=True)
        crowd.forget()

        rusage = resource.getrusage(resource.RUSAGE_SELF)
        cpu_before, started = process_tree_cpu(server_pid), time.monotonic()
        waited_before = cpu_wait(server_pid)
        await post_at_rate(phase, posters, args.rate, args.seconds)
        await crowd.wait_for({post.id for post in phase.posts}, DRAIN_SECONDS)
        phase.seconds = time.monotonic() - started
        phase.server_cpu = process_tree_cpu(server_pid) - cpu_before
        phase.loop_waited = cpu_wait(server_pid) - waited_before
        after_usage = resource.getrusage(resource.RUSAGE_SELF)
        phase.generator_cpu = (
            after_usage.ru_utime - rusage.ru_utime + after_usage.ru_stime - rusage.ru_stime
        )
        phase.peak_rss = sum(peak_rss_megabytes(server_pid).values())
    finally:
        crowd.close()
    made = await asyncio.to_thread(made_at, site.env, [post.id for post in phase.posts])
    score(phase, crowd, made, site.sessions)
    await asyncio.sleep(1.0)  # the server notices the streams closed and lets them go
    return max(phase.posts, key=lambda post: post.id) if phase.posts else probe


def made_at(env: dict[str, str], ids: list[int]) -> dict[int, float]:
    """When the server made each post (its created_at), on this process's monotonic clock."""
    code = f"IDS = {ids}\n" + MADE
    pairs = json.loads(shell(env, code).strip().splitlines()[-1])
    to_monotonic = time.monotonic() - time.time()
    return {pk: at + to_monotonic for pk, at in pairs}


def score(phase: Phase, crowd: Crowd, made: dict[int, float], sessions: list[str]) -> None:
    phase.drops, phase.duplicates = crowd.drops, crowd.duplicates
    for reader in crowd.following:
        got_all = True
        for post in phase.posts:
            arrived = reader.arrivals.get(post.id)
            if arrived is None:
                got_all = False
                continue
            phase.received += 1
            delay = arrived - post.returned_at
            if delay < 0:
                phase.early += 1
            phase.delays.append(max(delay, 0.0))
            phase.from_sent.append(arrived - post.sent_at)
            if post.id in made:
                phase.from_made.append(arrived - made[post.id])
        phase.missing_readers += not got_all
    for post in phase.posts:
        html = crowd.htmls.get(post.id)
        if html is None:
            continue
        phase.checked_html += 1
        if post.text not in html:
            phase.html_problems["not the comment's text"] += 1
        for what, marker in {**PERSONAL, "CSRF secret": CSRF}.items():
            if marker in html:
                phase.html_problems[what] += 1
        if any(session in html for session in sessions):
            phase.html_problems["session key"] += 1


async def post_at_rate(phase: Phase, posters: list[Poster], rate: float, seconds: float) -> None:
    """Comments posted on a fixed schedule, members taking turns (each waits for its answer)."""
    total = max(1, round(rate * seconds))
    begin = time.monotonic() + 0.05

    async def turns(number: int, poster: Poster) -> None:
        for n in range(number, total, len(posters)):
            due = begin + n / rate
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            if time.monotonic() - due > 0.1:
                phase.late_starts += 1
            posted = await poster.post(f"Commentaire {n} de {phase.name}, membre {number}.")
            if posted is not None:
                phase.posts.append(posted)

    await asyncio.gather(*(turns(number, poster) for number, poster in enumerate(posters)))
    for poster in posters:
        phase.post_errors.update(poster.errors)
        poster.errors.clear()


def cpu_wait(pid: int) -> float:
    """Seconds the main thread of `pid` (the server's event loop) spent ready to run while
    its core ran something else (/proc/<pid>/schedstat): how much the neighbours took."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
    except (FileNotFoundError, IndexError):
        return 0.0


# Members posting ---------------------------------------------------------------------------


class Poster:
    """A signed-in member on one kept-alive connection, posting through the reply form."""

    def __init__(self, port: int, session: str, topic: int) -> None:
        self.port, self.session, self.topic = port, session, topic
        self.head = member_head(port, session)
        self.errors: Counter[str] = Counter()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used_at = 0.0

    async def connect(self) -> None:
        self.close()
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.used_at = time.monotonic()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    async def get(self, path: str) -> int:
        if time.monotonic() - self.used_at > IDLE_SECONDS:
            await self.connect()
        status, _headers = await self.exchange(f"GET {path} HTTP/1.1\r\n{self.head}\r\n".encode())
        return status

    async def post(self, text: str) -> Posted | None:
        request = comment_request(f"/forum/t/{self.topic}/repondre/", self.head, text)
        if time.monotonic() - self.used_at > IDLE_SECONDS:
            await self.connect()
        sent_at = time.monotonic()
        status, headers = await self.exchange(request)
        returned_at = time.monotonic()
        found = re.search(r"#post-(\d+)$", headers.get("location", ""))
        if status != 302 or not found:
            if status:  # else the failure was counted as it happened
                self.errors[f"HTTP {status}" if status != 302 else "302 without a post"] += 1
            return None
        return Posted(int(found.group(1)), text, sent_at, returned_at)

    async def exchange(self, request: bytes) -> tuple[int, dict[str, str]]:
        assert self.reader is not None and self.writer is not None
        self.used_at = time.monotonic()
        try:
            self.writer.write(request)
            await self.writer.drain()
            status, headers, _body = await read_response(self.reader)
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            self.errors[type(error).__name__] += 1
            await self.connect()
            return 0, {}
        if headers.get("connection", "").lower() == "close":
            await self.connect()
        return status, headers


# Readers -----------------------------------------------------------------------------------


class Crowd:
    """Readers of one stream: opens them, hears their events, notes when each item arrived."""

    def __init__(self, port: int, topic: int, after: int) -> None:
        self.port, self.topic, self.after = port, topic, after
        self.readers: list[Reader] = []
        self.following: list[Reader] = []  # those whose stream opened (200)
        self.is_closing = False
        self.drops = 0
        self.duplicates = 0
        self.htmls: dict[int, str] = {}  # what the first reader was pushed, by post

    def request(self, reader: Reader) -> bytes:
        resume = f"Last-Event-ID: {reader.last_id}\r\n" if reader.last_id else ""
        return (
            f"GET /live/topics/{self.topic}/?lang=fr&after={self.after} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{self.port}\r\nAccept: text/event-stream\r\n{resume}\r\n"
        ).encode()

    async def open(self, count: int) -> None:
        loop = asyncio.get_running_loop()
        self.readers = [Reader(self, number) for number in range(count)]
        gate = asyncio.Semaphore(OPENING_AT_ONCE)

        async def one(reader: Reader) -> None:
            async with gate:
                reader.ready = loop.create_future()
                try:
                    await loop.create_connection(lambda: reader, "127.0.0.1", self.port)
                except OSError:
                    reader.status = -1
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(reader.ready, READY_SECONDS)

        await asyncio.gather(*(one(reader) for reader in self.readers))
        self.following = [reader for reader in self.readers if reader.status == 200]

    def reconnect(self, reader: Reader) -> None:
        if self.is_closing:
            return
        self.drops += 1
        loop = asyncio.get_running_loop()

        async def again() -> None:
            if self.is_closing:
                return
            reader.reset()
            try:
                await loop.create_connection(lambda: reader, "127.0.0.1", self.port)
            except OSError:
                self.reconnect(reader)

        loop.call_later(RETRY_SECONDS, lambda: loop.create_task(again()))

    def event(self, reader: Reader, block: bytes, now: float) -> None:
        if block.startswith(b":"):
            return  # a heartbeat
        fields = dict(line.partition(b": ")[::2] for line in block.split(b"\n"))
        if fields.get(b"event") != b"item":
            return
        ident = int(fields[b"id"])
        reader.last_id = max(reader.last_id, ident)
        if ident in reader.arrivals:
            self.duplicates += 1
            return
        reader.arrivals[ident] = now
        if reader.number == 0:
            data = json.loads(fields[b"data"])
            if data["id"] != ident:
                raise SystemExit(f"event id {ident} carries item {data['id']}")
            self.htmls[ident] = data["html"]

    async def wait_for(self, ids: set[int], seconds: float) -> bool:
        """Whether every connected reader received `ids` within `seconds`."""
        deadline = time.monotonic() + seconds
        waiting = self.following
        while time.monotonic() < deadline:
            waiting = [reader for reader in waiting if not ids <= reader.arrivals.keys()]
            if not waiting:
                return True
            await asyncio.sleep(0.05)
        return False

    def forget(self) -> None:
        """Start counting afresh (what arrived before the measure is not part of it)."""
        for reader in self.readers:
            reader.arrivals.clear()
        self.htmls.clear()
        self.drops = self.duplicates = 0

    def close(self) -> None:
        self.is_closing = True
        for reader in self.readers:
            reader.close()


class Reader(asyncio.Protocol):
    """One stream: its HTTP response, de-chunked and cut into events as bytes arrive."""

    def __init__(self, crowd: Crowd, number: int) -> None:
        self.crowd, self.number = crowd, number
        self.arrivals: dict[int, float] = {}
        self.last_id = 0
        self.ready: asyncio.Future[None] | None = None
        self.transport: asyncio.Transport | None = None
        self.reset()

    def reset(self) -> None:
        self.status = 0
        self.raw = bytearray()  # from the socket, still in chunks
        self.body = bytearray()  # de-chunked, not yet a whole event

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(self.crowd.request(self))

    def connection_lost(self, exc: Exception | None) -> None:
        self._ready()
        self.crowd.reconnect(self)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def _ready(self) -> None:
        if self.ready is not None and not self.ready.done():
            self.ready.set_result(None)

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        raw = self.raw
        raw += data
        if not self.status:
            end = raw.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(raw[:end]).lower()
            del raw[: end + 4]
            self.status = int(head.split(None, 2)[1])
            self._ready()
            if self.status != 200 or b"transfer-encoding: chunked" not in head:
                self.close()  # counted as refused; reconnects as a browser would
                return
        while (line_end := raw.find(b"\r\n")) >= 0:
            size = int(bytes(raw[:line_end]).split(b";")[0], 16)
            start = line_end + 2
            if len(raw) < start + size + 2:
                break
            self.body += raw[start : start + size]
            del raw[: start + size + 2]
            if size == 0:
                self.close()  # the server ended the stream (a slow reader): reconnect
        body = self.body
        while (end := body.find(b"\n\n")) >= 0:
            block = bytes(body[:end])
            del body[: end + 2]
            self.crowd.event(self, block, now)


# Report ------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def report(phases: list[Phase]) -> None:
    base, full = phases[0], phases[-1]
    deliveries = [delivery_row(phase) for phase in phases]
    deliveries.append(["ratio", "", "", "", "", "", *ratios(*map(delivery_figures, (base, full)))])
    header = ["phase", "readers", "posts", "deliveries", "received", "readers missing some"]
    print(f"\n{table(deliveries, [*header, *delivery_figures(base)])}\n")
    costs = [cost_row(phase) for phase in phases]
    costs.append(["ratio", *ratios(*map(cost_figures, (base, full))), ""])
    print(f"{table(costs, ['phase', *cost_figures(base), 'generator CPU'])}\n")
    for phase in phases:
        print(
            f"{phase.name}: {phase.connected} streams opened in {phase.connect_seconds:.1f} s "
            f"({phase.connect_cpu / max(phase.connected, 1) * 1000:.2f} ms of server CPU each); "
            f"{len(phase.posts) / max(phase.seconds, 1e-9):.1f} posts/s over {phase.seconds:.1f} s"
            f" (drain included); {phase.early} deliveries arrived before their POST returned;"
            f" the event loop waited for its core {phase.loop_waited:.1f} s"
            f" ({phase.loop_waited / max(phase.seconds, 1e-9):.0%} of the phase: other jobs)"
        )
        problems = {
            "POST errors": dict(phase.post_errors),
            "refused streams": dict(phase.refused),
            "dropped streams (reconnected with Last-Event-ID)": phase.drops,
            "duplicate events": phase.duplicates,
            "posts sent > 100 ms after their turn": phase.late_starts,
        }
        if said := "; ".join(f"{name}: {value}" for name, value in problems.items() if value):
            print(f"  {said}")
    fan_out = (cost_figures(full)["CPU ms/post"] - cost_figures(base)["CPU ms/post"]) / max(
        full.connected - base.connected, 1
    )
    print(
        f"fan-out: each reader adds ≈ {fan_out * 1000:.1f} µs of server CPU per comment, on top "
        f"of {cost_figures(base)['CPU ms/post']:.1f} ms per comment with {base.connected} readers"
        " (the POST, one look at the stream, one render); a difference of two noisy figures"
    )
    if full.seconds and full.generator_cpu / full.seconds > 0.8:
        print("load generator above 80 % of its core: its delivery figures are an upper bound")
    checked = sum(phase.checked_html for phase in phases)
    found: Counter[str] = sum((phase.html_problems for phase in phases), Counter())
    if checked and not found:
        print(
            f"pushed HTML: {checked} items checked, each the comment as the shared page shows it;"
            f" none holds a {', '.join([*PERSONAL, 'CSRF secret', 'session key'])}: ok"
        )
    else:
        print(f"pushed HTML: {checked} items checked: PROBLEMS {dict(found)}")
    figures = delivery_figures(full)
    everyone = full.received > 0 and full.received == full.expected
    for what, p99 in (
        ("after its 302", figures["delivery p99 ms"]),
        ("after the server made it", figures["from made p99 ms"]),
    ):
        print(
            f"target: each of {full.connected} readers on one process gets every comment, p99 "
            f"≤ {TARGET_P99_MS:g} ms {what}: "
            f"{'met' if everyone and p99 <= TARGET_P99_MS else 'MISSED'} "
            f"(p99 {p99:.0f} ms, {full.expected - full.received} deliveries missing)"
        )
    print(
        "delivery: an item event's arrival − its POST's 302 (0 when it came first); from made: "
        "− the post's created_at (the server's clock as the view began writing it: the same "
        "machine's); from sent: − the POST's sending. CPU: the server's user+system time over "
        "the posting phase, drain included; generator CPU: this process's, of one core. "
        "ratio: full phase / baseline.",
        flush=True,
    )


def delivery_figures(phase: Phase) -> dict[str, float]:
    delays = [delay * 1000 for delay in phase.delays]
    return {
        "delivery p50 ms": percentile(delays, 0.50),
        "delivery p99 ms": percentile(delays, 0.99),
        "delivery max ms": max(delays, default=float("nan")),
        "from made p50 ms": percentile(phase.from_made, 0.50) * 1000,
        "from made p99 ms": percentile(phase.from_made, 0.99) * 1000,
        "from sent p99 ms": percentile(phase.from_sent, 0.99) * 1000,
    }


def cost_figures(phase: Phase) -> dict[str, float]:
    posting = [(post.returned_at - post.sent_at) * 1000 for post in phase.posts]
    return {
        "POST p50 ms": percentile(posting, 0.50),
        "POST p99 ms": percentile(posting, 0.99),
        "server CPU %": phase.server_cpu / max(phase.seconds, 1e-9) * 100,
        "CPU ms/post": phase.server_cpu / max(len(phase.posts), 1) * 1000,
        "CPU µs/delivery": phase.server_cpu / max(phase.received, 1) * 1e6,
        "peak RSS MB": phase.peak_rss,
    }


def delivery_row(phase: Phase) -> list[str]:
    return [
        phase.name,
        f"{phase.connected}/{phase.readers}",
        str(len(phase.posts)),
        str(phase.expected),
        str(phase.received),
        str(phase.missing_readers),
        *(f"{value:.1f}" for value in delivery_figures(phase).values()),
    ]


def cost_row(phase: Phase) -> list[str]:
    generator = phase.generator_cpu / phase.seconds if phase.seconds else 0.0
    return [
        phase.name,
        *(f"{value:.1f}" for value in cost_figures(phase).values()),
        f"{generator:.0%}",
    ]


def ratios(before: dict[str, float], after: dict[str, float]) -> list[str]:
    return [f"{after[name] / before[name]:.2f}x" if before[name] else "-" for name in before]


if __name__ == "__main__":
    main()

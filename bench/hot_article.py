"""A breaking story on one small machine: the hot article against nginx and a bare ASGI app.

Builds a scratch SQLite site with `kiosque generate` (the embedded default, production mode)
whose newest article has --comments comments (the page shows the latest 20), then measures,
server pinned to one core and wrk on the other, in interleaved rounds (figures are medians):

  compare    anonymous readers of that article from `kiosque serve`, against nginx serving the
             byte-identical page as a static file and a bare ASGI app (bench/bare_asgi.py, same
             uvicorn) returning the same bytes from memory; then with `Accept-Encoding: gzip,
             br` against nginx serving the pre-compressed file (gzip_static), nginx compressing
             on the fly and the bare ASGI app returning Kiosque's brotli bytes; and the cache
             tier, Varnish (deploy/varnish/kiosque.vcl) in front of Kiosque, when installed.
  member     a signed-in member reading the same article (shared page + personal parts),
             against the anonymous figure of the same round.
  uncached   the page cache off (every request rendered by Django), with the memo of comment
             fragments on (production's default) and off (from scratch).
  profile    200 renders in-process with both caches off, through cProfile: where the time goes.
  posting    20 comments/s posted on the article while wrk reads it: for every comment, when
             it is first on the page served to an anonymous reader and when the live stream
             pushes it, after its POST returned; the readers' p99 meanwhile.
  memory     peak RSS (VmHWM) of the Kiosque server process over the run.

    .venv/bin/python bench/hot_article.py [--seconds 10] [--rounds 3] [--connections 64]
        [--phases compare,member,uncached,profile,posting] [--comments 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness
from harness import Load

PHASES = ["compare", "member", "uncached", "profile", "posting"]
POSTERS = 20
BROWSER_ENCODINGS = {"Accept-Encoding": "gzip, br"}

SETUP = """
import json
from kiosque.accounts.models import User
from kiosque.newsroom.models import Article
article = Article.objects.published().newest_first().select_related("topic").first()
sessions = []
for n in range(POSTERS + 1):
    user = User.objects.create_user(f"banc{n}", f"banc{n}@example.org", None)
    sessions.append(signed_in(user))
print(json.dumps({
    "path": article.get_absolute_url(),
    "topic": article.topic_id,
    "comments": article.topic.post_count,
    "sessions": sessions,
}))
"""

PROFILE = """
import cProfile, io, pstats, time
from django.db import connection
from django.test import Client
client = Client()
for _ in range(5):
    client.get(PATH)
sql_calls, sql_seconds = [], []
def counting(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        sql_calls.append(sql)
        sql_seconds.append(time.perf_counter() - started)
with connection.execute_wrapper(counting):
    client.get(PATH)
started = time.process_time()
for _ in range(RENDERS):
    response = client.get(PATH)
plain = (time.process_time() - started) / RENDERS * 1000
profiler = cProfile.Profile()
started = time.process_time()
profiler.enable()
for _ in range(RENDERS):
    response = client.get(PATH)
profiler.disable()
cpu = (time.process_time() - started) / RENDERS * 1000
assert response.status_code == 200, response.status_code
stats = pstats.Stats(profiler)
total = sum(row[2] for row in stats.stats.values())
sql = sum(sql_seconds) * 1000
print(f"{RENDERS} renders in-process, page cache and memo off: {plain:.1f} ms of CPU per page"
      f" ({cpu:.1f} under the profiler); one render: {len(sql_calls)} queries, {sql:.1f} ms in SQL")
# Cumulative shares (nested: a query run from a template counts in both).
PARTS = {
    "the whole request (Django's handler, middleware included)": (
        "django/test/client.py", "request"
    ),
    "template rendering, queries it triggers included": ("django/template/base.py", "render"),
    "ORM queries (SQL, rows made into model instances)": (
        "django/db/models/query.py", "_fetch_all"
    ),
    "compressing the page's gzip and brotli forms": ("kiosque/pagecache/store.py", "make_page"),
    "URL reversing (kiosque.links and reverse())": ("kiosque/links.py", "link"),
    "date formatting": ("django/utils/dateformat.py", "format"),
    "translation lookups": ("django/utils/translation/trans_real.py", "gettext"),
}
by_part = {}
for (filename, line, name), row in stats.stats.items():
    for part, (where, function) in PARTS.items():
        if filename.endswith(where) and name == function:
            by_part[part] = max(by_part.get(part, 0.0), row[3])
for part in PARTS:
    if part in by_part:
        print(f"  {by_part[part] / total * 100:5.1f} %  {part}")
out = io.StringIO()
pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
print("  top functions by own time:")
for line in out.getvalue().splitlines():
    if re.match(r"\\s+\\d", line):
        print("   ", line.strip()[:150])
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (medians)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--comments", type=int, default=200, help="on the hot article")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--posting-seconds", type=float, default=30.0)
    parser.add_argument("--rate", type=float, default=20.0, help="comments per second")
    args = parser.parse_args()
    phases = args.phases.split(",")
    if unknown := set(phases) - set(PHASES):
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    harness.require("wrk", "nginx")
    # SIGTERM (make, CI) unwinds like Ctrl-C, so that every server started here is stopped.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))

    server_cpus, load_cpus = harness.split_cpus()
    if load_cpus:
        os.sched_setaffinity(0, load_cpus)
    print(
        f"servers on CPU {sorted(server_cpus) or 'any'}, wrk and this script on CPU "
        f"{sorted(load_cpus) or 'any'}; {args.connections} connections; {args.rounds} "
        f"interleaved rounds of {args.seconds:g} s (medians)",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="kiosque-bench-hot-"))
    try:
        with ExitStack() as servers:
            Bench(args, phases, workdir, server_cpus, load_cpus, servers).run()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class Bench:
    def __init__(
        self,
        args: argparse.Namespace,
        phases: list[str],
        workdir: Path,
        server_cpus: set[int],
        load_cpus: set[int],
        servers: ExitStack,
    ) -> None:
        self.args, self.phases, self.workdir = args, phases, workdir
        self.server_cpus, self.load_cpus, self.servers = server_cpus, load_cpus, servers
        self.env = harness.server_env(workdir)
        self.results: dict[str, Load] = {}

    def run(self) -> None:
        self.build_site()
        self.kiosque_port = harness.free_port()
        self.kiosque = self.serve(self.kiosque_port, self.env)
        self.bodies = self.fetch_forms()
        if "compare" in self.phases or "member" in self.phases:
            self.compare()
        if "uncached" in self.phases:
            self.uncached()
        if "profile" in self.phases:
            self.profile()
        if "posting" in self.phases:
            self.posting()
        self.memory()

    # Set-up ---------------------------------------------------------------------------

    def build_site(self) -> None:
        started = time.monotonic()
        harness.manage(self.env, "migrate", "--noinput", "-v", "0")
        harness.manage(
            self.env, "generate", "--articles", "300", "--comments", "3000",
            "--hot-comments", str(self.args.comments), "--members", "60", "--seed", "1",
        )  # fmt: skip
        output = harness.shell(self.env, f"POSTERS = {POSTERS}\n" + harness.SIGN_IN + SETUP)
        self.site = json.loads(output.strip().splitlines()[-1])
        print(
            f"site: 300 articles, 3,000 comments (SQLite, generated in "
            f"{time.monotonic() - started:.0f} s); hot article {self.site['path']} with "
            f"{self.site['comments']} comments",
            flush=True,
        )

    def serve(self, port: int, env: dict[str, str]):  # type: ignore[no-untyped-def]  # harness's type
        # The first server collects the static files (in production mode) for every later one.
        process = harness.start_server(env, port, self.server_cpus)
        return self.servers.enter_context(harness.running(process))

    def fetch_forms(self) -> dict[str, bytes]:
        """The page as Kiosque sends it: plain, gzip and brotli (from its cache)."""
        forms: dict[str, bytes] = {}
        for encoding in ("identity", "gzip", "br"):
            for _ in range(2):  # the first request renders and stores; the second is the cache's
                status, headers, body = harness.get(
                    self.kiosque_port, self.site["path"], {"Accept-Encoding": encoding}
                )
            assert status == 200, status
            assert headers.get("content-encoding", "identity") == encoding, headers
            forms[encoding] = body
        print(
            f"page: {len(forms['identity']):,} bytes, gzip {len(forms['gzip']):,}, brotli "
            f"{len(forms['br']):,} (as Kiosque sends them)",
            flush=True,
        )
        return forms

    # compare, member ------------------------------------------------------------------

    def compare(self) -> None:
        root = self.workdir / "static-page"
        root.mkdir()
        # nginx's workers run as another user: they must be able to read the page.
        for readable in (self.workdir, root):
            readable.chmod(0o755)
        (root / "index.html").write_bytes(self.bodies["identity"])
        (root / "index.html.gz").write_bytes(self.bodies["gzip"])
        for name in ("identity", "br"):
            (self.workdir / f"page.{name}").write_bytes(self.bodies[name])

        def nginx(compression: str) -> tuple[int, int]:
            port = harness.free_port()
            process = harness.start_nginx(root, port, self.server_cpus, compression)
            return port, self.servers.enter_context(harness.running(process)).pid

        def bare(encoding: str) -> tuple[int, int]:
            port = harness.free_port()
            env = {
                **os.environ,
                "PYTHONPATH": str(harness.ROOT / "bench"),
                "BARE_ASGI_BODY": str(self.workdir / f"page.{encoding}"),
                "BARE_ASGI_ENCODING": "" if encoding == "identity" else encoding,
            }
            command = [
                sys.executable, "-m", "uvicorn", "bare_asgi:app", "--port", str(port),
                "--lifespan", "off", "--no-access-log", "--no-server-header",
                "--log-level", "warning",
            ]  # fmt: skip
            process = harness.start(command, env, port, self.server_cpus)
            return port, self.servers.enter_context(harness.running(process)).pid

        article = self.site["path"]
        member = {"Cookie": f"sessionid={self.site['sessions'][-1]}", **BROWSER_ENCODINGS}
        contenders: dict[str, tuple[int, int, str, dict[str, str]]] = {}

        def add(name: str, port: int, pid: int, path: str, headers: dict[str, str]) -> None:
            contenders[name] = (port, pid, path, headers)

        kiosque = (self.kiosque_port, self.kiosque.pid)
        if "compare" in self.phases:
            add("nginx, static file", *nginx("none"), "/index.html", {})
            add("bare ASGI, same bytes", *bare("identity"), "/", {})
            add("Kiosque, anonymous", *kiosque, article, {})
            add("nginx, gzip_static", *nginx("static"), "/index.html", BROWSER_ENCODINGS)
            add("nginx, gzip on the fly", *nginx("on-the-fly"), "/index.html", BROWSER_ENCODINGS)
            add("bare ASGI, brotli bytes", *bare("br"), "/", BROWSER_ENCODINGS)
            if varnishd := harness.varnishd():
                port, pid = self.varnish(varnishd)
                add("Varnish → Kiosque, gzip/br", port, pid, article, BROWSER_ENCODINGS)
        add("Kiosque, anonymous, gzip/br", *kiosque, article, BROWSER_ENCODINGS)
        if "member" in self.phases:
            add("Kiosque, signed-in member", *kiosque, article, member)

        runs: dict[str, list[Load]] = {name: [] for name in contenders}
        for number in range(self.args.rounds):
            print(f"round {number + 1}/{self.args.rounds}…", flush=True)
            for name, (port, pid, path, headers) in contenders.items():
                runs[name].append(
                    harness.wrk(
                        f"http://127.0.0.1:{port}{path}",
                        seconds=self.args.seconds,
                        connections=self.args.connections,
                        headers=headers,
                        cpus=self.load_cpus,
                        server_pid=pid,
                    )
                )
        self.results.update({name: harness.median_load(loads) for name, loads in runs.items()})
        self.report_compare()

    def varnish(self, varnishd: str) -> tuple[int, int]:
        """deploy/varnish/kiosque.vcl in front of the Kiosque server (both backends on it)."""
        vcl = (harness.ROOT / "deploy" / "varnish" / "kiosque.vcl").read_text()
        for written in ('.port = "8001";', '.port = "8002";'):
            vcl = vcl.replace(written, f'.port = "{self.kiosque_port}";')
        (self.workdir / "kiosque.vcl").write_text(vcl)
        port = harness.free_port()
        command = [
            varnishd, "-j", "none", "-F", "-n", str(self.workdir / "varnish"),
            "-a", f"127.0.0.1:{port}", "-f", str(self.workdir / "kiosque.vcl"),
            "-s", "malloc,64m", "-p", "thread_pools=1",
        ]  # fmt: skip
        process = harness.start(command, None, port, self.server_cpus)
        return port, self.servers.enter_context(harness.running(process)).pid

    def report_compare(self) -> None:
        results = self.results
        rows = []
        ratios: dict[str, list[tuple[str, str]]] = {
            "Kiosque, anonymous": [
                ("bare ASGI, same bytes", "≥ 0.8"),
                ("nginx, static file", "≥ 0.5"),
            ],
            "Kiosque, anonymous, gzip/br": [
                ("bare ASGI, brotli bytes", "≥ 0.8"),
                ("nginx, gzip_static", "≥ 0.5"),
                ("nginx, gzip on the fly", "≥ 1"),
            ],
            "Kiosque, signed-in member": [("Kiosque, anonymous, gzip/br", "≥ 0.3")],
            "Varnish → Kiosque, gzip/br": [("nginx, gzip_static", "")],
        }
        for name, load in results.items():
            versus = []
            for reference, goal in ratios.get(name, []):
                if reference in results:
                    ratio = load.requests / results[reference].requests
                    if not goal:
                        versus.append(f"{ratio:.2f}× {reference}")
                        continue
                    verdict = "met" if ratio >= float(goal.split()[1]) else "MISSED"
                    versus.append(f"{ratio:.2f}× {reference} ({goal}: {verdict})")
            rows.append(
                [
                    name,
                    f"{load.requests:,}",
                    f"{load.p50_ms:.2f}",
                    f"{load.p99_ms:.2f}",
                    f"{load.server_cpu / max(load.requests, 1) * 1000:.3f}",
                    f"{load.bytes_read:,}",
                    str(load.errors),
                    "; ".join(versus),
                ]
            )
        print()
        print(
            harness.table(
                rows,
                ["what", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "bytes/resp", "errors", ""],
            )
        )
        worst = max(
            (load.p99_ms for name, load in results.items() if name.startswith("Kiosque")),
            default=0.0,
        )
        print(f"Kiosque p99 ≤ 50 ms: {'met' if worst <= 50 else 'MISSED'} (worst {worst:.1f} ms)")
        print(
            "CPU ms/req: the server's user+system time per answered request (its own process "
            "and children, /proc); req/s and p50/p99 are medians of the rounds.\n",
            flush=True,
        )

    # uncached, profile ----------------------------------------------------------------

    def uncached(self) -> None:
        rows = []
        for memo in ("1", "0"):
            env = {**self.env, "KIOSQUE_PAGE_CACHE": "0", "KIOSQUE_FRAGMENT_MEMO": memo}
            port = harness.free_port()
            process = harness.start_server(env, port, self.server_cpus, collectstatic=False)
            with harness.running(process):
                url = f"http://127.0.0.1:{port}{self.site['path']}"
                harness.wrk(
                    url, seconds=2, connections=1, cpus=self.load_cpus, server_pid=process.pid
                )  # warm-up
                loads = [
                    harness.wrk(
                        url,
                        seconds=self.args.seconds,
                        connections=4,
                        headers=BROWSER_ENCODINGS,
                        cpus=self.load_cpus,
                        server_pid=process.pid,
                    )
                    for _ in range(self.args.rounds)
                ]
            load = harness.median_load(loads)
            cpu = load.server_cpu / max(load.requests, 1) * 1000
            label = "on (production)" if memo == "1" else "off (from scratch)"
            rows.append(
                [
                    f"page cache off, comment memo {label}",
                    f"{load.requests:,}",
                    f"{load.p50_ms:.1f}",
                    f"{load.p99_ms:.1f}",
                    f"{cpu:.2f}",
                    f"{1000 / cpu:.0f}" if cpu else "-",
                    f"≥ 250 req/s, ≤ 4 ms CPU: {'met' if cpu <= 4 else 'MISSED'}",
                ]
            )
        print(
            harness.table(
                rows,
                [
                    "uncached article page",
                    "req/s",
                    "p50 ms",
                    "p99 ms",
                    "CPU ms/req",
                    "req/s per core",
                    "",
                ],
            )
        )
        print(
            "req/s per core = 1000 ÷ CPU ms/req: what one core would serve with nothing else "
            "on it.\n",
            flush=True,
        )

    def profile(self) -> None:
        env = {**self.env, "KIOSQUE_PAGE_CACHE": "0", "KIOSQUE_FRAGMENT_MEMO": "0",
               "ALLOWED_HOSTS": "testserver", "KIOSQUE_ENV": "production"}  # fmt: skip
        code = f"import re\nPATH = {self.site['path']!r}\nRENDERS = 200\n" + PROFILE
        print(harness.shell(env, code), flush=True)

    # posting --------------------------------------------------------------------------

    def posting(self) -> None:
        seconds = self.args.posting_seconds
        url = f"http://127.0.0.1:{self.kiosque_port}{self.site['path']}"
        reading: dict[str, Load] = {}

        def read() -> None:
            reading["load"] = harness.wrk(
                url,
                seconds=seconds,
                connections=self.args.connections,
                headers=BROWSER_ENCODINGS,
                cpus=self.load_cpus,
                server_pid=self.kiosque.pid,
            )

        reader = threading.Thread(target=read)
        reader.start()
        outcome = asyncio.run(Posting(self.kiosque_port, self.site, self.args.rate, seconds).run())
        reader.join()
        load = reading["load"]
        posts = outcome.posted
        page = sorted(outcome.on_page.values())
        pushed = sorted(outcome.pushed.values())
        missing_page = len(posts) - len(page)
        missing_push = len(posts) - len(pushed)

        def p(values: list[float], q: float) -> float:
            values = sorted(values)
            return values[min(len(values) - 1, int(len(values) * q))] * 1000 if values else 0.0

        print(
            f"posting {self.args.rate:g} comments/s for {seconds:g} s on the hot article while "
            f"wrk reads it ({self.args.connections} connections, gzip/br):"
        )
        print(
            f"  posted {len(posts)} ({outcome.errors} errors), POST p50 "
            f"{p(outcome.post_latencies, 0.5):.1f} ms, p99 {p(outcome.post_latencies, 0.99):.1f} ms"
        )
        print(
            f"  on the anonymous page after the POST returned: p50 {p(page, 0.5):.0f} ms, p99 "
            f"{p(page, 0.99):.0f} ms, max {p(page, 1.0):.0f} ms, never seen {missing_page} "
            f"(≤ 1 s: {'met' if page and p(page, 1.0) <= 1000 and not missing_page else 'MISSED'})"
        )
        print(
            f"  pushed live: p50 {p(pushed, 0.5):.0f} ms, p99 {p(pushed, 0.99):.0f} ms, max "
            f"{p(pushed, 1.0):.0f} ms, never pushed {missing_push} (≤ 1 s: "
            f"{'met' if pushed and p(pushed, 1.0) <= 1000 and not missing_push else 'MISSED'})"
        )
        print(
            f"  readers meanwhile: {load.rate:,.0f} req/s, p50 {load.p50_ms:.2f} ms, p99 "
            f"{load.p99_ms:.2f} ms (≤ 100 ms: {'met' if load.p99_ms <= 100 else 'MISSED'}), "
            f"{load.errors} errors; server CPU {load.server_cpu / seconds * 100:.0f} % of a core"
            f" for reads, posts and pushes together\n",
            flush=True,
        )

    def memory(self) -> None:
        peaks = harness.peak_rss_megabytes(self.kiosque.pid)
        peak = max(peaks.values(), default=0.0)
        print(
            f"memory: peak RSS of the Kiosque server process over the run {peak:.0f} MB "
            f"(≤ 150 MB: {'met' if peak <= 150 else 'MISSED'})",
            flush=True,
        )


class Posting:
    """Members post at a steady rate; an anonymous reader and a live stream watch for them."""

    def __init__(self, port: int, site: dict[str, Any], rate: float, seconds: float) -> None:
        self.port, self.site, self.rate, self.seconds = port, site, rate, seconds
        self.returned: dict[int, float] = {}  # post id → when its POST returned
        self.on_page: dict[int, float] = {}  # post id → delay until on the anonymous page
        self.pushed: dict[int, float] = {}  # post id → delay until pushed live
        self.post_latencies: list[float] = []
        self.errors = 0
        self.done = False

    @property
    def posted(self) -> list[int]:
        return list(self.returned)

    async def run(self) -> Posting:
        stream = asyncio.create_task(self.listen())
        await asyncio.sleep(0.5)  # the stream is open before the first post
        watcher = asyncio.create_task(self.watch())
        posters = [
            asyncio.create_task(self.post(session, n))
            for n, session in enumerate(self.site["sessions"][:POSTERS])
        ]
        await asyncio.gather(*posters)
        await asyncio.sleep(2.0)  # the last comments have time to show
        self.done = True
        await watcher
        stream.cancel()
        # A push may arrive before its POST's answer: that is a delay of nothing.
        self.pushed = {
            post: max(0.0, arrived - self.returned[post])
            for post, arrived in self.pushed.items()
            if post in self.returned
        }
        return self

    async def post(self, session: str, number: int) -> None:
        interval = POSTERS / self.rate
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = harness.member_head(self.port, session)
        path = f"/forum/t/{self.site['topic']}/repondre/"
        start = time.monotonic() + number * interval / POSTERS
        sent = 0
        try:
            while (due := start + sent * interval) < start + self.seconds:
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                text = f"Commentaire {sent} du membre {number}"
                request = harness.comment_request(path, head, text)
                sent += 1
                began = time.monotonic()
                writer.write(request)
                status, headers, _ = await harness.read_response(reader)
                finished = time.monotonic()
                found = re.search(r"#post-(\d+)$", headers.get("location", ""))
                if status != 302 or not found:
                    self.errors += 1
                    continue
                self.post_latencies.append(finished - began)
                self.returned[int(found.group(1))] = finished
        finally:
            writer.close()

    async def watch(self) -> None:
        """An anonymous reader fetching the page again and again, as a crowd's reloads do."""
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        request = (
            f"GET {self.site['path']} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n"
        ).encode()
        try:
            while not self.done:
                asked = time.monotonic()
                writer.write(request)
                _, _, body = await harness.read_response(reader, keep_body=True)
                shown = [int(post) for post in re.findall(rb'id="post-(\d+)"', body)]
                # The page shows the latest 20 comments: at 20 a second, a comment may have
                # left it already. A page holding a later comment was made after this one was
                # stored: it shows it, or shows that it has moved to the previous page.
                newest = max(shown, default=0)
                arrived = time.monotonic()
                for post, returned in list(self.returned.items()):
                    # Only a page asked for after the POST returned counts.
                    if post <= newest and post not in self.on_page and asked >= returned:
                        self.on_page[post] = arrived - returned
                await asyncio.sleep(0.02)
        finally:
            writer.close()

    async def listen(self) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(
            f"GET /live/topics/{self.site['topic']}/?lang=fr HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{self.port}\r\nAccept: text/event-stream\r\n\r\n".encode()
        )
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                if found := re.match(rb'data: \{"id": ?(\d+)', line):
                    post = int(found.group(1))
                    arrived = time.monotonic()
                    if post not in self.pushed:
                        self.pushed[post] = arrived  # the POST may not have returned yet
        finally:
            writer.close()


if __name__ == "__main__":
    main()

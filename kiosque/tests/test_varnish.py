"""Varnish (deploy/varnish/kiosque.vcl) in front of two `kiosque serve` processes.

Real processes, as in production: varnishd in the foreground on a free port with the deployed
VCL (its backend ports replaced by the two servers'), and two servers in production mode
sharing one PostgreSQL database of the test's own and one Redis database, purging the Varnish
on every announcement (KIOSQUE_PURGE_URLS). A reader's second view is a Varnish hit; a change
reaches the page through Varnish within a second; a member's page is never cached; each
encoding arrives as asked.

Runs in the PostgreSQL run of `make test` (DATABASE_URL=postgres://…) with Redis on
127.0.0.1:6379 (database TEST_REDIS_URL, by default redis://127.0.0.1:6379/7, whose `kiosque:*`
keys it deletes before and after) and Debian's `varnish` and `varnish-modules`; skips, saying
why, anywhere else.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import brotli
import pytest
from django.conf import settings

from kiosque.tests.test_serve import free_port

KIOSQUE = [sys.executable, "-m", "kiosque.cli"]
VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "kiosque.vcl"
# The backend ports written in the deployed VCL, replaced by the test servers' ports.
VCL_PORTS = ('.port = "8001";', '.port = "8002";')
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
# What the issue asks: a change visible through Varnish within a second of being made.
VISIBLE_WITHIN_SECONDS = 1.0
POLL_EVERY_SECONDS = 0.05
# Only a broken process takes this long to start, however busy the machine.
START_DEADLINE_SECONDS = 90
PROBE_URL = "/static/kiosque/css/kiosque.css"
# No separate users for Varnish's processes: the test's files are the test user's own.
JAIL = ("-j", "none")

# Run by `kiosque shell` on the served database: three articles (one per test that changes
# or compresses pages), two members and their sessions.
SETUP = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from kiosque.accounts.models import User
from kiosque.newsroom import actions
from kiosque.newsroom.tests.factories import ArticleFactory, SectionFactory

section = SectionFactory(name="Réseaux", slug="reseaux")
articles = {}
for name, title in [
    ("edited", "La fibre arrive au village"),
    ("discussed", "Le cuivre s’éteint en 2030"),
    ("read", "Un satellite pour les zones blanches"),
]:
    article = ArticleFactory(title=title, slug=name, section=section)
    actions.publish_article(article, by=None, at=article.published_at)
    article.refresh_from_db()
    articles[name] = {
        "pk": article.pk, "url": article.get_absolute_url(), "topic": article.topic_id,
        "topic_url": article.topic.get_absolute_url(),
    }
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
sessions = {}
for name in ("commentatrice", "visiteuse"):
    user = User.objects.create_user(name, f"{name}@example.org", None)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions[name] = session.session_key
print(json.dumps({"articles": articles, "sessions": sessions}))
"""

# Run by `kiosque shell`: a newsroom edit, as the admin makes it (save_article announces).
EDIT_TITLE = """
from kiosque.newsroom.actions import save_article
from kiosque.newsroom.models import Article
article = Article.objects.get(pk={pk})
article.title = {title!r}
save_article(article, by=None)
print("saved", flush=True)
"""


def comments_are_announced() -> bool:
    """Whether posting a comment announces what it changes (community actions, `writes`)."""
    from kiosque.community import actions

    return hasattr(actions, "announce")


needs_announced_comments = pytest.mark.xfail(
    not comments_are_announced(),
    reason="posting a comment announces nothing yet (the `writes` change makes community "
    "actions announce topic, category, forum and member keys); until then no cache drops it",
    strict=True,
)


# --- HTTP ---------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def html(self) -> str:
        """The body as text, decompressed as its Content-Encoding says."""
        encoding = self.headers.get("content-encoding", "")
        if encoding == "br":
            return brotli.decompress(self.body).decode()
        if encoding == "gzip":
            return gzip.decompress(self.body).decode()
        assert not encoding, encoding
        return self.body.decode()

    @property
    def x_cache(self) -> str:
        return self.headers.get("x-cache", "")


def request(
    port: int,
    path: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Answer:
    """One request to 127.0.0.1:`port`, answered as sent: no redirect followed, no decoding."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            response.read(),
        )
    finally:
        connection.close()


def visible_after(since: float, check: Callable[[], bool]) -> float | None:
    """Seconds from `since` (time.monotonic()) until `check()` holds, polling every
    POLL_EVERY_SECONDS for VISIBLE_WITHIN_SECONDS; None if it never did."""
    while True:
        if check():
            return time.monotonic() - since
        if time.monotonic() - since > VISIBLE_WITHIN_SECONDS:
            return None
        time.sleep(POLL_EVERY_SECONDS)


def report(record_property: Callable[[str, object], None], what: str, delay: float | None) -> None:
    """Print the delay, and have it printed at the end of the run (conftest.py: "measured")."""
    shown = "never" if delay is None else f"{delay * 1000:.0f} ms"
    line = f"through Varnish: {what}: visible after {shown}"
    print(line)
    record_property("measured", line)


# --- Processes ----------------------------------------------------------------------------


def varnishd() -> str:
    found = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        pytest.skip("varnishd not installed: apt-get install varnish varnish-modules")
    return found


def started(process: subprocess.Popen[bytes], log: Path, port: int, path: str) -> None:
    """Wait until `process` answers 200 on `path`; fail with its log if it dies or never does."""
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args!r} stopped:\n{log.read_text()}")
        try:
            if request(port, path).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(
        f"{process.args!r} did not answer within {START_DEADLINE_SECONDS} s:\n{log.read_text()}"
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def kiosque(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*KIOSQUE, *args], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, f"kiosque {args[0]}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def delete_our_redis_keys() -> None:
    """Pages and versions left in our Redis database: a new database must not meet them."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=2)
    try:
        for key in client.scan_iter(match="kiosque:*", count=500):
            client.delete(key)
    finally:
        client.close()


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A PostgreSQL database of the servers' own, dropped afterwards: its URL."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(
            "Varnish and two `kiosque serve` processes run in the PostgreSQL run of `make test` "
            "(DATABASE_URL=postgres://…); this run is on SQLite"
        )
    import psycopg

    host, port = db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)
    user, password = db["USER"] or "postgres", db["PASSWORD"] or ""
    try:
        admin = psycopg.connect(
            host=host,
            port=port,
            user=user,
            password=password or None,
            dbname="postgres",
            autocommit=True,
            connect_timeout=5,
        )
    except Exception as error:
        pytest.skip(f"no PostgreSQL server answers at {host}:{port} ({error})")
    base = re.sub(r"_gw\d+$", "", db["NAME"].removeprefix("test_"))
    name = f"{base}_tier_{os.getpid()}"
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            secret = f":{password}" if password else ""
            yield f"postgres://{user}{secret}@{host}:{port}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def redis_database() -> Iterator[str]:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as error:
        pytest.skip(f"no Redis answers at {REDIS_URL} ({error}); several processes need it")
    finally:
        client.close()
    delete_our_redis_keys()
    yield REDIS_URL
    delete_our_redis_keys()


@dataclass
class Site:
    varnish: int
    servers: tuple[int, int]
    env: dict[str, str]
    articles: dict[str, dict[str, object]]
    sessions: dict[str, str]

    def get(self, path: str, *, port: int | None = None, **headers: str) -> Answer:
        names = {name.replace("_", "-"): value for name, value in headers.items()}
        return request(port or self.varnish, path, headers=names)

    def article(self, name: str) -> dict[str, object]:
        return self.articles[name]


@pytest.fixture(scope="module")
def site(
    database: str, redis_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    daemon = varnishd()
    work = tmp_path_factory.mktemp("tier")
    varnish_port, *server_ports = free_port(), free_port(), free_port()
    env = {
        **{
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("KIOSQUE_", "DATABASE_", "REDIS_"))
        },
        "DJANGO_SETTINGS_MODULE": "kiosque.settings",
        "KIOSQUE_ENV": "production",  # as `kiosque serve` sets it: static files with a manifest
        "DATABASE_URL": database,
        "REDIS_URL": redis_database,
        "KIOSQUE_VAR_DIR": str(work / "var"),
        "SECRET_KEY": "kiosque-test-" + "s" * 50,  # five different characters at least (W009)
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        # The test's members post the moment they open a page: a person takes longer.
        "KIOSQUE_MIN_FILL_SECONDS": "0",
    }
    kiosque(env, "migrate", "--noinput", "-v", "0")
    kiosque(env, "collectstatic", "--noinput", "-v", "0")
    data = json.loads(kiosque(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    # From now on every change made through these settings purges the Varnish.
    env["KIOSQUE_PURGE_URLS"] = f"http://127.0.0.1:{varnish_port}"

    vcl = VCL.read_text()
    for written, port in zip(VCL_PORTS, server_ports, strict=True):
        assert written in vcl, f"{VCL} no longer has {written}"
        vcl = vcl.replace(written, f'.port = "{port}";')
    (work / "kiosque.vcl").write_text(vcl)
    compiled = subprocess.run(
        [daemon, *JAIL, "-C", "-n", str(work / "compile"), "-f", str(work / "kiosque.vcl")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if "xkey" in compiled.stderr and compiled.returncode != 0:
        pytest.skip("Varnish's xkey module not installed: apt-get install varnish-modules")
    assert compiled.returncode == 0, compiled.stderr

    serve_help = kiosque(env, "serve", "--help")
    extra = ["--no-worker"] if "--no-worker" in serve_help else []
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for number, port in enumerate(server_ports, start=1):
            log = work / f"server{number}.log"
            with log.open("wb") as output:
                server = subprocess.Popen(
                    [*KIOSQUE, "serve", "--port", str(port), "--no-collectstatic", *extra],
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            processes.append(server)
            started(server, log, port, PROBE_URL)
        log = work / "varnishd.log"
        with log.open("wb") as output:
            varnish = subprocess.Popen(
                [
                    daemon,
                    *JAIL,
                    "-F",
                    "-n",
                    str(work / "varnish"),
                    "-a",
                    f"127.0.0.1:{varnish_port}",
                    "-f",
                    str(work / "kiosque.vcl"),
                    "-s",
                    "malloc,64m",
                    # Small: a shared machine, a handful of requests.
                    "-p",
                    "thread_pools=1",
                    "-p",
                    "thread_pool_min=10",
                    "-p",
                    "thread_pool_max=100",
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        processes.append(varnish)
        started(varnish, log, varnish_port, PROBE_URL)
        yield Site(
            varnish=varnish_port,
            servers=(server_ports[0], server_ports[1]),
            env=env,
            articles=data["articles"],
            sessions=data["sessions"],
        )
    finally:
        for process in reversed(processes):
            stop(process)


# --- Readers ------------------------------------------------------------------------------


def test_a_readers_second_view_is_a_varnish_hit_without_the_tiers_headers(site):
    url = str(site.article("read")["url"])
    first = site.get(url)
    second = site.get(url)

    assert first.status == second.status == 200
    assert first.x_cache in ("MISS", "HIT") and second.x_cache == "HIT"
    assert second.body == first.body
    assert "Un satellite pour les zones blanches" in second.html
    assert second.headers["vary"] == "Accept-Encoding"
    assert second.headers["cache-control"].startswith("public, max-age=0, s-maxage=")
    for tier_only in ("xkey", "surrogate-key", "surrogate-control"):
        assert tier_only not in second.headers, tier_only
    assert "set-cookie" not in second.headers


def test_cookies_other_than_a_members_do_not_split_the_cache(site):
    url = str(site.article("read")["url"])
    site.get(url)

    with_csrf_cookie = site.get(url, cookie="csrftoken=abc; theme=sombre")

    assert with_csrf_cookie.x_cache == "HIT"


@pytest.mark.parametrize(
    ("accept_encoding", "encoding"),
    [
        ("br", "br"),
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("", ""),
        ("gzip;q=0", ""),
    ],
)
def test_each_reader_gets_the_encoding_asked_for_from_varnish(site, accept_encoding, encoding):
    url = str(site.article("read")["url"])
    plain = site.get(url, port=site.servers[0]).body.decode()

    site.get(url, accept_encoding=accept_encoding)
    answer = site.get(url, accept_encoding=accept_encoding)

    assert answer.x_cache == "HIT"
    assert answer.headers.get("content-encoding", "") == encoding
    assert answer.html == plain
    assert not answer.headers["etag"].startswith("W/"), "the application's strong ETag"
    not_modified = site.get(
        url, accept_encoding=accept_encoding, if_none_match=answer.headers["etag"]
    )
    assert not_modified.status == 304 and not_modified.body == b""


def test_what_the_application_does_not_mark_cacheable_is_not_kept(site):
    missing = [site.get("/nexiste-pas/") for _ in range(2)]
    static = [site.get(PROBE_URL) for _ in range(2)]

    assert [answer.status for answer in missing] == [404, 404]
    assert "HIT" not in [answer.x_cache for answer in missing]
    assert static[1].x_cache == "HIT", "static files say for how long they may be kept"


# --- Members ------------------------------------------------------------------------------


def test_a_members_page_through_varnish_is_never_cached_nor_shown_to_readers(site):
    url = str(site.article("read")["url"])
    member = f"sessionid={site.sessions['visiteuse']}"

    as_member = [site.get(url, cookie=member) for _ in range(2)]
    with_message = site.get(url, cookie="messages=abc")
    as_reader = site.get(url)

    for answer in as_member:
        assert answer.status == 200 and answer.x_cache == "PASS"
        assert ">visiteuse</a>" in answer.html
        assert "private" in answer.headers["cache-control"]
    assert with_message.x_cache == "PASS"
    assert ">visiteuse</a>" not in as_reader.html
    assert "csrfmiddlewaretoken" not in as_reader.html and "Se connecter" in as_reader.html


# --- Purges -------------------------------------------------------------------------------


def test_varnish_purges_by_key_and_says_how_many_pages_went(site):
    article = site.article("read")
    url = str(article["url"])
    site.get(url)
    assert site.get(url).x_cache == "HIT"

    missing_keys = request(site.varnish, "/", method="PURGE")
    purged = request(
        site.varnish, "/", method="PURGE", headers={"xkey-purge": f"article:{article['pk']}"}
    )

    assert missing_keys.status == 400
    assert purged.status == 200 and int(purged.headers["xkey-purged"]) >= 1
    assert site.get(url).x_cache == "MISS"


# --- Changes ------------------------------------------------------------------------------
# Last in the file: each change purges pages the other tests read (every article page lists
# the others), and a process purges the same keys again a moment later.


def test_a_newsroom_edit_reaches_the_pages_through_varnish_within_a_second(site, record_property):
    article = site.article("edited")
    pages = {"the article page": str(article["url"]), "the home page": "/"}
    for url in pages.values():
        site.get(url)
        assert site.get(url).x_cache == "HIT"
        assert "La fibre arrive au village" in site.get(url).html

    new_title = "La fibre est arrivée au village"
    editing = subprocess.Popen(
        [
            *KIOSQUE,
            "shell",
            "-v",
            "0",
            "-c",
            EDIT_TITLE.format(pk=article["pk"], title=new_title),
        ],
        env=site.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert editing.stdout is not None
    said = editing.stdout.readline()  # the change is committed when it says so
    committed = time.monotonic()
    assert said.strip() == "saved", (said, editing.communicate(timeout=60))

    delays = {
        what: visible_after(committed, lambda url=url: new_title in site.get(url).html)
        for what, url in pages.items()
    }
    _out, errors = editing.communicate(timeout=60)
    for what, delay in delays.items():
        report(record_property, f"a newsroom edit on {what}", delay)
    assert editing.returncode == 0, errors
    assert "purge of" not in errors, "the purges succeeded"
    for what, delay in delays.items():
        assert delay is not None, f"the new title is not on {what} within a second"
    for port in site.servers:
        assert new_title in site.get(str(article["url"]), port=port).html


def comment_count(html: str, article_url: str) -> int:
    found = re.search(re.escape(article_url) + r'#discussion">(\d+) commentaires?<', html)
    assert found, f"no card of {article_url}"
    return int(found.group(1))


@needs_announced_comments
def test_a_comment_posted_through_one_process_shows_through_varnish_within_a_second(
    site, record_property
):
    article = site.article("discussed")
    url, topic_url = str(article["url"]), str(article["topic_url"])
    for page in (url, topic_url, "/"):
        site.get(page)
        assert site.get(page).x_cache == "HIT"
    assert comment_count(site.get("/").html, url) == 0
    server_a, server_b = site.servers
    member = {"cookie": f"sessionid={site.sessions['commentatrice']}"}
    form_page = site.get(url, port=server_a, **member)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.html)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", form_page.headers.get("set-cookie", ""))
    assert token and csrf_cookie, "the member's page has the composer"
    text = "Le cuivre tiendra bien jusqu’en 2031, chez moi."

    posted = request(
        server_a,
        f"/forum/t/{article['topic']}/repondre/",
        method="POST",
        headers={
            "Cookie": f"{member['cookie']}; csrftoken={csrf_cookie.group(1)}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "topic": article["topic"],
                "next": url,
                "reply_to": "",
                "source": text,
            }
        ).encode(),
    )
    returned = time.monotonic()
    assert posted.status in (302, 303), posted.status

    delays = {
        "a comment on the article page": visible_after(
            returned, lambda: text in site.get(url).html
        ),
        "a comment on the topic page": visible_after(
            returned, lambda: text in site.get(topic_url).html
        ),
        "the home page card's count": visible_after(
            returned, lambda: comment_count(site.get("/").html, url) == 1
        ),
        "a comment on the article page, from the other process": visible_after(
            returned, lambda: text in site.get(url, port=server_b).html
        ),
    }
    expected = "" if comments_are_announced() else " (expected: comments announce nothing yet)"
    for what, delay in delays.items():
        report(record_property, what + expected, delay)
    for what, delay in delays.items():
        assert delay is not None, f"{what}: not visible within a second"

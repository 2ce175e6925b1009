"""`kiosque serve` on PostgreSQL under load keeps its connections within its pool.

A real server (production mode, no background worker) on a database of its own, a few hundred
concurrent requests (pages read by anonymous readers and members, comments posted by
members), and pg_stat_activity sampled all along: the server never holds more connections
than its pool allows, and no request fails. Before the pool, connections leaked under ASGI
until PostgreSQL refused everyone.

Runs in the PostgreSQL run of `make test` (DATABASE_URL=postgres://…); skips, saying why,
anywhere else.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from django.conf import settings

from kiosque.tests.test_serve import free_port

pytestmark = pytest.mark.postgres

KIOSQUE = [sys.executable, "-m", "kiosque.cli"]
POOL_MAX_SIZE = 4
MEMBERS = 8
REQUESTS = 320
CONCURRENT = 24
SAMPLE_EVERY_SECONDS = 0.02
# Only a broken server would take this long, however busy the machine.
DEADLINE_SECONDS = 120

# Run by `kiosque shell` against the served database: a topic, members, their sessions.
SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from kiosque.accounts.models import User
from kiosque.community.models import Category, Topic
category = Category.objects.create(name="Charge", slug="charge")
topic = Topic.objects.create(category=category, title="Sous la charge", slug="sous-la-charge")
sessions = []
for n in range({members}):
    user = User.objects.create_user(f"charge{{n}}", f"charge{{n}}@example.org", None)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print(json.dumps({{"topic": topic.pk, "url": topic.get_absolute_url(), "sessions": sessions}}))
"""


COUNT_POSTS = "from kiosque.community.models import Post; print(Post.objects.count())"


def postgres_admin():  # a psycopg connection
    """A connection to the suite's PostgreSQL server, outside any database of the suite."""
    import psycopg

    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=int(db["PORT"] or 5432),
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    )


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A database of the server's own, dropped afterwards: its URL."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(
            "runs in the PostgreSQL run of `make test` (DATABASE_URL=postgres://…); "
            "this run is on SQLite"
        )
    try:
        admin = postgres_admin()
    except Exception as error:
        pytest.skip(f"no PostgreSQL server answers ({error})")
    db = settings.DATABASES["default"]
    base_name = db["NAME"].removeprefix("test_").split("_gw")[0]
    name = f"{base_name}_serve_{os.getpid()}"
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        try:
            yield f"postgres://{db['USER'] or 'postgres'}{password}@{host}:{port}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def environment(database: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DATABASE_URL": database,
        "DATABASE_POOL_MAX_SIZE": str(POOL_MAX_SIZE),
        "DATABASE_POOL_MIN_SIZE": "1",
        "KIOSQUE_VAR_DIR": str(tmp_path_factory.mktemp("var")),
        "SECRET_KEY": "kiosque-test-" + "s" * 50,  # five different characters at least (W009)
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "DJANGO_SETTINGS_MODULE": "kiosque.settings",
        # Eight members posting a hundred messages at once from one address, by a script: the
        # flood guards would refuse them (their own tests are elsewhere).
        "KIOSQUE_MIN_FILL_SECONDS": "0",
        "KIOSQUE_RATE_LIMIT_POST": "1000000/m/ip",
        "KIOSQUE_TRUST_LIMITS": json.dumps(
            {level: {"posts_per_minute": 1000, "posts_per_day": 1000} for level in range(4)}
        ),
    }


def connections_of(admin, name: str) -> int:  # admin: a psycopg connection
    row = admin.execute(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = %s AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
        [name],
    ).fetchone()
    return int(row[0])


class Sampler(threading.Thread):
    """Counts the served database's connections every SAMPLE_EVERY_SECONDS, keeps the most."""

    def __init__(self, name: str) -> None:
        super().__init__(daemon=True)
        self.name_sampled = name
        self.most = 0
        self.samples = 0
        self.done = threading.Event()

    def run(self) -> None:
        with postgres_admin() as admin:
            while not self.done.is_set():
                self.most = max(self.most, connections_of(admin, self.name_sampled))
                self.samples += 1
                self.done.wait(SAMPLE_EVERY_SECONDS)


def request(port: int, method: str, path: str, *, session: str = "", body: str = "") -> int:
    csrf = "c" * 32  # any 32-character secret: the form sends the same one as the cookie
    cookies = [f"csrftoken={csrf}"] + ([f"sessionid={session}"] if session else [])
    headers = {"Cookie": "; ".join(cookies)}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = f"{body}&{urlencode({'csrfmiddlewaretoken': csrf})}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE_SECONDS)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_the_server_holds_no_more_connections_than_its_pool_under_load(environment):
    name = environment["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run([*KIOSQUE, "migrate", "--noinput", "-v", "0"], env=environment, check=True)
    made = subprocess.run(
        [*KIOSQUE, "shell", "-c", SETUP.format(members=MEMBERS)],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    world = json.loads(made.stdout.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(
        [*KIOSQUE, "serve", "--port", str(port), "--no-worker"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sampler = Sampler(name)
    try:
        assert server.stdout is not None
        for line in server.stdout:  # bounded by the server's own output
            if "Uvicorn running" in line:
                break
        else:
            pytest.fail("the server stopped before listening")
        sampler.start()
        reply_url = f"/forum/t/{world['topic']}/repondre/"
        sessions = world["sessions"]

        def one(n: int) -> tuple[str, int]:
            session = sessions[n % len(sessions)]
            if n % 3 == 0:
                source = urlencode({"source": f"Message {n} ({uuid.uuid4().hex[:8]})"})
                return "post", request(port, "POST", reply_url, session=session, body=source)
            if n % 3 == 1:
                return "member", request(port, "GET", world["url"], session=session)
            return "reader", request(port, "GET", world["url"])

        with ThreadPoolExecutor(CONCURRENT) as pool:
            try:
                answers = list(pool.map(one, range(REQUESTS)))
            except TimeoutError:
                answers = []  # said below, with what the server said
    finally:
        sampler.done.set()
        sampler.join(timeout=DEADLINE_SECONDS)
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=DEADLINE_SECONDS)

    if not answers:
        pytest.fail(f"a request waited {DEADLINE_SECONDS} s; the server said:\n{output[-6000:]}")

    statuses = Counter(answers)
    print(f"answers: {dict(statuses)}; most connections seen: {sampler.most}")
    assert not [answer for answer in answers if answer[1] >= 500], (statuses, output[-3000:])
    # A member's topic page answers 200, or 302 to the first post they have not read.
    assert set(statuses) <= {("post", 302), ("member", 200), ("member", 302), ("reader", 200)}
    assert sampler.samples > 10, "pg_stat_activity was sampled during the load"
    assert 0 < sampler.most <= POOL_MAX_SIZE
    with postgres_admin() as admin:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while connections_of(admin, name) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert connections_of(admin, name) == 0, "the stopped server left connections open"
    counted = subprocess.run(
        [*KIOSQUE, "shell", "-c", COUNT_POSTS],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    stored = int(counted.stdout.split()[-1])
    assert stored == statuses[("post", 302)], "every acknowledged post stored"

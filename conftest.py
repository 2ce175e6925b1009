"""The fixture vocabulary shared by every test: it reads like the domain; and the demo loaded
once per test process into a database of its own, for the tests that read it."""

import io
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import translation

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import view_counts
from kiosque.newsroom.tests.factories import ArticleFactory


@pytest.fixture(autouse=True)
def french_by_default():
    """Each test starts in French: a request under /en/ must not leak English into the next."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def fast_hashers() -> list[str]:
    """Members made by the tests get a cheap hash: Argon2's cost is for attackers, and the
    suite makes thousands of members. Argon2 stays second, so the demo's hashes still check;
    the settings tests read the real list from the settings module, and the hasher tests
    choose Argon2 themselves."""
    return ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


def tasks_at_once() -> dict[str, Any]:
    """Tasks run as soon as they are enqueued (on commit), in the test's process."""
    return {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.KIOSQUE_TASK_QUEUES,
        }
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = fast_hashers()


@pytest.fixture(autouse=True)
def page_cache(request, settings):
    """The page cache is off, unless a test is marked `page_cache`: inside a test's transaction
    no announcement is delivered (they wait for a commit), so a kept page would go stale. The
    page cache's own tests, and the browser tests (real commits), turn it on."""
    from kiosque.pagecache.generations import forget_everything
    from kiosque.pagecache.store import reset_page_store

    settings.KIOSQUE_PAGE_CACHE = request.node.get_closest_marker("page_cache") is not None
    reset_page_store()
    forget_everything()
    yield
    reset_page_store()
    forget_everything()


@pytest.fixture(autouse=True)
def background_work_at_once(settings):
    """Tasks run as soon as they are enqueued (on commit), in the test's process; views are
    written when a test flushes them. Tests of the worker itself choose the database backend."""
    settings.TASKS = tasks_at_once()
    settings.KIOSQUE_VIEW_COUNTS_FLUSH_SECONDS = 0
    yield
    view_counts.discard_pending()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test counts its own requests: the rate limits (and allauth's) live in the cache,
    which is this process's memory in tests, never a shared Redis."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    yield


# --- Data written once for several tests ----------------------------------------------------


@contextmanager
def as_in_every_test(**more: Any) -> Iterator[None]:
    """The settings the fixtures above give every test (cheap hashes, tasks at once, views
    written at once, no page cache, French), and `more`: for data written outside a test."""
    with (
        override_settings(
            PASSWORD_HASHERS=fast_hashers(),
            TASKS=tasks_at_once(),
            KIOSQUE_VIEW_COUNTS_FLUSH_SECONDS=0,
            KIOSQUE_PAGE_CACHE=False,
            **more,
        ),
        translation.override(settings.LANGUAGE_CODE),
    ):
        yield


@contextmanager
def rolled_back_after(django_db_blocker: Any) -> Iterator[None]:
    """A transaction around the tests of a module or class that read data written once in it,
    rolled back after them; each test runs in a savepoint of its own (pytest-django's `db`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def editor(db):
    user = UserFactory(username="redaction", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="newsroom"),
    )
    return user


@pytest.fixture
def admin_user(db):
    """pytest-django's superuser (`admin_client`), with the second factor staff must have."""
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def article(db):
    return ArticleFactory()


@pytest.fixture
def draft_article(db):
    return ArticleFactory(draft=True)


@pytest.fixture
def scheduled_article(db):
    return ArticleFactory(scheduled=True)


# --- The demo, loaded once -------------------------------------------------------------------
#
# `kiosque demo` takes about twenty seconds. Tests that only read it share one load per test
# process: a copy of the (migrated, empty) test database is made beside it, the demo loaded
# into the copy once, and each such test has its connection pointed at the copy for its run,
# inside its own transaction rolled back after it (kiosque/demo/tests/conftest.py). Browser
# tests, which commit, share one load per run between the workers and get a fresh copy of it
# each (`SharedDemo`, e2e/conftest.py).


@dataclass(frozen=True)
class LoadedDemo:
    """The demo in a database of its own (`database`: its name), its pictures in `media`."""

    database: str
    media: Path
    output: str


def _is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def copy_database(source: str, target: str) -> None:
    """Make database `target` a copy of `source` (SQLite files or PostgreSQL databases);
    `target` is replaced when it exists. The default connection is closed first."""
    _close_default_connection()
    if _is_sqlite():
        Path(target).unlink(missing_ok=True)
        with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
            original.backup(copy)
        original.close()
        copy.close()
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def drop_database(name: str) -> None:
    _close_default_connection()
    if _is_sqlite():
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _close_default_connection() -> None:
    connection.close()
    # A psycopg pool keeps connections to the database it was made for: close it too.
    close_pool = getattr(connection, "close_pool", None)
    if close_pool is not None:
        close_pool()


@contextmanager
def database_named(name: str) -> Iterator[None]:
    """The default connection (of every thread: they share its settings) reads and writes
    database `name` for the duration."""
    previous = connection.settings_dict["NAME"]
    _close_default_connection()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        _close_default_connection()
        connection.settings_dict["NAME"] = previous


def load_demo_once(*, suffix: str, media: Path, discard_commit_work: bool) -> LoadedDemo:
    """`kiosque demo` into a new copy of the test database (its name ends with `suffix`), its
    pictures into `media`, with the settings every test has (cheap hashes, tasks at once, no
    page cache).

    `discard_commit_work`: the work waiting for the load's commit (tasks, announcements) is
    dropped, as it was when each test loaded the demo inside its own rolled-back transaction.
    """
    demo_database = f"{connection.settings_dict['NAME']}_{suffix}"
    copy_database(connection.settings_dict["NAME"], demo_database)
    with database_named(demo_database), as_in_every_test(MEDIA_ROOT=media):
        out = io.StringIO()
        if discard_commit_work:
            with transaction.atomic():
                call_command("demo", stdout=out)
                connection.run_on_commit.clear()
        else:
            call_command("demo", stdout=out)
    return LoadedDemo(database=demo_database, media=media, output=out.getvalue())


def pytest_terminal_summary(terminalreporter):
    """Figures tests measured (`record_property("measured", line)`), printed after the run,
    from every xdist worker."""
    lines = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in report.user_properties
        if name == "measured"
    ]
    if lines:
        terminalreporter.section("measured")
        for line in lines:
            terminalreporter.line(line)

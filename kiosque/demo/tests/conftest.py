"""The demo loaded into a scratch media directory at a fixed moment: once per test process, in
a database of its own that each test reading it uses inside its own rolled-back transaction
(conftest.py at the root: `load_demo_once`)."""

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from conftest import LoadedDemo, database_named, drop_database, load_demo_once

# A Wednesday morning in spring, Paris time (UTC+2): what "now" is for every demo test.
NOW = datetime(2025, 4, 16, 7, 45, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LoadedDemo]:
    """The demo as loaded at NOW, in its own database; dropped at the end of the run."""
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        media = tmp_path_factory.mktemp("demo-media")
        world = load_demo_once(suffix="demo", media=media, discard_commit_work=True)
    yield world
    with django_db_blocker.unblock():
        drop_database(world.database)


@pytest.fixture
def _demo_database_when_read(
    request: pytest.FixtureRequest, django_db_blocker: Any
) -> Iterator[None]:
    """A test reading the demo has its connection on the demo's database."""
    if "demo" not in request.fixturenames:
        yield
        return
    world: LoadedDemo = request.getfixturevalue("demo_world")
    with django_db_blocker.unblock(), database_named(world.database):
        yield


@pytest.fixture
def _django_db_helper(_demo_database_when_read: None, _django_db_helper: None) -> None:
    """pytest-django's per-test transaction (its private fixture, extended here), opened on
    the demo's database when the test reads the demo: the database is chosen first."""


@pytest.fixture
def media_root(request: pytest.FixtureRequest, settings: Any, tmp_path: Path) -> Path:
    """Demo pictures go to a scratch directory: the loaded demo's when the test reads it."""
    if "demo" in request.fixturenames:
        path: Path = request.getfixturevalue("demo_world").media
    else:
        path = tmp_path / "media"
    settings.MEDIA_ROOT = path
    return path


@pytest.fixture
def frozen_now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db: None, demo_world: LoadedDemo, media_root: Path, frozen_now: None) -> str:
    """The demo, loaded once per test process; its output line. Whatever a test changes is
    rolled back after it (pictures it deletes, it must draw again). Reading it needs the
    database, whether or not the test is marked."""
    return demo_world.output

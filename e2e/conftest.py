"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

One test per user flow. Every test here is marked `browser` automatically. When Chromium is
missing the tests skip and say so; `e2e/quality.py` does the same for Java and node_modules.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.static import serve as serve_static
from playwright.sync_api import expect

from conftest import LoadedDemo, copy_database, database_named, drop_database, load_demo_once
from e2e.quality import NU_CHECKER, require_axe, require_nu_checker
from kiosque.newsroom.actions import publish_article
from kiosque.newsroom.models import Article, Section
from kiosque.newsroom.tests.factories import ArticleFactory

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
# thread with a running loop unless told this is deliberate. Test code only, never the site.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = E2E_DIR / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    # Tests never reach the internet: Chromium resolves no name but the local servers', so a
    # request to a third party (a video host…) fails at once, in every tab. It still shows in
    # page.on("request"), so tests can assert it did not happen, or did. (Routing requests
    # through Playwright did the same, but paused every request of every page on its way.)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for a cold page on a busy 2-core machine, short enough to fail fast.
TIMEOUT_MS = 15_000
# expect() waits as long as actions do: a busy CI machine must not turn into a flaky test.
expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)
            # Real commits deliver announcements: readers get pages as in production.
            item.add_marker(pytest.mark.page_cache)
            # The live server's WhiteNoise looks for collected files the tests do not need.
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_failed_key] = report.failed
    return report


_failed_key = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def quality_tools() -> Iterator[None]:
    """Skip up front, not halfway through a flow, when the Nu checker or axe-core is missing;
    start the Nu checker's service, which gets ready while the first test runs."""
    require_nu_checker()
    require_axe()
    NU_CHECKER.start()
    yield
    NU_CHECKER.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, one per test process."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (set CHROMIUM to its path)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def new_reader_context(browser: Any, live_server: Any) -> Any:
    """A French reader's browser (own cookies and storage), relative URLs on the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="fr-FR",
        timezone_id="Europe/Paris",
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh French reader's tab (own cookies), with relative URLs resolved on the live server.

    On failure a screenshot goes to e2e/artifacts/failed-<test name>.png.
    """
    context = new_reader_context(browser, live_server)
    tab = context.new_page()
    yield tab
    if request.node.stash.get(_failed_key, False):
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        # A screenshot that cannot be taken must never hide the real failure.
        with contextlib.suppress(Exception):
            tab.screenshot(path=ARTIFACTS_DIR / f"failed-{name}.png", full_page=True)
    context.close()


def _media_patterns(patterns: list[Any]) -> Iterator[URLPattern]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _media_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.callback is serve_static:
            yield pattern


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Uploads of this test process go to a temporary directory, served under /media/."""
    root = tmp_path_factory.mktemp("media")
    # kiosque/urls.py passes MEDIA_ROOT to the media view when it is imported, so a settings
    # override alone would leave /media/ reading the real directory: point the view here too.
    patterns = list(_media_patterns(get_resolver().url_patterns))
    previous = [pattern.default_args.get("document_root") for pattern in patterns]
    with override_settings(MEDIA_ROOT=root):
        for pattern in patterns:
            pattern.default_args["document_root"] = root
        yield root
    for pattern, document_root in zip(patterns, previous, strict=True):
        pattern.default_args["document_root"] = document_root
    shutil.rmtree(root, ignore_errors=True)


@dataclass(frozen=True)
class DemoSite:
    """The published world the reading tests walk through."""

    article: Article  # hero image, source, running story, tags, an author with photo and bio
    video_article: Article  # one with a video: the showcase itself when it has one


def _pick_articles() -> DemoSite:
    published = Article.objects.published().select_related("story", "section", "topic", "hero")
    showcase = (
        published.filter(hero__isnull=False)
        .exclude(source_name="")
        .filter(story__isnull=False, tags__isnull=False, authors__bio__gt="")
        .exclude(authors__photo="")
        .distinct()
        .newest_first()
    )
    article = showcase.exclude(video_url="").first() or showcase.first()
    assert article is not None, (
        "the demo has no published article with a hero image, a source, a running story, "
        "tags and an author with photo and bio"
    )
    video_article = article if article.video_url else published.exclude(video_url="").first()
    assert video_article is not None, "the demo has no published article with a video"
    return DemoSite(article=article, video_article=video_article)


class SharedDemo:
    """The demo loaded once per run and shared by the run's test processes (pytest-xdist's
    workers): loading it takes tens of seconds of CPU, and two processes loading it at once on
    a 2-core machine each took as long as both together.

    A record in the run's temporary directory, read and written under a file lock, says which
    database holds it and which processes use it. The first process that needs it loads it
    while holding the lock (one that needs it meanwhile waits, instead of loading it too); the
    last one done with it drops it; one that comes after that loads it again. Its pictures are
    copied into each process's media. Copies of it are made under the lock too: PostgreSQL
    copies a database only while nobody else uses it.
    """

    def __init__(self, folder: Path, user: str) -> None:
        self.record = folder / "e2e-demo.json"
        self.lock = folder / "e2e-demo.lock"
        self.pictures = folder / "e2e-demo-media"
        self.user = user
        self.database = ""

    def take(self, load: Callable[[Path], LoadedDemo], *, media: Path) -> None:
        with self._locked():
            if self.record.exists():
                shared = json.loads(self.record.read_text(encoding="utf-8"))
            else:
                shutil.rmtree(self.pictures, ignore_errors=True)
                shared = {"database": load(self.pictures).database, "users": []}
            shared["users"].append(self.user)
            self.record.write_text(json.dumps(shared), encoding="utf-8")
            shutil.copytree(self.pictures, media, dirs_exist_ok=True)
        self.database = shared["database"]

    def copy_to(self, target: str) -> None:
        with self._locked():
            copy_database(self.database, target)

    def give_back(self) -> None:
        with self._locked():
            shared = json.loads(self.record.read_text(encoding="utf-8"))
            shared["users"].remove(self.user)
            if shared["users"]:
                self.record.write_text(json.dumps(shared), encoding="utf-8")
                return
            drop_database(shared["database"])
            shutil.rmtree(self.pictures, ignore_errors=True)
            self.record.unlink()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self.lock.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def demo_template(
    django_db_setup: None,
    django_db_blocker: Any,
    media_root: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SharedDemo]:
    """The demo publication (`kiosque demo`) in a database of its own that each test gets a
    fresh copy of, loaded once per run (`SharedDemo`; conftest.py at the root: `load_demo_once`),
    its pictures in this process's media."""
    # pytest-xdist gives each worker a folder in the run's own: popen-gw0, popen-gw1…
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    folder = tmp_path_factory.getbasetemp()
    if worker and folder.name == f"popen-{worker}":
        folder = folder.parent
    demo = SharedDemo(folder, worker or "main")
    with django_db_blocker.unblock():
        demo.take(
            lambda pictures: load_demo_once(
                suffix="e2e_demo", media=pictures, discard_commit_work=False
            ),
            media=media_root,
        )
    yield demo
    with django_db_blocker.unblock():
        demo.give_back()


@pytest.fixture
def demo_site(
    transactional_db: None, demo_template: SharedDemo, django_db_blocker: Any
) -> Iterator[DemoSite]:
    """The demo publication in a fresh copy for this test (the test's commits, the live
    server's and the ASGI server's included, go to the copy, dropped after it), and one
    article published now."""
    cache.clear()  # pages cached by an earlier test describe rows that are gone
    copy = f"{connection.settings_dict['NAME']}_e2e_demo_copy"
    with django_db_blocker.unblock():
        demo_template.copy_to(copy)
        # The copy's content types were numbered in the process that loaded the demo.
        ContentType.objects.clear_cache()
        with database_named(copy):
            _publish_breaking_news()
            yield _pick_articles()
        drop_database(copy)
        ContentType.objects.clear_cache()


def _publish_breaking_news() -> None:
    """Publish one article this very moment, as an editor would (demo times are whole minutes)."""
    article = ArticleFactory.create(
        draft=True,
        title="Dernière minute : une panne géante touche les réseaux mobiles",
        slug="derniere-minute-panne-reseaux-mobiles",
        section=Section.objects.order_by("position").first(),
    )
    publish_article(article, by=None)

"""The fixture vocabulary shared by every test: it reads like the domain."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
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


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Members made by the tests get a cheap hash: Argon2's cost is for attackers, and the
    suite makes thousands of members. Argon2 stays second, so the demo's hashes still check;
    the settings tests read the real list from the settings module."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


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
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.KIOSQUE_TASK_QUEUES,
        }
    }
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

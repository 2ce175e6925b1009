"""IP addresses are blanked once past KIOSQUE_IP_RETENTION_DAYS, by a task of the worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kiosque.accounts import privacy_tasks, retention
from kiosque.accounts.tests.factories import UserFactory
from kiosque.worker import run

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
# The mechanism on a table of its own: the admin's history stands in for one, its object_repr
# holding an address and action_time the time it was stored.
STAND_IN = [("django.contrib.admin.models.LogEntry", "object_repr", "action_time")]


def stored(address, *, days_ago):
    return LogEntry.objects.create(
        user=UserFactory(),
        object_repr=address,
        action_flag=ADDITION,
        action_time=NOW - timedelta(days=days_ago),
    )


def test_addresses_older_than_the_retention_are_blanked_and_recent_ones_kept(settings):
    settings.KIOSQUE_IP_RETENTION_DAYS = 30
    old, recent = stored("203.0.113.9", days_ago=30.01), stored("2001:db8::7", days_ago=29.99)

    blanked = retention.blank_expired_addresses(at=NOW, columns=STAND_IN)

    assert blanked == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.object_repr, recent.object_repr) == ("", "2001:db8::7")
    assert retention.blank_expired_addresses(at=NOW, columns=STAND_IN) == 0


def test_the_retention_is_a_setting(settings):
    settings.KIOSQUE_IP_RETENTION_DAYS = 2
    entry = stored("198.51.100.4", days_ago=3)

    retention.blank_expired_addresses(at=NOW, columns=STAND_IN)

    entry.refresh_from_db()
    assert entry.object_repr == ""
    assert retention.retention_limit(at=NOW) == NOW - timedelta(days=2)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.KIOSQUE_TASK_QUEUES,
        }
    }


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection
@pytest.mark.usefixtures("database_tasks")
def test_the_worker_blanks_addresses_then_waits_an_hour_for_the_next_run(monkeypatch):
    monkeypatch.setattr(retention, "ADDRESS_COLUMNS", STAND_IN)
    entry = stored("203.0.113.50", days_ago=400)
    privacy_tasks.schedule_address_clean_up(after=timedelta(0))
    privacy_tasks.schedule_address_clean_up(after=timedelta(0))  # a second worker starting

    run(batch=True, verbosity=0)

    entry.refresh_from_db()
    assert entry.object_repr == ""
    runs = DBTaskResult.objects.filter(task_path=privacy_tasks.forget_old_addresses.module_path)
    assert runs.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    [waiting] = runs.filter(status=TaskResultStatus.READY)
    assert waiting.run_after is not None


def test_the_addresses_of_posts_and_reports_are_in_the_table():
    assert {(path, field) for path, field, _time in retention.ADDRESS_COLUMNS} >= {
        ("kiosque.community.models.Post", "author_address"),
        ("kiosque.moderation.models.Report", "reporter_address"),
    }
    assert retention.blank_expired_addresses() == 0  # every row of the table names real columns

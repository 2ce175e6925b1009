"""A task that fails is tried again later, each failed attempt listed for the admins: here a
notification e-mail while the mail server refuses, and an image's renditions."""

from __future__ import annotations

import smtplib

import pytest
import time_machine
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kiosque import worker
from kiosque.community import notifications, tasks


@pytest.fixture(autouse=True)
def database_tasks(settings) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.KIOSQUE_TASK_QUEUES,
        }
    }


def mail_attempts(status: TaskResultStatus) -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            task_path=tasks.mail_notifications.module_path, status=status
        ).order_by("enqueued_at")
    )


@pytest.mark.django_db(transaction=True)
def test_mail_refused_by_the_server_is_sent_again_later(monkeypatch):
    sent: list[list[int]] = []

    def refused(notification_ids: list[int]) -> int:
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr(notifications, "send_notification_emails", refused)
    started = timezone.now()
    with time_machine.travel(started, tick=False):
        tasks.mail_notifications.enqueue([1, 2])
        worker.run(batch=True, verbosity=0)

    [failed] = mail_attempts(TaskResultStatus.FAILED)
    [waiting] = mail_attempts(TaskResultStatus.READY)
    assert "SMTPServerDisconnected" in str(failed.traceback)
    assert waiting.run_after == started + worker.RETRY_DELAYS[0]
    assert waiting.args_kwargs["kwargs"] == {"attempt": 2}

    def delivered(notification_ids: list[int]) -> int:
        sent.append(notification_ids)
        return len(notification_ids)

    monkeypatch.setattr(notifications, "send_notification_emails", delivered)
    with time_machine.travel(waiting.run_after, tick=False):
        worker.run(batch=True, verbosity=0)

    assert sent == [[1, 2]]
    assert len(mail_attempts(TaskResultStatus.SUCCESSFUL)) == 1


@pytest.mark.django_db(transaction=True)
def test_after_the_last_wait_a_failing_task_stays_failed(monkeypatch):
    def refused(notification_ids: list[int]) -> int:
        raise smtplib.SMTPServerDisconnected("still away")

    monkeypatch.setattr(notifications, "send_notification_emails", refused)
    now = timezone.now()
    tasks.mail_notifications.enqueue([1])
    for delay in (None, *worker.RETRY_DELAYS):
        now = now if delay is None else now + delay
        with time_machine.travel(now, tick=False):
            worker.run(batch=True, verbosity=0)

    assert len(mail_attempts(TaskResultStatus.FAILED)) == 1 + len(worker.RETRY_DELAYS)
    assert mail_attempts(TaskResultStatus.READY) == []

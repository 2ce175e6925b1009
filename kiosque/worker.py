"""The background worker: `kiosque worker` runs the tasks that wait in the database.

Tasks are Django's tasks API (the `django-tasks` backport) on its database backend, so the
worker needs nothing but the database, SQLite or PostgreSQL. It takes every queue of
`settings.KIOSQUE_TASK_QUEUES` (or those asked for), looks for work every INTERVAL_SECONDS when
idle, and stops cleanly on SIGTERM or Ctrl-C: the task under way finishes first
(django-tasks-db's own worker loop does the running).

Finished tasks are kept a while to be looked at in the admin, then deleted by
`clean_finished_tasks`, a task that schedules its own next run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

# Idle workers look for new tasks this often: a card or an e-mail waits at most this long.
INTERVAL_SECONDS = 0.5
# Long enough to look into what happened yesterday; failures longer, to be investigated.
SUCCEEDED_KEPT = timedelta(days=1)
FAILED_KEPT = timedelta(days=7)
CLEAN_UP_EVERY = timedelta(hours=1)
# A task that fails (the mail server or the database away a moment) is tried again after these
# waits; each failed attempt stays in the admin's list of tasks with its traceback.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
# Other recurring tasks, each scheduling its own next run: the dotted path of the function
# `(*, after: timedelta) -> None` that has one waiting; the worker calls each when it starts.
RECURRING_SCHEDULERS = [
    "kiosque.accounts.privacy_tasks.schedule_address_clean_up",
    "kiosque.moderation.tasks.schedule_surge_watch",
    "kiosque.accounts.tasks.schedule_unconfirmed_clean_up",
    "kiosque.newsroom.tasks.schedule_releases",
    "kiosque.community.tasks.schedule_reminders",
]


def run(
    *,
    queues: Sequence[str] = (),
    interval: float = INTERVAL_SECONDS,
    batch: bool = False,
    max_tasks: int | None = None,
    verbosity: int = 1,
) -> None:
    """Run tasks until stopped (or, with `batch`, until none is waiting).

    A long-running worker makes sure the clean-up of finished tasks is scheduled first.
    """
    names = list(queues) or list(settings.KIOSQUE_TASK_QUEUES)
    if not batch:
        schedule_clean_up(after=timedelta(0))
        for path in RECURRING_SCHEDULERS:
            import_string(path)(after=timedelta(0))
    call_command(
        "db_worker",
        queue_name=",".join(names),
        interval=interval,
        batch=batch,
        max_tasks=max_tasks,
        reload=False,
        startup_delay=False,
        verbosity=verbosity,
    )


@task(queue_name="default")
def clean_finished_tasks() -> int:
    """Delete finished tasks past their keeping time, then schedule the next clean-up."""
    deleted = delete_finished_tasks()
    schedule_clean_up(after=CLEAN_UP_EVERY)
    return deleted


def delete_finished_tasks() -> int:
    """Delete succeeded tasks older than SUCCEEDED_KEPT and failed ones older than FAILED_KEPT."""
    now = timezone.now()
    old = Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - SUCCEEDED_KEPT) | Q(
        status=TaskResultStatus.FAILED, finished_at__lt=now - FAILED_KEPT
    )
    deleted, _by_model = DBTaskResult.objects.finished().filter(old).delete()
    return deleted


@transaction.atomic
def schedule_clean_up(*, after: timedelta) -> None:
    """Have one clean-up waiting, to run `after` from now, unless one is waiting already.

    Two workers starting together may both schedule one; the next run of either then finds
    the other waiting and does not schedule again, so the two runs become one.
    """
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=clean_finished_tasks.module_path
    )
    if not waiting.exists():
        clean_finished_tasks.using(run_after=timezone.now() + after).enqueue()


def retry_later(task: Task[..., Any], *args: Any, attempt: int) -> None:
    """Enqueue attempt `attempt + 1` of `task(*args)` after its wait, while RETRY_DELAYS has
    one left. A task calls it when it fails, then raises, so that the failed attempt is
    recorded. A backend that runs tasks at once (tests) cannot wait: nothing is enqueued."""
    if attempt > len(RETRY_DELAYS) or not task.get_backend().supports_defer:
        return
    run_after = timezone.now() + RETRY_DELAYS[attempt - 1]
    task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)

"""The worker's part of sign-up: names of unconfirmed accounts are given back.

`release_unconfirmed_names` schedules its own next run, like the clean-up of finished tasks
(`kiosque/worker.py`); the worker schedules the first when it starts (RECURRING_SCHEDULERS).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from . import usernames

# Often enough that a name is held at most an hour past KIOSQUE_UNCONFIRMED_ACCOUNT_HOURS.
RELEASE_NAMES_EVERY = timedelta(hours=1)


@task(queue_name="default")
def release_unconfirmed_names() -> int:
    """Delete the accounts left unconfirmed too long, then schedule the next run."""
    deleted = usernames.release_unconfirmed_names(at=timezone.now())
    schedule_unconfirmed_clean_up(after=RELEASE_NAMES_EVERY)
    return deleted


@transaction.atomic
def schedule_unconfirmed_clean_up(*, after: timedelta) -> None:
    """Have one `release_unconfirmed_names` waiting, to run `after` from now, unless one is."""
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=release_unconfirmed_names.module_path
    )
    if not waiting.exists():
        release_unconfirmed_names.using(run_after=timezone.now() + after).enqueue()

"""The worker's part of privacy: sessions of a member who left, addresses past their retention.

`kiosque worker` runs these; `forget_old_addresses` schedules its own next run, like the clean-up
of finished tasks (`kiosque/worker.py`), and the worker schedules the first when it starts.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from . import erasure, retention

# Often enough that no address outlives its retention by more than an hour.
FORGET_ADDRESSES_EVERY = timedelta(hours=1)


@task(queue_name="default")
def end_sessions_of_deleted_member(user_id: int) -> int:
    """End every session of a member whose account was deleted."""
    return erasure.end_sessions(user_id)


@task(queue_name="default")
def forget_old_addresses() -> int:
    """Blank the IP addresses past their retention, then schedule the next run."""
    blanked = retention.blank_expired_addresses()
    schedule_address_clean_up(after=FORGET_ADDRESSES_EVERY)
    return blanked


@transaction.atomic
def schedule_address_clean_up(*, after: timedelta) -> None:
    """Have one `forget_old_addresses` waiting, to run `after` from now, unless one is."""
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=forget_old_addresses.module_path
    )
    if not waiting.exists():
        forget_old_addresses.using(run_after=timezone.now() + after).enqueue()

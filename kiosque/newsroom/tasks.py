"""The newsroom's work for the background worker."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from kiosque import worker

from .actions import release_due_articles
from .models import Article

# A release that fails (the database away, a lock held too long) is tried again as every task
# is (`worker.retry_later`). Past the last attempt, the next start of a worker finds the
# articles overdue (`schedule_releases`).
RELEASE_RETRY_DELAYS = worker.RETRY_DELAYS


@task(queue_name="default")
def release_articles(attempt: int = 1) -> int:
    """Publish the scheduled articles whose time has come (enqueued for each one's time).

    On failure: another attempt is enqueued after the next of the worker's RETRY_DELAYS, then
    the error is raised again, so that this attempt is recorded as failed.
    """
    try:
        return len(release_due_articles())
    except Exception:
        worker.retry_later(release_articles, attempt=attempt)
        raise


def enqueue_release(*, at: datetime) -> None:
    """Have the worker release the articles due at `at`.

    A backend that runs tasks at once (tests, the browser tests' live server) cannot wait:
    there is nothing to enqueue, as readers see a scheduled article from its time anyway.
    """
    if release_articles.get_backend().supports_defer:
        release_articles.using(run_after=at).enqueue()


@transaction.atomic
def schedule_releases(*, after: timedelta) -> None:
    """When the worker starts: a release waiting for every scheduled article's time (those
    scheduled while no worker ran, or whose task was lost), and one now for the overdue."""
    waiting = set(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=release_articles.module_path
        ).values_list("run_after", flat=True)
    )
    now = timezone.now()
    times = Article.objects.filter(status=Article.Status.SCHEDULED).values_list(
        "published_at", flat=True
    )
    for at in {max(at, now) if at else now for at in times}:
        if at not in waiting:
            release_articles.using(run_after=at + after).enqueue()

"""The newsroom's work for the background worker."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from .actions import release_due_articles
from .models import Article


@task(queue_name="default")
def release_articles() -> int:
    """Publish the scheduled articles whose time has come (enqueued for each one's time)."""
    return len(release_due_articles())


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

"""Moderation's background work, run by `kiosque worker`: the surge watch."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from kiosque.community.models import Post, Topic

from . import actions
from .models import Report

# The watch looks at the last KIOSQUE_SURGE_WINDOW_MINUTES this often.
SURGE_CHECK_EVERY = timedelta(minutes=1)


@task(queue_name="default")
def watch_for_surges() -> int:
    """Alert moderators about discussions getting many posts or reports; then schedule the next
    look. Returns how many alerts were sent."""
    sent = alert_surges()
    schedule_surge_watch(after=SURGE_CHECK_EVERY)
    return sent


def alert_surges(*, at: datetime | None = None) -> int:
    at = at or timezone.now()
    minutes = settings.KIOSQUE_SURGE_WINDOW_MINUTES
    since = at - timedelta(minutes=minutes)
    posts = dict(
        Post.objects.filter(created_at__gt=since)
        .values_list("topic")
        .annotate(count=Count("id"))
        .values_list("topic", "count")
    )
    reports = dict(
        Report.objects.filter(created_at__gt=since)
        .values_list("post__topic")
        .annotate(count=Count("id"))
        .values_list("post__topic", "count")
    )
    busy = {
        topic_id
        for topic_id in {*posts, *reports}
        if posts.get(topic_id, 0) >= settings.KIOSQUE_SURGE_POSTS
        or reports.get(topic_id, 0) >= settings.KIOSQUE_SURGE_REPORTS
    }
    sent = 0
    for topic in Topic.objects.filter(pk__in=busy):
        alert = actions.alert_surge(
            topic, posts=posts.get(topic.pk, 0), reports=reports.get(topic.pk, 0), minutes=minutes
        )
        sent += alert is not None
    return sent


@transaction.atomic
def schedule_surge_watch(*, after: timedelta) -> None:
    """Have one surge watch waiting, unless one is waiting already (see worker.py)."""
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=watch_for_surges.module_path
    )
    if not waiting.exists():
        watch_for_surges.using(run_after=timezone.now() + after).enqueue()

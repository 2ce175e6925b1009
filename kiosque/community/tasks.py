"""The forum's background work, run by `kiosque worker`: what must not keep a request waiting.

Each task takes plain values (it waits in the database as JSON) and calls an action or a
module that does the work. The actions enqueue them once their transaction has committed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from kiosque import worker

from . import actions, notifications, previews
from .models import Bookmark


@task(queue_name="mail")
def mail_notifications(notification_ids: list[int], attempt: int = 1) -> int:
    """Mail the notifications of one post or like to the members who want it; when the mail
    server refuses, again later (`worker.retry_later`)."""
    try:
        return notifications.send_notification_emails(notification_ids)
    except Exception:
        worker.retry_later(mail_notifications, notification_ids, attempt=attempt)
        raise


@task(queue_name="mail")
def mail_watched_posts(post_id: int, attempt: int = 1) -> int:
    """Mail the watchers of a post's topic its new posts, those that came meanwhile with it
    (enqueued a few minutes after the post: `actions.following.mail_watched_later`); when the
    mail server refuses, again later."""
    try:
        return notifications.send_watched_posts(post_id)
    except Exception:
        worker.retry_later(mail_watched_posts, post_id, attempt=attempt)
        raise


@task(queue_name="previews")
def fetch_link_previews(post_id: int, source_digest: str, urls: list[str]) -> bool:
    """Fetch the previews of a post's links, then give the post its cards (if it is unchanged)."""
    known, to_fetch = previews.stored_previews(urls)
    fetched = actions.store_link_previews(previews.fetch_pages(to_fetch), at=timezone.now())
    found = known | fetched
    return actions.attach_preview_cards(post_id, source_digest=source_digest, previews=found)


@task(queue_name="default")
def delete_unused_image(post_image_id: int) -> bool:
    """Delete an uploaded image that no post uses a day after its upload (enqueued by the upload
    itself, to run then)."""
    return actions.delete_unused_image(post_image_id=post_image_id)


@task(queue_name="default")
def send_reminders(attempt: int = 1) -> int:
    """Notify the members whose bookmarks' reminders are due (enqueued for each reminder's
    time, and when a worker starts: `schedule_reminders`); on failure, again later."""
    from .actions.bookmarks import send_due_reminders  # here: the actions import this module

    try:
        return send_due_reminders()
    except Exception:
        worker.retry_later(send_reminders, attempt=attempt)
        raise


def enqueue_reminders(*, at: datetime) -> None:
    """Have the worker send the reminders due at `at`. A backend that cannot wait (tests, the
    browser tests' live server) is given nothing: the worker's sweep finds them when it starts."""
    if send_reminders.get_backend().supports_defer:
        send_reminders.using(run_after=at).enqueue()


@transaction.atomic
def schedule_reminders(*, after: timedelta) -> None:
    """When the worker starts: a `send_reminders` waiting for every reminder's time (those set
    while no worker ran, or whose task was lost), and one now for those overdue."""
    waiting = set(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=send_reminders.module_path
        ).values_list("run_after", flat=True)
    )
    now = timezone.now()
    times = Bookmark.objects.filter(reminded_at__isnull=True, remind_at__isnull=False)
    for at in {max(at, now) for at in times.values_list("remind_at", flat=True) if at}:
        if at not in waiting:
            send_reminders.using(run_after=at + after).enqueue()

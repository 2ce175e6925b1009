"""The forum's background work, run by `kiosque worker`: what must not keep a request waiting.

Each task takes plain values (it waits in the database as JSON) and calls an action or a
module that does the work. The actions enqueue them once their transaction has committed.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from kiosque import worker

from . import actions, notifications, previews


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

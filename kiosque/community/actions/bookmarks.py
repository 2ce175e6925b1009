"""Bookmarks: a member keeps a post to find again, maybe with a note and a reminder.

A reminder becomes a notification (kind `reminder`) when its time comes, made by the worker:
`tasks.send_reminders` is enqueued to run at each reminder's time, and when a worker starts it
finds every reminder still waiting (`tasks.schedule_reminders`), as the newsroom's releases
are. Bookmarks are the member's alone: no shared page shows them, nothing is announced.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiosque.accounts.models import User

from .. import tasks
from ..models import Bookmark, Notification, Post

NOTE_MAX_LENGTH = Bookmark._meta.get_field("note").max_length


@transaction.atomic
def bookmark_post(
    *,
    by: User,
    post: Post,
    note: str = "",
    remind_at: datetime | None = None,
    at: datetime | None = None,
) -> Bookmark:
    """`by` bookmarks `post`, or changes the note and reminder of their bookmark of it.

    Raises ValidationError for a post readers cannot open ("post_not_visible"), a reminder not
    in the future ("reminder_in_past") or a note too long ("note_too_long"). A new reminder time
    makes the reminder due again; the worker is asked to send it then, once this commits.
    """
    at = at or timezone.now()
    if not Post.objects.readable(at=at).filter(pk=post.pk).exists():
        raise ValidationError(_("This message is no longer available."), code="post_not_visible")
    if remind_at is not None and remind_at <= at:
        raise ValidationError(_("Choose a reminder time in the future."), code="reminder_in_past")
    if NOTE_MAX_LENGTH is not None and len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("The note is too long: %(limit)s characters at most.") % {"limit": NOTE_MAX_LENGTH},
            code="note_too_long",
        )
    bookmark, created = Bookmark.objects.select_for_update().get_or_create(
        member=by, post=post, defaults={"note": note, "remind_at": remind_at, "created_at": at}
    )
    if not created:
        if bookmark.remind_at != remind_at:
            bookmark.reminded_at = None
        bookmark.note, bookmark.remind_at = note, remind_at
        bookmark.save(update_fields=["note", "remind_at", "reminded_at"])
    if remind_at is not None and bookmark.reminded_at is None:
        transaction.on_commit(lambda: tasks.enqueue_reminders(at=remind_at), robust=True)
    return bookmark


@transaction.atomic
def remove_bookmark(*, by: User, bookmark: Bookmark) -> None:
    """`by` removes their bookmark (and its reminder). PermissionDenied for someone else's."""
    if bookmark.member_id != by.pk:
        raise PermissionDenied
    Bookmark.objects.filter(pk=bookmark.pk).delete()


@transaction.atomic
def send_due_reminders(*, at: datetime | None = None) -> int:
    """Turn every reminder whose time has come into a notification; returns how many were sent.

    Each reminder is sent once (`reminded_at`). The reminder of a post readers can no longer
    open, or of a member who cannot be told (inactive, gone), is dropped rather than sent; the
    bookmark stays. Rows are locked, so two workers never send one reminder twice.
    """
    at = at or timezone.now()
    due = list(
        Bookmark.objects.select_for_update(skip_locked=True)
        .filter(reminded_at__isnull=True, remind_at__lte=at)
        .order_by("remind_at", "pk")
    )
    if not due:
        return 0
    readable = set(
        Post.objects.readable(at=at)
        .filter(pk__in={bookmark.post_id for bookmark in due})
        .values_list("pk", flat=True)
    )
    reachable = set(
        User.objects.filter(
            pk__in={bookmark.member_id for bookmark in due}, is_active=True, is_deleted=False
        ).values_list("pk", flat=True)
    )
    told = [
        bookmark
        for bookmark in due
        if bookmark.post_id in readable and bookmark.member_id in reachable
    ]
    Notification.objects.bulk_create(
        Notification(
            recipient_id=bookmark.member_id,
            kind=Notification.Kind.REMINDER,
            post_id=bookmark.post_id,
            summary=bookmark.note[:300],
            created_at=at,
        )
        for bookmark in told
    )
    Bookmark.objects.filter(pk__in=[bookmark.pk for bookmark in due]).update(reminded_at=at)
    return len(told)

"""What a member does with their notifications: opening one line reads its whole group.

Notifications are the member's alone: no shared page shows them (the bell is in their personal
block), so these actions announce nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from kiosque.accounts.models import User

from ..models import Notification
from ..notification_groups import GROUPED_BY_TOPIC, group_key_of


@transaction.atomic
def open_notification(*, by: User, notification: Notification) -> int | None:
    """`by` opens a line of their notifications: every notification of its group is read now.

    Returns the id of the post to show: for new posts in a watched topic, the first of them
    still unread (where reading should start); else the notification's own post; None for a
    notice without a post (its `link` says where to go). Raises PermissionDenied for someone
    else's notification.
    """
    if notification.recipient_id != by.pk:
        raise PermissionDenied
    group = Notification.objects.filter(group_key_of(notification))
    unread = group.filter(read_at__isnull=True)
    target = notification.post_id
    if notification.kind in GROUPED_BY_TOPIC:
        first_unread = unread.order_by("created_at", "pk").values_list("post_id", flat=True)
        target = first_unread.first() or target
    unread.update(read_at=timezone.now())
    return target

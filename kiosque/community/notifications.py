"""The e-mail a member gets for a notification, if their preferences ask for it.

Sent by the background worker (`tasks.mail_notifications`), which the actions enqueue once
their transaction has committed: a rolled-back post never mails anyone, and no request waits
for a mail server.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import Truncator

from .models import Notification

# Enough of the post for the member to know whether to open it.
EXCERPT_CHARS = 400

_PREFERENCE = {
    Notification.Kind.REPLY: "email_on_reply",
    Notification.Kind.QUOTE: "email_on_quote",
    Notification.Kind.MENTION: "email_on_mention",
    Notification.Kind.LIKE: "email_on_like",
}


def wants_email(notification: Notification) -> bool:
    """Whether the recipient asked for this kind of e-mail and can still receive it (a notice
    from the site is always mailed)."""
    recipient = notification.recipient
    if notification.kind == Notification.Kind.NOTICE:
        return bool(recipient.email and not recipient.is_deleted)
    return bool(
        recipient.email
        and recipient.is_active
        and not recipient.is_deleted
        and getattr(recipient, _PREFERENCE[Notification.Kind(notification.kind)])
    )


def wanted_by_recipient() -> Q:
    """The notifications whose recipient asked for this kind of e-mail and can receive it.

    `wants_email` as a query filter: the actions enqueue a mailing only when it matches.
    """
    kinds = Q()
    for kind, preference in _PREFERENCE.items():
        kinds |= Q(kind=kind, **{f"recipient__{preference}": True})
    return (
        kinds & Q(recipient__is_active=True, recipient__is_deleted=False) & ~Q(recipient__email="")
    )


def compose_email(notification: Notification) -> EmailMessage:
    """The French e-mail telling the recipient what happened, with a link to the post."""
    if notification.kind == Notification.Kind.NOTICE:
        return _compose_notice(notification)
    post = notification.post
    assert post is not None
    context = {
        "kind": notification.kind,
        "actor": notification.actor,
        "recipient": notification.recipient,
        "topic": post.topic,
        "excerpt": Truncator(post.source).chars(EXCERPT_CHARS),
        "post_url": settings.SITE_URL + post.get_absolute_url(),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("community/email/notification_subject.txt", context)
        body = render_to_string("community/email/notification_body.txt", context)
    return EmailMessage(
        # One line, non-breaking spaces kept: a header may not contain a newline.
        subject=" ".join(subject.splitlines()).strip(),
        body=body,
        to=[notification.recipient.email],
    )


def _compose_notice(notification: Notification) -> EmailMessage:
    context = {
        "recipient": notification.recipient,
        "summary": notification.summary,
        "link": settings.SITE_URL + notification.link if notification.link else settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"[{settings.SITE_NAME}] {notification.summary}"
        body = render_to_string("community/email/notice_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.splitlines()).strip()[:200],
        body=body,
        to=[notification.recipient.email],
    )


def send_notification_emails(notification_ids: list[int]) -> int:
    """Mail the notifications of `notification_ids` whose recipients want it; returns how many."""
    pending = (
        Notification.objects.filter(pk__in=notification_ids, read_at__isnull=True)
        .select_related("recipient", "actor", "post__topic")
        .order_by("pk")
    )
    messages = [compose_email(n) for n in pending if wants_email(n)]
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0

"""The e-mail a member gets for a notification, if their preferences ask for it.

Sent by the background worker (`tasks.mail_notifications`), which the actions enqueue once
their transaction has committed: a rolled-back post never mails anyone, and no request waits
for a mail server.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from kiosque.accounts import unsubscribe
from kiosque.accounts.models import User

from .models import Notification, Post, TopicVisit, visible_post

# Enough of the post for the member to know whether to open it.
EXCERPT_CHARS = 400

_PREFERENCE = {
    Notification.Kind.REPLY: "email_on_reply",
    Notification.Kind.QUOTE: "email_on_quote",
    Notification.Kind.MENTION: "email_on_mention",
    Notification.Kind.LIKE: "email_on_like",
    Notification.Kind.WATCHING: "email_on_watched",
}
# One e-mail of new posts in a watched topic names at most this many; the rest are counted.
WATCHED_POSTS_PER_EMAIL = 10


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
        "topic": post.topic,
        "excerpt": Truncator(post.source).chars(EXCERPT_CHARS),
        "post_url": settings.SITE_URL + post.get_absolute_url(),
    }
    return _email(
        notification.recipient,
        preference_of(notification.kind),
        "community/email/notification",
        context,
    )


def _compose_notice(notification: Notification) -> EmailMessage:
    context = {
        "summary": notification.summary,
        "link": settings.SITE_URL + notification.link if notification.link else settings.SITE_URL,
    }
    # A notice is sent whatever the preferences; its link stops every other e-mail.
    return _email(
        notification.recipient,
        unsubscribe.ALL,
        "community/email/notice",
        context,
        subject=f"[{settings.SITE_NAME}] {notification.summary}",
    )


def _email(
    recipient: User,
    preference: str,
    templates: str,
    context: Mapping[str, object],
    *,
    subject: str | None = None,
) -> EmailMessage:
    """The French e-mail of `templates` (`_subject.txt` unless `subject` is given, `_body.txt`)
    to `recipient`, with the footer and the one-click unsubscribe headers of `preference`."""
    full_context = {
        **context,
        "recipient": recipient,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        **footer_links(recipient, preference),
    }
    with translation.override(settings.LANGUAGE_CODE):
        if subject is None:
            subject = render_to_string(f"{templates}_subject.txt", full_context)
        body = render_to_string(f"{templates}_body.txt", full_context)
    message = EmailMessage(
        # One line, non-breaking spaces kept: a header may not contain a newline.
        subject=" ".join(subject.splitlines()).strip()[:200],
        body=body,
        to=[recipient.email],
    )
    return with_unsubscribe(message, recipient, preference)


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


def send_watched_posts(post_id: int, *, at: datetime | None = None) -> int:
    """Mail the watchers notified of post `post_id` who want it, each one e-mail with every new
    post of that topic they were notified of and not yet mailed, read or sent (a batch: the
    task runs a few minutes after the post, `actions.following.WATCHED_MAIL_DELAY`). Returns
    how many e-mails went; their notifications are marked mailed once sent."""
    at = at or timezone.now()
    topic_id = Post.objects.filter(pk=post_id).values_list("topic_id", flat=True).first()
    if topic_id is None:
        return 0
    recipients = Notification.objects.filter(
        post_id=post_id, kind=Notification.Kind.WATCHING
    ).values("recipient")
    read_since = TopicVisit.objects.filter(
        user=OuterRef("recipient"), topic_id=topic_id, last_read_post_id__gte=OuterRef("post_id")
    )
    pending = (
        Notification.objects.filter(
            visible_post(via="post__"),
            kind=Notification.Kind.WATCHING,
            recipient__in=recipients,
            post__topic_id=topic_id,
            emailed_at__isnull=True,
            read_at__isnull=True,
        )
        .filter(wanted_by_recipient())
        .exclude(Exists(read_since))
        .select_related("recipient", "actor", "post__topic")
        .order_by("recipient_id", "post__created_at", "post_id")
    )
    batches = [list(group) for _id, group in groupby(pending, key=lambda n: n.recipient_id)]
    if not batches:
        return 0
    messages = [compose_watched_email(batch) for batch in batches]
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    mailed = [notification.pk for batch in batches for notification in batch]
    Notification.objects.filter(pk__in=mailed).update(emailed_at=at)
    return sent


def compose_watched_email(batch: list[Notification]) -> EmailMessage:
    """One e-mail telling a watcher of the new posts in one topic (`batch`, oldest first)."""
    recipient, topic = batch[0].recipient, batch[0].post.topic  # type: ignore[union-attr]  # watched notifications always name a post
    shown = batch[:WATCHED_POSTS_PER_EMAIL]
    context: dict[str, object] = {
        "topic": topic,
        "posts": [
            {
                "author": notification.actor.public_name if notification.actor else "",
                "excerpt": Truncator(notification.post.source).chars(EXCERPT_CHARS),  # type: ignore[union-attr]  # as above
                "url": settings.SITE_URL + notification.post.get_absolute_url(),  # type: ignore[union-attr]  # as above
            }
            for notification in shown
        ],
        "count": len(batch),
        "more": len(batch) - len(shown),
        "topic_url": settings.SITE_URL + topic.get_absolute_url(),
    }
    return _email(
        recipient,
        preference_of(Notification.Kind.WATCHING),
        "community/email/watched_posts",
        context,
    )


# --- Unsubscribing: every notification e-mail carries a one-click link (accounts/unsubscribe.py)


def preference_of(kind: str) -> str:
    """The e-mail preference a notification of `kind` is mailed under (a notice: all of them)."""
    return _PREFERENCE.get(Notification.Kind(kind), unsubscribe.ALL)


def footer_links(recipient: User, preference: str) -> dict[str, object]:
    """What every notification e-mail's footer shows (`email/_footer.txt`): the settings page,
    and the one-click link that stops this kind of e-mail."""
    with translation.override(settings.LANGUAGE_CODE):
        settings_url = settings.SITE_URL + reverse("accounts:settings")
    return {
        "settings_url": settings_url,
        "unsubscribe_url": unsubscribe.unsubscribe_url(recipient, preference),
        "unsubscribe_all": preference == unsubscribe.ALL,
    }


def with_unsubscribe(message: EmailMessage, recipient: User, preference: str) -> EmailMessage:
    """`message` with `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 2369, RFC 8058)."""
    message.extra_headers.update(unsubscribe.headers(recipient, preference))
    return message

"""Every notification e-mail carries the one-click unsubscribe headers (RFC 2369, RFC 8058)
and a footer with the same link and the settings; following the header's link unsubscribes."""

import re
from email import message_from_bytes, policy
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from kiosque.accounts import unsubscribe
from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions, notifications
from kiosque.community.models import Notification
from kiosque.community.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
ONE_CLICK_BODY = "List-Unsubscribe=One-Click"


@pytest.fixture
def alice():
    return UserFactory(username="alice", email="alice@example.org", email_on_like=True)


@pytest.fixture
def topic():
    return TopicFactory(title="Le retour du minitel")


def notification_of(alice, topic, kind):
    """A notification of `kind` for alice, through the actions where they make one."""
    bob = UserFactory(username=f"bob-{kind}")
    mine = actions.post_reply(topic, author=alice, source="Le 3615 reviendra.")
    if kind == Kind.NOTICE:
        return actions.send_notice(alice, summary="Votre message a été masqué.", link="/")
    if kind == Kind.LIKE:
        actions.like_post(mine, user=bob)
    elif kind == Kind.REPLY:
        actions.post_reply(topic, author=bob, source="Oui.", reply_to=mine)
    elif kind == Kind.QUOTE:
        quote = f'[quote="alice, post:{mine.pk}"]\nLe 3615\n[/quote]\n\nNon.'
        actions.post_reply(topic, author=bob, source=quote)
    elif kind == Kind.MENTION:
        actions.post_reply(topic, author=bob, source="Qu'en dit @alice ?")
    elif kind == Kind.WATCHING:
        theirs = actions.post_reply(topic, author=bob, source="Du nouveau.")
        return Notification.objects.create(recipient=alice, actor=bob, kind=kind, post=theirs)
    return Notification.objects.get(recipient=alice, kind=kind)


def email_of(notification):
    notification = Notification.objects.select_related("recipient", "actor", "post__topic").get(
        pk=notification.pk
    )
    if notification.kind == Kind.WATCHING:
        return notifications.compose_watched_email([notification])
    return notifications.compose_email(notification)


def one_click_url(message):
    """The https address of `List-Unsubscribe`, as a path on this site."""
    links = re.findall(r"<([^>]+)>", message.extra_headers["List-Unsubscribe"])
    web = [link for link in links if link.startswith(("http://", "https://"))]
    assert len(web) == 1, links
    return urlsplit(web[0]).path


# --- The headers and the footer -------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "preference"),
    [
        (Kind.REPLY, "email_on_reply"),
        (Kind.QUOTE, "email_on_quote"),
        (Kind.MENTION, "email_on_mention"),
        (Kind.LIKE, "email_on_like"),
        (Kind.WATCHING, "email_on_watched"),
        (Kind.NOTICE, unsubscribe.ALL),
    ],
)
def test_every_notification_email_has_the_one_click_headers_and_footer(
    alice, topic, kind, preference
):
    message = email_of(notification_of(alice, topic, kind))

    headers = message.extra_headers
    assert headers["List-Unsubscribe-Post"] == ONE_CLICK_BODY
    https, mailto = re.findall(r"<([^>]+)>", headers["List-Unsubscribe"])
    assert https.startswith(f"{settings.SITE_URL}/membres/desabonnement/")
    assert mailto.startswith("mailto:") and "subject=unsubscribe" in unquote(mailto)
    found = unsubscribe.read_token(urlsplit(https).path.split("/")[-2])
    assert found is not None and found.member == alice and found.preference == preference
    # the footer shows the same link and the settings, in words a person can follow
    assert https in message.body
    assert f"{settings.SITE_URL}/membres/reglages/" in message.body
    assert "Vos réglages de courriels" in message.body
    # a header is one line
    assert "\n" not in headers["List-Unsubscribe"]


def test_the_headers_travel_with_the_mail_sent(
    alice, topic, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification_of(alice, topic, Kind.REPLY)

    (mail,) = mailoutbox
    assert mail.extra_headers["List-Unsubscribe-Post"] == ONE_CLICK_BODY
    sent = message_from_bytes(mail.message().as_bytes(), policy=policy.default)
    assert str(sent["List-Unsubscribe"]).strip() == mail.extra_headers["List-Unsubscribe"]
    assert str(sent["List-Unsubscribe-Post"]) == ONE_CLICK_BODY


def test_the_header_link_unsubscribes_with_one_post_and_no_session(alice, topic):
    url = one_click_url(email_of(notification_of(alice, topic, Kind.LIKE)))

    response = Client(enforce_csrf_checks=True).post(
        url, ONE_CLICK_BODY, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert not User.objects.get(pk=alice.pk).email_on_like

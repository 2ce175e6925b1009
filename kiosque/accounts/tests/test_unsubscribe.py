"""One-click unsubscribing (RFC 8058): the link's POST unsubscribes without a session or a CSRF
token, its GET changes nothing, undoing is CSRF-checked, a tampered token is refused with a
clear page."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from kiosque.accounts import unsubscribe
from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ONE_CLICK_BODY = "List-Unsubscribe=One-Click"


@pytest.fixture
def alice():
    return UserFactory(username="alice", email="alice@example.org", email_on_like=True)


def link_for(member, preference):
    """The one-click address a notification e-mail gives `member` (as a path on this site);
    the e-mails themselves are tested with the forum (test_unsubscribe_headers.py)."""
    return urlsplit(unsubscribe.unsubscribe_url(member, preference)).path


# --- The one-click POST, the page, undoing ------------------------------------------------------


def test_a_mail_clients_post_unsubscribes_with_no_session_and_no_csrf_token(alice):
    url = link_for(alice, "email_on_reply")
    client = Client(enforce_csrf_checks=True)

    response = client.post(url, ONE_CLICK_BODY, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    alice.refresh_from_db()
    assert not alice.email_on_reply
    assert alice.email_on_quote and alice.email_on_mention, "only what the e-mail was about"
    assert "Vous êtes désabonné" in response.content.decode()


def test_a_get_shows_a_button_and_changes_nothing(client, alice):
    url = link_for(alice, "email_on_like")

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert f'<form method="post" action="{url}">' in html
    assert "Me désabonner" in html
    assert User.objects.get(pk=alice.pk).email_on_like


def test_the_notice_link_stops_every_notification_email_and_undo_restores_them(alice):
    alice.email_on_quote = False
    alice.save(update_fields=["email_on_quote"])
    url = link_for(alice, unsubscribe.ALL)
    client = Client(enforce_csrf_checks=True)

    done = client.post(url)

    alice.refresh_from_db()
    assert not any(getattr(alice, name) for name in unsubscribe.preferences())
    html = done.content.decode()
    assert "restent envoyés" in html, "notices still come: the page says so"
    # the undo form is CSRF-protected: a token from the page it is on
    token = client.cookies["csrftoken"].value
    fields = re.findall(r'name="field" value="([\w]+)"', html)
    assert "email_on_quote" not in fields, "it was off before: it stays off"
    undone = client.post(
        reverse("accounts:resubscribe", args=[url.split("/")[-2]]),
        {"field": fields, "csrfmiddlewaretoken": token},
    )

    assert undone.status_code == 200
    alice.refresh_from_db()
    assert alice.email_on_reply and alice.email_on_like and not alice.email_on_quote


def test_undo_is_refused_without_a_csrf_token(alice):
    url = link_for(alice, "email_on_reply")
    client = Client(enforce_csrf_checks=True)
    client.post(url)

    refused = client.post(url + "reabonner/")

    assert refused.status_code == 403
    assert not User.objects.get(pk=alice.pk).email_on_reply


def test_the_settings_page_then_shows_the_email_switched_off(client, alice):
    url = link_for(alice, "email_on_mention")
    Client().post(url)
    client.force_login(alice)

    html = client.get(reverse("accounts:settings")).content.decode()

    assert re.search(r'<input type="checkbox" name="email_on_mention" id="[\w_]+">', html)


# --- Bad tokens -----------------------------------------------------------------------------------


def tampered(token):
    """`token` with one character of its value changed."""
    value, _colon, signature = token.rpartition(":")
    flipped = ("A" if value[5] != "A" else "B").join([value[:5], value[6:]])
    return f"{flipped}:{signature}"


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(
            lambda member: tampered(unsubscribe.token_for(member, "email_on_reply")), id="tampered"
        ),
        pytest.param(
            lambda member: unsubscribe.token_for(member, "email_on_reply")[:-3], id="truncated"
        ),
        pytest.param(lambda member: "nimportequoi", id="nonsense"),
        pytest.param(
            lambda member: signing.Signer(salt="another.salt").sign_object(
                {"m": member.pk, "e": "email_on_reply"}
            ),
            id="another-salt",
        ),
        pytest.param(
            lambda member: signing.Signer(salt=unsubscribe.SALT).sign_object(
                {"m": member.pk, "e": "is_staff"}
            ),
            id="not-a-preference",
        ),
    ],
)
def test_a_bad_token_is_a_clear_400_and_changes_nothing(alice, make_token):
    url = reverse("accounts:unsubscribe", args=[make_token(alice)])
    client = Client(enforce_csrf_checks=True)

    for response in (client.get(url), client.post(url, ONE_CLICK_BODY, content_type="text/plain")):
        assert response.status_code == 400
        assert "Ce lien ne fonctionne pas" in response.content.decode()
    assert User.objects.get(pk=alice.pk).email_on_reply


def test_a_deleted_members_link_no_longer_works(alice):
    from kiosque.accounts.actions import delete_account

    url = reverse("accounts:unsubscribe", args=[unsubscribe.token_for(alice, unsubscribe.ALL)])
    delete_account(alice)

    assert Client().post(url).status_code == 400


def test_the_address_is_reserved_as_a_username():
    from kiosque.accounts.adapter import is_reserved

    assert is_reserved("desabonnement")

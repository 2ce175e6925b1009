"""Every accounts page, as a member sees it, passes the Nu HTML checker."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from e2e.quality import assert_valid_documents
from kiosque.accounts.tests.factories import UserFactory
from kiosque.accounts.tests.posts import make_post, make_topic

pytestmark = pytest.mark.django_db


def test_accounts_pages_are_valid_html(client, smtp_server):
    documents: dict[str, str] = {}

    def keep(name: str, response: Any) -> None:
        assert response.status_code in (200, 400, 429), (name, response.status_code)
        documents[name] = response.content.decode()

    member = UserFactory(username="rose", bio="Première ligne.\nDeuxième ligne.")
    make_post(author=member, topic=make_topic(title="Un sujet <important>"))
    keep("profile", client.get(reverse("accounts:profile", kwargs={"username": "rose"})))
    keep("login", client.get(reverse("account_login")))
    keep(
        "login refused",
        client.post(reverse("account_login"), {"login": "rose", "password": "faux"}),
    )
    keep("signup", client.get(reverse("account_signup")))
    keep(
        "signup refused",
        client.post(reverse("account_signup"), {"username": "x", "email": "pas-un-email"}),
    )
    keep("password reset", client.get(reverse("account_reset_password")))
    client.post(
        reverse("account_signup"),
        {
            "username": "sacha",
            "email": "sacha@example.org",
            "password1": "un mot de passe solide",
            "password2": "un mot de passe solide",
        },
    )
    keep("verification sent", client.get(reverse("account_email_verification_sent")))
    link = smtp_server.link_in(smtp_server.last_to("sacha@example.org"), "/compte/confirm-email/")
    keep("confirm email", client.get(link))

    client.post(reverse("account_reset_password"), {"email": member.email})
    keep("password reset done", client.get(reverse("account_reset_password_done")))
    reset_link = smtp_server.link_in(smtp_server.last_to(member.email), "/compte/password/reset/")
    keep("password reset form", client.get(reset_link, follow=True))
    keep("bad reset link", client.get(reset_link.replace("-", "-x", 1), follow=True))

    client.force_login(member)
    keep("settings", client.get(reverse("accounts:settings")))
    keep(
        "settings refused",
        client.post(reverse("accounts:settings"), {"bio": "b" * 1001}),
    )
    keep("email", client.get(reverse("account_email")))
    client.post(reverse("account_email"), {"email": "rose@ailleurs.example", "action_add": ""})
    keep("email pending", client.get(reverse("account_email")))
    keep("password change", client.get(reverse("account_change_password")))
    keep("delete", client.get(reverse("accounts:delete")))
    keep("delete refused", client.post(reverse("accounts:delete"), {"password": "faux"}))
    keep("logout", client.get(reverse("account_logout")))

    assert_valid_documents(documents)

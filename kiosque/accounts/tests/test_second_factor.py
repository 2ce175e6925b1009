"""A second factor: optional for members, required for staff; TOTP tested with computed codes."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.urls import reverse

from kiosque.accounts.tests.factories import UserFactory

PASSWORD = "un mot de passe solide"

pytestmark = pytest.mark.django_db


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for `secret` (RFC 6238, 30-second steps)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def is_signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def test_a_member_finds_the_second_factor_in_their_settings_in_french(client):
    client.force_login(UserFactory())

    settings_page = client.get(reverse("accounts:settings")).content.decode()
    page = client.get(reverse("mfa_index"))

    assert reverse("mfa_index") in settings_page
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="fr">' in html
    assert "Authentification à deux facteurs" in html
    assert 'class="settings-nav"' in html, "the page sits among the member's settings"


def test_a_member_turns_on_an_authenticator_app_then_signs_in_with_its_code(client):
    member = UserFactory(username="ines")
    client.post(reverse("account_login"), {"login": "ines", "password": PASSWORD})
    # Adding a second factor asks for the password again (allauth's reauthentication).
    assert client.get(reverse("mfa_activate_totp")).status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert wrong.status_code == 400
    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()

    client.post(reverse("account_logout"))
    password_step = client.post(reverse("account_login"), {"login": "ines", "password": PASSWORD})
    assert password_step.status_code == 302
    assert password_step["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client, member), "the password alone is not enough any more"
    refused = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert refused.status_code == 400
    assert "Code incorrect" in refused.content.decode()
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done.status_code == 302
    assert is_signed_in(client, member)


def test_staff_without_a_second_factor_are_sent_to_set_one_up_before_the_admin(client):
    editor = UserFactory(is_staff=True, is_superuser=True, second_factor=False)
    client.force_login(editor)

    to_admin = client.get(reverse("admin:accounts_user_changelist"))
    setup = client.get(reverse("mfa_index"))

    assert to_admin.status_code == 302
    assert to_admin["Location"] == reverse("mfa_index")
    assert setup.status_code == 200
    assert "protégez-le par un second facteur" in setup.content.decode()


def test_moderators_without_a_second_factor_are_kept_from_staff_pages(client):
    moderator = UserFactory()
    moderator.groups.add(Group.objects.create(name="moderators"))
    client.force_login(moderator)

    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_index")
    assert client.get(reverse("moderation:queue"))["Location"] == reverse("mfa_index")
    assert client.get(reverse("newsroom:home")).status_code == 200, "reading pages stay open"


def test_staff_sign_in_to_the_admin_with_password_then_a_computed_code(client):
    editor = UserFactory(username="redac-chef", is_staff=True, is_superuser=True)

    to_admin = client.get(reverse("admin:index"), follow=True)
    assert to_admin.redirect_chain[-1][0].startswith(reverse("account_login"))
    password_step = client.post(
        reverse("account_login") + "?next=" + reverse("admin:index"),
        {"login": "redac-chef", "password": PASSWORD},
    )
    assert password_step["Location"] == reverse("mfa_authenticate")
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(editor.totp_secret)})

    assert done.status_code == 302
    assert done["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_member_without_staff_rights_gets_a_403_at_the_admin_login(client):
    client.force_login(UserFactory())

    assert client.get(reverse("admin:login")).status_code == 403

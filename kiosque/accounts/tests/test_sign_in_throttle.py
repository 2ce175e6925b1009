"""Guessing passwords is slowed where it comes from; the account's owner is never locked out.

Addresses are set per request (`REMOTE_ADDR`); time moves with time-machine, never by waiting.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts import throttle
from kiosque.accounts.tests.factories import UserFactory

PASSWORD = "un mot de passe solide"
ATTACKER = "203.0.113.66"
OWNER_HOME = "198.51.100.7"

pytestmark = pytest.mark.django_db


def sign_in(client, login: str, password: str, address: str = OWNER_HOME, path: str = ""):
    return client.post(
        path or reverse("account_login"),
        {"login": login, "password": password},
        REMOTE_ADDR=address,
    )


def is_signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def known_device_client(client, member, address: str = OWNER_HOME):
    """`client` after the member signed in on it once, then signed out: a known device."""
    assert sign_in(client, member.username, PASSWORD, address).status_code == 302
    assert throttle.KNOWN_DEVICE_COOKIE in client.cookies
    client.post(reverse("account_logout"))
    return client


def sign_in_with_emailed_code(client, email: str, address: str = OWNER_HOME):
    requested = client.post(
        reverse("account_request_login_code"), {"email": email}, REMOTE_ADDR=address
    )
    assert requested.status_code == 302, requested.content.decode()
    code = re.search(r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4})\s*$", str(mail.outbox[-1].body), re.MULTILINE)
    assert code, mail.outbox[-1].body
    return client.post(
        reverse("account_confirm_login_code"), {"code": code.group(1)}, REMOTE_ADDR=address
    )


def test_a_guesser_from_one_address_is_made_to_wait_with_a_french_429(client):
    UserFactory(username="farid")

    with time_machine.travel(timezone.now(), tick=False):
        answers = [sign_in(client, "farid", f"essai {n}", ATTACKER) for n in range(50)]

    codes = [answer.status_code for answer in answers]
    assert codes[: throttle.PAIR_FREE_FAILURES] == [400] * throttle.PAIR_FREE_FAILURES
    assert set(codes[throttle.PAIR_FREE_FAILURES :]) == {429}
    # (Past 30 requests a minute, the address's cap on sign-in requests answers 429 before.)
    html = answers[throttle.PAIR_FREE_FAILURES].content.decode()
    assert "Trop de tentatives de connexion échouées. Réessayez dans 30 secondes" in html
    assert "code envoyé à votre adresse e-mail" in html
    assert 'value="farid"' in html, "the login typed stays in the form"


def test_each_further_failure_doubles_the_wait_and_nothing_is_locked_for_good(client):
    UserFactory(username="farid")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(throttle.PAIR_FREE_FAILURES):
            sign_in(client, "farid", f"essai {n}", ATTACKER)
        clock.shift(throttle.FIRST_WAIT)
        assert sign_in(client, "farid", "encore faux", ATTACKER).status_code == 400
        clock.shift(throttle.FIRST_WAIT)
        refused = sign_in(client, "farid", PASSWORD, ATTACKER)
        assert refused.status_code == 429, "the second wait is twice the first"
        assert "Réessayez dans 30 secondes" in refused.content.decode()

        clock.shift(throttle.FIRST_WAIT)
        assert sign_in(client, "farid", PASSWORD, ATTACKER).status_code == 302


def fail_patiently(client, login: str, address: str, times: int, clock) -> None:
    """A guesser who waits out every delay, so that each of their `times` guesses is checked."""
    for n in range(times):
        clock.shift(throttle.LONGEST_WAIT + timedelta(seconds=1))
        assert sign_in(client, login, f"essai {n}", address).status_code == 400


def test_fifty_failures_from_elsewhere_stop_neither_the_known_device_nor_the_emailed_code(client):
    owner = UserFactory(username="kerouan", email="kerouan@example.org")
    known_device_client(client, owner)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail_patiently(type(client)(), "kerouan", ATTACKER, 50, clock)

        assert sign_in(type(client)(), "kerouan", "essai 51", ATTACKER).status_code == 429
        # A browser the owner never used waits, wherever it is: the account is under attack…
        new_device = type(client)()
        assert sign_in(new_device, "kerouan", PASSWORD, "198.51.100.99").status_code == 429
        # …but the browser they signed in on before lets them in, and so does the e-mailed code.
        assert sign_in(client, "kerouan", PASSWORD, OWNER_HOME).status_code == 302
        assert is_signed_in(client, owner)
        assert sign_in_with_emailed_code(new_device, "kerouan@example.org").status_code == 302
        assert is_signed_in(new_device, owner)


def test_a_guesser_behind_the_owners_address_does_not_stop_the_owners_known_device(client):
    owner = UserFactory(username="kerouan")
    known_device_client(client, owner)
    attacker = type(client)()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail_patiently(attacker, "kerouan", OWNER_HOME, 50, clock)
        assert sign_in(attacker, "kerouan", PASSWORD, OWNER_HOME).status_code == 429

        assert sign_in(client, "kerouan", PASSWORD, OWNER_HOME).status_code == 302
        assert is_signed_in(client, owner)


def test_guessers_spread_over_many_addresses_slow_new_devices_but_not_the_owner(client):
    owner = UserFactory(username="kerouan", email="kerouan@example.org")
    known_device_client(client, owner)
    for n in range(50):
        sign_in(type(client)(), "kerouan", f"essai {n}", f"192.0.2.{n + 1}")

    new_device = type(client)()
    assert sign_in(new_device, "kerouan", PASSWORD, "198.51.100.99").status_code == 429
    assert sign_in(client, "kerouan", PASSWORD, OWNER_HOME).status_code == 302
    assert is_signed_in(client, owner)
    assert sign_in_with_emailed_code(new_device, "kerouan@example.org").status_code == 302
    assert is_signed_in(new_device, owner)


def test_the_owner_signs_in_with_the_emailed_code_from_an_address_that_waits(client):
    owner = UserFactory(username="kerouan", email="kerouan@example.org")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail_patiently(type(client)(), "kerouan", OWNER_HOME, 50, clock)
        assert sign_in(client, "kerouan", PASSWORD, OWNER_HOME).status_code == 429

        assert sign_in_with_emailed_code(client, "kerouan@example.org").status_code == 302
        assert is_signed_in(client, owner)


def test_a_forged_known_device_cookie_is_ignored(client):
    UserFactory(username="kerouan")
    client.cookies[throttle.KNOWN_DEVICE_COOKIE] = "appareil:1,2,3"
    for n in range(throttle.PAIR_FREE_FAILURES):
        sign_in(client, "kerouan", f"essai {n}", ATTACKER)

    assert sign_in(client, "kerouan", PASSWORD, ATTACKER).status_code == 429


def test_the_admin_login_is_the_sites_and_slows_guessers_the_same_way(client):
    staff = UserFactory(username="redac-chef", is_staff=True, is_superuser=True)
    admin_login = reverse("admin:login")

    answers = [sign_in(client, "redac-chef", "essai", ATTACKER, path=admin_login)]
    follow = client.get(admin_login, {"next": "/admin/"})
    for n in range(25):
        answers.append(sign_in(client, "redac-chef", f"essai {n}", ATTACKER))
    right = sign_in(client, "redac-chef", PASSWORD, ATTACKER)

    assert answers[0].status_code == 302, "a password posted to the admin is never checked"
    assert follow.status_code == 302
    assert follow["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"
    assert {answer.status_code for answer in answers[throttle.PAIR_FREE_FAILURES + 1 :]} == {429}
    assert right.status_code == 429
    assert not is_signed_in(client, staff)


def test_time_with_no_failure_forgets_the_failures(client):
    UserFactory(username="farid")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(throttle.PAIR_FREE_FAILURES):
            sign_in(client, "farid", f"essai {n}", ATTACKER)
        clock.shift(throttle.FAILURES_KEPT + timedelta(seconds=1))

        assert sign_in(client, "farid", PASSWORD, ATTACKER).status_code == 302

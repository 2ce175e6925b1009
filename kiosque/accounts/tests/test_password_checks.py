"""Sign-in costs one password hash whether or not the login names someone; a few hashes at once."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.urls import reverse

from kiosque.accounts import hashers
from kiosque.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def argon2_only(settings):
    """The real hasher (the suite's conftest puts a cheap one first)."""
    settings.PASSWORD_HASHERS = ["kiosque.accounts.hashers.KiosqueArgon2PasswordHasher"]


def hashes_made_by(client, login: str) -> int:
    """How many Argon2 hashes (checks and dummy hashes) one failed sign-in with `login` runs."""
    with mock.patch.object(
        hashers, "with_password_check_slot", wraps=hashers.with_password_check_slot
    ) as slot:
        response = client.post(reverse("account_login"), {"login": login, "password": "faux"})
    assert response.status_code == 400
    return slot.call_count


def test_every_failed_sign_in_costs_one_hash_whether_or_not_the_account_exists(client):
    UserFactory(username="dominique", email="dominique@example.org")

    counts = {
        login: hashes_made_by(client, login)
        for login in ("dominique@example.org", "personne@example.org", "dominique", "personne")
    }

    assert counts == dict.fromkeys(counts, 1)


def test_a_password_check_waiting_too_long_asks_to_try_again_with_a_503(client, settings):
    settings.KIOSQUE_PASSWORD_CHECKS_MAX = 1
    settings.KIOSQUE_PASSWORD_CHECK_WAIT_SECONDS = 0
    UserFactory(username="dominique")
    busy = hashers._slots(1)
    assert busy.acquire()  # another sign-in is hashing
    try:
        response = client.post(
            reverse("account_login"), {"login": "dominique", "password": "un mot de passe solide"}
        )
    finally:
        busy.release()

    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert "Trop de personnes se connectent en ce moment" in html
    assert 'value="dominique"' in html, "the login typed stays in the form"


def test_no_more_hashes_run_at_once_than_the_cap(settings):
    settings.KIOSQUE_PASSWORD_CHECKS_MAX = 2
    running, most = 0, 0
    lock = threading.Lock()
    release = threading.Event()

    def hash_for_a_while() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        release.wait(timeout=0.2)
        with lock:
            running -= 1

    threads = [
        threading.Thread(target=hashers.with_password_check_slot, args=(hash_for_a_while,))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert most == 2

"""The admin's sign-in is the site's: guessing a staff password there is slowed like anywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kiosque.accounts import throttle
from kiosque.accounts.tests.factories import UserFactory

PASSWORD = "un mot de passe solide"
GUESSER = "203.0.113.9"

pytestmark = pytest.mark.django_db


def test_twenty_five_wrong_staff_passwords_then_the_right_one_does_not_sign_in(client):
    staff = UserFactory(username="chef", is_staff=True, is_superuser=True)
    login_page = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert login_page["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"

    answers = [
        client.post(
            login_page["Location"],
            {"login": "chef", "password": f"essai {n}"},
            REMOTE_ADDR=GUESSER,
        ).status_code
        for n in range(25)
    ]
    right = client.post(
        login_page["Location"], {"login": "chef", "password": PASSWORD}, REMOTE_ADDR=GUESSER
    )

    assert answers[: throttle.PAIR_FREE_FAILURES] == [400] * throttle.PAIR_FREE_FAILURES
    assert set(answers[throttle.PAIR_FREE_FAILURES :]) == {429}
    assert right.status_code == 429
    assert client.session.get("_auth_user_id") != str(staff.pk)


def test_a_password_posted_to_the_old_admin_login_is_never_checked(client):
    UserFactory(username="chef", is_staff=True, is_superuser=True)

    response = client.post(reverse("admin:login"), {"username": "chef", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session

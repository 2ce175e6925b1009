"""Joining, signing in and out, passwords and e-mail addresses: allauth's flows, in French.

Mail goes over SMTP to a real local server (the `smtp_server` fixture), and the tests follow
the links they find in it, as a member would.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory

PASSWORD = "un mot de passe solide"
NEW_PASSWORD = "une phrase de passe toute neuve"

pytestmark = pytest.mark.django_db


def is_signed_in(client, user: User) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def sign_in(client, login: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_the_sign_up_page_is_french_and_asks_username_email_and_password_twice(client):
    response = client.get(reverse("account_signup"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "Inscription" in html
    for name in ("username", "email", "password1", "password2"):
        assert f'name="{name}"' in html
        assert f'<label for="id_{name}"' in html
    assert html.index('name="username"') < html.index('name="email"')


def test_joining_sends_a_confirmation_mail_whose_link_signs_the_new_member_in(client, smtp_server):
    response = client.post(
        reverse("account_signup"),
        {
            "username": "camille",
            "email": "camille@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    camille = User.objects.get(username="camille")
    assert not is_signed_in(client, camille)
    mail = smtp_server.last_to("camille@example.org")
    assert smtp_server.subject_of(mail) == "[Kiosque] Confirmez votre adresse e-mail"
    assert "Kiosque" in smtp_server.text_of(mail)
    link = smtp_server.link_in(mail, "/compte/confirm-email/")

    page = client.get(link)
    assert page.status_code == 200
    assert "Confirmer" in page.content.decode()
    assert not EmailAddress.objects.get(user=camille).verified

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=camille).verified
    assert is_signed_in(client, camille)


def test_a_member_signs_in_with_their_email_or_their_username(client):
    member = UserFactory(username="dominique", email="dominique@example.org")

    assert sign_in(client, "dominique@example.org").status_code == 302
    assert is_signed_in(client, member)
    client.post(reverse("account_logout"))
    assert not is_signed_in(client, member)

    assert sign_in(client, "dominique").status_code == 302
    assert is_signed_in(client, member)


def test_a_wrong_password_is_refused_in_french_with_a_400(client):
    UserFactory(username="dominique")

    response = sign_in(client, "dominique", "pas le bon")

    assert response.status_code == 400
    assert "Le pseudo et/ou le mot de passe sont incorrects." in response.content.decode()
    assert 'value="dominique"' in response.content.decode()


def test_a_member_who_has_not_confirmed_their_email_cannot_sign_in(client, smtp_server):
    member = UserFactory(username="eden", email="eden@example.org", email_verified=False)

    response = sign_in(client, "eden")

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert not is_signed_in(client, member)
    assert "Vérifiez votre adresse e-mail" in page.content.decode()
    # A fresh confirmation link is on its way.
    assert smtp_server.link_in(smtp_server.last_to("eden@example.org"), "/compte/confirm-email/")


def test_a_forgotten_password_is_reset_through_the_link_mailed_over_smtp(client, smtp_server):
    member = UserFactory(username="gaelle", email="gaelle@example.org")

    response = client.post(reverse("account_reset_password"), {"email": "gaelle@example.org"})
    assert response.status_code == 302
    mail = smtp_server.last_to("gaelle@example.org")
    assert smtp_server.subject_of(mail) == "[Kiosque] E-mail de réinitialisation de mot de passe"
    link = smtp_server.link_in(mail, "/compte/password/reset/key/")

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    client.logout()
    assert sign_in(client, "gaelle", NEW_PASSWORD).status_code == 302


def test_a_new_email_address_replaces_the_old_one_only_once_confirmed(client, smtp_server):
    member = UserFactory(username="hugo", email="hugo@example.org")
    client.force_login(member)

    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    assert "Adresse e-mail" in page.content.decode()
    response = client.post(
        reverse("account_email"), {"email": "hugo@nouveau.example", "action_add": ""}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "hugo@example.org"
    assert "hugo@nouveau.example" in client.get(reverse("account_email")).content.decode()
    link = smtp_server.link_in(
        smtp_server.last_to("hugo@nouveau.example"), "/compte/confirm-email/"
    )
    client.post(link)
    member.refresh_from_db()
    assert member.email == "hugo@nouveau.example"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == [
        "hugo@nouveau.example"
    ]


def test_an_invalid_new_email_address_is_refused_with_a_400(client):
    member = UserFactory()
    client.force_login(member)

    response = client.post(reverse("account_email"), {"email": "pas une adresse", "action_add": ""})

    assert response.status_code == 400
    assert "Saisissez une adresse de courriel valide." in response.content.decode()


@pytest.mark.parametrize("username", ["reglages", "Supprimer", "membre-supprime-12"])
def test_names_of_member_pages_and_of_deleted_members_are_reserved(client, username):
    response = client.post(
        reverse("account_signup"),
        {
            "username": username,
            "email": "nouveau@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 400
    assert "Ce pseudo est réservé" in response.content.decode()
    assert not User.objects.filter(email="nouveau@example.org").exists()


def test_too_many_sign_in_requests_from_one_address_get_a_french_429_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}

    for _ in range(2):
        sign_in(client, "personne", "peu importe")
    response = sign_in(client, "personne", "peu importe")

    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert '<html lang="fr">' in response.content.decode()

"""Guessing a member's password in a browser is slowed down, and the owner still signs in; the
admin's login is the site's own, throttled the same way."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from e2e.community_helpers import member_nav, member_tab, submit, visit
from kiosque.accounts.tests.factories import UserFactory

PASSWORD = "un mot de passe solide"  # UserFactory's


def try_password(page: Page, login: str, password: str) -> Any:
    visit(page, reverse("account_login"))
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password)
    return submit(page, page.get_by_role("button", name="Connexion"))


def test_a_guesser_is_made_to_wait_and_the_owner_still_signs_in(
    browser: Browser, live_server: Any
) -> None:
    owner = UserFactory.create(username="proprietaire")
    with member_tab(browser, live_server) as phone, member_tab(browser, live_server) as guesser:
        # The owner signed in on their phone before: a known device.
        assert try_password(phone, owner.username, PASSWORD).status == 200
        expect(member_nav(phone).get_by_role("link", name=owner.username)).to_be_visible()
        submit(phone, member_nav(phone).get_by_role("button", name="Se déconnecter"))

        answers = [try_password(guesser, owner.username, f"essai {n}").status for n in range(6)]
        assert answers[-1] == 429, answers
        expect(guesser.get_by_role("main")).to_contain_text("Trop de tentatives")
        expect(guesser.get_by_label("Identifiant")).to_have_value(owner.username)
        assert try_password(guesser, owner.username, PASSWORD).status == 429, "not by guessing"

        # Nothing is locked: the owner signs in at once from the known device.
        assert try_password(phone, owner.username, PASSWORD).status == 200
        expect(member_nav(phone).get_by_role("link", name=owner.username)).to_be_visible()


def test_the_admin_login_is_the_sites_sign_in(page: Page) -> None:
    visit(page, "/admin/login/?next=/admin/")
    expect(page).to_have_url(
        re.compile(r"/compte/login/\?next=%2Fadmin%2F|/compte/login/\?next=/admin/")
    )
    expect(page.get_by_role("button", name="Connexion")).to_be_visible()

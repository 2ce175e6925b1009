"""What the community's browser tests do over and over: sign in, open a second member's tab,
submit a form and read what the server answered."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.urls import reverse
from playwright.sync_api import Browser, Locator, Page, Response, expect

from e2e.conftest import new_reader_context
from kiosque.demo.community import DEMO_PASSWORD


def visit(page: Page, path: str, *, status: int = 200) -> str:
    """Open `path` and return the HTML the server sent for it."""
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}, not {status}"
    return response.text()


def submit(page: Page, control: Locator, *, key: str | None = None) -> Response:
    """Click `control` (or press `key` on it) and return the server's answer to what it sent:
    the last response of the navigation, after any redirect."""
    with page.expect_navigation() as navigation:
        if key:
            control.press(key)
        else:
            control.click()
    response = navigation.value
    assert response is not None, "the form did not lead to a new page"
    return response


def sign_in(
    page: Page, username: str, *, password: str = DEMO_PASSWORD, next_url: str = "/"
) -> None:
    """Sign in through the French sign-in page, as a member would, and come back to `next_url`."""
    visit(page, f"{reverse('account_login')}?{urlencode({'next': next_url})}")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    response = submit(page, page.get_by_role("button", name="Connexion"))
    assert response.status == 200, f"signing in as {username} answered {response.status}"
    assert urlsplit(page.url).path == urlsplit(next_url).path
    expect(member_nav(page).get_by_role("link", name=username, exact=True)).to_be_visible()


def member_nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Votre compte")


@contextmanager
def member_tab(browser: Browser, live_server: Any) -> Iterator[Page]:
    """Another person's browser (own cookies and storage), set up like the `page` fixture."""
    context = new_reader_context(browser, live_server)
    try:
        yield context.new_page()
    finally:
        context.close()


def post_id_in(url: str) -> int:
    """The post a URL is scrolled to (`…#post-123`)."""
    found = re.search(r"#post-(\d+)$", url)
    assert found, f"{url} does not point at a post"
    return int(found.group(1))


def comments(count: int) -> str:
    """How a French page counts comments: "1 commentaire", "12 commentaires"."""
    return f"{count} commentaire{'s' if count > 1 else ''}"

"""The header on a phone (#10, part 9): one line at 320 and 390 px for a reader and a member,
sections and the forum in a menu that opens without JavaScript and with the keyboard, the
member's links in one avatar menu; wide screens keep the section bar and the links in a row."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.community_helpers import member_nav, sign_in, visit
from e2e.conftest import new_reader_context
from e2e.quality import assert_accessible, assert_valid_html, screenshots
from kiosque.accounts.tests.factories import UserFactory
from kiosque.demo.community import DEMO_PASSWORD
from kiosque.newsroom.tests.factories import SectionFactory

PHONES = (320, 390)
SECTIONS = ["Intelligence artificielle", "Matériel", "Logiciels libres", "Sécurité", "Jeux vidéo"]


@pytest.fixture
def sections(db: Any) -> None:
    for n, name in enumerate(SECTIONS):
        SectionFactory.create(name=name, slug=f"rubrique-{n}", position=n)


def fits(page: Page) -> None:
    """Nothing wider than the screen, and the header's bar on one line."""
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll("body *"))
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .filter(e => getComputedStyle(e).visibility !== "hidden")
            .slice(0, 5).map(e => e.outerHTML.slice(0, 120))"""
    )
    fit = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fit, f"wider than the screen: {wide}"
    bar = page.locator(".site-header__bar")
    heights = bar.evaluate(
        "bar => Array.from(bar.children).filter(c => c.offsetParent).map(c => c.offsetTop)"
    )
    box = bar.bounding_box()
    assert box is not None and box["height"] < 64, f"the bar wraps: {box}"
    assert max(heights) - min(heights) < 24, heights


def test_a_reader_opens_the_menu_by_keyboard_and_reaches_the_forum(
    page: Page, sections: None, quality_tools: None
) -> None:
    for width in PHONES:
        page.set_viewport_size({"width": width, "height": 740})
        html = visit(page, "/")
        fits(page)
        menu = page.get_by_role("navigation", name="Rubriques")
        expect(menu.get_by_role("link", name="Forum")).to_be_hidden()
        page.locator(".site-menu > summary").focus()
        page.keyboard.press("Enter")
        expect(menu.get_by_role("link", name="Forum")).to_be_visible()
        for name in SECTIONS:
            expect(menu.get_by_role("link", name=name)).to_be_visible()
        expect(page.get_by_role("search").get_by_role("searchbox")).to_be_visible()
        fits(page)
        page.keyboard.press("Escape")
        expect(menu.get_by_role("link", name="Forum")).to_be_hidden()
        expect(page.locator(".site-menu > summary")).to_be_focused()
    assert_valid_html(html, "header (reader)")
    page.locator(".site-menu > summary").click()
    assert_accessible(page, "header, menu open (reader, 390 px)")
    screenshots(page, "header-menu-reader")
    page.set_viewport_size({"width": 1366, "height": 800})
    visit(page, "/")
    expect(page.locator(".site-menu")).to_be_hidden()
    expect(page.locator(".section-nav").get_by_role("link", name="Forum")).to_be_visible()
    expect(page.locator(".site-header__search").get_by_role("searchbox")).to_be_visible()


def test_the_menu_works_without_javascript(browser: Any, live_server: Any, sections: None) -> None:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 320, "height": 700},
        locale="fr-FR",
        java_script_enabled=False,
    )
    try:
        page = context.new_page()
        visit(page, "/")
        fits(page)
        page.locator(".site-menu > summary").focus()
        page.keyboard.press("Enter")
        forum = page.get_by_role("navigation", name="Rubriques").get_by_role("link", name="Forum")
        expect(forum).to_be_visible()
        forum.click()
        expect(page).to_have_url(f"{live_server.url}/forum/")
    finally:
        context.close()


def test_a_member_has_the_bell_and_one_avatar_menu_on_a_phone(
    browser: Any, live_server: Any, sections: None, quality_tools: None
) -> None:
    member = UserFactory.create(username="zephyrine_la_lectrice", password=DEMO_PASSWORD)
    context = new_reader_context(browser, live_server)
    try:
        page = context.new_page()
        sign_in(page, member.username)
        for width in PHONES:
            page.set_viewport_size({"width": width, "height": 740})
            html = visit(page, "/forum/")
            fits(page)
            nav = member_nav(page)
            # The bell stays in sight (a link, or the button of its dropdown).
            expect(nav.get_by_label(re.compile(r"^Notifications")).first).to_be_visible()
            expect(nav.get_by_role("link", name=member.username, exact=True)).to_be_hidden()
            avatar = nav.get_by_text(f"Menu de {member.username}")
            page.locator(".account-menu > summary").focus()
            page.keyboard.press("Enter")
            panel = page.locator(".account-menu__panel")
            for name in ("Notifications", "Réglages"):
                expect(panel.get_by_role("link", name=name)).to_be_visible()
            expect(panel.get_by_role("link", name=member.username)).to_be_visible()
            expect(panel.get_by_role("button", name="Se déconnecter")).to_be_visible()
            assert avatar.count() == 1
            fits(page)
            page.keyboard.press("Escape")
            expect(panel).to_be_hidden()
        assert_valid_html(html, "header (member)")
        page.locator(".account-menu > summary").click()
        assert_accessible(page, "header, avatar menu open (member, 390 px)")
        screenshots(page, "header-menu-member")
        page.set_viewport_size({"width": 1366, "height": 800})
        visit(page, "/forum/")
        expect(
            member_nav(page).get_by_role("link", name=member.username, exact=True)
        ).to_be_visible()
        expect(page.locator(".account-menu")).to_be_hidden()
    finally:
        context.close()

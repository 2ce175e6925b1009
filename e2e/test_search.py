"""Searching the demo site from the header: a word form found in an article and a forum post
whose titles do not have it, on a laptop and on a phone."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import DemoSite
from e2e.quality import assert_accessible, assert_valid_documents, screenshots

# "consommations" is written nowhere in the demo: its articles and posts say "consommation"
# (and "consommateurs"), in their text, not in the titles of those found below.
QUERY = "consommations"
STEM = "consomm"


def header_search_box(page: Page) -> Locator:
    """The header's search field, opening the phone's menu first when it holds it."""
    header = page.locator("header").first
    field = header.get_by_role("searchbox").first
    if not field.is_visible():
        header.locator("summary, button[aria-expanded='false']").first.click()
    expect(field).to_be_visible()
    return field


def results_after_search(page: Page, field: Locator) -> str:
    field.fill(QUERY)
    with page.expect_navigation() as navigation:
        field.press("Enter")
    response = navigation.value
    assert response is not None and response.status == 200
    assert parse_qs(urlsplit(page.url).query)["q"] == [QUERY]
    return response.text()


@pytest.mark.usefixtures("quality_tools")
def test_a_reader_searches_from_the_header_and_finds_an_article_and_a_post(
    page: Page, live_server: Any, demo_site: DemoSite
) -> None:
    page.goto("/")
    html = results_after_search(page, header_search_box(page))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher")
    expect(page.get_by_role("searchbox", name="Mots à chercher")).to_have_value(QUERY)
    expect(
        page.get_by_text(re.compile(r"^\d+ résultats pour «\s*consommations\s*»"))
    ).to_be_visible()

    hits = page.locator("ol.search-results > li")
    found: dict[str, str] = {}
    for index in range(hits.count()):
        hit = hits.nth(index)
        kind = hit.locator(".search-hit__kind").inner_text().split("·")[0].strip().lower()
        title = hit.get_by_role("heading", level=2).inner_text()
        if STEM not in title.lower() and kind not in found:
            expect(hit.locator("mark").first).to_contain_text(re.compile(STEM, re.IGNORECASE))
            expect(hit.locator("time")).to_have_text(re.compile(r"^\d{1,2} \w+ \d{4} à \d\dh\d\d$"))
            found[kind] = title
    assert set(found) == {"article", "discussion"}, f"found only {found}"
    assert_accessible(page, "résultats de recherche")
    documents = {"résultats": html}

    # A result opens its article.
    article_title = found["article"]
    page.get_by_role("link", name=article_title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article_title)

    # On a phone the box is in reach, and the results read without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    documents["résultats (téléphone)"] = results_after_search(page, header_search_box(page))
    expect(page.locator("ol.search-results > li").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page, "résultats de recherche (téléphone)")
    screenshots(page, "recherche")
    assert_valid_documents(documents)

"""Sharing an article in Chromium: plain share links, the copy button copies the address (or
selects it when the clipboard refuses), nothing is asked of a third party before a click, and
the page with its metadata is valid HTML without a serious accessibility fault."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.quality import assert_accessible, assert_valid_documents, screenshots
from kiosque.newsroom.actions import publish_article
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import ArticleFactory

NETWORKS = {
    "WhatsApp": "wa.me",
    "X": "x.com",
    "Bluesky": "bsky.app",
    "LinkedIn": "www.linkedin.com",
    "Facebook": "www.facebook.com",
}


@pytest.fixture
def article(transactional_db: None) -> Article:
    draft = ArticleFactory.create(
        draft=True, title="La fibre arrive au village", lead="Le déploiement s’achève."
    )
    return publish_article(draft, by=None)


def test_an_article_is_shared_by_plain_links_and_a_copy_button(
    page: Page, live_server: Any, article: Article, quality_tools: None
) -> None:
    server = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []
    page.on(
        "request", lambda r: elsewhere.append(r.url) if urlsplit(r.url).netloc != server else None
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    response = page.goto(article.get_absolute_url())
    assert response is not None and response.status == 200
    address = settings.SITE_URL + article.get_absolute_url()

    share = page.get_by_role("complementary", name="Partager cet article")
    expect(share).to_be_visible()
    for network, host in NETWORKS.items():
        link = share.get_by_role("link", name=f"Partager sur {network}")
        href = link.get_attribute("href") or ""
        assert urlsplit(href).scheme == "https" and urlsplit(href).netloc == host, href
        query = parse_qs(urlsplit(href).query)
        shared = " ".join(value for values in query.values() for value in values)
        assert address in shared, href
    mail = share.get_by_role("link", name="Partager par E-mail")
    assert (mail.get_attribute("href") or "").startswith("mailto:?subject=La%20fibre")
    field = share.get_by_label("Lien vers cet article")
    expect(field).to_have_value(address)
    page.wait_for_load_state("networkidle")
    assert elsewhere == [], "a third party was asked for something before any click"

    share.get_by_role("button", name="Copier le lien").click()
    expect(share.get_by_role("status")).to_have_text("Lien copié.")
    assert page.evaluate("navigator.clipboard.readText()") == address

    # A browser that refuses the clipboard: the address is selected for the reader to copy.
    page.evaluate(
        "() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); }"
    )
    share.get_by_role("button", name="Copier le lien").click()
    expect(share.get_by_role("status")).to_contain_text("Le lien est sélectionné")
    expect(field).to_be_focused()
    selected = page.evaluate(
        "() => { const f = document.activeElement;"
        " return f.value.slice(f.selectionStart, f.selectionEnd); }"
    )
    assert selected == address

    # JSON-LD is data: parsed, not run, and the page's policy has nothing to say about it.
    documents = page.locator('script[type="application/ld+json"]').all_text_contents()
    assert {json.loads(text)["@type"] for text in documents} >= {"NewsArticle", "BreadcrumbList"}
    assert elsewhere == []
    # Every kind of page, its head full of metadata, valid HTML in one run of the checker.
    pages = {"article with its metadata and share links": response.text()}
    assert article.topic is not None
    for name, path in [
        ("home", reverse("newsroom:home")),
        ("section", article.section.get_absolute_url()),
        ("forum", reverse("community:index")),
        ("topic", article.topic.get_absolute_url()),
        ("English article", "/en" + article.get_absolute_url()),
    ]:
        pages[name] = page.request.get(path).text()
    assert_valid_documents(pages)
    assert_accessible(page, "article page with share links")
    screenshots(page, "share")


def test_without_javascript_the_address_waits_in_a_field(
    browser: Any, live_server: Any, article: Article
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(article.get_absolute_url())
        share = page.get_by_role("complementary", name="Partager cet article")
        expect(share.get_by_label("Lien vers cet article")).to_have_value(
            settings.SITE_URL + article.get_absolute_url()
        )
        expect(share.get_by_role("button", name="Copier le lien")).to_be_hidden()
        expect(share.get_by_role("link", name="Partager sur Bluesky")).to_be_visible()
    finally:
        context.close()

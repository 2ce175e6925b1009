"""Revisions and preview links in Chromium: an editor compares two versions of an article,
restores the older one, makes a preview link, copies it, and someone without an account opens
it; once revoked, the link says so."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.community_helpers import sign_in, submit, visit
from e2e.conftest import new_reader_context
from e2e.newsroom_helpers import PASSWORD, newsroom_member
from e2e.quality import assert_accessible, assert_valid_documents, screenshots
from kiosque.newsroom import actions, roles
from kiosque.newsroom.models import Article, PreviewLink
from kiosque.newsroom.tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.usefixtures("quality_tools")


def test_an_editor_compares_restores_and_shares_a_preview(
    page: Page, browser: Any, live_server: Any, transactional_db: None, media_root: Path
) -> None:
    user = newsroom_member("ines", roles.EDITORS, byline="Inès Éditrice")
    article = ArticleFactory.create(
        draft=True,
        section=SectionFactory.create(name="Logiciel", slug="logiciel"),
        title="Le noyau accueille Rust",
        body="Les mainteneurs ont hésité longtemps.\n\nLe code arrive en 2026.",
    )
    actions.save_article(article, by=user)
    article.title = "Le noyau Linux accueille Rust"
    article.body = "Les mainteneurs ont hésité <vraiment>.\n\nLe code arrive en 2027."
    actions.save_article(article, by=user)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    documents: dict[str, str] = {}

    revisions = reverse("desk:revision-list", args=[article.pk])
    sign_in(page, "ines", password=PASSWORD, next_url=revisions)
    documents["revision list"] = visit(page, revisions)
    expect(page.get_by_role("cell", name="Enregistrement", exact=True)).to_have_count(2)
    assert_accessible(page, "revision list")
    screenshots(page, "desk-revisions")

    response = submit(page, page.get_by_role("button", name="Comparer les versions choisies"))
    assert response.status == 200
    documents["revision comparison"] = response.text()
    body = page.locator(".revision-diff").nth(1)
    expect(body.locator("del")).to_have_text(["longtemps", "2026"])
    expect(body.locator("ins")).to_have_text(["<vraiment>", "2027"])
    expect(page.locator(".revision-diff").first.locator("ins")).to_have_text("Linux ")
    assert_accessible(page, "revision comparison")
    screenshots(page, "desk-revision-compare")

    page.get_by_role("link", name="Restaurer cette version").first.click()
    documents["restore confirmation"] = page.content()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Restaurer la version du")
    assert_accessible(page, "restore confirmation")
    screenshots(page, "desk-revision-restore")
    response = submit(page, page.get_by_role("button", name="Restaurer cette version"))
    assert response.status == 200
    assert page.url.endswith(reverse("desk:article-edit", args=[article.pk]))
    expect(page.get_by_text(re.compile("La version du .* est restaurée"))).to_be_visible()
    article.refresh_from_db()
    assert article.title == "Le noyau accueille Rust"

    links = reverse("desk:preview-links", args=[article.pk])
    documents["preview links, none"] = visit(page, links)
    page.get_by_label("30 jours").check()
    response = submit(page, page.get_by_role("button", name="Créer un lien d’aperçu"))
    assert response.status == 200
    documents["preview links, one"] = response.text()
    expect(page.get_by_text(re.compile("Lien d’aperçu créé"))).to_be_visible()
    shared = page.get_by_label("Lien à partager")
    url = shared.input_value()
    assert url.startswith(live_server.url + "/apercu/")
    copy = page.get_by_role("button", name="Copier le lien")
    expect(copy).to_be_visible()  # shown by the script
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy.click()
    expect(page.get_by_text("Lien copié.")).to_be_attached()
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert_accessible(page, "preview links")
    screenshots(page, "desk-preview-links")

    stranger = new_reader_context(browser, live_server).new_page()
    documents["preview"] = visit(stranger, url.removeprefix(live_server.url))
    expect(stranger.get_by_text("Aperçu — cet article n’est pas encore publié")).to_be_visible()
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Le noyau accueille Rust")
    expect(stranger.locator("#discussion")).to_have_count(0)
    assert_accessible(stranger, "preview")
    screenshots(stranger, "article-preview")

    submit(page, page.get_by_role("button", name=re.compile("^Révoquer")))
    expect(page.locator(".preview-link__state strong")).to_have_text("Révoqué")
    assert PreviewLink.objects.get().revoked_at is not None
    documents["preview, revoked"] = visit(stranger, url.removeprefix(live_server.url), status=410)
    expect(stranger.get_by_text("La rédaction a retiré ce lien d’aperçu.")).to_be_visible()
    assert_accessible(stranger, "preview revoked")
    screenshots(stranger, "article-preview-revoked")
    stranger.context.close()

    assert Article.objects.get().status == Article.Status.DRAFT
    assert_valid_documents(documents)
    assert refused == []

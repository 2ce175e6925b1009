"""The newsroom's editor in Chromium: a contributor writes an article, watches the preview
follow the text, loses the tab and gets the text back, saves it and submits it for review."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.community_helpers import sign_in, submit, visit
from e2e.quality import assert_accessible, assert_valid_documents
from kiosque.accounts.tests.factories import UserFactory
from kiosque.newsroom import roles
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import AuthorFactory, SectionFactory

pytestmark = pytest.mark.usefixtures("quality_tools")

PASSWORD = "un mot de passe solide"
SCREEN_WIDTHS = (390, 1366)


def contributor(username: str) -> Any:
    """A member of the Contributors group (made again if an earlier test flushed it)."""
    group, _created = Group.objects.get_or_create(name=roles.CONTRIBUTORS)
    for permission in roles.permissions_of_role(roles.CONTRIBUTORS):
        app_label, codename = permission.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user = UserFactory.create(username=username, password=PASSWORD)
    user.groups.add(group)
    AuthorFactory.create(user=user, name="Léa Pigiste", slug=username)
    return user


def screenshots(page: Page, name: str) -> None:
    """The page at each of SCREEN_WIDTHS, into KIOSQUE_SCREENS_DIR when it is set."""
    folder = os.environ.get("KIOSQUE_SCREENS_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in SCREEN_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=Path(folder) / f"{name}-{width}.png", full_page=True)
    if size:
        page.set_viewport_size(size)


def test_a_contributor_writes_an_article_and_submits_it(
    page: Page, transactional_db: None, media_root: Path
) -> None:
    SectionFactory.create(name="Logiciel", slug="logiciel")
    contributor("pigiste")
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    new_article = reverse("desk:article-new")
    documents: dict[str, str] = {}

    sign_in(page, "pigiste", password=PASSWORD, next_url=new_article)
    documents["new article"] = visit(page, new_article)
    page.get_by_label(re.compile(r"^Titre\s*:?$")).fill("Le noyau Linux accueille Rust")
    expect(page.get_by_label("Adresse (slug)")).to_have_value("le-noyau-linux-accueille-rust")
    page.get_by_label(re.compile(r"^Chapeau\s*:?$")).fill("Une première en trente ans.")
    page.get_by_label(re.compile(r"^Rubrique\s*:?$")).select_option(label="Logiciel")
    text = page.get_by_label(re.compile(r"^Texte\s*:?$"))
    text.click()
    text.press_sequentially("Un paragraphe d’ouverture.\n\n")
    page.get_by_role("button", name=re.compile("^Intertitre")).click()
    text.press_sequentially("Le contexte")  # replaces the selected placeholder
    preview = page.locator("[data-preview-body]")
    expect(preview.locator(".article__title")).to_have_text("Le noyau Linux accueille Rust")
    expect(preview.locator(".article__body h2")).to_have_text("Le contexte")
    text.press_sequentially("\n\nEt du ")
    text.press("Control+b")  # the shortcut shown on the Bold button
    text.press_sequentially("gras")
    text.press("End")
    text.press_sequentially(".")
    expect(preview.locator(".article__body strong")).to_have_text("gras")
    assert_accessible(page, "editor, writing")
    screenshots(page, "desk-editor")

    # The tab is closed before saving: the browser kept the text.
    context = page.context
    page.close()
    page = context.new_page()
    visit(page, new_article)
    restore = page.get_by_role("button", name="Reprendre mon texte")
    expect(restore).to_be_visible()
    restore.click()
    expect(page.get_by_label(re.compile(r"^Titre\s*:?$"))).to_have_value(
        "Le noyau Linux accueille Rust"
    )
    expect(page.get_by_label(re.compile(r"^Texte\s*:?$"))).to_have_value(
        re.compile(r"Et du \*\*gras\*\*\.$")
    )

    response = submit(page, page.get_by_role("button", name="Enregistrer", exact=True))
    assert response.status == 200
    article = Article.objects.get()
    assert page.url.endswith(reverse("desk:article-edit", kwargs={"pk": article.pk}))
    assert "Et du **gras**." in article.body
    assert article.status == Article.Status.DRAFT
    expect(page.get_by_role("button", name="Reprendre mon texte")).to_be_hidden()
    documents["saved article"] = response.text()

    response = submit(page, page.get_by_role("button", name="Soumettre à la relecture"))
    assert response.status == 200
    expect(page.locator(".desk-heading .desk-state")).to_have_text("En relecture")
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW

    documents["article list"] = visit(page, reverse("desk:article-list"))
    expect(page.get_by_role("link", name="Le noyau Linux accueille Rust")).to_be_visible()
    assert_accessible(page, "article list")
    screenshots(page, "desk-list")
    assert_valid_documents(documents)
    assert refused == []

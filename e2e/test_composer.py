"""The composer under an article, with its script: a preview rendered by the server as one
types, an @-name picked from the suggestions with the keyboard, an image pasted into the text,
the toolbar; then the comment published as previewed."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.community_helpers import sign_in, submit, visit
from e2e.quality import assert_accessible, assert_valid_documents, screenshots
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.newsroom.actions import publish_article
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import ArticleFactory

PASSWORD = "un mot de passe solide"

# A 2×2 PNG made in the page, as a screenshot tool puts one on the clipboard.
PASTE_AN_IMAGE = """async (selector) => {
  const canvas = document.createElement("canvas");
  canvas.width = 40;
  canvas.height = 30;
  const context = canvas.getContext("2d");
  context.fillStyle = "#1447b8";
  context.fillRect(0, 0, 40, 30);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  const data = new DataTransfer();
  data.items.add(new File([blob], "capture.png", { type: "image/png" }));
  const textarea = document.querySelector(selector);
  textarea.focus();
  const paste = { clipboardData: data, bubbles: true, cancelable: true };
  textarea.dispatchEvent(new ClipboardEvent("paste", paste));
}"""


def dom_of(page: Page) -> str:
    """The page as the script left it, for the Nu checker; without the image viewer
    community.js keeps empty until an image is opened (not this test's part)."""
    html: str = page.evaluate(
        """() => {
          const copy = document.documentElement.cloneNode(true);
          copy.querySelectorAll("dialog.lightbox").forEach((dialog) => dialog.remove());
          return "<!DOCTYPE html>" + copy.outerHTML;
        }"""
    )
    return html


def commented_article() -> Article:
    article = ArticleFactory.create(draft=True, title="Les puces de demain", slug="puces")
    publish_article(article, by=None, at=timezone.now() - timedelta(hours=1))
    article.refresh_from_db()
    assert article.topic is not None
    zephyrine = UserFactory.create(username="zephyrine")
    actions.post_reply(
        article.topic,
        author=zephyrine,
        source="Premier commentaire.",
        at=timezone.now() - timedelta(minutes=5),
    )
    UserFactory.create(username="zebulon")  # a member who did not write here
    return article


@pytest.mark.usefixtures("transactional_db", "quality_tools")
def test_a_member_comments_with_a_preview_a_mention_and_a_pasted_image(page: Page) -> None:
    article = commented_article()
    UserFactory.create(username="lecteur", password=PASSWORD)
    article_url = article.get_absolute_url()
    sign_in(page, "lecteur", password=PASSWORD, next_url=article_url)
    composer = page.locator("#discussion form.composer")
    text = composer.locator("textarea[name=source]")
    expect(composer.get_by_role("toolbar", name="Mise en forme")).to_be_visible()
    expect(composer.get_by_role("button", name="Aperçu", exact=True)).to_be_hidden()

    # Bold from the toolbar around the selected word, then the preview as the server renders it.
    text.fill("Très juste")
    text.evaluate("element => element.setSelectionRange(5, 10)")
    composer.get_by_role("button", name="Gras").click()
    expect(text).to_have_value("Très **juste**")
    preview = composer.locator("[data-composer-preview-body]")
    expect(preview.locator("strong")).to_have_text("juste")

    # "@ze": the member who wrote here first; arrows and Enter choose.
    text.press("End")
    text.press_sequentially(", merci @ze")
    options = composer.get_by_role("listbox", name="Membres à mentionner").get_by_role("option")
    expect(options).to_have_text(["@zephyrine", "@zebulon"])
    expect(options.first).to_have_attribute("aria-selected", "true")
    text.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    text.press("ArrowUp")
    text.press("Enter")
    expect(text).to_have_value("Très **juste**, merci @zephyrine ")
    expect(composer.get_by_role("listbox")).to_be_hidden()
    expect(preview.get_by_role("link", name="@zephyrine")).to_be_visible()

    # An image pasted into the text is sent and lands where the caret was.
    text.press("End")
    text.press_sequentially("\n\n")
    page.evaluate(PASTE_AN_IMAGE, "#composer-source")
    expect(text).to_have_value(
        re.compile(r"^Très \*\*juste\*\*, merci @zephyrine \n\n!\[.*\]\(/media/.+\)\n")
    )
    expect(preview.locator("img")).to_be_visible()
    status = composer.locator("[data-composer-status]")
    expect(status).to_have_text("Image ajoutée à votre message.")

    assert_accessible(page, "composer with a preview")
    screenshots(page, "composer-preview")
    text.press_sequentially("Et voilà.")
    text.press("End")
    text.press_sequentially(" @ze")
    expect(composer.get_by_role("listbox")).to_be_visible()
    assert_accessible(page, "composer with suggestions")
    documents = {"article with a composer": dom_of(page)}
    text.press("Escape")
    expect(composer.get_by_role("listbox")).to_be_hidden()

    response = submit(page, composer.get_by_role("button", name="Publier", exact=True))
    assert response.status == 200
    assert urlsplit(page.url).path == article_url
    mine = page.locator("article.post[data-username=lecteur]")
    expect(mine.locator("strong")).to_have_text("juste")
    expect(mine.locator("img")).to_be_visible()
    assert_valid_documents(documents)


@pytest.mark.usefixtures("transactional_db")
def test_the_preview_button_works_without_javascript(browser: Any, live_server: Any) -> None:
    article = commented_article()
    UserFactory.create(username="lecteur", password=PASSWORD)
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, "lecteur", password=PASSWORD, next_url=article.get_absolute_url())
        composer = page.locator("#discussion form.composer")
        composer.locator("textarea[name=source]").fill("Un *essai*.")
        submit(page, composer.get_by_role("button", name="Aperçu", exact=True))
        expect(page.locator("[data-composer-preview-body] em")).to_have_text("essai")
        expect(page.locator("textarea[name=source]")).to_have_value("Un *essai*.")
        response = submit(page, page.get_by_role("button", name="Publier", exact=True))
        assert urlsplit(response.url).path == article.get_absolute_url()
        visit(page, article.get_absolute_url())
        expect(page.locator("article.post em")).to_have_text("essai")
    finally:
        context.close()

"""Corrections in Chromium: a reader selects a wrong passage and reports it (the passage comes
quoted), an editor finds it highlighted in the desk's queue and publishes a correction, which
readers then see under the title and on the corrections page; a running story's timeline is
reordered with the keyboard; a site page joins the footer."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.community_helpers import sign_in, submit, visit
from e2e.newsroom_helpers import PASSWORD, newsroom_member
from e2e.quality import assert_accessible, assert_valid_documents, screenshots
from kiosque.media.tests.factories import ImageFactory
from kiosque.newsroom import roles
from kiosque.newsroom.models import ErrorReport
from kiosque.newsroom.tests.factories import ArticleFactory, StoryFactory

pytestmark = pytest.mark.usefixtures("quality_tools")


def select_text(page: Page, selector: str, words: str) -> None:
    """Select `words` inside the element `selector`, as a reader dragging the mouse would."""
    page.evaluate(
        """([selector, words]) => {
            const root = document.querySelector(selector);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(words);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return;
            }
            throw new Error("text not found: " + words);
        }""",
        [selector, words],
    )


def test_a_reported_error_becomes_a_published_correction(
    page: Page, transactional_db: None
) -> None:
    article = ArticleFactory.create(
        title="Le processeur sort au printemps",
        body="Le fabricant annonce une sortie en 2019 pour son nouveau processeur.\n",
    )
    newsroom_member("editrice", roles.EDITORS)
    documents: dict[str, str] = {}

    visit(page, article.get_absolute_url())
    select_text(page, ".article__body", "une sortie en 2019")
    page.get_by_role("link", name="Signaler une erreur").click()
    passage = page.get_by_label("Le passage en cause")
    expect(passage).to_have_value("une sortie en 2019")
    page.get_by_label("Ce qui ne va pas").fill("La sortie est prévue en 2027.")
    documents["error report form"] = page.content()
    assert_accessible(page, "error report form")
    screenshots(page, "error-report-form")
    response = submit(page, page.get_by_role("button", name="Envoyer le signalement"))
    assert response.status == 200
    expect(page.get_by_text("Merci : la rédaction lira votre signalement.")).to_be_visible()
    assert ErrorReport.objects.get().passage == "une sortie en 2019"

    queue = reverse("desk:error-report-list")
    sign_in(page, "editrice", password=PASSWORD, next_url=queue)
    expect(page.locator("mark")).to_have_text("une sortie en 2019")
    documents["error report queue"] = page.content()
    assert_accessible(page, "error report queue")
    screenshots(page, "desk-error-reports")
    page.get_by_label("Correction à publier (facultatif)").fill(
        "Nous avions écrit 2019 : la sortie est prévue en 2027."
    )
    submit(page, page.get_by_role("button", name="Corrigé"))
    expect(page.get_by_text("Aucun signalement ouvert")).to_be_visible()

    documents["article"] = visit(page, article.get_absolute_url())
    expect(page.locator(".corrections")).to_contain_text(
        "Nous avions écrit 2019 : la sortie est prévue en 2027."
    )
    expect(page.locator(".corrections strong")).to_contain_text("Correction le ")
    documents["corrections"] = visit(page, reverse("newsroom:corrections"))
    expect(page.get_by_role("link", name="Le processeur sort au printemps")).to_be_visible()
    assert_accessible(page, "corrections page")
    screenshots(page, "corrections")
    assert_valid_documents(documents)


def test_an_editor_orders_a_story_and_adds_a_footer_page(
    page: Page, transactional_db: None
) -> None:
    story = StoryFactory.create(title="La bataille des puces")
    for title in ("Premier épisode", "Deuxième épisode"):
        ArticleFactory.create(title=title, story=story)
    newsroom_member("editrice", roles.EDITORS)
    edit = reverse("desk:story-edit", args=[story.pk])
    documents: dict[str, str] = {}

    picture = ImageFactory.create(alt="Une salle blanche vue de haut")
    sign_in(page, "editrice", password=PASSWORD, next_url=edit)
    page.get_by_label("Chercher dans la médiathèque").fill("salle blanche")
    page.locator("[data-image-picker]").get_by_role("button").click()
    page.get_by_role("button", name=re.compile("Une salle blanche vue de haut")).click()
    expect(page.get_by_label("Image (numéro dans la médiathèque)")).to_have_value(str(picture.pk))
    submit(page, page.get_by_role("button", name="Enregistrer", exact=True))
    story.refresh_from_db()
    assert story.image_id == picture.pk
    items = page.locator(".editorial-timeline__item")
    expect(items.first).to_contain_text("Deuxième épisode")  # newest first
    page.get_by_role("button", name="Monter : Premier épisode").focus()
    submit(page, page.get_by_role("button", name="Monter : Premier épisode"), key="Enter")
    expect(items.first).to_contain_text("Premier épisode")
    documents["story"] = page.content()
    assert_accessible(page, "story edit")
    screenshots(page, "desk-story")
    visit(page, story.get_absolute_url())
    expect(page.locator(".timeline__title").first).to_have_text("Premier épisode")

    visit(page, reverse("desk:page-new"))
    page.get_by_label("Titre").fill("À propos")
    page.get_by_label("Texte").fill("## Qui sommes-nous\n\nUne rédaction indépendante.")
    page.get_by_label("Position dans le pied de page").fill("1")
    documents["page form"] = page.content()
    assert_accessible(page, "page form")
    submit(page, page.get_by_role("button", name="Créer la page"))
    page.get_by_role("contentinfo").get_by_role("link", name="À propos").click()
    expect(page.get_by_role("heading", level=2, name="Qui sommes-nous")).to_be_visible()
    documents["site page"] = page.content()
    screenshots(page, "site-page")
    assert_valid_documents(documents)

"""The newsroom's editor in Chromium: a contributor writes an article, watches the preview
follow the text, loses the tab and gets the text back, saves it and submits it for review."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, FilePayload, Page, expect

from e2e.community_helpers import sign_in, submit, visit
from e2e.newsroom_helpers import PASSWORD, field, newsroom_member
from e2e.quality import assert_accessible, assert_valid_documents, screenshots
from kiosque.media.tests.factories import picture_bytes
from kiosque.newsroom import roles
from kiosque.newsroom.actions import save_article
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.usefixtures("quality_tools")

EDITOR_JS = Path(__file__).resolve().parent.parent / "kiosque/desk/static/desk/editor.js"


def autosave_delay_ms() -> int:
    """How long editor.js waits after a change before it saves a copy on the server, read from
    the script itself, so that the tests skip exactly that wait and no more."""
    found = re.search(r"AUTOSAVE_DELAY_MS = (\d+);", EDITOR_JS.read_text(encoding="utf-8"))
    assert found, f"no AUTOSAVE_DELAY_MS in {EDITOR_JS}"
    return int(found.group(1))


def test_a_contributor_writes_an_article_and_submits_it(
    page: Page, transactional_db: None, media_root: Path
) -> None:
    SectionFactory.create(name="Logiciel", slug="logiciel")
    member("pigiste")
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
    field(page, "Titre").fill("Le noyau Linux accueille Rust")
    expect(page.get_by_label("Adresse (slug)")).to_have_value("le-noyau-linux-accueille-rust")
    field(page, "Chapeau").fill("Une première en trente ans.")
    field(page, "Rubrique").select_option(label="Logiciel")
    text = field(page, "Texte")
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
    expect(field(page, "Titre")).to_have_value("Le noyau Linux accueille Rust")
    expect(field(page, "Texte")).to_have_value(re.compile(r"Et du \*\*gras\*\*\.$"))

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


def test_two_editors_at_once_lose_nothing(
    page: Page, transactional_db: None, media_root: Path
) -> None:
    editor = member("editrice", roles.EDITORS)
    colleague = member("collegue", roles.EDITORS)
    article = ArticleFactory.create(draft=True, body="Le texte de départ.")
    edit = reverse("desk:article-edit", kwargs={"pk": article.pk})
    status = page.locator("[data-editor-status]")
    # The page's timers run on Playwright's clock: the seconds editor.js waits before each
    # automatic save pass at once, with time otherwise flowing as usual.
    page.clock.install()
    wait_for_autosave = autosave_delay_ms()

    sign_in(page, editor.username, password=PASSWORD, next_url=edit)
    text = field(page, "Texte")
    text.click()
    text.press("End")
    text.press_sequentially(" Ajout de l’éditrice.")
    # The server keeps a copy some seconds after the first change.
    page.clock.run_for(wait_for_autosave)
    expect(status).to_have_text(re.compile(r"^Enregistré automatiquement le "))

    theirs = Article.objects.get(pk=article.pk)
    theirs.body = "Le texte de la collègue."
    save_article(theirs, by=colleague)
    text.press_sequentially(" Et encore.")
    page.clock.run_for(wait_for_autosave)
    # The next automatic save warns before anyone presses Save.
    expect(status).to_contain_text("collegue a enregistré cet article")

    response = submit(page, page.get_by_role("button", name="Enregistrer", exact=True))
    assert response.status == 409
    conflict = page.locator(".conflict")
    expect(conflict.locator(".conflict__theirs")).to_contain_text("Le texte de la collègue.")
    expect(conflict.locator(".conflict__mine")).to_contain_text("Ajout de l’éditrice. Et encore.")
    expect(field(page, "Texte")).to_have_value(re.compile("Ajout de l’éditrice. Et encore.$"))
    assert_accessible(page, "conflict")
    screenshots(page, "desk-conflict")
    assert_valid_documents({"conflict": response.text()})

    response = submit(page, page.get_by_role("button", name="Enregistrer", exact=True))
    assert response.status == 200
    article.refresh_from_db()
    assert article.body.endswith("Ajout de l’éditrice. Et encore.")

    # The session ends (signed out elsewhere) while she writes: she is told, the text stays.
    page.context.clear_cookies()
    field(page, "Texte").press_sequentially(" Dernier mot.")
    page.clock.run_for(wait_for_autosave)
    expect(status).to_have_text(
        "Votre session a expiré : reconnectez-vous dans un autre onglet, votre texte est gardé ici."
    )
    kept = page.evaluate(f"localStorage.getItem('kiosque-desk:article:{article.pk}')")
    assert "Dernier mot." in kept


def test_the_editor_works_without_javascript(
    browser: Browser, live_server: Any, transactional_db: None, media_root: Path
) -> None:
    SectionFactory.create(name="Matériel", slug="materiel")
    member("plume", roles.AUTHORS)
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, "plume", password=PASSWORD, next_url=reverse("desk:article-new"))
        field(page, "Titre").fill("Un processeur sans ventilateur")
        field(page, "Chapeau").fill("Silencieux, enfin.")
        field(page, "Rubrique").select_option(label="Matériel")
        field(page, "Texte").fill("Premier paragraphe.")
        field(page, "Sujets").fill("Processeurs, Silence")
        response = submit(page, page.get_by_role("button", name="Publier maintenant"))
        assert response.status == 200
        article = Article.objects.get()
        assert article.status == Article.Status.PUBLISHED
        assert article.slug == "un-processeur-sans-ventilateur"
        assert sorted(tag.name for tag in article.tags.all()) == ["Processeurs", "Silence"]
    finally:
        context.close()


def test_a_writer_illustrates_and_files_an_article(
    page: Page, transactional_db: None, media_root: Path
) -> None:
    SectionFactory.create(name="Logiciel", slug="logiciel")
    writer = member("pigiste")
    second = AuthorFactory.create(name="Bruno Second")
    TagFactory.create(name="Linux", slug="linux")
    sign_in(page, "pigiste", password=PASSWORD, next_url=reverse("desk:article-new"))
    field(page, "Titre").fill("Tux a trente ans")
    field(page, "Chapeau").fill("Un manchot bien conservé.")
    field(page, "Rubrique").select_option(label="Logiciel")

    # The hero: uploaded from the editor, described, its focal point set by a click.
    field(page, "Texte alternatif de l’image principale").fill("Un manchot sur la banquise")
    page.locator("[data-hero-upload]").set_input_files(
        files=[FilePayload(name="tux.jpg", mimeType="image/jpeg", buffer=picture_bytes(800, 450))]
    )
    hero = page.locator("[data-hero-image]")
    expect(hero).to_be_visible()
    expect(field(page, "Image principale (numéro dans la médiathèque)")).not_to_have_value("")
    box = hero.bounding_box()
    assert box is not None
    hero.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    expect(field(page, "Point d’intérêt, en largeur (de 0 à 1)")).to_have_value("0.25")

    # An inline picture from the library, at the caret.
    text = field(page, "Texte")
    text.fill("Avant l’image.\n\n")
    text.press("End")
    # The picker lists what the library answers (once, in a run under load, it showed nothing
    # in 15 s: its answer is now said when it fails).
    with page.expect_response(lambda response: reverse("media:search") in response.url) as answer:
        page.get_by_role("button", name=re.compile("^Image")).click()
    assert answer.value.ok, f"the library answered {answer.value.status}: {answer.value.text()}"
    picker = page.get_by_role("dialog", name="Choisir une image")
    picker.get_by_role("button", name="Un manchot sur la banquise").click()
    expect(picker).to_be_hidden()
    expect(text).to_have_value(re.compile(r"!\[Un manchot sur la banquise\]\(image:\d+\)"))
    expect(page.locator("[data-preview-body] .article__body img")).to_have_count(1)

    # A tag from the type-ahead, another created; the second author moved first.
    tags = field(page, "Sujets")
    tags.press_sequentially("lin")
    page.locator("[data-tag-suggestions]").get_by_role("button", name="Linux").click()
    tags.press_sequentially("Mascottes")
    page.get_by_label("Bruno Second").check()
    page.get_by_role("button", name="Monter : Bruno Second").click()
    expect(page.locator(".authors__item").first).to_contain_text("Bruno Second")

    response = submit(page, page.get_by_role("button", name="Enregistrer", exact=True))
    assert response.status == 200
    article = Article.objects.select_related("hero").get()
    assert article.hero is not None
    assert article.hero.alt == "Un manchot sur la banquise"
    assert (article.hero.focal_x, article.hero.focal_y) == (0.25, 0.75)
    assert f"image:{article.hero.pk}" in article.body
    assert sorted(tag.name for tag in article.tags.all()) == ["Linux", "Mascottes"]
    assert article.byline_authors == [second, writer.author_profile]


def member(username: str, role: str = roles.CONTRIBUTORS) -> Any:
    return newsroom_member(username, role, byline=username.capitalize())

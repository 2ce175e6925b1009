"""Reading the publication: front page, an article with every reading element, and onwards."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import ARTIFACTS_DIR, DemoSite
from e2e.quality import assert_accessible, assert_valid_documents, assert_valid_html

FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
PARIS = ZoneInfo("Europe/Paris")
APOSTROPHE = "['\u2019]"  # French copy may use the typographic apostrophe


def french_datetime(moment: datetime) -> str:
    """How a French reader expects a publication time: "20 novembre 2023 à 17h19"."""
    local = moment.astimezone(PARIS)
    month = FRENCH_MONTHS[local.month - 1]
    return f"{local.day} {month} {local.year} à {local.hour:02d}h{local.minute:02d}"


def follow(page: Page, link: Locator) -> str:
    """Click `link`, wait for the new page, and return its HTML as the server sent it."""
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None, "the link did not lead to a new page"
    assert response.status == 200, f"{response.url} answered {response.status}"
    return response.text()


def assert_image_loads(image: Locator) -> None:
    """The image shows: its file is served (from /media/) and decodes; lazy ones are scrolled to."""
    image.scroll_into_view_if_needed()
    width = image.evaluate("img => img.decode().then(() => img.naturalWidth, () => 0)")
    assert width > 0, f"{image.get_attribute('src')} did not load"


def visit(page: Page, path: str, *, status: int = 200) -> str:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}, not {status}"
    return response.text()


@pytest.mark.usefixtures("quality_tools")
def test_a_reader_goes_from_the_front_page_to_an_article_and_onwards(
    page: Page, live_server: Any, demo_site: DemoSite
) -> None:
    article = demo_site.article
    author = article.byline_authors[0]
    tag = article.tags.order_by("name").first()
    assert article.published_at and article.story and tag, "the showcase lacks its basics"
    server = urlsplit(live_server.url).netloc
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    broken: list[str] = []  # a stylesheet, script or picture the server could not give
    page.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    documents: dict[str, str] = {}

    # The front page: featured articles, the latest ones, then one block per section.
    documents["accueil"] = visit(page, "/")
    expect(page).to_have_title(re.compile("Kiosque"))
    main = page.get_by_role("main")
    for block in ("À la une", "Dernières actualités", article.section.name):
        region = main.get_by_role("region", name=block, exact=True)
        expect(region.get_by_role("heading").first).to_be_visible()
        assert region.get_by_role("article").count() >= 1, f"« {block} » shows no article"
    assert_accessible(page, "accueil")

    # Open the article from the front page.
    documents["article"] = follow(page, main.get_by_role("link", name=article.title).first)
    assert page.url == live_server.url + article.get_absolute_url()
    expect(page).to_have_title(re.compile(re.escape(article.title)))
    story = page.get_by_role("article").filter(has=page.locator("h1"))
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)

    published = story.locator("header time").first
    expect(published).to_have_text(french_datetime(article.published_at))
    stamped = datetime.fromisoformat(published.get_attribute("datetime") or "")
    assert stamped == article.published_at

    count = article.comment_count
    count_link = story.get_by_role(
        "link", name=f"{count} commentaire{'s' if count > 1 else ''}", exact=True
    )
    expect(count_link).to_have_attribute("href", "#discussion")

    hero = story.locator("figure").first
    assert article.hero is not None
    hero_image = hero.get_by_role("img", name=article.hero.alt)
    expect(hero_image).to_be_visible()
    assert_image_loads(hero_image)
    expect(hero.locator("figcaption")).to_contain_text(article.hero.caption)
    expect(hero.locator("figcaption")).to_contain_text(article.hero.credit)

    expect(story.get_by_text(article.lead, exact=True)).to_be_visible()
    assert story.locator(".article__body h2").count() >= 1, "the body has no subheading"
    expect(
        story.get_by_text(re.compile(r"^Source\s*:\s*" + re.escape(article.source_name)))
    ).to_be_visible()

    byline = story.get_by_role("complementary", name=f"À propos de {author.name}")
    expect(byline.get_by_text(author.bio)).to_be_visible()
    photo = byline.locator("img")
    expect(photo).to_have_attribute("src", author.photo.url)
    assert_image_loads(photo)
    more_by_author = byline.get_by_role(
        "link", name=re.compile(f"^Lire d{APOSTROPHE}autres articles")
    )
    expect(more_by_author).to_have_attribute("href", author.get_absolute_url())

    follow_block = story.get_by_role("complementary", name=re.compile("^Suivez-nous"))
    expect(follow_block.get_by_role("link", name="Flux RSS", exact=True)).to_have_attribute(
        "href", reverse("discovery:feed-rss")
    )

    join = story.get_by_role("complementary", name=re.compile("^Rejoignez la communauté"))
    expect(join.get_by_role("link", name=re.compile("inscrire"))).to_have_attribute(
        "href", reverse("account_signup")
    )

    discussion = page.locator("#discussion")
    expect(discussion.get_by_role("heading", level=2)).to_have_text(f"Commentaires ({count})")

    related = page.get_by_role("region", name="Sur le même sujet").get_by_role("article")
    assert related.count() >= 1, "no related article is suggested"
    assert article.title not in related.get_by_role("heading").all_inner_texts()
    expect(related.locator(f'a[href="{article.get_absolute_url()}"]')).to_have_count(0)

    assert_accessible(page, "article")

    # "Haut de page" brings the reader back to the top.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("window.scrollY > 0")
    # Lazy images below the fold have started loading: let them finish for the screenshot.
    page.evaluate("Promise.all([...document.images].map(img => img.decode().catch(() => null)))")
    page.get_by_role("link", name="Haut de page").click()
    page.wait_for_function("window.scrollY === 0")
    assert page.evaluate("window.scrollY") == 0
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS_DIR / "article.png", full_page=True)

    # Onwards: the author, the running story, the section and a tag.
    documents["auteur"] = follow(page, more_by_author)
    expect(page.get_by_role("heading", level=1)).to_have_text(author.name)
    expect(page.get_by_role("link", name=article.title)).to_be_visible()
    assert_accessible(page, "auteur")

    page.go_back()
    documents["feuilleton"] = follow(page, story.get_by_role("link", name="Tout le feuilleton"))
    expect(page.get_by_role("heading", level=1)).to_have_text(article.story.title)
    expect(page.get_by_role("link", name=article.title)).to_be_visible()
    assert_accessible(page, "feuilleton")

    page.go_back()
    section_link = story.locator("header").get_by_role("link", name=article.section.name)
    documents["rubrique"] = follow(page, section_link)
    expect(page.get_by_role("heading", level=1)).to_have_text(article.section.name)
    assert_accessible(page, "rubrique")

    page.go_back()
    documents["sujet"] = follow(page, story.get_by_role("link", name=tag.name, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(tag.name)
    assert_accessible(page, "sujet")

    # Nothing so far came from anyone but us; the video host is reached only on request.
    video_page = visit(page, demo_site.video_article.get_absolute_url())
    if demo_site.video_article != article:
        documents["article avec vidéo"] = video_page
    third_party = sorted({url for url in requested if urlsplit(url).netloc != server})
    assert third_party == [], f"requests to third parties before any click: {third_party}"
    video = page.get_by_role("region", name="À découvrir en vidéo")
    expect(video.locator("iframe")).to_have_count(0)
    # The iframe's request is made after the click returns: wait for it, never read the log.
    with page.expect_request(lambda request: urlsplit(request.url).netloc != server):
        video.get_by_role("button", name=re.compile("^Lire la vidéo")).click()
    expect(video.locator("iframe")).to_have_attribute("src", re.compile(r"^https://"))

    assert broken == [], f"pages asked for files the server could not give: {broken}"
    assert_valid_documents(documents)
    # Anonymous pages are one cached document for every reader: nothing personal in them.
    personal = [name for name, html in documents.items() if "csrfmiddlewaretoken" in html]
    assert personal == [], f"anonymous pages carrying a CSRF token: {personal}"


@pytest.mark.usefixtures("quality_tools")
def test_an_unknown_address_answers_in_french(page: Page) -> None:
    html = visit(page, "/cette-page-n-existe-pas/", status=404)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(f"^Cette page n{APOSTROPHE}existe pas$")
    )
    expect(page.get_by_role("link", name="Retour à la une")).to_have_attribute("href", "/")
    assert_accessible(page, "page introuvable")
    assert_valid_html(html, "page introuvable")


def test_the_english_version_speaks_english(page: Page, demo_site: DemoSite) -> None:
    article = demo_site.article
    visit(page, "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Latest news")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    visit(page, "/en" + article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.locator("#discussion h2")).to_have_text(f"Comments ({article.comment_count})")
    expect(page.get_by_role("link", name="Back to top")).to_be_visible()
    expect(page.get_by_role("link", name="Version française")).to_have_attribute(
        "href", article.get_absolute_url()
    )

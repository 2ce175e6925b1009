"""Readers get each picture of the newsroom at the size it is shown: heroes, cards, inline
images and the social card come from the media library's renditions."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image as Picture

from kiosque.markup import render_article_body
from kiosque.media import renditions, tasks
from kiosque.media.models import Image
from kiosque.media.tests.factories import ImageFactory
from kiosque.newsroom.actions.pages import save_page
from kiosque.newsroom.models import Page
from kiosque.newsroom.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = path = tmp_path / "media"
    return path


def rendered(**fields: Any) -> Image:
    """A library image (1600 × 900 unless told) with every rendition the worker makes."""
    image = ImageFactory.create(**fields)
    renditions.make_renditions(image.pk)
    return image


class Elements(HTMLParser):
    """Every start tag of a page, in order, with its attributes and its enclosing tags."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str], tuple[str, ...]]] = []
        self.open: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = tuple(
            f"{name}.{cls}" for name, attrs_ in self.open for cls in attrs_.get("class", "").split()
        )
        self.found.append((tag, attributes, (*(name for name, _ in self.open), *classes)))
        if tag not in ("img", "source", "meta", "link", "br", "hr", "input"):
            self.open.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def images_in(self, container: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs, inside in self.found if tag == "img" and container in inside]

    def sources_in(self, container: str) -> list[dict[str, str]]:
        return [
            attrs for tag, attrs, inside in self.found if tag == "source" and container in inside
        ]

    def meta(self, prop: str) -> str | None:
        for tag, attrs, _inside in self.found:
            if tag == "meta" and attrs.get("property") == prop:
                return attrs.get("content")
        return None


def read(client: Any, url: str) -> Elements:
    response = client.get(url)
    assert response.status_code == 200
    page = Elements()
    page.feed(response.content.decode())
    return page


# Cards are 720 pixels wide at most: a picture this size has every card's rendition, and fewer
# large ones to make.
CARD_SIZED = {"width": 800, "height": 450}


def srcset_widths(srcset: str) -> list[int]:
    return [int(candidate.split()[1].removesuffix("w")) for candidate in srcset.split(", ")]


def test_the_article_hero_is_a_responsive_picture_loaded_first(client: Any) -> None:
    article = ArticleFactory.create(hero=rendered(alt="Une puce sur fond bleu"))

    page = read(client, article.get_absolute_url())

    [hero] = page.images_in("figure.article__hero")
    assert hero["alt"] == "Une puce sur fond bleu"
    assert hero["fetchpriority"] == "high" and "loading" not in hero
    assert (int(hero["width"]), int(hero["height"])) == (1600, 900)
    sources = {source["type"]: source for source in page.sources_in("figure.article__hero")}
    webp = sources["image/webp"]
    assert srcset_widths(webp["srcset"]) == [480, 800, 1200, 1600]
    assert all(".webp " in candidate for candidate in webp["srcset"].split(", "))
    assert webp["sizes"] == "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
    if renditions.can_write(renditions.AVIF):
        assert srcset_widths(sources["image/avif"]["srcset"]) == [480, 800, 1200, 1600]


def test_cards_are_lazy_and_sized_for_their_column(client: Any) -> None:
    ArticleFactory.create(hero=rendered(**CARD_SIZED), is_featured=True, title="À la une")
    for _ in range(3):
        ArticleFactory.create(hero=rendered(**CARD_SIZED))

    page = read(client, reverse("newsroom:home"))

    [large] = page.images_in("article.card--large")
    assert large["fetchpriority"] == "high" and "loading" not in large
    cards = [img for img in page.images_in("a.card__image") if img not in (large,)]
    assert len(cards) >= 3
    for card in cards:
        assert card["loading"] == "lazy" and "fetchpriority" not in card
        assert (int(card["width"]), int(card["height"])) == (720, 405)
        assert card["alt"] == "", "the card's link says it already"
    latest = page.sources_in("section.latest")
    webp = [source for source in latest if source["type"] == "image/webp"]
    assert webp and all(srcset_widths(source["srcset"]) == [360, 720] for source in webp)
    # One column on a phone: the card is the page's width less its margins (358 px at 390).
    assert all(source["sizes"].endswith("calc(100vw - 2rem)") for source in webp)


def test_the_social_card_is_the_1200_by_630_rendition(client: Any, media_root: Path) -> None:
    article = ArticleFactory.create(hero=rendered())

    page = read(client, article.get_absolute_url())

    url = page.meta("og:image")
    assert url and url.startswith(("http://", "https://"))
    path = url.split(settings.MEDIA_URL, 1)[1]
    with Picture.open(media_root / path) as social:
        assert social.size == (1200, 630) and social.format == "JPEG"


def test_an_inline_library_image_comes_out_as_a_picture(client: Any) -> None:
    inline = rendered(alt="Le banc de test", caption="Texte de la légende")
    body = f'Avant.\n\n![Le graphique des scores](image:{inline.pk} "Les scores")\n\nAprès.\n'
    article = ArticleFactory.create(body=body)
    assert f'<img data-image="{inline.pk}" alt="Le graphique des scores">' in article.body_html

    page = read(client, article.get_absolute_url())

    [img] = page.images_in("div.article__body")
    assert img["alt"] == "Le graphique des scores"
    assert img["loading"] == "lazy" and img["width"] and img["height"]
    webp = [s for s in page.sources_in("div.article__body") if s["type"] == "image/webp"]
    assert webp and srcset_widths(webp[0]["srcset"]) == [480, 800, 1200]
    assert "Les scores" in client.get(article.get_absolute_url()).content.decode()


def test_markdown_names_library_images_by_number_and_keeps_media_addresses() -> None:
    html = render_article_body('![Un schéma](image:42 "Le schéma")')
    assert html == (
        '<figure><img data-image="42" alt="Un schéma"><figcaption>Le schéma</figcaption></figure>\n'
    )
    assert render_article_body("![x](image:nope)") == "<p>x</p>\n"
    old = render_article_body('![Une photo](/media/articles/une.jpg "Photo © Kiosque")')
    assert '<img src="/media/articles/une.jpg" alt="Une photo"' in old


@pytest.mark.page_cache
def test_pages_show_the_renditions_once_the_worker_made_them(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Until then the original stands in, and the stored page and its cards follow."""
    image = ImageFactory.create()
    article = ArticleFactory.create(hero=image)
    cards = read(client, reverse("newsroom:home")).images_in("a.card__image")
    [hero] = read(client, article.get_absolute_url()).images_in("figure.article__hero")
    assert {card["src"] for card in cards} == {hero["src"]} == {image.file.url}

    with django_capture_on_commit_callbacks(execute=True):
        tasks.make_renditions.enqueue(image.pk)

    cards = read(client, reverse("newsroom:home")).images_in("a.card__image")
    [hero] = read(client, article.get_absolute_url()).images_in("figure.article__hero")
    assert cards and all(card["src"].endswith(".webp") for card in cards)
    assert hero["src"].endswith(".webp")


def test_a_site_page_shows_its_library_images(client: Any) -> None:
    image = rendered(alt="L'équipe de la rédaction")
    page = Page(title="À propos", slug="a-propos", body=f"![L'équipe](image:{image.pk})\n")
    save_page(page, by=None)

    found = read(client, reverse("newsroom:page-detail", args=[page.slug]))

    [img] = found.images_in("div.article__body")
    assert img["alt"] == "L'équipe" and img["src"].endswith(".webp")


def test_without_featured_articles_the_first_card_is_loaded_first(client: Any) -> None:
    for _ in range(3):
        ArticleFactory.create(hero=rendered(**CARD_SIZED))

    page = read(client, reverse("newsroom:home"))

    first, *others = page.images_in("section.latest")
    assert first["fetchpriority"] == "high" and "loading" not in first
    assert others and all(img["loading"] == "lazy" for img in others)

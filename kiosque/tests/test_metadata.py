"""Every public page's `<head>`: a canonical URL, hreflang alternates with x-default, a
description, Open Graph and a Twitter card, all absolute; the language of the French text
marked on English pages; nothing personal; no query added."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions as community
from kiosque.community.models import Topic
from kiosque.community.paging import POSTS_PER_PAGE
from kiosque.community.tests.factories import CategoryFactory
from kiosque.metadata import json_ld
from kiosque.newsroom import structured_data
from kiosque.newsroom.actions.pages import save_page
from kiosque.newsroom.models import Article, Page
from kiosque.newsroom.tests.factories import ArticleFactory, SectionFactory
from kiosque.newsroom.views import ARTICLES_PER_PAGE

from .test_structured_data import Head, discussed_article, is_absolute, read

pytestmark = pytest.mark.django_db
SITE = settings.SITE_URL


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = path = tmp_path / "media"
    return path


@pytest.fixture
def article(django_capture_on_commit_callbacks: Any) -> Article:
    return discussed_article(django_capture_on_commit_callbacks)


@pytest.fixture
def world(article: Article) -> dict[str, str]:
    """One public page of each kind, by name: its French address."""
    category = CategoryFactory.create(name="Entraide", slug="entraide")
    member = UserFactory.create(username="camille")
    topic = community.start_topic(author=member, category=category, title="Bonjour", source="Salut")
    page = save_page(Page(title="À propos", slug="a-propos", body="Qui nous sommes."), by=None)
    author = article.authors.first()
    assert author is not None and article.story is not None
    return {
        "home": reverse("newsroom:home"),
        "article": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "tag": article.tags.all()[0].get_absolute_url(),
        "author": author.get_absolute_url(),
        "story": article.story.get_absolute_url(),
        "site page": reverse("newsroom:page-detail", args=[page.slug]),
        "corrections": reverse("newsroom:corrections"),
        "forum": reverse("community:index"),
        "category": category.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "profile": member.get_absolute_url(),
        "topic of the article": Topic.objects.get(pk=article.topic_id or 0).get_absolute_url(),
    }


def english(path: str) -> str:
    return f"/en{path}"


def check_head(head: Head, path: str) -> None:
    """What every public page says of itself, for the page at `path`."""
    assert head.link("canonical") == [SITE + path]
    french = path.removeprefix("/en")
    assert head.link("alternate", hreflang="fr") == [SITE + french]
    assert head.link("alternate", hreflang="en") == [SITE + english(french)]
    assert head.link("alternate", hreflang="x-default") == [SITE + french]
    assert len(head.all("description")) == 1 and head.first("description")
    assert head.first("og:url") == SITE + path
    assert head.first("og:title") and head.first("og:description") and head.first("og:type")
    assert head.first("og:site_name") == "Kiosque"
    for key in ("og:image", "twitter:image"):
        for url in head.all(key):
            assert is_absolute(url), (key, url)
    assert head.first("twitter:card") in ("summary", "summary_large_image")


def test_every_public_page_has_its_canonical_alternates_and_cards(
    client: Client, world: dict[str, str]
) -> None:
    for name, path in world.items():
        head = read(client, path)
        check_head(head, path)
        assert head.first("og:locale") == "fr_FR", name
        assert head.all("og:locale:alternate") == ["en_US"], name
        assert head.lang == "fr"


def test_english_pages_are_pages_of_their_own(client: Client, world: dict[str, str]) -> None:
    """/en/ pages keep their own canonical and the same alternates (the note in
    /tmp/helpers/decision-en.md): the interface is English, the text French and marked so."""
    for name, path in world.items():
        head = read(client, english(path))
        check_head(head, english(path))
        assert head.first("og:locale") == "en_US", name
        assert head.all("og:locale:alternate") == ["fr_FR"], name
        assert head.lang == "en"
    head = read(client, english(world["article"]))
    marked = {attributes.get("class", ""): attributes["lang"] for _, attributes in head.marked}
    assert marked["article__title"] == "fr" and marked["article__lead"] == "fr"
    assert marked["article__body"] == "fr"
    discussion = read(client, english(world["topic of the article"]))
    marked = {tag: attributes["lang"] for tag, attributes in discussion.marked}
    assert marked["h1"] == "fr" and marked["p"] == "fr", "the article's title and lead"
    news = next(doc for doc in head.documents() if doc["@type"] == "NewsArticle")
    assert news["inLanguage"] == "fr", "the text's language, not the interface's"
    assert news["url"] == SITE + english(world["article"])


def test_french_pages_mark_no_language_of_their_own(client: Client, world: dict[str, str]) -> None:
    head = read(client, world["article"])
    assert not [attrs for tag, attrs in head.marked if "article__" in attrs.get("class", "")]


def test_an_article_carries_its_open_graph_facts_and_a_large_card(
    client: Client, article: Article
) -> None:
    head = read(client, article.get_absolute_url())

    assert head.first("og:type") == "article"
    assert head.first("og:title") == "La fibre arrive au village"
    assert head.first("og:description") == "Le déploiement s’achève en Creuse."
    image = head.first("og:image")
    assert is_absolute(image) and image.endswith(".jpg") and "social-1200" in image
    assert head.first("og:image:width") == "1200" and head.first("og:image:height") == "630"
    assert head.first("og:image:alt") == "Un technicien sur un poteau"
    assert head.first("og:image:type") == "image/jpeg"
    assert head.first("article:published_time").startswith(
        article.published_at.astimezone().strftime("%Y-%m-%d")  # type: ignore[union-attr]  # published
    )
    assert head.first("article:modified_time")
    assert head.all("article:author") == [
        f"{SITE}/auteur/lea-martin/",
        f"{SITE}/auteur/paul-durand/",
    ]
    assert head.first("article:section") == "Réseaux"
    assert head.all("article:tag") == ["Fibre", "Ruralité"]
    assert head.first("twitter:card") == "summary_large_image"
    assert head.first("twitter:image") == image
    assert head.first("twitter:image:alt") == "Un technicien sur un poteau"


def test_an_article_without_a_picture_gets_a_summary_card(client: Client) -> None:
    article = ArticleFactory.create(
        seo_title="Titre pour les moteurs", seo_description="Résumé court."
    )
    head = read(client, article.get_absolute_url())
    assert head.first("twitter:card") == "summary" and not head.all("og:image")
    assert head.first("og:title") == "Titre pour les moteurs"
    assert head.first("description") == "Résumé court."


def test_a_list_page_is_its_own_canonical_without_other_parameters(client: Client) -> None:
    section = SectionFactory.create(slug="ia")
    ArticleFactory.create_batch(ARTICLES_PER_PAGE + 1, section=section)
    path = section.get_absolute_url()

    second = read(client, f"{path}?page=2&utm_source=lettre&fbclid=abc")
    assert second.link("canonical") == [f"{SITE}{path}?page=2"]
    assert second.link("alternate", hreflang="en") == [f"{SITE}/en{path}?page=2"]
    assert second.link("alternate", hreflang="x-default") == [f"{SITE}{path}?page=2"]
    first = read(client, f"{path}?page=1&utm_campaign=x")
    assert first.link("canonical") == [f"{SITE}{path}"]
    nonsense = read(client, f"{path}?page=abc")
    assert nonsense.link("canonical") == [f"{SITE}{path}"]


def test_a_member_reads_the_same_metadata_as_everyone(client: Client, article: Article) -> None:
    """Shared pages: nothing of the reader enters the head."""
    anonymous = client.get(article.get_absolute_url()).content.decode()
    member = UserFactory.create(username="lectrice-secrete")
    client.force_login(member)
    html = client.get(article.get_absolute_url()).content.decode()
    head = anonymous.split("</head>")[0]
    assert html.split("</head>")[0] == head
    assert "lectrice-secrete" not in head


def test_metadata_adds_no_query(
    client: Client, article: Article, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The head reads what the page's context holds (test_query_counts pins each page's
    queries; here, the article's head alone is counted)."""
    settings.KIOSQUE_PAGE_CACHE = False
    original = structured_data.article_metadata
    counts: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        with CaptureQueriesContext(connection) as queries:
            built = original(*args, **kwargs)
        counts.append(len(queries))
        return built

    monkeypatch.setattr(structured_data, "article_metadata", counted)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert counts == [0]


def test_json_ld_escapes_what_could_end_the_script() -> None:
    html = str(json_ld({"text": "</script><!-- a & b \u2028"}))
    inside = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert inside == '{"text":"\\u003c/script\\u003e\\u003c!-- a \\u0026 b \\u2028"}'


def test_a_topic_page_is_its_own_canonical(client: Client) -> None:
    """Page 2 of a topic is canonical at ?page=2; a window of posts (?after=) names the
    numbered page holding its first post; the JSON-LD's comments link into the page itself."""
    topic = community.start_topic(
        author=UserFactory.create(), category=CategoryFactory.create(), title="Long", source="1"
    )
    for number in range(POSTS_PER_PAGE):
        community.post_reply(topic, author=UserFactory.create(), source=f"Réponse {number}")
    path = topic.get_absolute_url()

    second = read(client, f"{path}?page=2&utm_source=x")
    assert second.link("canonical") == [f"{SITE}{path}?page=2"]
    assert second.link("alternate", hreflang="en") == [f"{SITE}/en{path}?page=2"]
    first = read(client, path)
    assert first.link("canonical") == [f"{SITE}{path}"]
    posting = next(d for d in first.documents() if d["@type"] == "DiscussionForumPosting")
    assert posting["text"] == "1" and len(posting["comment"]) == POSTS_PER_PAGE - 1

"""The JSON-LD of every public page type, parsed and held to Google's required and recommended
properties (NewsArticle, DiscussionForumPosting and Comment, ProfilePage, BreadcrumbList,
WebSite with SearchAction, CollectionPage), with every URL absolute on the public site and every
date a full ISO 8601 time with its offset; and member text that cannot close the script."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions as community
from kiosque.community.models import Post, Topic
from kiosque.community.tests.factories import CategoryFactory
from kiosque.media import renditions
from kiosque.media.models import Image
from kiosque.media.tests.factories import ImageFactory
from kiosque.newsroom.actions import publish_article
from kiosque.newsroom.actions.pages import save_page
from kiosque.newsroom.models import Article, Page
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = path = tmp_path / "media"
    return path


class Head(HTMLParser):
    """What a page says of itself: its `<html lang>`, meta tags, links, JSON-LD documents, and
    the language marked on elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.meta: list[tuple[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self.marked: list[tuple[str, dict[str, str]]] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = attributes.get("lang", "")
        elif "lang" in attributes:
            self.marked.append((tag, attributes))
        if tag == "meta" and ("property" in attributes or "name" in attributes):
            key = attributes.get("property") or attributes["name"]
            self.meta.append((key, attributes.get("content", "")))
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_json = True
            self.json_ld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_ld[-1] += data

    def first(self, key: str) -> str:
        values = self.all(key)
        assert values, f"no {key}"
        return values[0]

    def all(self, key: str) -> list[str]:
        return [content for name, content in self.meta if name == key]

    def link(self, rel: str, **attributes: str) -> list[str]:
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and all(link.get(k) == v for k, v in attributes.items())
        ]

    def documents(self) -> list[dict[str, Any]]:
        return [json.loads(text) for text in self.json_ld]

    def of_type(self, kind: str) -> dict[str, Any]:
        found = [doc for doc in self.documents() if doc.get("@type") == kind]
        assert len(found) == 1, (
            f"{len(found)} {kind} in {[d.get('@type') for d in self.documents()]}"
        )
        return found[0]


def read(client: Client, url: str) -> Head:
    response = client.get(url)
    assert response.status_code == 200, url
    head = Head()
    head.feed(response.content.decode())
    return head


def is_absolute(url: Any) -> bool:
    return isinstance(url, str) and url.startswith(settings.SITE_URL + "/")


def is_datetime(value: Any) -> bool:
    """A full ISO 8601 date and time with its offset, as Google asks."""
    if not isinstance(value, str) or not re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value
    ):
        return False
    return datetime.fromisoformat(value).tzinfo is not None


def urls_in(
    data: Any, keys: tuple[str, ...] = ("url", "item", "@id", "discussionUrl")
) -> list[Any]:
    """Every value under a URL-ish key, anywhere in a JSON-LD document."""
    found: list[Any] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys and isinstance(value, str):
                found.append(value)
            else:
                found += urls_in(value, keys)
    elif isinstance(data, list):
        for value in data:
            found += urls_in(value, keys)
    return found


def check_every_document(head: Head) -> None:
    """Each JSON-LD document names schema.org and a type; its URLs are absolute."""
    assert head.json_ld, "no JSON-LD"
    for document in head.documents():
        assert document["@context"] == "https://schema.org" and document["@type"]
        for url in urls_in(document):
            assert is_absolute(url), url
        for key in ("datePublished", "dateModified", "dateCreated"):
            if key in document:
                assert is_datetime(document[key]), (key, document[key])


def check_breadcrumb(head: Head, names: list[str]) -> None:
    """Google's BreadcrumbList: at least two ListItems in order, each with a name and (but for
    the last, where it is optional) an absolute item."""
    crumbs = head.of_type("BreadcrumbList")["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == names
    assert [crumb["position"] for crumb in crumbs] == list(range(1, len(names) + 1))
    for crumb in crumbs:
        assert crumb["@type"] == "ListItem" and is_absolute(crumb["item"])


def check_person(person: dict[str, Any]) -> None:
    assert person["@type"] in ("Person", "Organization") and person["name"]
    if "url" in person:
        assert is_absolute(person["url"])


def rendered_image(**fields: Any) -> Image:
    image = ImageFactory.create(**fields)
    renditions.make_renditions(image.pk)
    return image


@pytest.fixture
def article(django_capture_on_commit_callbacks: Any) -> Article:
    return discussed_article(django_capture_on_commit_callbacks)


def discussed_article(capture_on_commit: Any) -> Article:
    """A published article with two authors, a hero in every rendition, tags, a story, and
    two comments (one liked)."""
    authors = [
        AuthorFactory.create(name="Léa Martin", slug="lea-martin", job_title="Journaliste IA"),
        AuthorFactory.create(name="Paul Durand", slug="paul-durand"),
    ]
    draft = ArticleFactory.create(
        draft=True,
        title="La fibre arrive au village",
        lead="Le déploiement s’achève en Creuse.",
        section=SectionFactory.create(name="Réseaux", slug="reseaux"),
        story=StoryFactory.create(title="Le plan fibre", slug="plan-fibre"),
        hero=rendered_image(alt="Un technicien sur un poteau"),
        authors=authors,
    )
    draft.tags.set([TagFactory.create(name="Fibre"), TagFactory.create(name="Ruralité")])
    with capture_on_commit(execute=True):
        published = publish_article(draft, by=None)
    assert published.topic is not None
    first = community.post_reply(published.topic, author=UserFactory.create(), source="Enfin !")
    community.post_reply(published.topic, author=UserFactory.create(), source="Pas chez moi.")
    community.like_post(first, user=UserFactory.create())
    return published


def test_an_article_is_a_complete_news_article(client: Client, article: Article) -> None:
    head = read(client, article.get_absolute_url())
    check_every_document(head)
    url = settings.SITE_URL + article.get_absolute_url()
    news = head.of_type("NewsArticle")

    assert news["headline"] == "La fibre arrive au village" and len(news["headline"]) <= 110
    assert news["description"] == "Le déploiement s’achève en Creuse."
    assert is_datetime(news["datePublished"]) and is_datetime(news["dateModified"])
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url} and news["url"] == url
    assert [author["name"] for author in news["author"]] == ["Léa Martin", "Paul Durand"]
    for author in news["author"]:
        assert author["@type"] == "Person" and is_absolute(author["url"])
    assert news["author"][0]["url"] == settings.SITE_URL + "/auteur/lea-martin/"
    publisher = news["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization" and publisher["name"] == "Kiosque"
    assert publisher["logo"]["@type"] == "ImageObject" and is_absolute(publisher["logo"]["url"])
    shapes = {(image["width"], image["height"]) for image in news["image"]}
    assert shapes == {(1600, 900), (1200, 630)}, "the hero's 16:9 and the social card"
    assert all(is_absolute(image["url"]) for image in news["image"])
    assert news["articleSection"] == "Réseaux"
    assert news["keywords"] == ["Fibre", "Ruralité"]
    assert news["isAccessibleForFree"] is True and news["inLanguage"] == "fr"
    assert news["discussionUrl"] == url + "#discussion"
    assert news["isPartOf"]["name"] == "Le plan fibre"
    # The one counter: what the page says in its header, and the topic's post_count.
    topic = Topic.objects.get(pk=article.topic_id or 0)
    assert news["commentCount"] == topic.post_count == 2
    assert "2 commentaires" in client.get(article.get_absolute_url()).content.decode()
    check_breadcrumb(head, ["Accueil", "Réseaux", "La fibre arrive au village"])


def test_the_home_page_is_the_website_with_its_search(client: Client, article: Article) -> None:
    head = read(client, reverse("newsroom:home"))
    check_every_document(head)

    site = head.of_type("WebSite")
    assert site["name"] == "Kiosque" and site["url"] == settings.SITE_URL + "/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == settings.SITE_URL + "/recherche/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert head.of_type("NewsMediaOrganization")["logo"]["url"].startswith(settings.SITE_URL)
    listed = head.of_type("CollectionPage")["mainEntity"]["itemListElement"]
    assert [item["url"] for item in listed] == [settings.SITE_URL + article.get_absolute_url()]


@pytest.mark.parametrize("kind", ["section", "tag", "story"])
def test_listings_are_collection_pages(client: Client, article: Article, kind: str) -> None:
    listed = {
        "section": article.section,
        "tag": article.tags.first(),
        "story": article.story,
    }[kind]
    assert listed is not None
    head = read(client, listed.get_absolute_url())
    check_every_document(head)

    collection = head.of_type("CollectionPage")
    assert collection["url"] == settings.SITE_URL + listed.get_absolute_url()
    items = collection["mainEntity"]["itemListElement"]
    assert items == [
        {"@type": "ListItem", "position": 1, "url": settings.SITE_URL + article.get_absolute_url()}
    ]
    check_breadcrumb(head, ["Accueil", str(listed)])


def test_an_author_page_is_a_profile_page(client: Client, article: Article) -> None:
    author = article.authors.get(slug="lea-martin")
    head = read(client, author.get_absolute_url())
    check_every_document(head)

    profile = head.of_type("ProfilePage")
    person = profile["mainEntity"]
    assert person["@type"] == "Person" and person["name"] == "Léa Martin"
    assert person["url"] == settings.SITE_URL + "/auteur/lea-martin/"
    assert person["jobTitle"] == "Journaliste IA" and person["description"]
    assert head.first("og:type") == "profile"
    check_breadcrumb(head, ["Accueil", "Léa Martin"])


def test_a_member_page_is_a_profile_page(client: Client, article: Article) -> None:
    member = Post.objects.filter(topic=article.topic).earliest("created_at").author
    User.objects.filter(pk=member.pk).update(bio="J’habite en Creuse.")
    head = read(client, member.get_absolute_url())
    check_every_document(head)

    profile = head.of_type("ProfilePage")
    assert is_datetime(profile["dateCreated"])
    person = profile["mainEntity"]
    assert person["@type"] == "Person" and person["name"] == member.username
    assert person["description"] == "J’habite en Creuse."
    assert person["agentInteractionStatistic"]["userInteractionCount"] == 1
    assert person["url"] == settings.SITE_URL + member.get_absolute_url()


def check_comment(comment: dict[str, Any], page_url: str) -> None:
    """Google's Comment: author with a name, datePublished, text; a URL on the page."""
    check_person(comment["author"])
    assert is_datetime(comment["datePublished"]) and comment["text"]
    assert comment["url"].startswith(page_url + "#post-")
    statistic = comment["interactionStatistic"]
    assert statistic["interactionType"] == "https://schema.org/LikeAction"
    assert isinstance(statistic["userInteractionCount"], int)


def test_a_forum_topic_is_a_discussion_forum_posting(client: Client) -> None:
    opener, replier, fan = UserFactory.create(), UserFactory.create(), UserFactory.create()
    category = CategoryFactory.create(name="Entraide", slug="entraide")
    topic = community.start_topic(
        author=opener, category=category, title="Quel routeur choisir ?", source="Je déménage."
    )
    reply = community.post_reply(topic, author=replier, source="Un routeur **Wi-Fi 7**.")
    community.like_post(reply, user=fan)
    head = read(client, topic.get_absolute_url())
    check_every_document(head)
    url = settings.SITE_URL + topic.get_absolute_url()

    posting = head.of_type("DiscussionForumPosting")
    assert posting["headline"] == "Quel routeur choisir ?" and posting["url"] == url
    assert posting["author"] == {
        "@type": "Person",
        "name": opener.username,
        "url": settings.SITE_URL + opener.get_absolute_url(),
    }
    assert is_datetime(posting["datePublished"]) and posting["text"] == "Je déménage."
    [comment] = posting["comment"]
    check_comment(comment, url)
    assert (
        comment["text"] == "Un routeur Wi-Fi 7." and comment["author"]["name"] == replier.username
    )
    assert comment["interactionStatistic"]["userInteractionCount"] == 1
    counts = {
        s["interactionType"]: s["userInteractionCount"] for s in posting["interactionStatistic"]
    }
    assert counts["https://schema.org/CommentAction"] == 1
    check_breadcrumb(head, ["Forum", "Entraide", "Quel routeur choisir ?"])


def test_an_article_discussion_shares_its_article(client: Client, article: Article) -> None:
    topic = Topic.objects.get(pk=article.topic_id or 0)
    head = read(client, topic.get_absolute_url())
    check_every_document(head)

    posting = head.of_type("DiscussionForumPosting")
    assert posting["headline"] == article.title and posting["text"] == article.lead
    assert posting["author"]["@type"] == "Organization"
    assert posting["sharedContent"]["url"] == settings.SITE_URL + article.get_absolute_url()
    assert len(posting["comment"]) == 2
    for comment in posting["comment"]:
        check_comment(comment, settings.SITE_URL + topic.get_absolute_url())


def test_the_forum_and_a_category_are_collection_pages(client: Client) -> None:
    category = CategoryFactory.create(name="Entraide", slug="entraide", description="On s’aide.")
    topic = community.start_topic(
        author=UserFactory.create(), category=category, title="Bonjour", source="Salut."
    )
    forum = read(client, reverse("community:index"))
    check_every_document(forum)
    assert forum.of_type("CollectionPage")["mainEntity"]["itemListElement"]

    head = read(client, category.get_absolute_url())
    check_every_document(head)
    items = head.of_type("CollectionPage")["mainEntity"]["itemListElement"]
    assert [item["url"] for item in items] == [settings.SITE_URL + topic.get_absolute_url()]
    assert head.first("description") == "On s’aide."
    check_breadcrumb(head, ["Forum", "Entraide"])


def test_site_pages_and_corrections_say_what_they_are(client: Client) -> None:
    body = "Qui *nous* sommes & pourquoi."
    page = save_page(Page(title="À propos", slug="a-propos", body=body), by=None)
    head = read(client, reverse("newsroom:page-detail", args=[page.slug]))
    check_every_document(head)
    assert head.of_type("WebPage")["name"] == "À propos"
    assert head.first("description") == "Qui nous sommes & pourquoi."  # once escaped

    corrections = read(client, reverse("newsroom:corrections"))
    check_every_document(corrections)
    assert corrections.of_type("CollectionPage")


HOSTILE = '</script><script>alert("x")</script><!-- & -->'


def test_member_text_cannot_close_the_script_element(client: Client) -> None:
    author = UserFactory.create()
    topic = community.start_topic(
        author=author, category=CategoryFactory.create(), title=f"Titre {HOSTILE}", source=HOSTILE
    )
    community.post_reply(topic, author=UserFactory.create(), source=f"Réponse {HOSTILE}")
    response = client.get(topic.get_absolute_url())
    html = response.content.decode()
    head = read(client, topic.get_absolute_url())

    for text in head.json_ld:
        assert "</script" not in text.lower() and "<!--" not in text and "<" not in text
    # The escapes still read back as the member's text.
    posting = head.of_type("DiscussionForumPosting")
    assert posting["headline"] == f"Titre {HOSTILE}"
    assert html.count('<script type="application/ld+json">') == len(head.json_ld) == 2
    head_html = html.split("</head>")[0]
    scripts = head_html.count("<script")
    assert scripts == head_html.count("<script src=") + len(head.json_ld), "no script of theirs"


def test_an_article_title_cannot_close_the_script_element(client: Client) -> None:
    article = ArticleFactory.create(title=f"Un titre {HOSTILE}", lead=f"Un chapeau {HOSTILE}")
    head = read(client, article.get_absolute_url())
    for text in head.json_ld:
        assert "<" not in text and ">" not in text and "&" not in text
    assert head.of_type("NewsArticle")["headline"] == f"Un titre {HOSTILE}"

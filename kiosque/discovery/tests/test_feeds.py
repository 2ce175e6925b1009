"""The feeds as a feed reader reads them: parsed as XML and by feedparser (a real client), with
their titles, dates, absolute links, authors, pictures and comment counts; answering
conditional GETs; listing only what readers may see, at a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import feedparser
import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import as_in_every_test, rolled_back_after
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions as community
from kiosque.community.tests.factories import PostFactory, TopicFactory
from kiosque.discovery.feeds import FEED_ITEMS, POST_ITEMS
from kiosque.media import renditions
from kiosque.media.tests.factories import ImageFactory
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
ATOM = "{http://www.w3.org/2005/Atom}"
DUBLIN_CORE = "{http://purl.org/dc/elements/1.1/}"
PUBLISHED = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)
UPDATED = dt.datetime(2024, 3, 2, 14, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def media_root(request, settings, tmp_path):
    """Files go to the test's own directory; a test reading the pictured article reads its
    pictures where they were made."""
    if "pictured" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("pictured_once").media
    else:
        settings.MEDIA_ROOT = tmp_path / "media"


def xml_of(client: Client, url: str, content_type: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    return ElementTree.fromstring(response.content)


def parsed(client: Client, url: str, **headers: str) -> feedparser.FeedParserDict:
    """The feed at `url` as feedparser reads it, checked well-formed (no bozo)."""
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


def comments(article: Article, count: int) -> None:
    assert article.topic is not None
    for n in range(count):
        community.post_reply(article.topic, author=UserFactory.create(), source=f"Avis numéro {n}.")


@pytest.fixture
def newest() -> Article:
    """The newest article, by two authors, updated after its publication; with an older one,
    a draft and a scheduled one beside it."""
    section = SectionFactory(name="Intelligence artificielle", slug="ia")
    ArticleFactory(section=section, published_at=PUBLISHED - dt.timedelta(days=1))
    ArticleFactory(section=section, title="Brouillon", draft=True)
    ArticleFactory(section=section, title="Demain", scheduled=True)
    return ArticleFactory.create(
        section=section,
        title="Le modèle ouvert qui change tout",
        lead="Un chapeau pour les lecteurs de flux.",
        published_at=PUBLISHED,
        updated_at=UPDATED,
        authors=[AuthorFactory(name="Léa Martin"), AuthorFactory(name="Hugo Petit")],
    )


@dataclass(frozen=True)
class PicturedWorld:
    article_pk: int
    media: Path


@pytest.fixture(scope="class")
def pictured_once(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PicturedWorld]:
    """The pictured article, made once for the tests of a class that read it (its renditions
    are the slow part), with the settings every test has; rolled back after them, each test
    in a savepoint of its own."""
    media = tmp_path_factory.mktemp("pictured-media")
    with rolled_back_after(django_db_blocker):
        with as_in_every_test(MEDIA_ROOT=media):
            article = _pictured_article()
        yield PicturedWorld(article_pk=article.pk, media=media)


def _pictured_article() -> Article:
    hero = ImageFactory.create(alt="Une salle de serveurs", credit="Photo : Rédaction")
    renditions.make_renditions(hero.pk)
    # Its size is not the subject: a small picture.
    inline = ImageFactory.create(alt="Un schéma", width=320, height=180)
    article = ArticleFactory.create(
        title="Les centres de données ont soif",
        slug="centres-de-donnees",
        hero=hero,
        section=SectionFactory(slug="materiel"),
        story=StoryFactory(slug="eau"),
        tags=[TagFactory(slug="climat")],
        authors=[AuthorFactory(name="Inès Robert", slug="ines-robert")],
        body=(
            "Voici un [lien interne](/rubrique/materiel/).\n\n"
            f'![Un schéma](image:{inline.pk} "Le circuit")\n'
        ),
    )
    comments(article, 3)
    return article


@pytest.fixture
def pictured(pictured_once: PicturedWorld) -> Article:
    """A released article in a story and under a tag, with a hero (its renditions made), a
    picture in its text, and three comments; read afresh for each test (what a test changes
    is rolled back, the row as well as this copy of it)."""
    return Article.objects.get(pk=pictured_once.article_pk)


def test_the_rss_feed_gives_each_article_its_link_date_authors_and_section(client, newest):
    channel = xml_of(client, reverse("discovery:feed-rss"), "application/rss+xml").find("channel")
    assert channel is not None
    assert channel.findtext("link") == f"{SITE}/"
    assert channel.findtext("language") == "fr"
    items = channel.findall("item")
    assert len(items) == 2
    first = items[0]
    assert first.findtext("title") == "Le modèle ouvert qui change tout"
    assert first.findtext("link") == SITE + newest.get_absolute_url()
    assert first.findtext("guid") == SITE + newest.get_absolute_url()
    assert first.findtext("description") == "Un chapeau pour les lecteurs de flux."
    assert parsedate_to_datetime(first.findtext("pubDate") or "") == PUBLISHED
    assert first.findtext("category") == "Intelligence artificielle"
    assert first.findtext(f"{DUBLIN_CORE}creator") == "Léa Martin, Hugo Petit"
    assert first.findtext("comments") == f"{SITE}{newest.get_absolute_url()}#discussion"
    older = parsedate_to_datetime(items[1].findtext("pubDate") or "")
    assert older == PUBLISHED - dt.timedelta(days=1)
    assert "Brouillon" not in [item.findtext("title") for item in items]
    assert "Demain" not in [item.findtext("title") for item in items]


def test_the_atom_feed_dates_each_entry_published_and_updated(client, newest):
    feed = xml_of(client, reverse("discovery:feed-atom"), "application/atom+xml")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "Le modèle ouvert qui change tout"
    link = first.find(f"{ATOM}link")
    assert link is not None and link.get("href") == SITE + newest.get_absolute_url()
    published = dt.datetime.fromisoformat(first.findtext(f"{ATOM}published") or "")
    updated = dt.datetime.fromisoformat(first.findtext(f"{ATOM}updated") or "")
    assert (published, updated) == (PUBLISHED, UPDATED)
    feed_updated = dt.datetime.fromisoformat(feed.findtext(f"{ATOM}updated") or "")
    assert feed_updated == UPDATED
    authors = [name.text for name in first.iter(f"{ATOM}name")]
    assert authors == ["Léa Martin, Hugo Petit"]


class TestThePicturedArticle:
    """Tests that read the pictured article, made once for them all (`pictured_once`)."""

    @pytest.mark.parametrize("kind", ["feed-rss", "feed-atom"])
    def test_a_feed_reader_finds_the_picture_the_full_text_and_the_comment_count(
        self, client, pictured, kind
    ):
        feed = parsed(client, reverse(f"discovery:{kind}"))
        assert feed.feed.title == "Kiosque"
        assert feed.feed.language == "fr"
        (entry,) = feed.entries
        page = client.get(pictured.get_absolute_url()).content.decode()
        assert entry.title == "Les centres de données ont soif"
        assert entry.link == SITE + pictured.get_absolute_url()
        assert entry.author == "Inès Robert"
        assert entry.published_parsed[:6] == pictured.published_at.utctimetuple()[:6]
        # The count the article's page shows, from the same counter.
        assert "Commentaires (3)" in page
        assert entry.slash_comments == "3"
        # The hero: its social card, a JPEG whose length is its size in bytes.
        (enclosure,) = entry.enclosures
        hero_file = next(r for r in pictured.hero.renditions.all() if r.use == "social").file
        assert enclosure.href == SITE + hero_file.url
        assert enclosure.type == "image/jpeg"
        assert int(enclosure.length) == hero_file.size
        (media,) = entry.media_content
        assert media["url"] == SITE + hero_file.url
        assert (media["width"], media["height"], media["medium"]) == ("1200", "630", "image")
        assert client.get(hero_file.url).status_code == 200
        # The whole text, its picture drawn and every address absolute.
        full_text = entry.content[0].value
        assert entry.summary == pictured.lead
        assert f'href="{SITE}/rubrique/materiel/"' in full_text
        assert 'alt="Un schéma"' in full_text
        assert not re.search(r'(src|href|srcset)="/', full_text)
        assert not re.search(r", /media/", full_text)
        assert "data-image" not in full_text

    def test_a_hero_whose_file_is_gone_leaves_the_feed_readable(
        self, client, pictured, settings, tmp_path
    ):
        # Deleted from a copy: the other tests read the pictures made once.
        settings.MEDIA_ROOT = shutil.copytree(settings.MEDIA_ROOT, tmp_path / "media")
        for rendition in pictured.hero.renditions.all():
            rendition.file.storage.delete(rendition.file.name)
        (entry,) = parsed(client, reverse("discovery:feed-rss")).entries
        assert entry.enclosures[0].length == "0"

    def test_without_full_text_a_feed_carries_the_lead_alone(self, client, pictured, settings):
        settings.KIOSQUE_FEED_FULL_TEXT = False
        (entry,) = parsed(client, reverse("discovery:feed-rss")).entries
        assert entry.summary == pictured.lead
        assert b"<content:encoded>" not in client.get(reverse("discovery:feed-rss")).content
        assert b"<content " not in client.get(reverse("discovery:feed-atom")).content

    @pytest.mark.parametrize(
        ("name", "slug"),
        [
            ("feed-section", "materiel"),
            ("feed-tag", "climat"),
            ("feed-author", "ines-robert"),
            ("feed-story", "eau"),
        ],
    )
    @pytest.mark.parametrize("atom", [False, True])
    def test_each_listing_has_its_feeds_of_its_articles_alone(
        self, client, pictured, name, slug, atom
    ):
        ArticleFactory(title="Ailleurs")
        ArticleFactory(title="Pas encore", scheduled=True, section=pictured.section)
        url = reverse(f"discovery:{name}{'-atom' if atom else ''}", kwargs={"slug": slug})
        feed = parsed(client, url)
        listing = {
            "feed-section": pictured.section,
            "feed-tag": pictured.tags.get(),
            "feed-author": pictured.authors.get(),
            "feed-story": pictured.story,
        }[name]
        assert feed.feed.title == f"Kiosque — {listing}"
        assert feed.feed.link == SITE + listing.get_absolute_url()
        assert [entry.title for entry in feed.entries] == ["Les centres de données ont soif"]
        assert feed.entries[0].slash_comments == "3"

    def test_each_listing_page_advertises_its_feeds(self, client, pictured):
        pages = {
            pictured.section.get_absolute_url(): "feed-section",
            pictured.tags.get().get_absolute_url(): "feed-tag",
            pictured.authors.get().get_absolute_url(): "feed-author",
            pictured.story.get_absolute_url(): "feed-story",
        }
        for page, name in pages.items():
            html = client.get(page).content.decode()
            slug = page.rstrip("/").rsplit("/", 1)[-1]
            for kind, suffix in (("rss", ""), ("atom", "-atom")):
                feed = reverse(f"discovery:{name}{suffix}", kwargs={"slug": slug})
                assert re.search(
                    rf'<link rel="alternate" type="application/{kind}\+xml"[^>]*href="{feed}"', html
                ), (page, kind)
            # The site's own feed, from every page.
            assert f'href="{reverse("discovery:feed-rss")}"' in html

    def test_an_article_page_and_its_topic_page_advertise_the_discussions_feeds(
        self, client, pictured
    ):
        html = client.get(pictured.get_absolute_url()).content.decode()
        assert f'href="{reverse("discovery:feed-comments", kwargs={"pk": pictured.pk})}"' in html
        topic = TopicFactory()
        html = client.get(topic.get_absolute_url()).content.decode()
        assert f'href="{reverse("discovery:feed-topic", kwargs={"pk": topic.pk})}"' in html

    def test_feeds_are_in_the_sites_language_whoever_asks(self, client, pictured):
        feed = parsed(client, reverse("discovery:feed-rss"), accept_language="en")
        assert feed.feed.language == "fr"
        assert feed.entries[0].link == SITE + pictured.get_absolute_url()
        assert "/en/" not in feed.entries[0].link

    @pytest.mark.parametrize("atom", [False, True])
    def test_an_articles_comment_feed_lists_its_latest_visible_comments(
        self, client, pictured, atom
    ):
        PostFactory(topic=pictured.topic, hidden=True, source="Caché par les modérateurs")
        PostFactory(topic=pictured.topic, deleted=True, source="Effacé par son auteur")
        PostFactory(topic=pictured.topic, pending=True, source="En attente")
        name = "feed-comments-atom" if atom else "feed-comments"
        feed = parsed(client, reverse(f"discovery:{name}", kwargs={"pk": pictured.pk}))
        assert (
            feed.feed.title
            == "Kiosque — commentaires sur «\u00a0Les centres de données ont soif\u00a0»"
        )
        assert feed.feed.link == f"{SITE}{pictured.get_absolute_url()}#discussion"
        posts = list(pictured.topic.posts.filter(moderation="shown", is_deleted=False))
        assert len(feed.entries) == 3
        newest = feed.entries[0]
        assert newest.link == SITE + posts[-1].get_absolute_url()
        assert newest.author == posts[-1].author.username
        assert newest.title == f"Commentaire de {posts[-1].author.username}"
        assert "Avis numéro 2." in newest.summary
        text = " ".join(entry.summary for entry in feed.entries)
        assert "Caché" not in text and "Effacé" not in text and "En attente" not in text
        # Every permalink opens the post.
        assert client.get(newest.link.removeprefix(SITE)).status_code == 302

    def test_a_discussion_hidden_by_the_moderators_has_no_comment_feed(self, client, pictured):
        pictured.topic.moderation = "hidden"
        pictured.topic.save(update_fields=["moderation"])
        url = reverse("discovery:feed-comments", kwargs={"pk": pictured.pk})
        assert client.get(url).status_code == 404

    def test_a_feed_answers_a_conditional_get_until_a_new_comment(self, client, pictured):
        url = reverse("discovery:feed-rss")
        first = client.get(url)
        etag, last_modified = first["ETag"], first["Last-Modified"]
        assert etag and last_modified
        assert "public" in first["Cache-Control"]
        again = client.get(url, headers={"if-none-match": etag})
        assert again.status_code == 304
        assert again.content == b""
        since = client.get(url, headers={"if-modified-since": last_modified})
        assert since.status_code == 304
        comments(pictured, 1)
        changed = client.get(url, headers={"if-none-match": etag})
        assert changed.status_code == 200
        assert changed["ETag"] != etag
        assert feedparser.parse(changed.content).entries[0].slash_comments == "4"

    @pytest.mark.parametrize(
        "name",
        ["feed-comments", "feed-comments-atom", "feed-section", "feed-corrections", "feed-topic"],
    )
    def test_every_feed_gives_its_etag_and_last_change(self, client, pictured, name):
        kwargs = {
            "feed-comments": {"pk": pictured.pk},
            "feed-comments-atom": {"pk": pictured.pk},
            "feed-section": {"slug": "materiel"},
            "feed-corrections": {},
            "feed-topic": {"pk": pictured.topic_id},
        }[name]
        url = reverse(f"discovery:{name}", kwargs=kwargs)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Last-Modified"]
        assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304


@pytest.mark.parametrize("name", ["feed-section", "feed-tag", "feed-author", "feed-story"])
def test_an_unknown_listing_has_no_feed(client, name):
    assert client.get(reverse(f"discovery:{name}", kwargs={"slug": "rien"})).status_code == 404
    assert client.get(reverse(f"discovery:{name}-atom", kwargs={"slug": "rien"})).status_code == 404


def test_feeds_hold_the_newest_articles_up_to_their_limit(client):
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for hours in range(FEED_ITEMS + 2):
        ArticleFactory(published_at=start + dt.timedelta(hours=hours))
    channel = xml_of(client, reverse("discovery:feed-rss"), "application/rss+xml")
    dates = [parsedate_to_datetime(item.findtext("pubDate") or "") for item in channel.iter("item")]
    assert len(dates) == FEED_ITEMS
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == start + dt.timedelta(hours=FEED_ITEMS + 1)


# Discussions -------------------------------------------------------------------------------


def test_a_comment_feed_holds_the_latest_comments_up_to_its_limit(client):
    article = ArticleFactory()
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for n in range(POST_ITEMS + 2):
        PostFactory(topic=article.topic, created_at=start + dt.timedelta(minutes=n))
    feed = parsed(client, reverse("discovery:feed-comments", kwargs={"pk": article.pk}))
    assert len(feed.entries) == POST_ITEMS
    assert feed.entries[0].published_parsed[:5] == (2024, 1, 1, 0, POST_ITEMS + 1)


def test_a_forum_topics_feed_lists_its_posts_by_their_authors(client):
    topic = TopicFactory(title="Quel clavier pour coder ?")
    first = PostFactory(topic=topic, author=UserFactory(username="margot"), source="Un mécanique.")
    for atom in (False, True):
        name = "feed-topic-atom" if atom else "feed-topic"
        feed = parsed(client, reverse(f"discovery:{name}", kwargs={"pk": topic.pk}))
        assert feed.feed.title == "Kiosque — Quel clavier pour coder ?"
        assert feed.feed.link == SITE + topic.get_absolute_url()
        (entry,) = feed.entries
        assert entry.title == "margot dans «\u00a0Quel clavier pour coder ?\u00a0»"
        assert entry.author == "margot"
        assert entry.link == SITE + first.get_absolute_url()


@pytest.mark.parametrize(
    "make",
    [
        lambda: reverse(
            "discovery:feed-comments", kwargs={"pk": ArticleFactory.create(draft=True).pk}
        ),
        lambda: reverse(
            "discovery:feed-comments", kwargs={"pk": ArticleFactory.create(scheduled=True).pk}
        ),
        lambda: reverse("discovery:feed-comments", kwargs={"pk": 999_999}),
        lambda: reverse("discovery:feed-topic", kwargs={"pk": TopicFactory.create(hidden=True).pk}),
        lambda: reverse(
            "discovery:feed-topic", kwargs={"pk": TopicFactory.create(scheduled=True).pk}
        ),
        lambda: reverse("discovery:feed-topic", kwargs={"pk": 999_999}),
    ],
    ids=["draft", "scheduled", "no-article", "hidden-topic", "future-topic", "no-topic"],
)
def test_what_readers_may_not_see_has_no_feed(client, make):
    assert client.get(make()).status_code == 404


# Conditional GET ---------------------------------------------------------------------------


def test_an_empty_feed_keeps_its_etag_as_time_passes(client):
    url = reverse("discovery:feed-corrections")
    with time_machine.travel(PUBLISHED, tick=False):
        etag = client.get(url)["ETag"]
    with time_machine.travel(UPDATED, tick=False):
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304


# Queries -----------------------------------------------------------------------------------


def _world(size: int) -> dict[str, str]:
    """`size` released articles with heroes, pictures in their texts and comments, in one
    section, tag, author and story; the feeds of each."""
    section, tag = SectionFactory(slug=f"rubrique-{size}"), TagFactory(slug=f"sujet-{size}")
    author, story = AuthorFactory(slug=f"auteur-{size}"), StoryFactory(slug=f"feuilleton-{size}")
    # Small pictures: what is counted is queries, and their renditions take a moment to make.
    hero, inline = (
        ImageFactory.create(width=320, height=180),
        ImageFactory.create(width=320, height=180),
    )
    renditions.make_renditions(hero.pk)
    article = None
    for _ in range(size):
        article = ArticleFactory.create(
            section=section,
            tags=[tag],
            authors=[author],
            story=story,
            hero=hero,
            body=f'![Un schéma](image:{inline.pk} "Légende")\n',
        )
        PostFactory.create_batch(2, topic=article.topic)
    assert article is not None
    return {
        "rss": reverse("discovery:feed-rss"),
        "atom": reverse("discovery:feed-atom"),
        "section": reverse("discovery:feed-section", kwargs={"slug": f"rubrique-{size}"}),
        "tag": reverse("discovery:feed-tag-atom", kwargs={"slug": f"sujet-{size}"}),
        "author": reverse("discovery:feed-author", kwargs={"slug": f"auteur-{size}"}),
        "story": reverse("discovery:feed-story", kwargs={"slug": f"feuilleton-{size}"}),
        "comments": reverse("discovery:feed-comments", kwargs={"pk": article.pk}),
        "topic": reverse("discovery:feed-topic-atom", kwargs={"pk": article.topic_id}),
        "corrections": reverse("discovery:feed-corrections"),
    }


def _queries(client: Client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    return counts


def test_each_feed_costs_the_same_queries_whatever_it_holds(client):
    small = _queries(client, _world(2))
    large = _queries(client, _world(FEED_ITEMS + 5))
    assert small == large
    assert small == {
        "rss": 5,
        "atom": 5,
        "section": 6,
        "tag": 6,
        "author": 6,
        "story": 6,
        "comments": 2,
        "topic": 2,
        "corrections": 1,
    }

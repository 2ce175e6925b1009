"""The sitemaps as a search engine reads them: each parsed as XML and held to the sitemaps.org,
image and Google News rules; every URL listed answers 200, nothing unreleased is listed."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import as_in_every_test, rolled_back_after
from kiosque.community.tests.factories import CategoryFactory, PostFactory, TopicFactory
from kiosque.discovery import sitemaps
from kiosque.media import renditions
from kiosque.media.tests.factories import ImageFactory
from kiosque.newsroom.models import Article
from kiosque.newsroom.models import Page as SitePage
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# W3C datetime to the second, with its zone.
W3C_SECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def media_root(request, settings, tmp_path):
    """Files go to the test's own directory; a test reading the site reads its pictures where
    they were made."""
    if "site" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("site_once").media
    else:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def xml_of(client: Client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def children(client: Client) -> dict[str, ElementTree.Element]:
    """Every child the index lists (pages included), parsed, by its address."""
    index = xml_of(client, reverse("discovery:sitemap"))
    assert index.tag == f"{SITEMAP}sitemapindex"
    found = {}
    for entry in index.iter(f"{SITEMAP}sitemap"):
        loc = entry.findtext(f"{SITEMAP}loc") or ""
        assert loc.startswith(f"{SITE}/sitemap-"), loc
        lastmod = entry.findtext(f"{SITEMAP}lastmod")
        assert lastmod is None or W3C_SECONDS.fullmatch(lastmod), lastmod
        found[loc] = xml_of(client, loc.removeprefix(SITE))
    return found


def listed(urlset: ElementTree.Element) -> list[str]:
    return [url.findtext(f"{SITEMAP}loc") or "" for url in urlset.iter(f"{SITEMAP}url")]


@dataclass(frozen=True)
class SiteWorld:
    content: dict[str, object]
    media: Path


@pytest.fixture(scope="class")
def site_once(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SiteWorld]:
    """The site, made once at NOW for the tests of a class that read it (its hero's
    renditions are the slow part), with the settings every test has; rolled back after them,
    each test in a savepoint of its own."""
    media = tmp_path_factory.mktemp("site-media")
    with rolled_back_after(django_db_blocker):
        with (
            as_in_every_test(MEDIA_ROOT=media),
            time_machine.travel(NOW, tick=False),
        ):
            content = _site()
        yield SiteWorld(content=content, media=media)


@pytest.fixture
def site(site_once: SiteWorld) -> dict[str, object]:
    """What a search engine may find, and what it must not (a copy of the rows as made: what
    a test changes of them is its own)."""
    return copy.deepcopy(site_once.content)


def _site() -> dict[str, object]:
    hero = ImageFactory.create(alt="Un datacentre")
    renditions.make_renditions(hero.pk)
    section, tag = SectionFactory(slug="materiel"), TagFactory(slug="climat")
    author, story = AuthorFactory(slug="ines-robert"), StoryFactory(slug="eau")
    tag_fr = TagFactory(slug="fr")  # a slug that is also a language's code
    fresh = ArticleFactory.create(
        title="Les centres de données ont soif & chauffent",
        hero=hero,
        section=section,
        tags=[tag, tag_fr],
        authors=[author],
        story=story,
        published_at=NOW - dt.timedelta(hours=3),
    )
    old = ArticleFactory.create(section=section, published_at=NOW - dt.timedelta(days=3))
    hidden = [
        ArticleFactory.create(title="Brouillon", draft=True),
        ArticleFactory.create(title="Demain", scheduled=True),
        ArticleFactory.create(
            title="Retiré",
            status=Article.Status.UNPUBLISHED,
            published_at=NOW - dt.timedelta(hours=2),
        ),
    ]
    ArticleFactory.create(
        title="Programmé il y a une heure",
        status=Article.Status.SCHEDULED,
        published_at=NOW - dt.timedelta(hours=1),
    )
    forum = CategoryFactory()
    topic = TopicFactory(category=forum, created_at=NOW - dt.timedelta(days=1))
    PostFactory(topic=topic)
    hidden_topics = [
        TopicFactory(category=forum, hidden=True),
        TopicFactory(category=forum, moderation="hidden"),
        TopicFactory(category=forum, scheduled=True),
    ]
    page = SitePage.objects.create(
        title="À propos", slug="a-propos", body="Qui nous sommes.", body_html="<p>Qui.</p>"
    )
    AuthorFactory(slug="sans-article")
    return {
        "fresh": fresh,
        "old": old,
        "hidden": hidden,
        "topic": topic,
        "hidden_topics": hidden_topics,
        "page": page,
    }


class TestTheSite:
    """Tests that read the site, made once for them all (`site_once`)."""

    def test_the_index_lists_each_child_with_its_last_change_to_the_second(self, client, site):
        found = children(client)
        assert set(found) == {f"{SITE}/sitemap-{section}.xml" for section in sitemaps.SITEMAPS}
        index = xml_of(client, reverse("discovery:sitemap"))
        lastmods = {
            entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
            for entry in index.iter(f"{SITEMAP}sitemap")
        }
        fresh: Article = site["fresh"]
        newest = fresh.modified_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert lastmods[f"{SITE}/sitemap-articles.xml"] == newest

    def test_every_child_follows_the_sitemaps_rules_and_every_url_answers(self, client, site):
        for address, urlset in children(client).items():
            assert urlset.tag == f"{SITEMAP}urlset", address
            urls = list(urlset.iter(f"{SITEMAP}url"))
            assert 0 < len(urls) <= 50_000, address
            for url in urls:
                loc = url.findtext(f"{SITEMAP}loc") or ""
                assert loc.startswith(f"{SITE}/"), loc
                lastmod = url.findtext(f"{SITEMAP}lastmod")
                assert lastmod and W3C_SECONDS.fullmatch(lastmod), (loc, lastmod)
                assert client.get(loc.removeprefix(SITE)).status_code == 200, loc

    def test_pages_are_listed_in_both_languages_with_their_alternates(self, client, site):
        found = children(client)
        for section in (
            "articles",
            "rubriques",
            "sujets",
            "auteurs",
            "feuilletons",
            "forum",
            "pages",
        ):
            urlset = found[f"{SITE}/sitemap-{section}.xml"]
            locs = listed(urlset)
            assert len(locs) % 2 == 0
            for url in urlset.iter(f"{SITEMAP}url"):
                loc = url.findtext(f"{SITEMAP}loc") or ""
                french = loc.replace(f"{SITE}/en/", f"{SITE}/")
                alternates = {
                    link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
                }
                assert alternates == {
                    "fr": french,
                    "en": french.replace(SITE, f"{SITE}/en", 1),
                    "x-default": french,
                }
                assert french in locs and alternates["en"] in locs

    def test_nothing_unreleased_is_listed(self, client, site):
        everything = [loc for urlset in children(client).values() for loc in listed(urlset)]
        for article in site["hidden"]:
            assert not any(f"/article/{article.pk}-" in loc for loc in everything), article.title
        for topic in site["hidden_topics"]:
            assert not any(f"/forum/t/{topic.pk}-" in loc for loc in everything)
        fresh: Article = site["fresh"]
        # An article's discussion is its article's page, not a second address.
        assert not any(f"/forum/t/{fresh.topic_id}-" in loc for loc in everything)
        assert not any("/auteur/sans-article/" in loc for loc in everything)
        assert f"{SITE}/forum/t/{site['topic'].pk}-{site['topic'].slug}/" in everything
        assert f"{SITE}/page/a-propos/" in everything
        assert f"{SITE}/en/auteur/ines-robert/" in everything
        assert f"{SITE}/sujet/fr/" in everything

    def test_each_article_carries_its_hero_as_an_image_entry(self, client, site):
        urlset = xml_of(client, "/sitemap-articles.xml")
        fresh: Article = site["fresh"]
        for url in urlset.iter(f"{SITEMAP}url"):
            loc = url.findtext(f"{SITEMAP}loc") or ""
            images = [image.findtext(f"{IMAGE}loc") for image in url.iter(f"{IMAGE}image")]
            if loc.endswith(fresh.get_absolute_url()):
                (image,) = images
                assert image and image.startswith(f"{SITE}/media/")
                assert client.get(urlsplit(image).path).status_code == 200
            else:
                assert images == []

    def test_the_news_sitemap_holds_the_last_48_hours_in_french(self, client, site):
        urlset = xml_of(client, "/sitemap-news.xml")
        fresh: Article = site["fresh"]
        urls = list(urlset.iter(f"{SITEMAP}url"))
        titles = [url.findtext(f"{NEWS}news/{NEWS}title") for url in urls]
        # The article released an hour ago by its schedule is news too; the one of 3 days is not.
        assert titles == [
            "Programmé il y a une heure",
            "Les centres de données ont soif & chauffent",
        ]
        for url in urls:
            loc = url.findtext(f"{SITEMAP}loc") or ""
            assert loc.startswith(f"{SITE}/article/")
            news = url.find(f"{NEWS}news")
            assert news is not None
            assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Kiosque"
            assert news.findtext(f"{NEWS}publication/{NEWS}language") == "fr"
            date = news.findtext(f"{NEWS}publication_date") or ""
            assert W3C_SECONDS.fullmatch(date)
            assert NOW - dt.datetime.fromisoformat(date) <= dt.timedelta(hours=48)
            assert client.get(loc.removeprefix(SITE)).status_code == 200
        assert f"{SITE}{fresh.get_absolute_url()}" in listed(urlset)

    def test_the_news_sitemap_drops_an_article_after_48_hours(self, client, site):
        fresh: Article = site["fresh"]
        url = f"{SITE}{fresh.get_absolute_url()}"
        # Released 3 hours before NOW.
        with time_machine.travel(NOW + dt.timedelta(hours=45), tick=False):
            assert url in listed(xml_of(client, "/sitemap-news.xml"))
        with time_machine.travel(NOW + dt.timedelta(hours=45, minutes=1), tick=False):
            assert url not in listed(xml_of(client, "/sitemap-news.xml"))
            assert url in listed(xml_of(client, "/sitemap-articles.xml"))

    @pytest.mark.parametrize(
        "url",
        [
            "/sitemap-articles.xml?p=99",
            "/sitemap-articles.xml?p=0",
            "/sitemap-articles.xml?p=deux",
            "/sitemap-inconnu.xml",
        ],
    )
    def test_a_page_that_is_not_there_is_not_found(self, client, site, url):
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-news.xml"])
    def test_sitemaps_answer_a_conditional_get(self, client, site, url):
        response = client.get(url)
        assert response["ETag"] and response["Last-Modified"]
        assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304
        since = client.get(url, headers={"if-modified-since": response["Last-Modified"]})
        assert since.status_code == 304
        ArticleFactory(published_at=timezone.now() - dt.timedelta(minutes=1))
        assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 200


def test_the_news_sitemap_holds_at_most_a_thousand_articles(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_MAX", 3)
    monkeypatch.setattr(sitemaps.NewsSitemap, "limit", 3)
    for hours in range(5):
        ArticleFactory(published_at=NOW - dt.timedelta(hours=hours + 1))
    assert len(listed(xml_of(client, "/sitemap-news.xml"))) == 3
    assert sitemaps.NEWS_MAX == 3 and sitemaps.NEWS_HOURS == 48


def test_children_are_paginated_and_the_index_lists_every_page(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 4)
    articles = [ArticleFactory.create(published_at=NOW - dt.timedelta(hours=n)) for n in range(5)]
    index = xml_of(client, reverse("discovery:sitemap"))
    locs = [entry.findtext(f"{SITEMAP}loc") for entry in index.iter(f"{SITEMAP}sitemap")]
    pages = [loc for loc in locs if loc and "sitemap-articles" in loc]
    assert pages == [
        f"{SITE}/sitemap-articles.xml",
        *(f"{SITE}/sitemap-articles.xml?p={n}" for n in (2, 3)),
    ]
    seen = []
    for page in pages:
        seen += listed(xml_of(client, (page or "").removeprefix(SITE)))
    assert len(seen) == len(set(seen)) == 10
    for article in articles:
        assert f"{SITE}{article.get_absolute_url()}" in seen
        assert f"{SITE}/en{article.get_absolute_url()}" in seen


def test_an_empty_site_still_answers_conditional_gets(client):
    for url in ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in sitemaps.SITEMAPS)]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert listed(ElementTree.fromstring(response.content)) == []
        since = client.get(url, headers={"if-modified-since": response["Last-Modified"]})
        assert since.status_code == 304, url


def _queries(client: Client) -> dict[str, int]:
    counts = {}
    for url in ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in sitemaps.SITEMAPS)]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def _grow(size: int) -> None:
    # A small picture: what is counted is queries, and renditions take a moment to make.
    hero = ImageFactory.create(width=320, height=180)
    renditions.make_renditions(hero.pk)
    section, tag = SectionFactory(slug=f"r-{size}"), TagFactory(slug=f"t-{size}")
    author, story = AuthorFactory(slug=f"a-{size}"), StoryFactory(slug=f"f-{size}")
    forum = CategoryFactory()
    for n in range(size):
        ArticleFactory(
            section=section,
            tags=[tag],
            authors=[author],
            story=story,
            hero=hero,
            published_at=NOW - dt.timedelta(hours=n + 1),
        )
        PostFactory(topic=TopicFactory(category=forum))
        SitePage.objects.create(title=f"Page {size}-{n}", slug=f"page-{size}-{n}")


def test_each_sitemap_costs_the_same_queries_whatever_the_site_holds(client):
    _grow(2)
    small = _queries(client)
    _grow(12)
    large = _queries(client)
    assert small == large
    assert small["/sitemap.xml"] == 2 * len(sitemaps.SITEMAPS)
    assert small["/sitemap-articles.xml"] == 3

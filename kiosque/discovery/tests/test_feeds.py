"""The feeds and the sitemap as a feed reader and a search engine read them: parsed as XML,
with their dates, links, authors and counts."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from kiosque.discovery.feeds import FEED_ITEMS
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DUBLIN_CORE = "{http://purl.org/dc/elements/1.1/}"
PUBLISHED = dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)
UPDATED = dt.datetime(2024, 3, 2, 14, 0, tzinfo=dt.UTC)


def xml_of(client: Client, url: str, content_type: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    return ElementTree.fromstring(response.content)


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


def test_the_rss_feed_gives_each_article_its_link_date_authors_and_section(client, newest):
    channel = xml_of(client, reverse("discovery:feed-rss"), "application/rss+xml").find("channel")
    assert channel is not None
    assert channel.findtext("link") == f"{SITE}/"
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


def test_the_section_feed_lists_that_section_alone(client, newest):
    elsewhere = ArticleFactory(title="Ailleurs", published_at=PUBLISHED)
    url = reverse("discovery:feed-section", kwargs={"slug": "ia"})
    channel = xml_of(client, url, "application/rss+xml").find("channel")
    assert channel is not None
    assert channel.findtext("link") == SITE + newest.section.get_absolute_url()
    assert "Intelligence artificielle" in (channel.findtext("title") or "")
    links = [item.findtext("link") for item in channel.iter("item")]
    assert len(links) == 2 and links[0] == SITE + newest.get_absolute_url()
    assert SITE + elsewhere.get_absolute_url() not in links


def test_an_unknown_section_has_no_feed(client):
    assert client.get(reverse("discovery:feed-section", kwargs={"slug": "rien"})).status_code == 404


def test_feeds_hold_the_newest_articles_up_to_their_limit(client):
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for hours in range(FEED_ITEMS + 2):
        ArticleFactory(published_at=start + dt.timedelta(hours=hours))
    channel = xml_of(client, reverse("discovery:feed-rss"), "application/rss+xml")
    dates = [parsedate_to_datetime(item.findtext("pubDate") or "") for item in channel.iter("item")]
    assert len(dates) == FEED_ITEMS
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == start + dt.timedelta(hours=FEED_ITEMS + 1)


def test_the_sitemap_lists_every_published_article_with_its_last_change(client, newest):
    urlset = xml_of(client, reverse("discovery:sitemap"), "application/xml")
    entries = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in urlset.iter(f"{SITEMAP}url")
    }
    assert len(entries) == 2
    assert entries[SITE + newest.get_absolute_url()] == UPDATED.date().isoformat()
    assert all(entry is not None for entry in entries.values())

"""`/robots.txt` as a crawler reads it (Python's robotparser): the private pages closed in both
languages, the public ones open, the sitemaps named by absolute addresses that answer."""

from __future__ import annotations

from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITE_URL = "https://kiosque.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def robots(client) -> RobotFileParser:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    parser = RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser


@pytest.mark.parametrize(
    "path",
    [
        "/redaction/",
        "/redaction/articles/12/",
        "/compte/connexion/",
        "/membres/reglages/",
        "/membres/reglages/mes-donnees/",
        "/membres/supprimer/",
        "/recherche/?q=processeur",
        "/admin/",
        "/moderation/",
        "/apercu/abc/",
    ],
)
def test_private_pages_are_closed_to_crawlers_in_both_languages(robots, path):
    assert not robots.can_fetch("Googlebot", f"{SITE_URL}{path}")
    assert not robots.can_fetch("Googlebot", f"{SITE_URL}/en{path}")


def test_live_streams_are_closed_to_crawlers(robots):
    assert not robots.can_fetch("Googlebot", f"{SITE_URL}/live/topics/12/")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/article/12-un-titre/",
        "/rubrique/ia/",
        "/forum/t/3-un-sujet/",
        "/membres/margot/",
        "/flux/rss/",
        "/sitemap.xml",
    ],
)
def test_public_pages_and_members_profiles_stay_open(robots, path):
    assert robots.can_fetch("Googlebot", f"{SITE_URL}{path}")
    assert robots.can_fetch("Googlebot", f"{SITE_URL}/en{path}")


def test_robots_names_the_sitemaps_by_absolute_addresses_that_answer(client, robots):
    sitemaps = robots.site_maps() or []
    assert sitemaps == [
        f"{SITE_URL}{reverse('discovery:sitemap')}",
        f"{SITE_URL}{reverse('discovery:sitemap-section', kwargs={'section': 'news'})}",
    ]
    for url in sitemaps:
        assert client.get(urlsplit(url).path).status_code == 200


def test_robots_is_cacheable_and_answers_a_conditional_get(client):
    response = client.get("/robots.txt")
    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
    again = client.get("/robots.txt", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304

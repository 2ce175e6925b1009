"""Share links on the article: plain URLs to each network and e-mail carrying the article's
public address and title, the address in a read-only field for readers without JavaScript, and
nothing to share on a preview."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from kiosque.accounts.tests.factories import UserFactory
from kiosque.newsroom import roles
from kiosque.newsroom.actions import previews
from kiosque.newsroom.structured_data import share_links
from kiosque.newsroom.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
TITLE = "Fibre & 5G : « la fin » des zones blanches ?"


class Links(HTMLParser):
    """The share box's links, field and buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.links: list[str] = []
        self.fields: list[dict[str, str]] = []
        self.buttons: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "aside" and "data-share" in attributes:
            self.inside = 1
        elif self.inside and tag == "aside":
            self.inside += 1
        if not self.inside:
            return
        if tag == "a":
            self.links.append(attributes["href"])
        elif tag == "input":
            self.fields.append(attributes)
        elif tag == "button":
            self.buttons.append(attributes)

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag == "aside":
            self.inside -= 1


def share_box(client: Client, url: str) -> Links:
    response = client.get(url)
    assert response.status_code == 200
    box = Links()
    box.feed(response.content.decode())
    return box


def test_each_network_gets_the_address_and_title_in_a_plain_link(client: Client) -> None:
    article = ArticleFactory.create(title=TITLE)
    address = settings.SITE_URL + article.get_absolute_url()

    box = share_box(client, article.get_absolute_url())

    hosts = [urlsplit(link).netloc for link in box.links if link.startswith("https://")]
    assert hosts == ["wa.me", "x.com", "bsky.app", "www.linkedin.com", "www.facebook.com"]
    for link in box.links:
        values = " ".join(v for vs in parse_qs(urlsplit(link).query).values() for v in vs)
        assert address in values, link
    whatsapp, x = box.links[1], box.links[2]
    assert parse_qs(urlsplit(whatsapp).query)["text"] == [f"{TITLE} {address}"]
    assert parse_qs(urlsplit(x).query) == {"text": [TITLE], "url": [address]}
    mail = box.links[0]
    assert mail.startswith("mailto:?subject=")
    assert parse_qs(urlsplit(mail).query)["subject"] == [TITLE]
    assert " " not in mail and "+" not in mail, "spaces as %20: mail programs read + as +"


def test_without_javascript_the_address_waits_in_a_read_only_field(client: Client) -> None:
    article = ArticleFactory.create()
    box = share_box(client, article.get_absolute_url())

    [field] = box.fields
    assert field["value"] == settings.SITE_URL + article.get_absolute_url()
    assert "readonly" in field and field["id"] == "share-url"
    # The buttons wait for share.js: hidden until it knows the browser can.
    assert all("hidden" in button or "data-share-copy" not in button for button in box.buttons)


def test_an_english_page_shares_its_english_address(client: Client) -> None:
    article = ArticleFactory.create()
    path = article.get_absolute_url()
    assert share_links(article).url == settings.SITE_URL + path
    box = share_box(client, "/en" + path)
    assert box.fields[0]["value"] == f"{settings.SITE_URL}/en{path}"


def test_a_preview_has_nothing_to_share(client: Client) -> None:
    editor = UserFactory.create(username="editrice")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    draft = ArticleFactory.create(draft=True)
    link = previews.create_preview_link(draft, by=editor, valid_for=timedelta(days=1))
    preview = client.get(previews.preview_path(link)).content.decode()
    assert "data-share" not in preview
    client.force_login(editor)
    assert "data-share" not in client.get(draft.get_absolute_url()).content.decode()

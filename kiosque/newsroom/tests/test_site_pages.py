"""The site's own pages as readers find them: at /page/<slug>/, and linked from the footer of
every page in the editors' order; a change to the footer is announced to the whole site."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kiosque import announcements
from kiosque.announcements import SITE
from kiosque.newsroom.actions import pages
from kiosque.newsroom.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced(monkeypatch) -> list[str]:
    """Every key announced (delivered on commit)."""
    heard: list[str] = []

    def listen(keys: frozenset[str]) -> None:
        heard.extend(sorted(keys))

    monkeypatch.setattr(announcements, "deliver", listen)
    return heard


def a_page(title: str, slug: str, *, footer_position: int | None = None, body: str = "") -> Page:
    page = Page(title=title, slug=slug, body=body or f"Le texte de {title}.")
    page.footer_position = footer_position
    return pages.save_page(page, by=None)


def test_a_page_is_rendered_from_markdown_at_its_address(client):
    a_page("À propos", "a-propos", body="## Qui sommes-nous\n\nUne rédaction <b>libre</b>.")
    response = client.get(reverse("newsroom:page-detail", args=["a-propos"]))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<h1 id="page-title" class="article__title">À propos</h1>' in html
    assert "<h2>Qui sommes-nous</h2>" in html
    assert "&lt;b&gt;libre&lt;/b&gt;" in html  # raw HTML stays text
    assert client.get(reverse("newsroom:page-detail", args=["absente"])).status_code == 404


def test_the_footer_links_its_pages_in_order_and_only_those(client, article):
    a_page("Mentions légales", "mentions-legales", footer_position=2)
    a_page("Contact", "contact", footer_position=1)
    a_page("Brouillon de charte", "brouillon")
    html = client.get(article.get_absolute_url()).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]

    contact = reverse("newsroom:page-detail", args=["contact"])
    legal = reverse("newsroom:page-detail", args=["mentions-legales"])
    assert f'<a href="{contact}">Contact</a>' in footer
    assert footer.index(contact) < footer.index(legal)
    assert "Brouillon de charte" not in footer
    assert f'href="{reverse("newsroom:corrections")}"' in footer


def test_the_footer_costs_the_same_however_many_pages(client):
    a_page("Contact", "contact", footer_position=1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("newsroom:home"))
    for number in range(8):
        a_page(f"Page {number}", f"page-{number}", footer_position=number + 2)
    with CaptureQueriesContext(connection) as many:
        html = client.get(reverse("newsroom:home")).content.decode()

    assert "Page 7" in html
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_footer_change_is_announced_to_the_whole_site(
    announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hidden = a_page("Hors pied de page", "hors")
    assert SITE not in announced and f"page:{hidden.pk}" in announced

    announced.clear()
    hidden.footer_position = 3
    with django_capture_on_commit_callbacks(execute=True):
        pages.save_page(hidden, by=None)
    assert SITE in announced

    announced.clear()
    key = f"page:{hidden.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        pages.delete_page(hidden, by=None)
    assert {SITE, key} <= set(announced)


@pytest.mark.page_cache
def test_kept_pages_show_a_new_footer_link_at_once(
    client, article, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    assert "Nous contacter" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        a_page("Nous contacter", "contact", footer_position=1)

    assert "Nous contacter" in client.get(url).content.decode()

"""The demo's site pages in the footer, and its corrections and update notes."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.html import escape

from kiosque.demo.pages import NOTES, PAGES, load_pages
from kiosque.newsroom.models import Correction, Page


def test_the_footer_links_the_demo_pages_that_have_a_place_there(demo: str, client: Any) -> None:
    html = client.get(reverse("newsroom:home")).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]

    assert Page.objects.count() == len(PAGES) == 5
    for data in PAGES:
        address = reverse("newsroom:page-detail", args=[data.slug])
        linked = f'<a href="{address}">{data.title}</a>' in footer
        assert linked == (data.footer_position is not None), data.slug
        assert client.get(address).status_code == 200


def test_notes_show_on_their_articles_and_the_corrections_page(demo: str, client: Any) -> None:
    assert Correction.objects.count() == len(NOTES)
    listing = client.get(reverse("newsroom:corrections")).content.decode()
    for note in Correction.objects.select_related("article"):
        page = client.get(note.article.get_absolute_url()).content.decode()
        assert escape(note.note.split(":")[0]) in page
        assert escape(note.article.title) in listing


def test_loading_the_pages_again_changes_nothing(demo: str) -> None:
    report = load_pages()
    assert not report.changed_anything

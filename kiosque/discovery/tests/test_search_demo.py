"""`kiosque demo` leaves a searchable site: a word form found in article texts and forum posts
alike, none of them by its title (what the header's browser test searches for)."""

from __future__ import annotations

import pytest

from kiosque import wordforms
from kiosque.demo.tests.conftest import (  # the demo, loaded once (fixtures)
    _demo_database_when_read,
    _django_db_helper,
    demo,
    demo_world,
    frozen_now,
    media_root,
)
from kiosque.discovery.search import SearchFilters, search

__all__ = [
    "_demo_database_when_read",
    "_django_db_helper",
    "demo",
    "demo_world",
    "frozen_now",
    "media_root",
]


@pytest.mark.usefixtures("demo")
def test_the_demo_is_searchable_by_word_forms_in_texts():
    # "salarié": the demo's texts say "salariés" (members) and "salarié" (an article's body).
    page = search("salarié", per_page=50)
    kinds = {hit.kind for hit in page.hits}
    assert kinds == {"article", "post"}, page
    for hit in page.hits:
        assert "<mark>" in hit.excerpt_html
    found_without_title = [
        hit for hit in page.hits if "salari" not in " ".join(wordforms.stems(hit.title))
    ]
    assert {hit.kind for hit in found_without_title} == {"article", "post"}
    articles = search("salarié", filters=SearchFilters(kind="articles")).hits
    assert articles and {hit.kind for hit in articles} == {"article"}

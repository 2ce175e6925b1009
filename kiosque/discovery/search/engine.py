"""The search itself: the query understood, the backend asked, the hits made (being written)."""

from __future__ import annotations

from . import SearchFilters, SearchPage


def run_search(
    query: str, *, filters: SearchFilters, page: int, per_page: int, language: str
) -> SearchPage:
    return SearchPage(hits=[], total=0, page=1, page_count=1, query=query.strip())

"""The search page: a plain GET form over `kiosque.discovery.search`.

Personal to its query, it is no shared page: it is rendered for each request and says so to
every cache on the way (`private, no-store`); search engines are asked not to index it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from kiosque.announcements import HOME
from kiosque.newsroom.models import Article, Author
from kiosque.newsroom.remembered import all_sections, next_release_at
from kiosque.pagecache.generations import remember

from .forms import SearchForm
from .search import search

RESULTS_PER_PAGE = 20
# Page numbers shown on each side of the current one; the first and the last are always shown.
PAGES_AROUND = 2


def search_page(request: HttpRequest) -> HttpResponse:
    """The search form and, for a query, a page of its results; 400 with the reason for what
    the form refuses (control characters, a bad date, choice or page number)."""
    form = SearchForm(
        request.GET if request.GET else None,
        sections=[(section.slug, section.name) for section in all_sections()],
        authors=_authors(),
    )
    context: dict[str, Any] = {"form": form, "results": None, "query": ""}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        context["query"] = form.data.get("q", "")
    elif form.is_bound and form.cleaned_data["q"]:
        page = form.cleaned_data["page"] or 1
        results = search(
            form.cleaned_data["q"], filters=form.filters(), page=page, per_page=RESULTS_PER_PAGE
        )
        context |= {
            "query": results.query,  # as the search understood it (cut when too long)
            "results": results,
            "page_numbers": page_numbers(results.page, results.page_count),
            "first_rank": (results.page - 1) * RESULTS_PER_PAGE + 1,
            "unfiltered_url": f"{reverse('search:page')}?{urlencode({'q': results.query})}",
        }
    response = render(request, "discovery/search.html", context, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _authors() -> list[tuple[str, str]]:
    """(slug, name) of the authors of released articles, by name: read once until the newsroom
    publishes again (or the next scheduled article goes live)."""

    def compute() -> list[tuple[str, str]]:
        credited = Author.objects.filter(
            pk__in=Article.objects.published().values("bylines__author")
        )
        return list(credited.order_by("name").values_list("slug", "name"))

    return remember("search-authors", compute, key=HOME, until=next_release_at())


def page_numbers(current: int, count: int) -> list[int | None]:
    """The page numbers a pager shows: the first, the last, `PAGES_AROUND` on each side of the
    current one, and None where numbers are left out (1 … 4 5 6 7 8 … 20)."""
    shown = {1, count, *range(current - PAGES_AROUND, current + PAGES_AROUND + 1)}
    numbers: list[int | None] = []
    previous = 0
    for number in sorted(n for n in shown if 1 <= n <= count):
        if previous and number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers

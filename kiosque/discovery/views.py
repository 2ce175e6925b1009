"""The search page: a plain GET form over `kiosque.discovery.search`."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def search_page(request: HttpRequest) -> HttpResponse:
    """The search form and, for a query, its results."""
    return render(request, "discovery/search.html", {"query": request.GET.get("q", "")})

"""`/robots.txt`: where crawlers need not go, and where the sitemaps are."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .conditional import discovery_view

# Pages of no use in a search engine, each also under /en/: the newsroom, the account pages
# (sign-in, settings, a member's data; members' profiles stay public), search results, the
# admin, the moderators' pages and preview links.
PRIVATE_PATHS = [
    "/redaction/",
    "/compte/",
    "/membres/reglages/",
    "/membres/supprimer/",
    "/recherche/",
    "/admin/",
    "/moderation/",
    "/apercu/",
]
# Addresses outside the languages: the live streams of discussions (kiosque/live.py).
PRIVATE_ROOT_PATHS = ["/live/"]


@discovery_view
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    for path in PRIVATE_PATHS:
        lines += [f"Disallow: {path}", f"Disallow: /en{path}"]
    lines += [f"Disallow: {path}" for path in PRIVATE_ROOT_PATHS]
    lines.append("")
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('discovery:sitemap')}")
    news = reverse("discovery:sitemap-section", kwargs={"section": "news"})
    lines.append(f"Sitemap: {settings.SITE_URL}{news}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

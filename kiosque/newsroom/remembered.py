"""What the newsroom's pages list around their content, read once and remembered until the
newsroom changes it (kiosque/pagecache/generations.py)."""

from __future__ import annotations

from datetime import datetime

from kiosque.announcements import HOME, SITE
from kiosque.links import link
from kiosque.pagecache.generations import remember

from .models import Article, Page, Section


def all_sections() -> list[Section]:
    """The sections in menu order, read once until one is saved (the menu shows them all)."""
    return remember("sections", lambda: list(Section.objects.all()), key=SITE)


def next_release_at() -> datetime | None:
    """When the next scheduled article goes live, read once until the newsroom publishes."""
    return remember(
        "next-release", Article.objects.next_release_at, key=HOME, until_of=lambda value: value
    )


def footer_pages() -> list[tuple[str, str]]:
    """The site pages the footer links, (title, address) in footer order: read once until
    one is saved (`site` is announced when the footer changes)."""
    return remember(
        "footer-pages",
        lambda: [
            (page.title, link("newsroom:page-detail", slug=page.slug))
            for page in Page.objects.filter(footer_position__isnull=False).only(
                "title", "slug", "footer_position"
            )
        ],
        key=SITE,
    )

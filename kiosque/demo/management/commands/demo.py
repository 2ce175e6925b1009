"""`kiosque demo`: load a credible French tech-news site to look at, click through and test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from kiosque.demo.community import load_community
from kiosque.demo.moderation import load_moderation
from kiosque.demo.newsroom import load_newsroom
from kiosque.demo.newsroom_team import load_newsroom_team
from kiosque.demo.pages import load_pages
from kiosque.demo.report import LoadReport
from kiosque.newsroom.actions.related import relate_all

# Each loader is idempotent and returns what it did. Community content (members,
# discussions) comes after the newsroom, whose articles it comments on; moderation (reports,
# held posts, an appeal) after the community, whose members and discussions it uses.
# The newsroom team (an account per role, articles in the works) after the newsroom's sections.
LOADERS: tuple[Callable[..., LoadReport], ...] = (
    load_newsroom,
    load_pages,  # site pages, and notes on the newsroom's articles
    load_community,
    load_moderation,
    load_newsroom_team,
)


class Command(BaseCommand):
    help = (
        "Load the demo publication (sections, authors, articles, running stories) and its "
        "community (members who can sign in, forum topics, comments under articles) and its "
        "moderation (a moderator, reported and held posts, an appeal). "
        "Safe to run again: existing demo objects and pictures are left as they are."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        for load in LOADERS:
            report = load(now=now)
            style = self.style.SUCCESS if report.changed_anything else self.style.NOTICE
            self.stdout.write(style(report.summary()))
        # The loaders write through the actions, but back-dated content and a load whose
        # announcements are dropped (the tests' shared demo) would leave gaps: index it all.
        call_command("reindex", stdout=self.stdout)
        # Articles were related one by one as they were published, each against fewer: all
        # pairs again, now that every word's frequency is known.
        pairs = relate_all(by=None)
        self.stdout.write(f"Related articles: {pairs} pairs by meaning.")

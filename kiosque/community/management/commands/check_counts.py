"""`kiosque check-counts [--repair]`: compare the forum's counters with the rows they count."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kiosque.community.actions import recount


class Command(BaseCommand):
    help = (
        "Recompute every topic's post count and last post and every post's like count from the "
        "rows; print what drifted. With --repair, fix it. Exit status 1 when drift was found "
        "without --repair."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--repair", action="store_true", help="write the recomputed values")

    def handle(self, *args: Any, repair: bool, **options: Any) -> None:
        drifts = recount(repair=repair)
        for drift in drifts:
            self.stdout.write(str(drift))
        if not drifts:
            self.stdout.write(self.style.SUCCESS("Every counter matches its rows."))
        elif repair:
            self.stdout.write(self.style.SUCCESS(f"Repaired {len(drifts)} counter(s)."))
        else:
            raise CommandError(
                f"{len(drifts)} counter(s) drifted; run with --repair to fix them.", returncode=1
            )

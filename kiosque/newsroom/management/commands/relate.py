"""`kiosque relate`: compute every released article's related articles by meaning, from scratch."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from kiosque.newsroom.actions.related import relate_all


class Command(BaseCommand):
    help = (
        "Compute the words of every released article and its nearest articles by meaning "
        '("On the same subject"), from scratch. Publishing and editing keep them up to date; '
        "run this after loading articles in bulk."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        pairs = relate_all(by=None)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"{pairs} pairs of related articles computed in {elapsed:.1f} s.")
        )

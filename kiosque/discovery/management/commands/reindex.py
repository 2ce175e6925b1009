"""`kiosque reindex`: rebuild the search index from scratch (kiosque/discovery/search/)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from kiosque.discovery.search.backend import get_backend
from kiosque.discovery.search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Empty the search index and fill it again, in batches, with every published article and "
        "every readable forum post. Searches meanwhile find what is already indexed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rows = rebuild(by=None, progress=self.stdout.write)
        _rows, size = get_backend().size()
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {rows:,} rows, {size / 2**20:.1f} MiB, "
                f"in {time.monotonic() - started:.1f} s."
            )
        )

"""What goes into the search index, and when (being written)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosque.accounts.models import User


def rebuild(*, by: User | None = None) -> int:
    return 0

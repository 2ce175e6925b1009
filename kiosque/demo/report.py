"""What a demo loader did, told in one line by the `demo` command."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class LoadReport:
    """Totals a loader holds after its run, and the rows and files this run created.

    `totals` and `created` share their keys ("articles", "authors"…), in printing order.
    """

    label: str
    totals: dict[str, int]
    details: dict[str, str] = field(default_factory=dict)
    created: Counter[str] = field(default_factory=Counter)
    images_drawn: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(sum(self.created.values()) or self.images_drawn)

    def summary(self) -> str:
        listing = ", ".join(
            f"{count} {key}" + (f" ({self.details[key]})" if key in self.details else "")
            for key, count in self.totals.items()
        )
        if not self.changed_anything:
            return f"{self.label}: nothing to do, already loaded ({listing})."
        drawn = f"{self.images_drawn} image{'' if self.images_drawn == 1 else 's'} drawn"
        if all(self.created[key] == count for key, count in self.totals.items()):
            return f"{self.label}: {listing}; {drawn}."
        created = [f"{self.created[key]} {key}" for key in self.totals if self.created[key]]
        return f"{self.label}: {listing}. New this run: {', '.join(created) or 'none'}; {drawn}."

"""IP addresses are kept only as long as abuse handling needs them.

Where the site stores an address (who sent a post, a report…), it names the column here: the
model's dotted path, the address field and the time field from which the retention runs. The
worker blanks every address older than `KIOSQUE_IP_RETENTION_DAYS` (`privacy_tasks`), in one
UPDATE per table. An app that stores an address adds its row.

Nowhere else is an address kept: allauth and the site's throttles keep the address of a failed
sign-in in the cache key of a rate limit, which expires with the limit's window, and Django's
sessions hold none.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string

# (model dotted path, IP address field, time field)
ADDRESS_COLUMNS: list[tuple[str, str, str]] = [
    ("kiosque.community.models.Post", "author_address", "created_at"),
    ("kiosque.moderation.models.Report", "reporter_address", "created_at"),
    ("kiosque.newsroom.models.ErrorReport", "reporter_address", "created_at"),
]


def retention_limit(*, at: datetime | None = None) -> datetime:
    """Addresses stored before this time are no longer kept."""
    return (at or timezone.now()) - timedelta(days=settings.KIOSQUE_IP_RETENTION_DAYS)


def blank_expired_addresses(
    *, at: datetime | None = None, columns: Iterable[tuple[str, str, str]] | None = None
) -> int:
    """Blank every address of `columns` (ADDRESS_COLUMNS) stored before the retention limit.

    Returns how many rows lost their address.
    """
    limit = retention_limit(at=at)
    blanked = 0
    for model_path, address_field, time_field in ADDRESS_COLUMNS if columns is None else columns:
        model: type[models.Model] = import_string(model_path)
        field = model._meta.get_field(address_field)
        blank = None if field.null else ""
        blanked += (
            model._default_manager.filter(**{f"{time_field}__lt": limit})
            .exclude(**{address_field: blank})
            .update(**{address_field: blank})
        )
    return blanked

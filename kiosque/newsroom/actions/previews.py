"""Preview links: an unreleased article shown to someone without an account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from ..models import Article, PreviewLink

if TYPE_CHECKING:
    from kiosque.accounts.models import User


@transaction.atomic
def revoke_preview_links(article: Article, *, by: User | None) -> int:
    """Stop every live preview link of `article` (on release, or an editor's choice)."""
    return PreviewLink.objects.filter(article=article, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )

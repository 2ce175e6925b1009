"""Preview links: an unreleased article shown to someone without an account.

The link carries a random token signed with the site's key (`django.core.signing`): a token
altered by hand is refused before any query. The row says until when it works and whether it
was revoked; every link of an article stops when the article is released.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles
from ..models import Article, PreviewLink

if TYPE_CHECKING:
    from kiosque.accounts.models import User

# Longer than a month, a preview link is a publication by other means.
PREVIEW_LINK_LONGEST = timedelta(days=30)
_SIGNING_SALT = "kiosque.newsroom.preview-link"


@transaction.atomic
def create_preview_link(article: Article, *, by: User | None, valid_for: timedelta) -> PreviewLink:
    """A new link showing `article` as readers will see it, for `valid_for` from now.

    Whoever may edit the article may share it; a released article has its own address.
    """
    if by is not None:
        roles.require(roles.can_edit(by, article))
    if article.is_released:
        raise ValidationError(
            _("This article is released: share its own address instead."), code="released"
        )
    if not timedelta(0) < valid_for <= PREVIEW_LINK_LONGEST:
        raise ValidationError(
            _("A preview link works for one day to thirty days."), code="validity"
        )
    now = timezone.now()
    return PreviewLink.objects.create(
        article=article,
        token=secrets.token_urlsafe(32),
        created_by=by,
        created_at=now,
        expires_at=now + valid_for,
    )


@transaction.atomic
def revoke_preview_link(link: PreviewLink, *, by: User | None) -> bool:
    """Stop `link` now; False if it was already revoked."""
    if by is not None:
        roles.require(roles.can_edit(by, link.article))
    if link.revoked_at is not None:
        return False
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    return True


@transaction.atomic
def revoke_preview_links(article: Article, *, by: User | None) -> int:
    """Stop every live preview link of `article` (on release, or an editor's choice)."""
    return PreviewLink.objects.filter(article=article, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def preview_path(link: PreviewLink) -> str:
    """The path of `link` (`/apercu/<signed token>/`): what is shared."""
    signed = signing.Signer(salt=_SIGNING_SALT).sign(link.token)
    return reverse("newsroom:article-preview", kwargs={"signed": signed})


def preview_link_from(signed: str) -> PreviewLink | None:
    """The link whose signed token is `signed`; None if the signature fails or none has it."""
    try:
        token = signing.Signer(salt=_SIGNING_SALT).unsign(signed)
    except signing.BadSignature:
        return None
    return PreviewLink.objects.select_related("article").filter(token=token).first()


def is_live(link: PreviewLink) -> bool:
    """Whether `link` still opens its article: not revoked, not expired."""
    return link.revoked_at is None and link.expires_at > timezone.now()

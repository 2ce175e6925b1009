"""The site's own pages (À propos, Mentions légales…), kept by the editors and linked from the
footer of every page when they have a footer position."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from kiosque.announcements import SITE, announce, key_of
from kiosque.markup import render_article_body

from .. import roles
from ..models import Page

if TYPE_CHECKING:
    from kiosque.accounts.models import User


@transaction.atomic
def save_page(page: Page, *, by: User | None) -> Page:
    """Save a site page (a new one too), its Markdown rendered to stored HTML.

    Side effects: the page is announced; so is the whole site when the footer shows or
    showed it (its title, address or place in the footer may have changed).
    """
    if by is not None:
        roles.require(roles.can_keep_lists(by))
    was_in_footer = (
        page.pk is not None
        and Page.objects.filter(pk=page.pk, footer_position__isnull=False).exists()
    )
    page.body_html = render_article_body(page.body)
    page.updated_at = timezone.now()
    page.updated_by = by
    page.save()
    announce(key_of(page), SITE if was_in_footer or page.footer_position is not None else "")
    return page


@transaction.atomic
def delete_page(page: Page, *, by: User | None) -> None:
    """Delete a site page; its address answers 404 from then on (announced, with the whole site
    if the footer linked it)."""
    if by is not None:
        roles.require(roles.can_keep_lists(by))
    keys = (key_of(page), SITE if page.footer_position is not None else "")
    page.delete()
    announce(*keys)

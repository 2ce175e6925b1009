"""Corrections and update notes on released articles, and readers' error reports.

A note is plain text, shown as typed (escaped) under the article's header; adding or deleting
one moves the article's "Updated on…" time (`Article.updated_at`) and is announced to every
page showing the article and to the corrections page (`corrections` key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiosque.announcements import announce

from .. import roles
from ..models import Article, Correction, ErrorReport
from .articles import announce_article

if TYPE_CHECKING:
    from kiosque.accounts.models import User

# The key of the public list of corrections and its feed.
CORRECTIONS = "corrections"


@transaction.atomic
def add_correction(
    article: Article, *, by: User | None, kind: Correction.Kind | str, note: str
) -> Correction:
    """Add a correction or an update note to a published article (editors only).

    Side effects: the article's `updated_at` becomes the note's time; the article's pages and
    the corrections page are announced. An article readers cannot see is refused: a note
    belongs to what was published.
    """
    if by is not None:
        roles.require(roles.can_keep_lists(by))
    if not article.is_published():
        raise ValidationError(
            _("Only a published article takes a correction or an update note."),
            code="not_published",
        )
    correction = Correction.objects.create(
        article=article, kind=kind, note=note.strip(), created_by=by
    )
    article.updated_at = correction.created_at
    article.save(update_fields=["updated_at", "modified_at"])
    announce_article(article)
    announce(CORRECTIONS)
    return correction


@transaction.atomic
def delete_correction(correction: Correction, *, by: User | None) -> None:
    """Delete a note added by mistake (editors only).

    Side effects: the article's `updated_at` goes back to its newest remaining note, or to
    nothing if the deleted note had set it and none remains; announced as `add_correction`.
    """
    if by is not None:
        roles.require(roles.can_keep_lists(by))
    article = correction.article
    deleted_at = correction.created_at
    correction.delete()
    newest = (
        Correction.objects.filter(article=article)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if newest is not None or article.updated_at == deleted_at:
        article.updated_at = newest
        article.save(update_fields=["updated_at", "modified_at"])
    announce_article(article)
    announce(CORRECTIONS)


@transaction.atomic
def report_error(
    article: Article,
    *,
    by: User | None,
    passage: str,
    message: str,
    email: str = "",
    address: str | None = None,
) -> ErrorReport:
    """A reader tells the newsroom of an error in a published article.

    `by` is the member reporting, or None for an anonymous reader (who may leave `email`);
    `address` is kept for abuse handling until the retention limit (accounts.retention).
    """
    if not article.is_published():
        raise ValidationError(_("This article is not published."), code="not_published")
    return ErrorReport.objects.create(
        article=article,
        passage=passage.strip(),
        message=message.strip(),
        reporter=by,
        reporter_email="" if by is not None else email.strip(),
        reporter_address=address or None,
    )


@transaction.atomic
def resolve_error_report(
    report: ErrorReport,
    *,
    by: User | None,
    state: ErrorReport.State | str,
    correction_note: str = "",
) -> ErrorReport:
    """Close an open report as corrected or dismissed (editors only).

    With `correction_note`, a corrected report adds that correction to its article
    (`add_correction`) in the same transaction.
    """
    if by is not None:
        roles.require(roles.can_keep_lists(by))
    if state not in (ErrorReport.State.CORRECTED, ErrorReport.State.DISMISSED):
        raise ValidationError(_("Choose corrected or dismissed."), code="state")
    locked = ErrorReport.objects.select_for_update().get(pk=report.pk)
    if locked.state != ErrorReport.State.OPEN:
        raise ValidationError(
            _("This report was already handled by someone else."), code="already_handled"
        )
    if correction_note.strip() and state == ErrorReport.State.CORRECTED:
        add_correction(report.article, by=by, kind=Correction.Kind.CORRECTION, note=correction_note)
    report.state = state
    report.handled_by = by
    report.handled_at = timezone.now()
    report.save(update_fields=["state", "handled_by", "handled_at"])
    return report

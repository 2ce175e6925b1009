"""Revisions: every save of an article keeps one (who, when, what)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from .. import roles
from ..models import Article, ArticleRevision

if TYPE_CHECKING:
    from kiosque.accounts.models import User


def record_revision(
    article: Article, *, by: User | None, kind: ArticleRevision.Kind
) -> ArticleRevision:
    """Keep the article as it now stands (called by the saves, inside their transaction)."""
    return ArticleRevision.objects.create(
        article=article,
        kind=kind,
        created_by=by,
        version=article.version,
        title=article.title,
        lead=article.lead,
        body=article.body,
        fields=revised_fields(article),
    )


def revised_fields(article: Article) -> dict[str, object]:
    """What a revision keeps of the article besides its text, by field name."""
    return {
        "section": article.section_id,
        "story": article.story_id,
        "hero": article.hero_id,
        "seo_title": article.seo_title,
        "seo_description": article.seo_description,
        "source_name": article.source_name,
        "source_url": article.source_url,
        "video_url": article.video_url,
        "video_title": article.video_title,
        "tags": sorted(article.tags.values_list("pk", flat=True)) if article.pk else [],
        "authors": list(article.bylines.values_list("author_id", flat=True)) if article.pk else [],
    }


@transaction.atomic
def autosave_article(
    article: Article,
    *,
    by: User,
    title: str,
    lead: str,
    body: str,
    fields: dict[str, object],
    read_version: int,
) -> ArticleRevision:
    """Keep what `by` is typing without changing the article readers or co-writers see.

    One autosave per writer and article stands for all those since the article's last save
    (collapsed: the history stays readable); `read_version` is the version their form was
    read at, so that a later conflict can be told apart.
    """
    roles.require(roles.can_edit(by, article))
    latest_save = (
        ArticleRevision.objects.filter(article=article)
        .exclude(kind=ArticleRevision.Kind.AUTOSAVE)
        .values_list("created_at", flat=True)
        .first()
    )
    superseded = ArticleRevision.objects.filter(
        article=article, created_by=by, kind=ArticleRevision.Kind.AUTOSAVE
    )
    if latest_save is not None:
        superseded = superseded.filter(created_at__gte=latest_save)
    superseded.delete()
    return ArticleRevision.objects.create(
        article=article,
        kind=ArticleRevision.Kind.AUTOSAVE,
        created_by=by,
        created_at=timezone.now(),
        version=read_version,
        title=title,
        lead=lead,
        body=body,
        fields=fields,
    )

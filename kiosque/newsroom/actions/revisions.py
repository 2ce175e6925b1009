"""Revisions: every save of an article keeps one (who, when, what); any can be restored."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiosque.media.models import Image

from .. import roles
from ..models import RELEASED_STATUSES, Article, ArticleRevision, Author, Section, Story, Tag

if TYPE_CHECKING:
    from kiosque.accounts.models import User


def record_revision(
    article: Article, *, by: User | None, kind: ArticleRevision.Kind
) -> ArticleRevision:
    """Keep the article as it now stands (called by the saves, inside their transaction).

    A save stands for the autosaves its writer made before it: those are deleted, so that
    the history shows what was saved, not every pause in the typing.
    """
    if kind != ArticleRevision.Kind.AUTOSAVE and by is not None:
        ArticleRevision.objects.filter(
            article=article, created_by=by, kind=ArticleRevision.Kind.AUTOSAVE
        ).delete()
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
        # Not restored: tells which revisions readers saw (`published_revision`).
        "status": article.status,
    }


_ROWS = ("section", "story", "hero")
_ROW_LISTS = ("tags", "authors")


def normal_fields(fields: Mapping[str, object]) -> dict[str, object]:
    """A revision's `fields` in the shape `revised_fields` gives: autosaves keep what the
    form sent (every value a list of strings), saves keep ids and text."""
    normal: dict[str, object] = dict(fields)
    for name, value in fields.items():
        single = (value[0] if value else None) if isinstance(value, list) else value
        if name in _ROW_LISTS:
            items = value if isinstance(value, list) else [value]
            normal[name] = [pk for pk in map(_as_id, items) if pk is not None]
        elif name in _ROWS:
            normal[name] = _as_id(single)
        elif name in _RESTORED_VALUES:
            normal[name] = "" if single is None else str(single)
    return normal


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


# The fields a restore gives back besides the text: (field, model of the row it names).
_RESTORED_ROWS: dict[str, type[Section] | type[Story] | type[Image]] = {
    "section": Section,
    "story": Story,
    "hero": Image,
}
_RESTORED_VALUES = (
    "seo_title",
    "seo_description",
    "source_name",
    "source_url",
    "video_url",
    "video_title",
)


@transaction.atomic
def restore_revision(revision: ArticleRevision, *, by: User | None) -> Article:
    """Give the article back the text and fields of `revision`, as a new save of its own.

    Whoever may edit the article may restore. What no longer exists (a deleted section,
    story, image, tag or author) is left as the article has it now: `unrestorable(revision)`
    names it for the message. Side effects: a RESTORE revision, and the announcements of a
    save (`save_article`).
    """
    from .articles import save_article

    article = Article.objects.select_for_update().get(pk=revision.article_id)
    if by is not None:
        roles.require(roles.can_edit(by, article))
    saved = normal_fields(revision.fields)
    article.title, article.lead, article.body = revision.title, revision.lead, revision.body
    for field, model in _RESTORED_ROWS.items():
        pk = _as_id(saved.get(field))
        if pk is None:
            if field != "section" and field in saved:
                setattr(article, f"{field}_id", None)
        elif model.objects.filter(pk=pk).exists():
            setattr(article, f"{field}_id", pk)
    for field in _RESTORED_VALUES:
        if field in saved:
            setattr(article, field, saved[field])
    tags = _existing(Tag, saved["tags"]) if "tags" in saved else None
    authors = _existing(Author, saved["authors"]) if "authors" in saved else None
    save_article(article, by=by, tags=tags, authors=authors or None, read_version=article.version)
    ArticleRevision.objects.filter(
        article=article, version=article.version, kind=ArticleRevision.Kind.SAVE
    ).update(kind=ArticleRevision.Kind.RESTORE)
    return article


def unrestorable(revision: ArticleRevision) -> list[str]:
    """What of `revision` a restore cannot give back, in words: rows deleted since."""
    saved = normal_fields(revision.fields)
    missing: list[str] = []
    labels = {
        "section": _("its section"),
        "story": _("its running story"),
        "hero": _("its hero image"),
    }
    for field, model in _RESTORED_ROWS.items():
        pk = _as_id(saved.get(field))
        if pk is not None and not model.objects.filter(pk=pk).exists():
            missing.append(str(labels[field]))
    for field, label in (
        ("tags", _("%(count)d of its tags")),
        ("authors", _("%(count)d of its authors")),
    ):
        wanted: list[int] = saved.get(field) or []  # type: ignore[assignment]  # normal_fields
        kept = _existing(Tag, wanted) if field == "tags" else _existing(Author, wanted)
        lost = len(set(wanted)) - len(kept)
        if lost:
            missing.append(label % {"count": lost})
    return missing


def _as_id(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


_Listed = TypeVar("_Listed", Tag, Author)


def _existing(model: type[_Listed], ids: object) -> list[_Listed]:
    """The rows of `model` still there among `ids`, in the order of `ids`."""
    wanted = [pk for pk in map(_as_id, ids or []) if pk is not None]  # type: ignore[call-overload]  # a list in the JSON
    found = model.objects.in_bulk(wanted)
    return [found[pk] for pk in dict.fromkeys(wanted) if pk in found]


def published_revision(article: Article) -> ArticleRevision | None:
    """The last revision readers saw (the last save while the article was out, or the one
    in force when it went out), else the one in force when it was last submitted for review:
    what an editor reviewing it compares the current text with. None for a first draft."""
    kept = ArticleRevision.objects.filter(article=article).exclude(
        kind=ArticleRevision.Kind.AUTOSAVE
    )
    candidates = [
        kept.filter(fields__status__in=list(RELEASED_STATUSES)).first(),
        kept.filter(created_at__lte=article.published_at).first() if article.published_at else None,
    ]
    found = [revision for revision in candidates if revision is not None]
    if found:
        return max(found, key=lambda revision: (revision.created_at, revision.pk))
    return _last_submitted(kept)


def _last_submitted(revisions: Iterable[ArticleRevision]) -> ArticleRevision | None:
    """The newest revision of a previous review round: saved in review, then sent back to
    draft (newest first in `revisions`)."""
    seen_draft = False
    for revision in revisions:
        status = revision.fields.get("status")
        if status == Article.Status.DRAFT:
            seen_draft = True
        elif status == Article.Status.IN_REVIEW and seen_draft:
            return revision
    return None

"""Writing and publishing articles: the workflow draft → in review → scheduled → published →
unpublished. Every function takes who acts (`by`): a newsroom member, whose role
(`newsroom.roles`) is checked here, or None for the site itself (the worker at a scheduled
time, `kiosque demo`, migrations)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from kiosque.announcements import HOME, SITE, announce, key_of
from kiosque.community import actions as community_actions
from kiosque.community.models import Topic
from kiosque.markup import render_article_body

from .. import roles
from ..models import Article, ArticleRevision, Author, Byline, RetiredSlug, Section, Story, Tag
from . import previews as preview_actions
from . import revisions as revision_actions
from .related import relate_on_commit

if TYPE_CHECKING:
    from kiosque.accounts.models import User

_SLUG_KINDS: dict[type[Model], RetiredSlug.Kind] = {
    Section: RetiredSlug.Kind.SECTION,
    Tag: RetiredSlug.Kind.TAG,
    Author: RetiredSlug.Kind.AUTHOR,
    Story: RetiredSlug.Kind.STORY,
}


class EditConflict(Exception):
    """The article changed since the form was read: someone else saved meanwhile.

    `current` is the article as stored now; the caller keeps both texts for the writer.
    """

    def __init__(self, current: Article) -> None:
        super().__init__(f"article {current.pk} is at version {current.version}")
        self.current = current


def render_article(article: Article) -> None:
    """Give `article` the stored HTML of its body (the row's own derived field)."""
    article.body_html = render_article_body(article.body)


@transaction.atomic
def save_article(
    article: Article,
    *,
    by: User | None,
    tags: Sequence[Tag] | None = None,
    authors: Sequence[Author] | None = None,
    read_version: int | None = None,
) -> Article:
    """Save an article written in the newsroom (a new one too) and keep a revision of it.

    `read_version` is the version the writer's form was read at: if someone saved since,
    nothing is written and EditConflict is raised. `tags` and `authors` (in credit order)
    replace the article's when given. Its discussion topic follows its state, and every page
    that showed it or shows it now (old and new section, tags, authors, story) is announced.
    """
    if by is not None:
        roles.require(roles.can_edit(by, article))
    if article.pk is not None and read_version is not None:
        stored = Article.objects.select_for_update().get(pk=article.pk)
        if stored.version != read_version:
            raise EditConflict(stored)
    before = _places_of(article)
    render_article(article)
    if article.pk is None:
        article.created_by = by
        article.version = 1
    else:
        article.version = (
            Article.objects.filter(pk=article.pk).values_list("version", flat=True).get() + 1
        )
    article.last_edited_by = by
    article.save()
    if tags is not None:
        article.tags.set(tags)
    if authors is not None:
        _set_bylines(article, authors)
    elif by is not None and not article.bylines.exists():
        _credit_writer(article, by)
    revision_actions.record_revision(article, by=by, kind=ArticleRevision.Kind.SAVE)
    _sync_topic(article)
    if article.is_released:  # its words may have changed: its neighbours too
        relate_on_commit(article)
    announce(*before, *_places_of(article))
    return article


def check_publishable(article: Article) -> None:
    """Refuse, with every reason at once, an article readers should not get as it is."""
    errors: dict[str, list[ValidationError]] = {}
    if not article.lead.strip():
        errors["lead"] = [
            ValidationError(_("An article needs a lead before it goes out."), code="lead")
        ]
    if article.hero_id is not None and not (article.hero and article.hero.alt.strip()):
        errors["hero"] = [
            ValidationError(
                _("The hero image needs an alternative text before the article goes out."),
                code="hero_alt",
            )
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def submit_for_review(article: Article, *, by: User | None) -> Article:
    """Send a draft (or an unpublished article) to the editors."""
    if by is not None:
        roles.require(roles.can_submit(by, article))
    if article.status not in (Article.Status.DRAFT, Article.Status.UNPUBLISHED):
        raise ValidationError(_("Only a draft can be submitted for review."), code="state")
    return _move(article, to=Article.Status.IN_REVIEW, by=by)


@transaction.atomic
def return_to_draft(article: Article, *, by: User | None) -> Article:
    """Send an article in review back to its writer as a draft."""
    if by is not None:
        roles.require(roles.can_edit(by, article))
    if article.status != Article.Status.IN_REVIEW:
        raise ValidationError(_("Only an article in review goes back to draft."), code="state")
    return _move(article, to=Article.Status.DRAFT, by=by)


@transaction.atomic
def schedule_article(article: Article, *, by: User | None, at: datetime | None) -> Article:
    """Let `article` out at `at`, a time to come; the worker publishes it then.

    Until that moment the article is in no reader's page, list, feed, sitemap or count.
    """
    if by is not None:
        roles.require(roles.can_publish(by, article))
    now = timezone.now()
    if at is None:
        raise ValidationError(
            {"published_at": _("Choose when the article goes out.")}, code="no_time"
        )
    if at <= now:
        raise ValidationError(
            {"published_at": _("This time has passed: choose one to come, or publish now.")},
            code="past",
        )
    check_publishable(article)
    article.published_at = at
    _move(article, to=Article.Status.SCHEDULED, by=by)
    transaction.on_commit(lambda: _enqueue_release(at))
    return article


@transaction.atomic
def publish_article(article: Article, *, by: User | None, at: datetime | None = None) -> Article:
    """Release `article` now (or at `at`: a time to come schedules it, a past one backdates it).

    Side effects: the article's discussion topic exists afterwards, visible from the same
    time; its preview links stop working.
    """
    now = timezone.now()
    at = at or (article.published_at if article.status == Article.Status.SCHEDULED else None)
    if at is not None and at > now:
        return schedule_article(article, by=by, at=at)
    if by is not None:
        roles.require(roles.can_publish(by, article))
        check_publishable(article)
    if at is not None:
        article.published_at = at
    elif article.published_at is None or article.status != Article.Status.UNPUBLISHED:
        article.published_at = now
    _move(article, to=Article.Status.PUBLISHED, by=by)
    preview_actions.revoke_preview_links(article, by=None)
    return article


@transaction.atomic
def unpublish_article(article: Article, *, by: User | None) -> Article:
    """Take `article` out of every public place; it and its discussion disappear at once."""
    if by is not None:
        roles.require(roles.can_publish(by, article))
    return _move(article, to=Article.Status.UNPUBLISHED, by=by)


@transaction.atomic
def release_due_articles(*, at: datetime | None = None) -> list[Article]:
    """Publish every scheduled article whose time has come: the moment it goes live.

    Readers saw it from its time already (the visibility gate reads the time); this makes it
    "published" and announces it, so caches, feeds and listeners hear of it once.
    """
    at = at or timezone.now()
    due = list(
        Article.objects.select_for_update()
        .filter(status=Article.Status.SCHEDULED, published_at__lte=at)
        .order_by("published_at")
    )
    for article in due:
        _move(article, to=Article.Status.PUBLISHED, by=None)
        preview_actions.revoke_preview_links(article, by=None)
    return due


def _move(article: Article, *, to: Article.Status, by: User | None) -> Article:
    if article.pk is None:
        save_article(article, by=by)
    before = _places_of(article)
    was_released = article.is_released
    article.status = to
    article.last_edited_by = by
    article.version = F("version") + 1
    article.save(
        update_fields=["status", "published_at", "last_edited_by", "version", "modified_at"]
    )
    article.refresh_from_db(fields=["version"])
    _sync_topic(article)
    if was_released or article.is_released:  # its neighbours; taken back: out of every list
        relate_on_commit(article)
    announce(*before, *_places_of(article))
    return article


def _enqueue_release(at: datetime) -> None:
    from kiosque.newsroom.tasks import enqueue_release

    enqueue_release(at=at)


def _set_bylines(article: Article, authors: Sequence[Author]) -> None:
    Byline.objects.filter(article=article).delete()
    Byline.objects.bulk_create(
        Byline(article=article, author=author, position=position)
        for position, author in enumerate(dict.fromkeys(authors))
    )


def _credit_writer(article: Article, by: User) -> None:
    author = Author.objects.filter(user=by).first()
    if author is not None:
        Byline.objects.create(article=article, author=author, position=0)


def _sync_topic(article: Article) -> None:
    if article.is_released:
        ensure_discussion_topic(article)
    else:
        sync_discussion_topic(article)


@transaction.atomic
def ensure_discussion_topic(article: Article) -> Topic:
    """The article's one discussion topic, created if missing.

    The article row is locked first, so two first comments racing cannot create two topics.
    """
    # Lock the article row alone: a join would hand the second waiter a stale, empty topic.
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if locked.topic_id is None:
        topic = community_actions.open_discussion_topic(
            title=locked.title, visible_from=locked.published_at
        )
        locked.topic = topic
        locked.save(update_fields=["topic"])
    else:
        sync_discussion_topic(locked)
        topic = Topic.objects.get(pk=locked.topic_id)
    article.topic = topic
    return topic


def sync_discussion_topic(article: Article) -> None:
    """Give the article's topic (if any) the article's title and visibility."""
    if article.topic_id is None:
        return
    topic = Topic.objects.get(pk=article.topic_id)
    community_actions.sync_discussion_topic(
        topic,
        title=article.title,
        visible_from=article.published_at,
        is_hidden=not article.is_released,
    )


def announce_article(article: Article) -> None:
    """Announce the pages that show `article` as it is stored now (after its tags and
    bylines were saved apart from it)."""
    announce(*_places_of(article))


def _places_of(article: Article) -> set[str]:
    """The keys of every page that lists or shows `article` as stored (none if unsaved)."""
    if article.pk is None:
        return set()
    stored = (
        Article.objects.filter(pk=article.pk).values("section_id", "story_id", "topic_id").first()
    )
    if stored is None:
        return set()
    keys = {key_of(article), HOME, f"section:{stored['section_id']}"}
    if stored["story_id"]:
        keys.add(f"story:{stored['story_id']}")
    if stored["topic_id"]:
        keys.add(f"topic:{stored['topic_id']}")
    keys |= {
        f"tag:{pk}" for pk in Tag.objects.filter(articles=article.pk).values_list("pk", flat=True)
    }
    author_ids = Byline.objects.filter(article=article.pk).values_list("author_id", flat=True)
    keys |= {f"author:{pk}" for pk in author_ids}
    return keys


@transaction.atomic
def save_listing(
    obj: Section | Tag | Author | Story, *, by: User | None, old_slug: str = ""
) -> None:
    """Save a section, tag, author or story (each has its page of articles).

    A changed slug keeps answering with a 301. A section's name is on every page (the menu,
    every card): its change is announced to the whole site. Contributors may create tags;
    the rest is the editors'.
    """
    if by is not None:
        creating_a_tag = isinstance(obj, Tag) and obj.pk is None
        roles.require(
            roles.can_keep_lists(by) or (creating_a_tag and by.has_perm("newsroom.add_tag"))
        )
    obj.save()
    if old_slug:
        retire_slug(obj, old_slug=old_slug)
    announce(SITE if isinstance(obj, Section) else key_of(obj))


@transaction.atomic
def delete_listing(obj: Section | Tag | Author | Story, *, by: User | None) -> None:
    """Delete a section, tag, author or story; the pages that named it are announced."""
    if by is not None:
        roles.require(roles.can_keep_lists(by))
    key = SITE if isinstance(obj, Section) else key_of(obj)
    obj.delete()
    announce(key)


def retire_slug(obj: Section | Tag | Author | Story, *, old_slug: str) -> None:
    """Remember `old_slug` so that links to it answer 301 to `obj`'s current address."""
    kind = _SLUG_KINDS[type(obj)]
    if not old_slug or old_slug == obj.slug:
        return
    RetiredSlug.objects.update_or_create(
        kind=kind, slug=old_slug, defaults={"target_id": obj.pk, "retired_at": timezone.now()}
    )
    RetiredSlug.objects.filter(kind=kind, slug=obj.slug).delete()

"""Every write to the newsroom has its home here: admin, demo content and tests call these."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from kiosque.announcements import HOME, SITE, announce, key_of
from kiosque.community import actions as community_actions
from kiosque.community.models import Topic

from .models import Article, Author, Byline, RetiredSlug, Section, Story, Tag

_SLUG_KINDS: dict[type[Model], RetiredSlug.Kind] = {
    Section: RetiredSlug.Kind.SECTION,
    Tag: RetiredSlug.Kind.TAG,
    Author: RetiredSlug.Kind.AUTHOR,
    Story: RetiredSlug.Kind.STORY,
}


@transaction.atomic
def publish_article(article: Article, *, at: datetime | None = None) -> Article:
    """Release `article` at `at` (now by default; a future time schedules it).

    Side effects: the article's discussion topic exists afterwards, visible from the same time.
    """
    now = timezone.now()
    article.published_at = at or article.published_at or now
    article.status = (
        Article.Status.SCHEDULED if article.published_at > now else Article.Status.PUBLISHED
    )
    before = _places_of(article)
    article.save()
    ensure_discussion_topic(article)
    announce(*before, *_places_of(article))
    return article


@transaction.atomic
def unpublish_article(article: Article) -> Article:
    """Take `article` back to draft: it and its discussion disappear from every public place."""
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status"])
    sync_discussion_topic(article)
    announce(*_places_of(article))
    return article


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


@transaction.atomic
def save_article(article: Article) -> Article:
    """Save an article edited in the newsroom, keeping its discussion topic in step.

    Announces every page that showed it or shows it now (its old and new section, tags,
    authors and story). Tags and bylines saved afterwards (the admin saves them after the
    article) are announced by `announce_article`.
    """
    before = _places_of(article)
    article.save()
    if article.is_released:
        ensure_discussion_topic(article)
    else:
        sync_discussion_topic(article)
    announce(*before, *_places_of(article))
    return article


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
def save_listing(obj: Section | Tag | Author | Story, *, old_slug: str = "") -> None:
    """Save a section, tag, author or story (each has its page of articles).

    A changed slug keeps answering with a 301. A section's name is on every page (the menu,
    every card): its change is announced to the whole site.
    """
    obj.save()
    if old_slug:
        retire_slug(obj, old_slug=old_slug)
    announce(SITE if isinstance(obj, Section) else key_of(obj))


@transaction.atomic
def delete_listing(obj: Section | Tag | Author | Story) -> None:
    """Delete a section, tag, author or story; the pages that named it are announced."""
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

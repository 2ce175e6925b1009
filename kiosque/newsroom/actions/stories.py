"""Running stories: their articles and the order of their timeline (editors' work)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from kiosque.announcements import announce, key_of

from .. import roles
from ..models import Article, Story
from .articles import save_listing

if TYPE_CHECKING:
    from kiosque.accounts.models import User


@transaction.atomic
def save_story(
    story: Story,
    *,
    by: User | None,
    articles: Sequence[Article] | None = None,
    old_slug: str = "",
) -> Story:
    """Save a running story (a new one too); with `articles`, make them its articles.

    Articles joining keep their order of arrival at the end of the timeline; articles
    leaving lose their place. A changed slug keeps answering with a 301. Each article that
    joins or leaves moves to a new version (a writer's form read before sees the change) and
    is announced, with the story and the story it came from.
    """
    if by is not None:
        roles.require(roles.can_keep_lists(by))
    save_listing(story, by=by, old_slug=old_slug)
    if articles is None:
        return story
    wanted = {article.pk for article in articles}
    current = set(story.articles.values_list("pk", flat=True))
    leaving = current - wanted
    joining = [article.pk for article in articles if article.pk not in current]
    changed = set(leaving) | set(joining)
    previous_stories = set(
        Article.objects.filter(pk__in=joining, story__isnull=False)
        .exclude(story=story)
        .values_list("story_id", flat=True)
    )
    Article.objects.filter(pk__in=leaving).update(
        story=None, story_position=None, version=F("version") + 1
    )
    last = max(
        (p for p in story.articles.values_list("story_position", flat=True) if p is not None),
        default=0,
    )
    for offset, pk in enumerate(dict.fromkeys(joining), start=1):
        Article.objects.filter(pk=pk).update(
            story=story, story_position=last + offset, version=F("version") + 1
        )
    announce(
        key_of(story),
        *(f"story:{pk}" for pk in previous_stories),
        *(f"article:{pk}" for pk in changed),
    )
    return story


@transaction.atomic
def order_story(story: Story, *, by: User | None, article_ids: list[int]) -> None:
    """Put the story's timeline in the order of `article_ids` (first on top).

    Articles of the story left out of `article_ids` follow, in their former order. An id that
    is not one of the story's articles is refused.
    """
    if by is not None:
        roles.require(roles.can_keep_lists(by))
    in_order = list(
        story.articles.order_by(
            F("story_position").asc(nulls_last=True), "-published_at", "-pk"
        ).values_list("pk", flat=True)
    )
    strangers = set(article_ids) - set(in_order)
    if strangers:
        raise ValidationError(
            _("These articles are not in the running story: %(ids)s.")
            % {"ids": ", ".join(str(pk) for pk in sorted(strangers))},
            code="not_in_story",
        )
    chosen = list(dict.fromkeys(article_ids))
    order = chosen + [pk for pk in in_order if pk not in chosen]
    articles = Article.objects.in_bulk(order)
    for position, pk in enumerate(order, start=1):
        articles[pk].story_position = position
    Article.objects.bulk_update(articles.values(), ["story_position"])
    announce(key_of(story))


@transaction.atomic
def move_in_story(story: Story, *, by: User | None, article_id: int, step: int) -> None:
    """Move one article of the story `step` places up (negative) or down its timeline."""
    in_order = list(
        story.articles.order_by(
            F("story_position").asc(nulls_last=True), "-published_at", "-pk"
        ).values_list("pk", flat=True)
    )
    if article_id not in in_order:
        raise ValidationError(_("This article is not in the running story."), code="not_in_story")
    index = in_order.index(article_id)
    target = min(max(index + step, 0), len(in_order) - 1)
    in_order.insert(target, in_order.pop(index))
    order_story(story, by=by, article_ids=in_order)

"""What the newsroom shows of the media library: articles (hero, or named in their text) and
running stories. Read by `media.usage` through its IMAGE_USERS table."""

from __future__ import annotations

from django.db.models import Q

from kiosque.media.usage import Showing

from .models import Article, Story


def showing(image_id: int) -> Showing:
    """The articles and stories showing the image `image_id`, with their pages' keys."""
    named_in_text = rf"\(image:{image_id}[ )]"
    articles = Article.objects.filter(Q(hero_id=image_id) | Q(body__regex=named_in_text))
    article_ids = list(articles.values_list("pk", flat=True))
    story_ids = list(Story.objects.filter(image_id=image_id).values_list("pk", flat=True))
    keys = {f"article:{pk}" for pk in article_ids} | {f"story:{pk}" for pk in story_ids}
    return Showing(keys=frozenset(keys), count=len(article_ids) + len(story_ids))

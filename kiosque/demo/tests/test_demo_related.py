"""Related articles on the demo: the articles of the same story, then of the same subject,
come first in "On the same subject"."""

from __future__ import annotations

import pytest

from kiosque.newsroom.models import Article, RelatedArticle


@pytest.mark.usefixtures("demo")
def test_on_the_demo_the_same_story_then_the_same_subject_come_first():
    published = Article.objects.published()
    articles = {
        article.pk: article
        for article in published.select_related("story").prefetch_related("tags")
    }
    assert RelatedArticle.objects.exists(), "kiosque demo related no article"
    in_stories = subject_hits = with_neighbour = 0
    for article in articles.values():
        # "On the same subject": the articles of its running story first.
        related = published.related_ids_to(article)
        story_size = sum(1 for other in articles.values() if other.story_id == article.story_id)
        if article.story_id:
            expected = min(story_size - 1, len(related))
            assert all(articles[pk].story_id == article.story_id for pk in related[:expected]), (
                article.title
            )
            in_stories += 1
        # By meaning alone (no story, tag or section given): its nearest article is of its
        # story when it has one, and shares a tag or its section otherwise.
        nearest = (
            RelatedArticle.objects.filter(article=article, related__in=published)
            .order_by("-score")
            .values_list("related_id", flat=True)
            .first()
        )
        if nearest is None:
            continue
        other = articles[nearest]
        with_neighbour += 1
        if article.story_id and story_size >= 3:
            assert other.story_id == article.story_id, (article.title, other.title)
        tags = {tag.pk for tag in article.tags.all()}
        subject_hits += bool(
            tags & {tag.pk for tag in other.tags.all()} or other.section_id == article.section_id
        )
    assert in_stories >= 6
    assert with_neighbour >= len(articles) / 2
    assert subject_hits / with_neighbour >= 0.8, (subject_hits, with_neighbour)

"""Related articles: shared story first, then shared tags, then section, then recency."""

import datetime as dt

import pytest

from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def at(day: int) -> dt.datetime:
    return dt.datetime(2024, 1, day, 12, tzinfo=dt.UTC)


def test_related_articles_are_ranked_by_story_tags_section_then_recency():
    section, other_section = SectionFactory(), SectionFactory()
    story = StoryFactory()
    ai, chips, cloud = TagFactory(), TagFactory(), TagFactory()
    article = ArticleFactory(
        section=section, story=story, tags=[ai, chips, cloud], published_at=at(20)
    )

    recent_unrelated = ArticleFactory(section=other_section, published_at=at(19))
    same_section = ArticleFactory(section=section, published_at=at(2))
    one_tag = ArticleFactory(section=other_section, tags=[ai], published_at=at(18))
    two_tags = ArticleFactory(section=other_section, tags=[ai, chips], published_at=at(3))
    same_story_old = ArticleFactory(section=other_section, story=story, published_at=at(1))
    same_story_new = ArticleFactory(section=other_section, story=story, published_at=at(4))

    related = list(Article.objects.published().related_to(article))

    assert related == [
        same_story_new,
        same_story_old,
        two_tags,
        one_tag,
        same_section,
        recent_unrelated,
    ]


def test_related_articles_never_include_the_article_itself():
    article = ArticleFactory(tags=[TagFactory()])
    assert article not in Article.objects.published().related_to(article)


def test_an_article_outside_any_story_ranks_by_tags():
    tag = TagFactory()
    article = ArticleFactory(tags=[tag])
    tagged = ArticleFactory(tags=[tag], published_at=at(1))
    newer = ArticleFactory(published_at=at(2))
    assert list(Article.objects.published().related_to(article))[:2] == [tagged, newer]

"""Two readers commenting at the same moment on an article nobody has discussed yet.

Their first comments race to create the article's discussion topic: there must be one topic,
holding both comments, on SQLite and on PostgreSQL alike. Real threads, real transactions.
"""

import threading

import pytest
from django.db import connection

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Post, Topic
from kiosque.newsroom.actions import ensure_discussion_topic
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import ArticleFactory

RACERS = 2


def first_comment(article_pk, author, source, barrier, errors):
    """What the comment view does: the article's topic (created if missing), then the reply."""
    try:
        article = Article.objects.get(pk=article_pk)
        barrier.wait(timeout=10)
        topic = ensure_discussion_topic(article)
        actions.post_reply(topic, author=author, source=source)
    except Exception as error:  # reported to the test below, which fails with it
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_first_comments_at_once_open_one_discussion() -> None:
    article = ArticleFactory.create()
    assert article.topic_id is None
    authors = [UserFactory() for _ in range(RACERS)]
    barrier = threading.Barrier(RACERS)
    errors: list[Exception] = []
    threads = [
        threading.Thread(
            target=first_comment,
            args=(article.pk, author, f"Premier ! (n° {n})", barrier, errors),
        )
        for n, author in enumerate(authors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    article.refresh_from_db()
    assert Topic.objects.count() == 1
    assert article.topic_id == Topic.objects.get().pk
    assert article.topic is not None
    assert article.topic.post_count == RACERS
    assert Post.objects.filter(topic=article.topic).count() == RACERS

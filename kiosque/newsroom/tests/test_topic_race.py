"""An article's discussion under real concurrency: real threads, real transactions, on SQLite
and on PostgreSQL alike.

The discussion topic is opened when the article is released (`publish_article`, the desk's
publish button and the worker's release go through it); readers' comments then go to that
topic through the comment form (`community:topic-reply`). Two editors publishing the same
article at once must open one topic, and two readers' first comments sent at once must both
land in it and both be counted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community.models import Post, Topic
from kiosque.newsroom.actions import publish_article
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import ArticleFactory
from kiosque.typography import french_spacing

RACERS = 2


def at_once(work: Callable[[int], None]) -> list[Exception]:
    """Run `work(n)` in `RACERS` threads released together; the errors they raised."""
    barrier = threading.Barrier(RACERS)
    errors: list[Exception] = []

    def racer(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            work(n)
        except Exception as error:  # reported to the test, which fails with it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a racer is still running"
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_editors_publishing_one_article_at_once_open_one_discussion() -> None:
    article = ArticleFactory.create(draft=True)
    assert article.topic_id is None

    def publish(n: int) -> None:
        publish_article(Article.objects.get(pk=article.pk), by=None)

    assert at_once(publish) == []
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert Topic.objects.count() == 1
    assert article.topic_id == Topic.objects.get().pk


@pytest.mark.django_db(transaction=True)
def test_two_first_comments_sent_at_once_through_the_form_are_both_counted() -> None:
    article = ArticleFactory.create()
    assert article.topic is not None
    reply_url = reverse("community:topic-reply", args=[article.topic.pk])
    readers: list[User] = [UserFactory.create() for _ in range(RACERS)]
    answers: list[int] = []

    def comment(n: int) -> None:
        client = Client()
        client.force_login(readers[n])
        response = client.post(
            reply_url,
            {"source": f"Premier ! (n° {n})", "next": f"{article.get_absolute_url()}#discussion"},
        )
        answers.append(response.status_code)

    assert at_once(comment) == []
    assert answers == [302] * RACERS
    article.refresh_from_db()
    assert Topic.objects.count() == 1
    assert article.topic is not None
    assert article.topic.post_count == RACERS
    assert Post.objects.filter(topic=article.topic).count() == RACERS
    html = Client().get(article.get_absolute_url()).content.decode()
    assert f"Commentaires ({RACERS})" in html
    assert all(french_spacing(f"Premier ! (n° {n})") in html for n in range(RACERS))

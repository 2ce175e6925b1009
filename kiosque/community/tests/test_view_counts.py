"""Anonymous views: counted in memory by the page, written in batches by a flush."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kiosque.community import actions, view_counts
from kiosque.community.models import Topic
from kiosque.community.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_counting_a_view_touches_no_database(django_assert_num_queries):
    topic = TopicFactory()
    with django_assert_num_queries(0):
        for _ in range(3):
            view_counts.count_view(topic.pk)

    assert view_counts.pending() == {topic.pk: 3}
    assert Topic.objects.get(pk=topic.pk).view_count == 0


def test_a_flush_adds_each_topics_views_in_one_update_each_within_one_transaction():
    topics = [TopicFactory(), TopicFactory(), TopicFactory()]
    Topic.objects.filter(pk=topics[0].pk).update(view_count=10)
    for topic, views in zip(topics, [2, 1, 5], strict=True):
        for _ in range(views):
            view_counts.count_view(topic.pk)

    with CaptureQueriesContext(connection) as queries:
        assert view_counts.flush() == 8

    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 3
    assert all('"view_count" = ("community_topic"."view_count" + ' in sql for sql in updates)
    assert [Topic.objects.get(pk=t.pk).view_count for t in topics] == [12, 1, 5]
    assert view_counts.pending() == {}
    assert view_counts.flush() == 0, "nothing left to write"


def test_views_that_could_not_be_written_wait_for_the_next_flush(monkeypatch):
    topic = TopicFactory()
    view_counts.count_view(topic.pk)

    def database_down(counts):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(actions, "add_topic_views", database_down)
    with pytest.raises(RuntimeError):
        view_counts.flush()
    view_counts.count_view(topic.pk)
    monkeypatch.undo()

    assert view_counts.flush() == 2
    assert Topic.objects.get(pk=topic.pk).view_count == 2


def test_an_anonymous_topic_page_counts_its_view_without_writing(client):
    topic = TopicFactory()

    with CaptureQueriesContext(connection) as queries:
        assert client.get(topic.get_absolute_url()).status_code == 200

    assert not [q for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert view_counts.pending() == {topic.pk: 1}

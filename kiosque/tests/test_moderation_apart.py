"""Publication and moderation are apart: the newsroom's edits never undo a moderator's."""

import pytest

from kiosque.community.models import Moderation, Topic
from kiosque.moderation import actions
from kiosque.moderation.models import HouseRule
from kiosque.moderation.tests.conftest import make_moderator
from kiosque.newsroom import actions as newsroom

pytestmark = pytest.mark.django_db


def test_moderation_and_publication_are_apart_an_edited_article_keeps_its_hidden_topic(
    article,
):
    moderator = make_moderator(username="moderatrice")
    topic = newsroom.ensure_discussion_topic(article)
    actions.hide_topic(topic, moderator=moderator, rule=HouseRule.LAWFUL)
    article.title = "Un titre corrigé"
    newsroom.save_article(article, by=None)

    assert not Topic.objects.visible().filter(pk=topic.pk).exists()
    assert Topic.objects.get(pk=topic.pk).moderation == Moderation.HIDDEN

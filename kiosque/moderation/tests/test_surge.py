"""Moderators are told when a discussion gets busier than the team can follow."""

import pytest

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions as community
from kiosque.community.models import Notification
from kiosque.moderation.models import Decision
from kiosque.moderation.tasks import alert_surges

pytestmark = pytest.mark.django_db


def test_a_burst_of_comments_alerts_every_moderator_once_an_hour(topic, moderator, settings):
    settings.KIOSQUE_SURGE_POSTS = 5
    for n in range(5):
        community.post_reply(topic, author=UserFactory(), source=f"Réaction {n}.")

    assert alert_surges() == 1
    assert alert_surges() == 0, "one alert per discussion an hour"
    [notice] = Notification.objects.filter(recipient=moderator, kind=Notification.Kind.NOTICE)
    assert notice.link == f"/moderation/?topic={topic.pk}"
    assert Decision.objects.get(verb=Decision.Verb.SURGE).is_automated


def test_a_quiet_discussion_alerts_nobody(topic, moderator, settings):
    settings.KIOSQUE_SURGE_POSTS = 5
    community.post_reply(topic, author=UserFactory(), source="Un seul message.")
    assert alert_surges() == 0

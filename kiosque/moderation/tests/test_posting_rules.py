"""The one posting gate: account standing, trust levels, discussion modes, quiet hours."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kiosque.accounts.models import TrustLevel
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions as community
from kiosque.community.models import DiscussionMode, Moderation, Post
from kiosque.community.posting_rules import PostingRefused
from kiosque.moderation import actions
from kiosque.moderation.models import HouseRule

pytestmark = pytest.mark.django_db


def reply(topic, author, source="Bonjour.", **kwargs):
    return community.post_reply(topic, author=author, source=source, **kwargs)


def test_a_new_member_meets_the_per_minute_limit_with_a_french_message(topic, newcomer, client):
    for n in range(3):
        reply(topic, newcomer, f"Message numéro {n}.")
    client.force_login(newcomer)

    response = client.post(f"/forum/t/{topic.pk}/repondre/", {"source": "Encore un mot."})

    assert response.status_code == 429
    page = response.content.decode()
    assert "nouveau membre" in page and "3 messages par minute" in page
    assert "Encore un mot." in page, "the text is kept"


def test_the_limits_lift_with_the_trust_level(topic):
    regular = UserFactory(regular=True)
    for n in range(6):
        reply(topic, regular, f"Message numéro {n}.")
    assert Post.objects.filter(author=regular).count() == 6


def test_a_new_member_may_put_two_links_and_two_mentions_in_a_post(topic, newcomer):
    links = " ".join(f"https://exemple{n}.org/page" for n in range(3))
    with pytest.raises(PostingRefused) as refused:
        reply(topic, newcomer, f"Trois liens : {links}")
    assert refused.value.code == "too_many_links"

    named = [UserFactory(username=f"nom{n}") for n in range(3)]
    with pytest.raises(PostingRefused) as mentions:
        reply(topic, newcomer, " ".join(f"@{member.username}" for member in named))
    assert mentions.value.code == "too_many_mentions"


def test_a_new_member_gets_no_link_previews(topic, newcomer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as on_commit:
        reply(topic, newcomer, "À lire :\n\nhttps://exemple.org/article")
    assert not any("fetch_link_previews" in repr(callback) for callback in on_commit)


def test_a_silenced_member_is_told_until_when_and_cannot_like(topic, author, moderator, post):
    until = timezone.now() + timedelta(days=3)
    actions.restrict_member(
        author, moderator=moderator, verb="silence", until=until, rule=HouseRule.RESPECT
    )
    with pytest.raises(PostingRefused) as refused:
        reply(topic, author, "Je peux parler ?")
    assert refused.value.code == "account_silenced"
    assert (
        "lecture seule jusqu’au" in refused.value.messages[0]
        or "lecture seule" in refused.value.messages[0]
    )
    other = reply(topic, UserFactory(), "Un autre message.")
    with pytest.raises(community.LikeRefused):
        community.like_post(other, user=author)


def test_a_suspended_member_is_signed_out_and_told_why(author, moderator, client):
    client.force_login(author)
    actions.restrict_member(
        author,
        moderator=moderator,
        verb="suspend",
        until=timezone.now() + timedelta(days=7),
        rule=HouseRule.RESPECT,
    )
    client.get("/membres/reglages/")
    response = client.get("/forum/", follow=True)
    assert "_auth_user_id" not in client.session
    assert "suspendu" in response.content.decode()


def test_a_premoderated_discussion_holds_every_post_until_approved(topic, author, moderator):
    actions.set_discussion_rules(
        topic,
        moderator=moderator,
        is_closed=False,
        discussion_mode=DiscussionMode.PREMODERATED,
        closes_at=None,
    )
    post = reply(topic, author, "Une réponse @moderatrice.")

    assert post.moderation == Moderation.PENDING and post.hold_reason == "premoderated"
    assert topic.post_count == 0 and not Post.objects.visible().filter(pk=post.pk).exists()
    actions.approve_post(post, moderator=moderator)
    assert Post.objects.visible().filter(pk=post.pk).exists()
    topic.refresh_from_db()
    assert topic.post_count == 1


def test_a_watched_discussion_holds_a_new_members_first_posts(topic, newcomer, moderator, settings):
    settings.KIOSQUE_WATCHED_APPROVALS_NEEDED = 1
    actions.set_discussion_rules(
        topic,
        moderator=moderator,
        is_closed=False,
        discussion_mode=DiscussionMode.WATCHED,
        closes_at=None,
    )
    first = reply(topic, newcomer, "Premier message.")
    assert first.moderation == Moderation.PENDING
    assert reply(topic, UserFactory(), "Un habitué.").moderation == Moderation.SHOWN
    actions.approve_post(first, moderator=moderator)
    assert reply(topic, newcomer, "Deuxième message.").moderation == Moderation.SHOWN


def test_quiet_hours_hold_new_members_posts_until_the_team_is_back(topic, newcomer, settings):
    settings.KIOSQUE_QUIET_HOURS = "23:00-07:00"
    night = timezone.make_aware(timezone.datetime(2026, 11, 29, 2, 30))
    day = night + timedelta(hours=10)
    with time_machine.travel(night, tick=False):
        assert reply(topic, newcomer, "La nuit.").moderation == Moderation.PENDING
        assert reply(topic, UserFactory(), "Un membre.").moderation == Moderation.SHOWN
    with time_machine.travel(day, tick=False):
        assert reply(topic, newcomer, "Le jour.").moderation == Moderation.SHOWN


def test_a_discussion_closed_after_some_days_refuses_posts_from_then(topic, author, moderator):
    closes_at = timezone.now() + timedelta(days=2)
    actions.set_discussion_rules(
        topic,
        moderator=moderator,
        is_closed=False,
        discussion_mode=DiscussionMode.OPEN,
        closes_at=closes_at,
    )
    reply(topic, author, "Avant.")
    with (
        time_machine.travel(closes_at + timedelta(minutes=1)),
        pytest.raises(PostingRefused) as refused,
    ):
        reply(topic, author, "Après.")
    assert refused.value.code == "topic_closed"


def test_members_earn_trust_by_taking_part(topic):
    member = UserFactory(newcomer=True)
    member.date_joined = timezone.now() - timedelta(days=3)
    member.days_visited_count, member.posts_read_count = 2, 30
    member.save()
    reply(topic, member, "Bonjour.")
    member.refresh_from_db()
    assert member.trust_level == TrustLevel.BASIC


def test_a_level_set_by_a_moderator_stays(topic, moderator):
    member = UserFactory(newcomer=True, days_visited_count=50, posts_read_count=900)
    actions.set_trust_level(member, moderator=moderator, level=TrustLevel.NEW, note="À surveiller")
    reply(topic, member, "Bonjour.")
    member.refresh_from_db()
    assert member.trust_level == TrustLevel.NEW and member.is_trust_level_locked


def test_reading_a_topic_counts_days_visited_and_posts_read(topic, client):
    for n in range(4):
        reply(topic, UserFactory(), f"Message {n}.")
    reader = UserFactory()
    client.force_login(reader)
    client.get(topic.get_absolute_url())
    reader.refresh_from_db()
    assert (reader.days_visited_count, reader.posts_read_count) == (1, 4)


def test_likes_received_are_needed_to_go_further(topic):
    member = UserFactory(days_visited_count=20, posts_read_count=200)
    member.date_joined = timezone.now() - timedelta(days=30)
    member.save()
    reply(topic, member, "Bonjour.")
    member.refresh_from_db()
    assert member.trust_level == TrustLevel.BASIC, "no like received yet"

    liked = reply(topic, member, "Un message utile.")
    for _ in range(5):
        community.like_post(liked, user=UserFactory())
    reply(topic, member, "Merci !")
    member.refresh_from_db()
    assert member.trust_level == TrustLevel.MEMBER

"""Following, as in Discourse: levels per topic and per category, what posting sets, who is
notified of a new post and how it is mailed (in batches)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions, following, notifications
from kiosque.community.models import (
    CategoryFollow,
    FollowLevel,
    Notification,
    TopicFollow,
)
from kiosque.community.tests.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


@pytest.fixture
def category():
    return CategoryFactory(name="Entraide", slug="entraide")


@pytest.fixture
def topic(category):
    return TopicFactory(category=category, title="Mon imprimante refuse tout")


@pytest.fixture
def alice():
    return UserFactory(username="alice", email="alice@example.org")


@pytest.fixture
def bob():
    return UserFactory(username="bob", email="bob@example.org")


def level_of(user, topic):
    by_topic, by_category = following.levels_of(
        user, topic_ids=[topic.pk], category_ids=[topic.category_id]
    )
    return following.effective_level(by_topic.get(topic.pk), by_category.get(topic.category_id))


def notified(user):
    return sorted((n.kind, n.actor.username) for n in Notification.objects.filter(recipient=user))


# --- levels ---------------------------------------------------------------------------------------


def test_a_topic_is_normal_until_the_member_chooses(topic, alice):
    assert level_of(alice, topic) == FollowLevel.NORMAL
    assert actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.WATCHING)
    assert level_of(alice, topic) == FollowLevel.WATCHING
    assert not actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.WATCHING)
    assert actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.MUTED)
    assert TopicFollow.objects.get(user=alice, topic=topic).level == FollowLevel.MUTED


def test_a_topic_level_overrides_its_category(topic, category, alice):
    actions.set_category_level(by=alice, category=category, level=FollowLevel.WATCHING)
    assert level_of(alice, topic) == FollowLevel.WATCHING
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.NORMAL)
    assert level_of(alice, topic) == FollowLevel.NORMAL
    assert CategoryFollow.objects.get(user=alice).level == FollowLevel.WATCHING


def test_starting_a_topic_watches_it_and_replying_tracks_it(category, topic, alice, bob):
    started = actions.start_topic(author=alice, category=category, title="Aide", source="Bonjour")
    assert level_of(alice, started) == FollowLevel.WATCHING
    actions.post_reply(started, author=bob, source="Voici une piste.")
    assert level_of(bob, started) == FollowLevel.TRACKING


def test_posting_follows_as_the_member_chose_in_their_settings(category, alice):
    alice.follow_on_create = FollowLevel.TRACKING
    alice.save()
    started = actions.start_topic(author=alice, category=category, title="Aide", source="Bonjour")
    assert level_of(alice, started) == FollowLevel.TRACKING


def test_replying_never_lowers_nor_overrides_a_chosen_level(topic, category, alice, bob):
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.MUTED)
    actions.post_reply(topic, author=alice, source="Je me tais.")
    assert level_of(alice, topic) == FollowLevel.MUTED
    actions.set_category_level(by=bob, category=category, level=FollowLevel.WATCHING)
    actions.post_reply(topic, author=bob, source="Je surveille.")
    assert level_of(bob, topic) == FollowLevel.WATCHING
    assert not TopicFollow.objects.filter(user=bob).exists()


# --- who is notified of a new post ----------------------------------------------------------------


def test_watchers_are_notified_of_every_new_post_but_not_of_their_own(topic, alice, bob):
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.WATCHING)
    actions.post_reply(topic, author=bob, source="Premier.")
    actions.post_reply(topic, author=bob, source="Second.")
    actions.post_reply(topic, author=alice, source="Merci !")
    assert notified(alice) == [(Kind.WATCHING, "bob"), (Kind.WATCHING, "bob")]
    # bob replied: tracking, not watching, so alice's post tells him nothing
    assert notified(bob) == []


def test_a_category_watcher_is_notified_unless_the_topic_says_otherwise(topic, category, alice):
    poster = UserFactory()
    actions.set_category_level(by=alice, category=category, level=FollowLevel.WATCHING)
    actions.post_reply(topic, author=poster, source="Dans la catégorie.")
    assert notified(alice) == [(Kind.WATCHING, poster.username)]
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.NORMAL)
    actions.post_reply(topic, author=poster, source="Encore.")
    assert len(notified(alice)) == 1


def test_a_reply_to_a_watcher_is_one_notification_of_the_stronger_kind(topic, alice, bob):
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.WATCHING)
    question = actions.post_reply(topic, author=alice, source="Une idée ?")
    actions.post_reply(topic, author=bob, source="Oui.", reply_to=question)
    assert notified(alice) == [(Kind.REPLY, "bob")]


def test_a_muted_topic_or_category_notifies_nothing_not_even_a_reply(topic, category, alice, bob):
    question = actions.post_reply(topic, author=alice, source="Une idée ?")
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.MUTED)
    actions.post_reply(topic, author=bob, source="Oui.", reply_to=question)
    actions.post_reply(topic, author=bob, source="Et toi, @alice ?")
    assert notified(alice) == []
    other = TopicFactory(category=category)
    actions.set_category_level(by=alice, category=category, level=FollowLevel.MUTED)
    actions.post_reply(other, author=bob, source="@alice, tu es là ?")
    assert notified(alice) == []


def test_watchers_are_notified_in_one_insert_whatever_their_number(topic, bob):
    # bob's first post makes him track the topic; the next ones change nothing of his
    actions.post_reply(topic, author=bob, source="Premier message.")

    def post_with_watchers(count):
        for member in UserFactory.create_batch(count):
            actions.set_topic_level(by=member, topic=topic, level=FollowLevel.WATCHING)
        with CaptureQueriesContext(connection) as captured:
            actions.post_reply(topic, author=bob, source=f"Pour {count} lecteurs.")
        return len(captured.captured_queries)

    assert post_with_watchers(2) == post_with_watchers(12)
    assert Notification.objects.filter(kind=Kind.WATCHING).count() == 2 + 14


# --- e-mail ---------------------------------------------------------------------------------------


def test_new_posts_in_a_watched_topic_are_mailed_together(topic, alice, bob):
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.WATCHING)
    # The worker's task waits a few minutes: meanwhile, three posts.
    first = actions.post_reply(topic, author=bob, source="Un.")
    actions.post_reply(topic, author=bob, source="Deux.")
    third = actions.post_reply(topic, author=bob, source="Trois.")
    mail.outbox.clear()
    assert notifications.send_watched_posts(first.pk) == 1
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "3 nouveaux messages" in message.subject
    assert "Mon imprimante refuse tout" in message.subject
    assert "Un." in message.body and "Trois." in message.body
    assert third.get_absolute_url() in message.body
    # the later posts' tasks find nothing left to mail
    assert notifications.send_watched_posts(third.pk) == 0
    assert len(mail.outbox) == 1


def test_no_mail_for_posts_already_read_or_for_a_member_who_said_no(topic, alice, bob, client):
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.WATCHING)
    post = actions.post_reply(topic, author=bob, source="Lu tout de suite.")
    client.force_login(alice)
    client.get(topic.get_absolute_url())
    mail.outbox.clear()
    assert notifications.send_watched_posts(post.pk) == 0
    alice.email_on_watched = False
    alice.save()
    later = actions.post_reply(topic, author=bob, source="Pas par courriel.")
    assert notifications.send_watched_posts(later.pk) == 0
    assert mail.outbox == []


def test_the_task_mails_once_the_post_is_committed(
    topic, alice, bob, django_capture_on_commit_callbacks
):
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.WATCHING)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_reply(topic, author=bob, source="Tout de suite (les tests n'attendent pas).")
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert "Nouveau message" in mail.outbox[0].subject


def test_reading_the_topic_reads_its_watched_notifications(topic, alice, bob, client):
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.WATCHING)
    actions.post_reply(topic, author=bob, source="À lire.")
    assert Notification.objects.unread_for(alice).count() == 1
    client.force_login(alice)
    client.get(topic.get_absolute_url(), follow=True)
    assert Notification.objects.unread_for(alice).count() == 0


# --- the controls ---------------------------------------------------------------------------------


def test_the_topic_page_offers_the_levels_to_a_member_only(topic, alice, client):
    follow_url = reverse("community:topic-follow", args=[topic.pk])
    assert 'class="follow"' not in client.get(topic.get_absolute_url()).content.decode()
    client.force_login(alice)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert follow_url in page
    assert 'value="normal" class="follow__level" aria-pressed="true"' in page
    response = client.post(follow_url, {"level": "watching", "next": topic.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert 'value="watching" class="follow__level" aria-pressed="true"' in page
    assert "Vous surveillez" in page


def test_the_category_page_offers_the_levels(category, alice, client):
    client.force_login(alice)
    url = reverse("community:category-follow", args=[category.slug])
    assert url in client.get(category.get_absolute_url()).content.decode()
    client.post(url, {"level": "muted"})
    assert CategoryFollow.objects.get(user=alice, category=category).level == FollowLevel.MUTED
    page = client.get(category.get_absolute_url()).content.decode()
    assert 'value="muted" class="follow__level" aria-pressed="true"' in page


def test_a_bad_level_is_refused_with_a_message(topic, alice, client):
    client.force_login(alice)
    url = reverse("community:topic-follow", args=[topic.pk])
    response = client.post(url, {"level": "obsessed"})
    assert response.status_code == 400
    assert "Choisissez" in response.content.decode()
    assert client.get(url).status_code == 405
    assert (
        client.post(url, {"level": "watching", "next": "https://ailleurs.example/"})["Location"]
        == topic.get_absolute_url()
    )


def test_a_reader_is_asked_to_sign_in(topic, client):
    response = client.post(reverse("community:topic-follow", args=[topic.pk]), {"level": "muted"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not TopicFollow.objects.exists()


def test_a_hidden_topic_cannot_be_followed(alice, client):
    hidden = TopicFactory(hidden=True)
    client.force_login(alice)
    url = reverse("community:topic-follow", args=[hidden.pk])
    assert client.post(url, {"level": "watching"}).status_code == 404


def test_the_settings_page_keeps_the_following_defaults(alice, client):
    client.force_login(alice)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert 'name="follow_on_create"' in page and 'name="email_on_watched"' in page
    response = client.post(
        reverse("accounts:settings"),
        {"bio": "", "follow_on_create": "2", "follow_on_reply": "1", "email_on_reply": "on"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.follow_on_create, alice.follow_on_reply) == (2, 1)
    assert not alice.email_on_watched


def test_following_is_exported_and_forgotten(topic, alice):
    from kiosque.community import privacy

    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.WATCHING)
    assert [row["topic"]["id"] for row in privacy.follows(alice)] == [topic.pk]
    privacy.forget_member(alice)
    assert not TopicFollow.objects.filter(user=alice).exists()


def test_new_since_moves_with_mark_all_read(alice):
    now = timezone.now()
    assert following.new_since(alice, at=now + timedelta(days=5)) == now + timedelta(days=3)
    actions.mark_all_read(by=alice, at=now + timedelta(days=5, hours=1))
    alice.refresh_from_db()
    assert following.new_since(alice, at=now + timedelta(days=5, hours=2)) == now + timedelta(
        days=5, hours=1
    )


def test_a_member_follows_an_article_discussion_from_the_article(article, alice, client):
    article.topic = actions.open_discussion_topic(
        title=article.title, visible_from=article.published_at
    )
    article.save(update_fields=["topic"])
    article_url = article.get_absolute_url()
    assert "Suivre la discussion" not in client.get(article_url).content.decode()
    client.force_login(alice)
    page = client.get(article_url).content.decode()
    assert "Suivre la discussion" in page
    follow_url = reverse("community:topic-follow", args=[article.topic.pk])
    response = client.post(follow_url, {"level": "watching", "next": f"{article_url}#discussion"})
    assert response["Location"] == f"{article_url}#discussion"
    assert level_of(alice, article.topic) == FollowLevel.WATCHING
    page = client.get(article_url).content.decode()
    assert "Ne plus suivre la discussion" in page
    actions.post_reply(article.topic, author=UserFactory(), source="Un commentaire.")
    assert [n.kind for n in Notification.objects.filter(recipient=alice)] == [Kind.WATCHING]

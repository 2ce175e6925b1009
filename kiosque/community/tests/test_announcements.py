"""Every forum action that changes what readers see announces it, once committed, and only then."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from kiosque import announcements
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.actions import PostingRefused
from kiosque.community.models import LinkPreview, Moderation, Post, Topic
from kiosque.community.tests.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db

HEARD: list[frozenset[str]] = []


def recorder(keys: frozenset[str]) -> None:
    """The listener named in settings for these tests."""
    HEARD.append(keys)


@pytest.fixture(autouse=True)
def listening(settings) -> Iterator[None]:
    settings.KIOSQUE_ANNOUNCEMENT_LISTENERS = [f"{__name__}.recorder"]
    announcements.reset_listeners()
    HEARD.clear()
    yield
    HEARD.clear()
    announcements.reset_listeners()


@pytest.fixture
def heard_on_commit(django_capture_on_commit_callbacks):
    """Run `action()`: nothing is heard before the commit; returns what the commit announced."""

    def run(action) -> set[str]:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            action()
        assert HEARD == [], "announced before the commit"
        for callback in callbacks:
            callback()
        return set().union(*HEARD)

    return run


def post_keys(post: Post) -> set[str]:
    topic = Topic.objects.get(pk=post.topic_id)
    return {
        f"topic:{topic.pk}",
        f"category:{topic.category_id}",
        "forum",
        f"member:{post.author_id}",
        f"post:{post.pk}",
    }


@pytest.fixture
def topic():
    return TopicFactory()


@pytest.fixture
def post(topic):
    return actions.post_reply(topic, author=UserFactory(), source="Premier message.")


def test_a_reply_announces_its_topic_category_the_forum_and_its_author(topic, heard_on_commit):
    author = UserFactory()
    created: list[Post] = []

    heard = heard_on_commit(
        lambda: created.append(actions.post_reply(topic, author=author, source="Bonjour."))
    )

    assert heard == post_keys(created[0])
    assert f"member:{author.pk}" in heard


def test_a_new_topic_announces_itself_its_category_the_forum_and_its_author(heard_on_commit):
    category, author = CategoryFactory(), UserFactory()
    started: list[Topic] = []

    heard = heard_on_commit(
        lambda: started.append(
            actions.start_topic(author=author, category=category, title="T", source="S")
        )
    )

    assert heard == {
        f"topic:{started[0].pk}",
        f"category:{category.pk}",
        "forum",
        f"member:{author.pk}",
        f"post:{Post.objects.get(topic=started[0]).pk}",
    }


@pytest.mark.parametrize("verb", ["edit", "hide", "restore", "delete"])
def test_a_post_edited_hidden_restored_or_deleted_is_announced(post, verb, heard_on_commit):
    staff = UserFactory(is_staff=True)
    if verb == "restore":
        actions.set_post_moderation(post, state=Moderation.HIDDEN, moderator=staff)
    change = {
        "edit": lambda: actions.edit_post(post, editor=post.author, source="Corrigé."),
        "hide": lambda: actions.set_post_moderation(post, state=Moderation.HIDDEN, moderator=staff),
        "restore": lambda: actions.set_post_moderation(
            post, state=Moderation.SHOWN, moderator=staff
        ),
        "delete": lambda: actions.delete_post(post, by=post.author),
    }[verb]

    assert heard_on_commit(change) == post_keys(post)


def test_a_preview_card_attached_by_the_worker_is_announced(post, heard_on_commit):
    source = "https://example.com/article"
    actions.edit_post(post, editor=post.author, source=source)
    preview = LinkPreview.objects.create(url=source, title="Un titre", is_ok=True)

    heard = heard_on_commit(
        lambda: actions.attach_preview_cards(
            post.pk, source_digest=actions.digest_of(source), previews={source: preview}
        )
    )

    assert heard == post_keys(post)
    assert "link-card" in Post.objects.get(pk=post.pk).html


@pytest.mark.parametrize("verb", ["like", "unlike"])
def test_a_like_or_unlike_announces_the_topic_and_the_posts_author(post, verb, heard_on_commit):
    reader = UserFactory()
    if verb == "unlike":
        actions.like_post(post, user=reader)
    change = actions.like_post if verb == "like" else actions.unlike_post

    assert heard_on_commit(lambda: change(post, user=reader)) == {
        f"topic:{post.topic_id}",
        f"member:{post.author_id}",
    }


def test_an_article_discussion_opened_or_synced_is_announced(heard_on_commit):
    opened: list[Topic] = []
    heard = heard_on_commit(
        lambda: opened.append(actions.open_discussion_topic(title="Un article", visible_from=None))
    )
    topic = opened[0]
    expected = {f"topic:{topic.pk}", f"category:{topic.category_id}", "forum"}
    assert heard == expected

    HEARD.clear()
    assert (
        heard_on_commit(
            lambda: actions.sync_discussion_topic(
                topic, title="Un article corrigé", visible_from=None, is_hidden=False
            )
        )
        == expected
    )


def test_a_rolled_back_action_announces_nothing(topic, django_capture_on_commit_callbacks):
    class Undone(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Undone),
        transaction.atomic(),
    ):
        actions.post_reply(topic, author=UserFactory(), source="Jamais publié.")
        raise Undone

    assert callbacks == []
    assert HEARD == []
    assert not Post.objects.exists()


def test_a_reply_refused_at_the_last_moment_stores_and_announces_nothing(
    topic, django_capture_on_commit_callbacks
):
    Topic.objects.filter(pk=topic.pk).update(is_closed=True)  # closed after the page was read

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PostingRefused) as refused:
        actions.post_reply(topic, author=UserFactory(), source="Trop tard.")

    assert refused.value.code == "topic_closed"
    assert HEARD == []
    assert not Post.objects.exists()
    assert Topic.objects.get(pk=topic.pk).post_count == 0


def test_view_counts_announce_nothing(topic, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.add_topic_views({topic.pk: 3})

    assert HEARD == []
    assert Topic.objects.get(pk=topic.pk).view_count == 3


# --- The admin writes through the actions, which announce ---------------------------------------


def test_a_topic_moved_in_the_admin_is_announced_in_both_categories(
    admin_client, django_capture_on_commit_callbacks
):
    topic = TopicFactory(title="Avant")
    before, after = topic.category, CategoryFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/community/topic/{topic.pk}/change/",
            {
                "title": "Après",
                "slug": "apres",
                "category": after.pk,
                "is_pinned": "on",
                "visible_from_0": "",
                "visible_from_1": "",
            },
        )

    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.title, topic.category, topic.is_pinned) == ("Après", after, True)
    assert set().union(*HEARD) == {
        f"topic:{topic.pk}",
        f"category:{before.pk}",
        f"category:{after.pk}",
        "forum",
    }


def test_a_category_saved_in_the_admin_is_announced_on_the_forum(
    admin_client, django_capture_on_commit_callbacks
):
    category = CategoryFactory(name="Matériel")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/community/category/{category.pk}/change/",
            {
                "name": "Matériel et réseaux",
                "slug": category.slug,
                "description": "",
                "position": 3,
            },
        )

    assert response.status_code == 302
    assert set().union(*HEARD) == {f"category:{category.pk}", "forum"}


def test_an_unchanged_topic_saved_in_the_admin_announces_nothing(admin_client):
    topic = TopicFactory()

    response = admin_client.post(
        f"/admin/community/topic/{topic.pk}/change/",
        {"title": topic.title, "slug": topic.slug, "category": topic.category_id},
    )

    assert response.status_code == 302
    assert HEARD == []

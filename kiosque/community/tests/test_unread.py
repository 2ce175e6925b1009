"""Unread and new: what each member sees marked on the topic lists, their "Unread" and "New"
pages, "mark all as read", and the fixed cost of every list whatever its length."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions, following
from kiosque.community.models import FollowLevel, Topic, TopicVisit
from kiosque.community.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory(name="Entraide", slug="entraide")


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def bob():
    return UserFactory(username="bob")


def start(category, author, title):
    return actions.start_topic(author=author, category=category, title=title, source="Bonjour.")


def read(client, member, topic):
    client.force_login(member)
    client.get(topic.get_absolute_url(), follow=True)


def unread_of(member, topic):
    return following.topic_marks(member, [(topic.pk, topic.category_id, topic.created_at)])[
        topic.pk
    ]


# --- the rules ------------------------------------------------------------------------------------


def test_unread_posts_are_counted_for_a_tracked_topic_only(category, alice, bob, client):
    topic = start(category, bob, "Une question")
    read(client, alice, topic)
    actions.post_reply(topic, author=bob, source="Un.")
    actions.post_reply(topic, author=bob, source="Deux.")
    marks = unread_of(alice, topic)
    assert (marks.level, marks.unread, marks.shows_unread) == (FollowLevel.NORMAL, 2, False)
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.TRACKING)
    assert unread_of(alice, topic).shows_unread
    assert list(following.unread_topics(alice)) == [topic]
    assert following.unread_topics(alice)[0].unread_count == 2


def test_own_posts_hidden_posts_and_muted_topics_are_never_unread(category, alice, bob, client):
    topic = start(category, bob, "Une question")
    read(client, alice, topic)
    actions.post_reply(topic, author=alice, source="Ma réponse, depuis l'article.")
    assert unread_of(alice, topic).unread == 0
    hidden = actions.post_reply(topic, author=bob, source="Retiré.")
    actions.delete_post(hidden, by=bob)
    assert unread_of(alice, topic).unread == 0
    actions.post_reply(topic, author=bob, source="Visible.")
    assert list(following.unread_topics(alice)) == [topic]
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.MUTED)
    assert list(following.unread_topics(alice)) == []


def test_a_topic_is_new_until_opened_muted_or_too_old(category, alice, bob, client):
    topic = start(category, bob, "Tout neuf")
    assert unread_of(alice, topic).is_new
    assert list(following.new_topics(alice)) == [topic]
    later = timezone.now() + timedelta(days=following.NEW_TOPIC_DAYS, minutes=1)
    assert list(following.new_topics(alice, at=later)) == []
    actions.set_category_level(by=alice, category=category, level=FollowLevel.MUTED)
    assert list(following.new_topics(alice)) == []
    actions.set_category_level(by=alice, category=category, level=FollowLevel.NORMAL)
    read(client, alice, topic)
    assert not unread_of(alice, topic).is_new
    assert list(following.new_topics(alice)) == []


def test_topics_older_than_the_member_are_not_new_to_them(category, bob):
    topic = start(category, bob, "D'avant")
    newcomer = UserFactory()
    assert list(following.new_topics(newcomer)) == []
    assert not unread_of(newcomer, topic).is_new


def test_mark_all_read_everywhere_and_in_one_category(category, alice, bob, client):
    tracked = start(category, bob, "Suivi")
    read(client, alice, tracked)
    actions.set_topic_level(by=alice, topic=tracked, level=FollowLevel.WATCHING)
    actions.post_reply(tracked, author=bob, source="Nouveau message.")
    elsewhere = start(CategoryFactory(), bob, "Ailleurs")
    fresh = start(category, bob, "Tout neuf")
    assert actions.mark_all_read(by=alice, category=category) == 2
    assert list(following.unread_topics(alice)) == []
    assert list(following.new_topics(alice)) == [elsewhere]
    assert TopicVisit.objects.get(user=alice, topic=fresh).last_read_post_id == (
        Topic.objects.get(pk=fresh.pk).last_post_id
    )
    assert actions.mark_all_read(by=alice) == 1
    assert list(following.new_topics(alice)) == []
    assert not alice.notifications.filter(read_at__isnull=True).exists()


# --- the pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cache", [False, pytest.param(True, marks=pytest.mark.page_cache)])
def test_each_member_sees_their_own_marks_and_the_shared_page_none(
    category, alice, bob, client, cache
):
    carol = UserFactory(username="carol", date_joined=timezone.now() - timedelta(days=1))
    topic = start(category, bob, "Une question")
    read(client, alice, topic)
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.TRACKING)
    actions.post_reply(topic, author=bob, source="Réponse.")
    forum, listing = reverse("community:index"), category.get_absolute_url()
    for url in (forum, listing):
        client.force_login(alice)
        page = client.get(url).content.decode()
        assert '1<span class="visually-hidden"> message</span> non lu' in page
        assert "marker--new" not in page
        client.force_login(carol)
        page = client.get(url).content.decode()
        assert "non lu" not in page
        assert "marker--new" in page  # carol never opened it
        client.logout()
        page = client.get(url).content.decode()
        assert "non lu" not in page and "marker--new" not in page
        assert "Une question" in page


def test_the_unread_and_new_pages(category, alice, bob, client):
    tracked = start(category, bob, "Suivi de près")
    read(client, alice, tracked)
    actions.set_topic_level(by=alice, topic=tracked, level=FollowLevel.TRACKING)
    actions.post_reply(tracked, author=bob, source="Du nouveau.")
    start(category, bob, "Jamais ouvert")
    client.force_login(alice)
    page = client.get(reverse("community:unread")).content.decode()
    assert "Suivi de près" in page and "Jamais ouvert" not in page
    assert '1<span class="visually-hidden"> message</span> non lu' in page
    page = client.get(reverse("community:new-topics")).content.decode()
    assert "Jamais ouvert" in page and "Suivi de près" not in page
    response = client.post(reverse("community:mark-read"), {"next": reverse("community:unread")})
    assert response["Location"] == reverse("community:unread")
    page = client.get(reverse("community:unread")).content.decode()
    assert "Suivi de près" not in page and "vous êtes à jour" in page


def test_the_member_lists_ask_a_reader_to_sign_in(client):
    for name in ("community:unread", "community:new-topics"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    response = client.post(reverse("community:mark-read"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client.post(reverse("community:mark-read"), {"category": "nulle-part"}).status_code in (
        302,
        404,
    )


def test_an_unknown_category_to_mark_is_a_404(alice, client):
    client.force_login(alice)
    assert (
        client.post(reverse("community:mark-read"), {"category": "nulle-part"}).status_code == 404
    )
    assert client.get(reverse("community:mark-read")).status_code == 405


def test_the_forum_index_lists_the_latest_topics_across_categories(category, bob, client):
    other = CategoryFactory(name="Matériel")
    first = start(category, bob, "Le premier")
    start(other, bob, "Le second")
    actions.post_reply(first, author=UserFactory(), source="Remonte.")
    page = client.get(reverse("community:index")).content.decode()
    latest = page[page.index("Derniers sujets") :]
    assert latest.index("Le premier") < latest.index("Le second")


# --- a fixed number of queries --------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def world(size, category, member):
    """`size` topics, each opened by someone else, half of them tracked by the member with posts
    unread, a quarter new to them."""
    # one poster per topic: the posting limits of a trust level stay out of the way
    posters = UserFactory.create_batch(size)
    for number in range(size):
        topic = start(category, posters[number], f"Sujet {number}")
        if number % 4 == 0:
            continue  # never opened: new
        TopicVisit.objects.create(user=member, topic=topic, last_read_post_id=0)
        if number % 2:
            actions.set_topic_level(by=member, topic=topic, level=FollowLevel.TRACKING)
            actions.post_reply(topic, author=posters[(number + 1) % size], source="Suite.")


LISTS = [
    ("community:index", "anonymous"),
    ("community:index", "member"),
    ("category", "anonymous"),
    ("category", "member"),
    ("community:unread", "member"),
    ("community:new-topics", "member"),
]


def test_each_list_costs_the_same_queries_at_3_and_30_topics(client):
    """Each list, for each reader, in the same world of each size (built once per size)."""
    counts: dict[tuple[str, str], list[int]] = {list_: [] for list_ in LISTS}
    for size in (3, 30):
        with transaction.atomic():
            category = CategoryFactory()
            member = UserFactory()
            world(size, category, member)
            for page, reader in LISTS:
                if reader == "member":
                    client.force_login(member)
                url = category.get_absolute_url() if page == "category" else reverse(page)
                counts[page, reader].append(count_queries(client, url))
                client.logout()
            transaction.set_rollback(True)
    assert [f"{page} ({reader}): {n}" for (page, reader), n in counts.items() if n[0] != n[1]] == []


def test_opening_an_unread_topic_on_its_first_page_reads_it(category, alice, bob, client):
    topic = start(category, bob, "Court")
    read(client, alice, topic)
    actions.set_topic_level(by=alice, topic=topic, level=FollowLevel.TRACKING)
    actions.post_reply(topic, author=bob, source="Une réponse sur la première page.")
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200  # no redirect to itself, again and again
    assert list(following.unread_topics(alice)) == []

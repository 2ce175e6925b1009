"""The member's notifications as they read them: grouped lines, the bell's dropdown, the full
page with its filters, and opening a line (a POST: reading it is the member's choice)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions, notification_groups
from kiosque.community.actions.notifying import open_notification
from kiosque.community.models import Moderation, Notification
from kiosque.community.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


@pytest.fixture
def topic():
    return TopicFactory(title="Le retour du minitel")


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def message(topic, alice):
    return actions.post_reply(topic, author=alice, source="Le 3615 reviendra, croyez-moi.")


def liked_by(post, count, *, prefix="fan"):
    """`count` new members like `post`, one after the other; returns the last of them."""
    members = [UserFactory(username=f"{prefix}{n}") for n in range(count)]
    for member in members:
        actions.like_post(post, user=member)
    return members[-1]


def replies_to(post, count, *, prefix="voix"):
    return [
        actions.post_reply(
            post.topic,
            author=UserFactory(username=f"{prefix}{n}"),
            source=f"Réponse {n}.",
            reply_to=post,
        )
        for n in range(count)
    ]


def lines_of(member, **kwargs):
    return notification_groups.latest_lines(member, **kwargs)


def text(html):
    return " ".join(html.replace("\xa0", " ").replace("\u202f", " ").split())


# --- Grouping ----------------------------------------------------------------------------------


def test_likes_of_one_post_make_one_line_naming_the_newest_and_counting_the_others(message, alice):
    liked_by(message, 7, prefix="fan")
    actions.like_post(message, user=UserFactory(username="Zéphyrine"))

    (line,) = lines_of(alice)

    assert line.kind == Kind.LIKE
    assert line.size == 8 and line.unread
    assert text(line.summary) == (
        "Zéphyrine et 7 autres ont aimé votre message dans « Le retour du minitel »"
    )
    assert line.excerpt == "Le 3615 reviendra, croyez-moi."


def test_french_plurals_one_other_and_none(message, alice):
    actions.like_post(message, user=UserFactory(username="bob"))
    assert text(lines_of(alice)[0].summary) == (
        "bob a aimé votre message dans « Le retour du minitel »"
    )
    actions.like_post(message, user=UserFactory(username="carole"))
    assert text(lines_of(alice)[0].summary) == (
        "carole et 1 autre ont aimé votre message dans « Le retour du minitel »"
    )


def test_likes_of_two_posts_and_replies_stay_apart_newest_first(topic, message, alice):
    other = actions.post_reply(topic, author=alice, source="Autre chose.")
    liked_by(message, 2, prefix="a")
    replies_to(message, 2, prefix="r")
    liked_by(other, 1, prefix="b")

    kinds = [(line.kind, line.size) for line in lines_of(alice)]

    assert kinds == [(Kind.LIKE, 1), (Kind.REPLY, 1), (Kind.REPLY, 1), (Kind.LIKE, 2)]


def test_new_posts_in_a_watched_topic_are_grouped_by_topic(topic, alice):
    first = actions.post_reply(topic, author=UserFactory(username="bob"), source="Un.")
    second = actions.post_reply(topic, author=UserFactory(username="carole"), source="Deux.")
    third = actions.post_reply(topic, author=UserFactory(username="david"), source="Trois.")
    Notification.objects.bulk_create(
        Notification(recipient=alice, actor=post.author, kind=Kind.WATCHING, post=post)
        for post in (first, second, third)
    )

    (line,) = lines_of(alice)

    assert text(line.summary) == "david et 2 autres ont écrit dans « Le retour du minitel »"
    assert line.excerpt == "Trois."


def test_a_group_is_unread_while_any_of_it_is(message, alice):
    liked_by(message, 3)
    Notification.objects.filter(recipient=alice).exclude(
        pk=Notification.objects.filter(recipient=alice).order_by("pk").first().pk
    ).update(read_at=timezone.now())

    (line,) = lines_of(alice)

    assert line.unread


def test_notifications_of_hidden_posts_are_left_out(topic, message, alice):
    liked_by(message, 2)
    answer = replies_to(message, 1)[0]
    answer.moderation = Moderation.HIDDEN
    answer.save(update_fields=["moderation"])

    assert [line.kind for line in lines_of(alice)] == [Kind.LIKE]


def test_the_dropdown_shows_the_latest_ten_lines(message, alice):
    replies_to(message, 12)
    assert len(lines_of(alice)) == 10


# --- Opening a line ----------------------------------------------------------------------------


def test_opening_a_group_reads_all_of_it_and_names_its_post(message, alice):
    liked_by(message, 3)
    newest = Notification.objects.filter(recipient=alice).latest("pk")

    target = open_notification(by=alice, notification=newest)

    assert target == message.pk
    assert not Notification.objects.unread_for(alice).exists()


def test_opening_watched_posts_goes_to_the_first_unread(topic, alice):
    posts = [
        actions.post_reply(topic, author=UserFactory(), source=f"Message {n}.") for n in range(3)
    ]
    Notification.objects.bulk_create(
        Notification(recipient=alice, actor=post.author, kind=Kind.WATCHING, post=post)
        for post in posts
    )
    newest = Notification.objects.filter(recipient=alice).latest("pk")

    assert open_notification(by=alice, notification=newest) == posts[0].pk
    assert not Notification.objects.unread_for(alice).exists()


def test_opening_is_a_post_and_a_get_reads_nothing(client, message, alice):
    liked_by(message, 2)
    newest = Notification.objects.filter(recipient=alice).latest("pk")
    url = reverse("community:notification-open", args=[newest.pk])
    client.force_login(alice)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("community:post-permalink", args=[message.pk])
    assert Notification.objects.unread_for(alice).count() == 2

    response = client.post(url)

    assert response["Location"] == reverse("community:post-permalink", args=[message.pk])
    assert Notification.objects.unread_for(alice).count() == 0


def test_nobody_opens_someone_elses_notification(client, message, alice):
    liked_by(message, 1)
    notification = Notification.objects.get(recipient=alice)
    client.force_login(UserFactory(username="mallory"))

    assert (
        client.post(reverse("community:notification-open", args=[notification.pk])).status_code
        == 404
    )
    assert Notification.objects.unread_for(alice).count() == 1


def test_a_notice_opens_its_link(client, alice):
    notice = actions.send_notice(alice, summary="Votre message a été masqué.", link="/moderation/")
    client.force_login(alice)

    response = client.post(reverse("community:notification-open", args=[notice.pk]))

    assert response["Location"] == "/moderation/"
    assert lines_of(alice)[0].summary == "Votre message a été masqué."


# --- The bell and its dropdown -----------------------------------------------------------------


def test_the_bell_is_a_link_to_the_full_page_with_an_empty_panel_for_the_script(rf, message, alice):
    liked_by(message, 3)
    request = rf.get("/")
    request.user = alice

    html = render_to_string("community/_notification_bell.html", {"user": alice}, request=request)

    assert 'href="/forum/notifications/"' in html
    assert 'aria-label="Notifications (3 non lues)"' in html
    assert f'data-bell-url="{reverse("community:notification-menu")}"' in html
    assert 'id="bell-panel" data-bell-panel hidden' in html


def test_the_dropdown_fragment_lists_lines_with_avatars_and_the_two_actions(client, message, alice):
    liked_by(message, 8)
    client.force_login(alice)

    response = client.get(reverse("community:notification-menu"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "<html" not in html, "a fragment, not a page"
    assert html.count('<li class="notification notification--unread">') == 1
    assert "fan7 et 7 autres ont aimé votre message" in text(html)
    assert 'class="avatar' in html
    assert "Le 3615 reviendra" in html
    assert "Tout voir" in html and "Tout marquer comme lu" in html


def test_the_dropdown_is_for_members(client):
    response = client.get(reverse("community:notification-menu"))
    assert response["Location"].startswith(reverse("account_login"))


# --- The full page -----------------------------------------------------------------------------


def test_the_full_page_filters_by_kind_and_unread(client, topic, message, alice):
    liked_by(message, 2)
    replies = replies_to(message, 2)
    actions.post_reply(topic, author=UserFactory(username="bavard"), source="Salut @alice !")
    Notification.objects.filter(post=replies[0]).update(read_at=timezone.now())
    client.force_login(alice)
    url = reverse("community:notifications")

    def shown(query=""):
        html = client.get(url + query).content.decode()
        return html.count('<li class="notification')

    assert shown() == 4
    assert shown("?filtre=aime") == 1
    assert shown("?filtre=reponses") == 2
    assert shown("?filtre=mentions") == 1
    assert shown("?filtre=non-lues") == 3
    html = client.get(url + "?filtre=aime").content.decode()
    assert '<a href="/forum/notifications/?filtre=aime" aria-current="page">' in html


def test_an_unknown_filter_is_a_clear_400(client, alice):
    client.force_login(alice)
    response = client.get(reverse("community:notifications") + "?filtre=%3Cscript%3E")
    assert response.status_code == 400
    assert "Cette liste de notifications n’existe pas" in response.content.decode()


def test_the_full_page_is_paginated(client, message, alice, settings):
    replies_to(message, notification_groups.PER_PAGE + 2)
    client.force_login(alice)
    url = reverse("community:notifications")

    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    past_the_end = client.get(url + "?page=99")
    nonsense = client.get(url + "?page=abc")

    assert first.count('<li class="notification') == notification_groups.PER_PAGE
    assert second.count('<li class="notification') == 2
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert past_the_end.status_code == 200 and nonsense.status_code == 200


def test_mark_all_read_goes_back_where_the_member_was(client, message, alice):
    liked_by(message, 2)
    client.force_login(alice)

    response = client.post(reverse("community:notifications"), {"next": message.get_absolute_url()})

    assert response["Location"] == message.get_absolute_url()
    assert not Notification.objects.unread_for(alice).exists()
    evil = client.post(reverse("community:notifications"), {"next": "https://evil.example/"})
    assert evil["Location"] == reverse("community:notifications")


# --- A fixed number of queries -----------------------------------------------------------------


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url_name", ["community:notifications", "community:notification-menu"])
def test_the_lines_cost_the_same_queries_at_two_sizes(client, topic, alice, url_name):
    client.force_login(alice)
    url = reverse(url_name)
    counts = []
    start = timezone.now() - timedelta(days=1)
    for size in (2, 12):
        for n in range(size):
            mine = actions.post_reply(
                topic, author=alice, source=f"Message {size}-{n}.", at=start + timedelta(minutes=n)
            )
            liked_by(mine, 3, prefix=f"f{size}-{n}-")
            replies_to(mine, 1, prefix=f"r{size}-{n}-")
        actions.send_notice(alice, summary="Un avis.", link="/")
        counts.append(queries_of(client, url))
    assert counts[0] == counts[1], counts
    # the page's own: the groups (and their count for the pager), their newest notifications;
    # the rest is every page's: session, member, bell count, menu, footer
    assert counts[1] <= 10

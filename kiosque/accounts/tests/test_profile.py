"""A member's public profile at /membres/<username>/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from kiosque.accounts.actions import delete_account
from kiosque.accounts.tests.factories import UserFactory
from kiosque.accounts.tests.posts import make_post, make_topic

pytestmark = pytest.mark.django_db


def test_the_profile_shows_the_join_date_in_french_the_bio_and_the_post_count(client):
    member = UserFactory(
        username="ines",
        bio="Développeuse & lectrice assidue.",
        date_joined=datetime(2023, 11, 20, 9, 30, tzinfo=UTC),
    )
    topic = make_topic(title="Les puces du futur")
    for n in range(3):
        make_post(author=member, topic=topic, text=f"Mon message {n}")
    make_post(author=member, topic=topic, moderation="hidden")
    make_post(author=member, topic=topic, is_deleted=True)

    response = client.get(reverse("accounts:profile", kwargs={"username": "ines"}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and ">ines</h1>" in html
    assert "Membre depuis le 20 novembre 2023" in html
    assert "3 messages" in html
    assert "Développeuse &amp; lectrice assidue." in html
    assert "Les puces du futur" in html
    assert "Mon message 2" in html


def test_recent_posts_come_newest_first_and_only_from_topics_readers_may_see(client):
    member = UserFactory(username="jade")
    now = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    open_topic = make_topic(title="Sujet ouvert")
    make_post(author=member, topic=open_topic, text="Le plus ancien", at=now)
    make_post(author=member, topic=open_topic, text="Le plus récent", at=now + timedelta(hours=1))
    hidden_topic = make_topic(title="Sujet caché", is_hidden=True)
    make_post(author=member, topic=hidden_topic, text="Dans un sujet caché")
    future_topic = make_topic(title="Article à paraître", visible_from=now + timedelta(days=9999))
    make_post(author=member, topic=future_topic, text="Sous un article programmé")

    html = client.get(reverse("accounts:profile", kwargs={"username": "jade"})).content.decode()

    assert "2 messages" in html
    assert html.index("Le plus récent") < html.index("Le plus ancien")
    assert "Sujet caché" not in html and "Dans un sujet caché" not in html
    assert "Article à paraître" not in html


def test_a_post_excerpt_shows_its_text_once_escaped(client):
    member = UserFactory(username="kim")
    make_post(
        author=member,
        topic=make_topic(),
        html="<p>R&amp;D &lt;b&gt; <strong>gras</strong></p>",
    )

    html = client.get(reverse("accounts:profile", kwargs={"username": "kim"})).content.decode()

    assert "R&amp;D &lt;b&gt; gras" in html
    assert "&amp;amp;" not in html


def test_a_member_without_posts_has_a_profile_that_says_so(client):
    UserFactory(username="lou")

    html = client.get(reverse("accounts:profile", kwargs={"username": "lou"})).content.decode()

    assert "0 message" in html
    assert "Aucun message pour l’instant." in html


def test_a_profile_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    member = UserFactory(username="max")
    for n in range(12):
        make_post(author=member, topic=make_topic(title=f"Sujet {n}"))

    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:profile", kwargs={"username": "max"}))

    assert response.status_code == 200
    assert response.content.decode().count('<article class="profile-post"') == 10


def test_anonymous_readers_get_one_cacheable_document_without_csrf_token(client):
    UserFactory(username="noa")

    response = client.get(reverse("accounts:profile", kwargs={"username": "noa"}))

    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "public" in response["Cache-Control"]
    assert not response.cookies


def test_an_unknown_or_deleted_member_has_no_profile(client):
    member = UserFactory(username="oscar")
    delete_account(member)

    assert client.get(reverse("accounts:profile", kwargs={"username": "oscar"})).status_code == 404
    deleted_name = member.username
    assert deleted_name.startswith("membre-supprime-")
    response = client.get(reverse("accounts:profile", kwargs={"username": deleted_name}))
    assert response.status_code == 404

"""The composer's helpers: the preview rendered by the server (as the post will be stored), the
@-name suggestions, and the "Preview" button that works without JavaScript."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.forms import MAX_POST_LENGTH
from kiosque.community.models import Post

from .factories import TopicFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
PREVIEW = reverse("community:post-preview")
MENTIONS = reverse("community:mention-suggestions")


def test_the_preview_is_the_html_the_post_is_stored_with(client, member):
    UserFactory(username="zephyrine")
    topic = TopicFactory()
    source = (
        "**Gras** et *italique*, <script>alert(1)</script>\n\n"
        "> une citation\n\n- un\n- deux\n\n@zephyrine et @personne, [un lien](https://example.org)"
    )
    client.force_login(member)

    response = client.post(PREVIEW, {"source": source}, **JSON)

    assert response.status_code == 200
    post = actions.post_reply(topic, author=member, source=source)
    assert response.json()["html"] == post.html
    assert "<script>" not in post.html
    assert "/membres/zephyrine/" in post.html or 'href="/' in post.html


def test_the_preview_is_for_members_only(client):
    response = client.post(PREVIEW, {"source": "Bonjour"}, **JSON)

    assert response.status_code == 403
    assert response.json()["error"]


def test_the_preview_needs_the_form_token(member):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)

    response = strict.post(PREVIEW, {"source": "Bonjour"}, **JSON)

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("source", "status", "words"),
    [
        ("", 400, "vide"),
        ("   \n ", 400, "vide"),
        ("x" * (MAX_POST_LENGTH + 1), 400, "limite"),
        ("un \x07 caractère", 400, "contrôle"),
    ],
)
def test_the_preview_refuses_what_publishing_would_refuse(client, member, source, status, words):
    client.force_login(member)

    response = client.post(PREVIEW, {"source": source}, **JSON)

    assert response.status_code == status
    assert words in response.json()["error"]


def test_an_absurdly_large_preview_is_refused_before_it_is_read(client, member):
    client.force_login(member)

    response = client.post(PREVIEW, {"source": "x" * (MAX_POST_LENGTH * 5)}, **JSON)

    assert response.status_code == 413


def test_the_preview_answers_only_posts(client, member):
    client.force_login(member)

    assert client.get(PREVIEW).status_code == 405


# @-name suggestions ----------------------------------------------------------------------


def names(response):
    assert response.status_code == 200, response.content
    return [row["username"] for row in response.json()["members"]]


def test_suggestions_start_with_the_prefix_and_put_the_topic_s_members_first(client, member):
    topic = TopicFactory()
    for name in ("alice", "alfred", "albane", "bob"):
        UserFactory(username=name)
    actions.post_reply(topic, author=UserFactory(username="alphonse"), source="Bonjour.")
    client.force_login(member)

    found = names(client.get(MENTIONS, {"q": "AL", "topic": topic.pk}))

    assert found == ["alphonse", "albane", "alfred", "alice"]
    assert names(client.get(MENTIONS, {"q": "@al"})) == ["albane", "alfred", "alice", "alphonse"]


def test_no_deleted_inactive_suspended_or_unconfirmed_member_is_suggested(client, member):
    UserFactory(username="zoe")
    UserFactory(username="zola", is_deleted=True)
    UserFactory(username="zorro", is_active=False)
    UserFactory(username="zadig", suspended_until=timezone.now() + timedelta(days=3))
    UserFactory(username="zelda", email_verified=False)
    UserFactory(username="zinedine", suspended_until=timezone.now() - timedelta(days=3))
    client.force_login(member)

    assert names(client.get(MENTIONS, {"q": "z"})) == ["zinedine", "zoe"]


def test_the_member_typing_is_not_suggested_to_themselves(client):
    me = UserFactory(username="moi")
    client.force_login(me)

    assert names(client.get(MENTIONS, {"q": "mo"})) == []


def test_posts_of_a_hidden_topic_do_not_put_their_authors_first(client, member):
    hidden = TopicFactory(hidden=True)
    Post.objects.create(topic=hidden, author=UserFactory(username="bertrand"), source="x", html="x")
    UserFactory(username="berenice")
    client.force_login(member)

    assert names(client.get(MENTIONS, {"q": "be", "topic": hidden.pk})) == [
        "berenice",
        "bertrand",
    ]


@pytest.mark.parametrize(
    "query",
    [{"q": "a b"}, {"q": "<script>"}, {"q": "x" * 200}, {"q": "al", "topic": "deux"}],
)
def test_bad_suggestion_queries_get_a_400(client, member, query):
    client.force_login(member)

    response = client.get(MENTIONS, query)

    assert response.status_code == 400
    assert response.json()["error"]


def test_suggestions_are_for_members_only_and_empty_without_a_prefix(client, member):
    assert client.get(MENTIONS, {"q": "al"}).status_code == 403
    client.force_login(member)
    assert names(client.get(MENTIONS, {"q": ""})) == []


@pytest.mark.parametrize("size", [3, 30])
def test_suggestions_cost_one_query_whatever_the_number_of_members(client, member, size):
    topic = TopicFactory()
    for n in range(size):
        author = UserFactory(username=f"camille{n}")
        if n % 2:
            actions.post_reply(topic, author=author, source=f"Message {n}.")
    client.force_login(member)
    client.get(MENTIONS, {"q": "c"})  # the session is read once

    with CaptureQueriesContext(connection) as queries:
        found = names(client.get(MENTIONS, {"q": "cam", "topic": topic.pk}))

    assert len(found) == min(size, 8)
    assert all(int(name.removeprefix("camille")) % 2 for name in found[: min(8, size // 2)])
    # The session, the member, and the one query of suggestions.
    assert len(queries) == 3, [query["sql"] for query in queries]


# The "Preview" button without JavaScript --------------------------------------------------


def test_preview_without_javascript_shows_the_reply_page_with_the_text_kept(client, member):
    topic = TopicFactory()
    client.force_login(member)

    response = client.post(
        reverse("community:topic-reply", args=[topic.pk]),
        {"source": "Un **essai** avant de publier.", "preview": "1", "next": "/article/1-x/"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>essai</strong>" in html
    assert "Un **essai** avant de publier.</textarea>" in html
    assert 'name="next" value="/article/1-x/"' in html
    assert not Post.objects.filter(topic=topic).exists()


def test_preview_of_an_edit_without_javascript_keeps_the_text_and_saves_nothing(client, member):
    post = actions.post_reply(TopicFactory(), author=member, source="Première version.")
    client.force_login(member)

    response = client.post(
        reverse("community:post-edit", args=[post.pk]),
        {"source": "Seconde *version*.", "preview": "1"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<em>version</em>" in html
    assert "Seconde *version*.</textarea>" in html
    post.refresh_from_db()
    assert post.source == "Première version."


def test_an_empty_preview_without_javascript_says_why_and_keeps_the_page(client, member):
    topic = TopicFactory()
    client.force_login(member)

    response = client.post(
        reverse("community:topic-reply", args=[topic.pk]), {"source": " ", "preview": "1"}
    )

    assert response.status_code == 400
    assert "vide" in response.content.decode()


def test_preview_of_a_new_topic_without_javascript_keeps_title_and_text(client, member):
    from .factories import CategoryFactory

    category = CategoryFactory()
    client.force_login(member)

    response = client.post(
        reverse("community:topic-new", args=[category.slug]),
        {"title": "Quel SSD ?", "source": "Un *avis* ?", "preview": "1"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<em>avis</em>" in html
    assert 'value="Quel SSD ?"' in html
    assert "Un *avis* ?</textarea>" in html
    assert not category.topics.exists()

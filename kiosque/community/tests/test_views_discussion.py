"""An article's discussion as its readers meet it at the foot of the article page."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussed(article):
    """A published article with its discussion topic, as publishing gives it one."""
    article.topic = actions.open_discussion_topic(
        title=article.title, visible_from=article.published_at
    )
    article.save(update_fields=["topic"])
    return article


def comment(article, author, source, **kwargs):
    return actions.post_reply(article.topic, author=author, source=source, **kwargs)


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode().replace("\xa0", " ")


def test_an_article_without_comments_invites_the_first_one(client, discussed):
    html = page_of(client, discussed.get_absolute_url())

    assert '<section id="discussion"' in html
    assert "Commentaires (0)" in html
    assert "Soyez le premier à réagir." in html
    assert '<article class="post' not in html


def test_an_article_without_a_topic_shows_zero_comments(client, article):
    html = page_of(client, article.get_absolute_url())

    assert "Commentaires (0)" in html
    assert "Soyez le premier à réagir." in html


def test_the_anonymous_article_page_holds_no_form_and_invites_to_sign_in(client, discussed):
    comment(discussed, UserFactory(username="alice"), "Très bon article.")

    html = page_of(client, discussed.get_absolute_url())

    assert "csrfmiddlewaretoken" not in html
    assert 'method="post"' not in html  # the header's search box is the one form, a GET
    next_url = quote(f"{discussed.get_absolute_url()}#discussion", safe="")
    assert (
        f'href="{reverse("account_login")}?next={next_url}">Connectez-vous pour commenter' in html
    )
    assert f'href="{reverse("account_signup")}?next={next_url}">Créer un compte' in html


def test_the_discussion_shows_the_latest_comments_and_links_to_the_forum(client, discussed):
    start = timezone.now() - timedelta(minutes=30)
    authors = [UserFactory(username=name) for name in ("alice", "bob", "carole")]
    posts = [
        comment(discussed, authors[n % 3], f"Commentaire {n}.", at=start + timedelta(minutes=n))
        for n in range(3)
    ]

    html = page_of(client, discussed.get_absolute_url())

    assert "Commentaires (3)" in html
    for post in posts:
        assert f'id="post-{post.pk}"' in html
    assert html.index("Commentaire 0.") < html.index("Commentaire 2."), "oldest first"
    topic_url = discussed.topic.get_absolute_url()
    assert (
        f'<a href="{topic_url}" data-live-count>Voir tous les messages sur le forum (3)</a>' in html
    )


def test_a_member_comments_from_the_article_page_and_the_count_follows_everywhere(
    client, discussed, member
):
    client.force_login(member)
    article_url = discussed.get_absolute_url()
    html = page_of(client, article_url)
    reply_url = reverse("community:topic-reply", args=[discussed.topic.pk])
    assert f'action="{reply_url}"' in html
    assert f'name="next" value="{article_url}#discussion"' in html
    assert "Votre commentaire" in html

    response = client.post(
        reply_url, {"source": "Merci pour cet article.", "next": f"{article_url}#discussion"}
    )

    post = Post.objects.get(source="Merci pour cet article.")
    assert response.status_code == 302
    assert response["Location"] == f"{article_url}#post-{post.pk}"
    html = page_of(client, article_url)
    assert "Commentaires (1)" in html and "Merci pour cet article." in html
    assert "1 message" in page_of(client, discussed.topic.get_absolute_url() + "?after=0")
    articles = actions.get_article_discussions_category()
    assert "1 réponse" in page_of(client, articles.get_absolute_url())


def test_a_reply_from_the_forum_counts_on_the_article_page(client, discussed, member):
    client.force_login(member)
    client.post(
        reverse("community:topic-reply", args=[discussed.topic.pk]),
        {"source": "Vu sur le forum."},
    )
    client.logout()

    html = page_of(client, discussed.get_absolute_url())

    assert "Commentaires (1)" in html and "Vu sur le forum." in html


def test_reply_and_quote_links_on_the_article_page_come_back_to_it(client, discussed, member):
    post = comment(discussed, UserFactory(username="alice"), "Premier !")
    client.force_login(member)

    html = page_of(client, discussed.get_absolute_url())

    back = quote(f"{discussed.get_absolute_url()}#discussion", safe="")
    reply_url = reverse("community:topic-reply", args=[discussed.topic.pk])
    assert f"{reply_url}?reply_to={post.pk}&amp;next={back}" in html
    assert f"{reverse('community:post-quote', args=[post.pk])}?next={back}" in html
    response = client.post(
        reply_url,
        {
            "source": "Deuxième.",
            "reply_to": post.pk,
            "next": f"{discussed.get_absolute_url()}#discussion",
        },
    )
    answer = Post.objects.get(source="Deuxième.")
    assert answer.reply_to == post
    assert response["Location"] == f"{discussed.get_absolute_url()}#post-{answer.pk}"


def test_a_next_address_off_the_site_is_ignored(client, discussed, member):
    client.force_login(member)

    response = client.post(
        reverse("community:topic-reply", args=[discussed.topic.pk]),
        {"source": "Bonjour.", "next": "https://example.com/piege"},
    )

    post = Post.objects.get(source="Bonjour.")
    assert response["Location"].endswith(f"#post-{post.pk}")
    assert response["Location"].startswith(discussed.topic.get_absolute_url())


def test_a_closed_discussion_says_so_instead_of_a_composer(client, discussed, member):
    discussed.topic.is_closed = True
    discussed.topic.save(update_fields=["is_closed"])
    client.force_login(member)

    html = page_of(client, discussed.get_absolute_url())

    assert "Cette discussion est fermée" in html
    assert 'id="composer-source"' not in html

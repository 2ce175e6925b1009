"""Staying in place on an article: its earlier comments a page away, editing and deleting a
comment brings the member back to it, and links to a comment open it on the article."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Notification

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def discussed(article):
    article.topic = actions.open_discussion_topic(
        title=article.title, visible_from=article.published_at
    )
    article.save(update_fields=["topic"])
    return article


def comments(article, count, *, author=None):
    # A comment a minute, by three members: within what the posting rules let them post.
    start = timezone.now() - timedelta(hours=1)
    authors = [author] if author else [UserFactory() for _ in range(3)]
    return [
        actions.post_reply(
            article.topic,
            author=authors[n % len(authors)],
            source=f"Commentaire numéro {n}.",
            at=start + timedelta(minutes=n),
        )
        for n in range(count)
    ]


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode().replace("\xa0", " ")


def comments_url(article, **query):
    url = reverse("newsroom:article-comments", args=[article.pk, article.slug])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


# Earlier comments ------------------------------------------------------------------------


def test_the_article_links_to_its_earlier_comments_counted_by_the_one_counter(
    client, discussed, settings
):
    settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN = 5
    posts = comments(discussed, 12)

    html = page_of(client, discussed.get_absolute_url())

    assert "Voir les 7 commentaires précédents" in html
    assert f'href="{comments_url(discussed, avant=posts[7].pk)}"' in html
    assert f'id="post-{posts[6].pk}"' not in html
    assert f'id="post-{posts[7].pk}"' in html


def test_an_article_with_few_comments_has_no_link_to_earlier_ones(client, discussed, settings):
    settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN = 5
    comments(discussed, 5)

    assert "précédent" not in page_of(client, discussed.get_absolute_url())


def test_the_earlier_comments_page_goes_back_a_page_at_a_time(client, discussed, settings):
    settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN = 5
    posts = comments(discussed, 12)

    html = page_of(client, comments_url(discussed, avant=posts[7].pk))

    shown = [post for post in posts if f'id="post-{post.pk}"' in html]
    assert shown == posts[2:7]
    assert "Voir les 2 commentaires précédents" in html
    assert f'href="{comments_url(discussed, avant=posts[2].pk)}"' in html
    assert f'href="{comments_url(discussed, apres=posts[6].pk)}"' in html
    assert f'href="{discussed.get_absolute_url()}#discussion"' in html
    first = page_of(client, comments_url(discussed, avant=posts[2].pk))
    assert [post for post in posts if f'id="post-{post.pk}"' in first] == posts[:2]
    assert "précédents" not in first
    assert "12 commentaires en tout" in first


@pytest.mark.parametrize("query", ["avant=abc", "avant=-3", "apres=1e3", "avant=99999999"])
def test_a_bad_window_of_comments_is_a_404(client, discussed, query):
    comments(discussed, 3)

    response = client.get(f"{comments_url(discussed)}?{query}")

    assert response.status_code == 404


@pytest.mark.parametrize("query", ["", "autre=3"])
def test_the_comments_page_without_a_window_starts_at_the_first_comment(client, discussed, query):
    posts = comments(discussed, 3)

    html = page_of(client, f"{comments_url(discussed)}?{query}")

    assert f'id="post-{posts[0].pk}"' in html


def test_the_comments_of_an_unpublished_article_are_not_there(client, draft_article):
    url = reverse("newsroom:article-comments", args=[draft_article.pk, draft_article.slug])

    assert client.get(f"{url}?avant=1").status_code == 404


def test_an_old_slug_of_the_comments_page_redirects_with_its_window(client, discussed):
    posts = comments(discussed, 3)
    url = reverse("newsroom:article-comments", args=[discussed.pk, "ancien-titre"])

    response = client.get(f"{url}?avant={posts[2].pk}")

    assert response.status_code == 301
    assert response["Location"] == comments_url(discussed, avant=posts[2].pk)


@pytest.mark.parametrize("size", [12, 60])
def test_a_page_of_earlier_comments_costs_the_same_whatever_the_discussion(
    client, discussed, settings, size
):
    settings.KIOSQUE_PAGE_CACHE = False
    settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN = 5
    posts = comments(discussed, size)
    url = comments_url(discussed, avant=posts[-3].pk)
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        page_of(client, url)

    # The article, the page's comments, how many come before them; the site's menu, its
    # footer's pages, the next scheduled article (every shared page reads these three).
    assert len(queries) == 6, [query["sql"] for query in queries]


def test_comments_loaded_earlier_keep_a_member_s_own_links_back_to_that_page(
    client, discussed, settings
):
    settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN = 3
    author = UserFactory()
    posts = comments(discussed, 7, author=author)
    page = comments_url(discussed, avant=posts[4].pk)
    client.force_login(author)

    html = page_of(client, page)

    edit = reverse("community:post-edit", args=[posts[2].pk])
    assert f'href="{edit}?next={quote(page, safe="")}%23post-{posts[2].pk}"' in html


# Editing and deleting from the article ---------------------------------------------------


def test_editing_a_comment_from_the_article_comes_back_to_it(client, discussed):
    author = UserFactory()
    post = comments(discussed, 1, author=author)[0]
    client.force_login(author)
    html = page_of(client, discussed.get_absolute_url())
    back = f"{discussed.get_absolute_url()}#post-{post.pk}"
    edit = reverse("community:post-edit", args=[post.pk])
    link = f"{edit}?next={quote(discussed.get_absolute_url(), safe='')}%23post-{post.pk}"
    assert f'href="{link}"' in html

    form = page_of(client, link)
    assert f'<input type="hidden" name="next" value="{back}">' in form
    response = client.post(edit, {"source": "Corrigé.", "next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    assert "Corrigé." in page_of(client, discussed.get_absolute_url())


@pytest.mark.parametrize(
    "next_url",
    ["https://ailleurs.example/piege", "//ailleurs.example/", "javascript:alert(1)", "\\\\x"],
)
def test_an_edit_never_leads_off_the_site(client, discussed, next_url):
    author = UserFactory()
    post = comments(discussed, 1, author=author)[0]
    client.force_login(author)
    edit = reverse("community:post-edit", args=[post.pk])

    page = client.get(edit, {"next": next_url}).content.decode()
    response = client.post(edit, {"source": "Corrigé.", "next": next_url})

    assert '<input type="hidden" name="next" value="">' in page
    assert response.status_code == 302
    assert response["Location"].startswith(discussed.topic.get_absolute_url())


def test_editing_in_place_reads_the_source_and_answers_the_new_html(client, discussed):
    author = UserFactory()
    post = comments(discussed, 1, author=author)[0]
    client.force_login(author)
    edit = reverse("community:post-edit", args=[post.pk])

    source = client.get(edit, **JSON).json()["source"]
    saved = client.post(edit, {"source": source + " **Ajout.**"}, **JSON)
    refused = client.post(edit, {"source": " "}, **JSON)

    assert source == "Commentaire numéro 0."
    assert saved.status_code == 200
    assert saved.json()["html"] == "<p>Commentaire numéro 0. <strong>Ajout.</strong></p>"
    assert refused.status_code == 400
    assert "vide" in refused.json()["errors"][0]


def test_someone_else_s_comment_cannot_be_edited_in_place(client, discussed, member):
    post = comments(discussed, 1)[0]
    client.force_login(member)
    edit = reverse("community:post-edit", args=[post.pk])

    assert client.get(edit, **JSON).status_code == 404
    assert client.post(edit, {"source": "Pirate."}, **JSON).status_code == 404


def test_deleting_a_comment_from_the_article_comes_back_to_the_discussion(client, discussed):
    author = UserFactory()
    post = comments(discussed, 1, author=author)[0]
    client.force_login(author)
    delete = reverse("community:post-delete", args=[post.pk])
    back = f"{discussed.get_absolute_url()}#post-{post.pk}"

    page = page_of(client, f"{delete}?next={quote(back, safe='')}")
    response = client.post(delete, {"next": back})

    assert f'<input type="hidden" name="next" value="{back}">' in page
    assert f'href="{back}">Le garder' in page
    assert response.status_code == 302
    assert response["Location"] == f"{discussed.get_absolute_url()}#discussion"


# Links to a comment ------------------------------------------------------------------------


def test_a_comment_s_permalink_opens_it_on_the_article(client, discussed, settings):
    settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN = 5
    posts = comments(discussed, 12)

    latest = client.get(reverse("community:post-permalink", args=[posts[9].pk]))
    earlier = client.get(reverse("community:post-permalink", args=[posts[3].pk]))

    assert latest["Location"] == f"{discussed.get_absolute_url()}#post-{posts[9].pk}"
    url, anchor = earlier["Location"].split("#")
    assert anchor == f"post-{posts[3].pk}"
    assert url.startswith(comments_url(discussed))
    assert f'id="post-{posts[3].pk}"' in page_of(client, url)


def test_a_forum_post_s_permalink_still_opens_its_topic(client, member):
    from .factories import TopicFactory

    topic = TopicFactory()
    post = actions.post_reply(topic, author=member, source="Sur le forum.")

    response = client.get(reverse("community:post-permalink", args=[post.pk]))

    assert response["Location"].startswith(topic.get_absolute_url())


def test_a_notification_of_a_comment_opens_the_article(client, discussed):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    first = comments(discussed, 1, author=alice)[0]
    reply = actions.post_reply(discussed.topic, author=bob, source="Réponse.", reply_to=first)
    notification = Notification.objects.get(recipient=alice, post=reply)
    client.force_login(alice)

    response = client.get(
        reverse("community:notification-open", args=[notification.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == f"{discussed.get_absolute_url()}#post-{reply.pk}"
    assert response.status_code == 200


@pytest.mark.parametrize("size", [8, 40])
def test_a_comment_s_permalink_costs_the_same_whatever_the_discussion(
    client, discussed, settings, size
):
    settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN = 5
    posts = comments(discussed, size)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("community:post-permalink", args=[posts[2].pk]))

    assert response.status_code == 302
    # The post with its topic and article; the comments after it; those just before it.
    assert len(queries) == 3, [query["sql"] for query in queries]

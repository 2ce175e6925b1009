"""The forum as a member or a reader meets it, through its URLs."""

from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions, view_counts
from kiosque.community.models import Category, Moderation, Notification, Post, Topic, TopicVisit
from kiosque.community.paging import POSTS_PER_PAGE
from kiosque.community.tests.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory(name="Matériel", slug="materiel", description="Processeurs, cartes.")


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def topic(category, alice):
    return actions.start_topic(
        author=alice,
        category=category,
        title="Quel SSD choisir ?",
        source="Je cherche un SSD.",
        at=timezone.now() - timedelta(days=2),
    )


def reply(topic, author, source="Je suis d'accord.", **kwargs):
    return actions.post_reply(topic, author=author, source=source, **kwargs)


def fill(topic, count):
    """`count` replies one minute apart after the opening post, through the action."""
    authors = [UserFactory() for _ in range(3)]
    start = topic.created_at + timedelta(minutes=1)
    return [
        reply(topic, authors[n % 3], f"Message numéro {n}.", at=start + timedelta(minutes=n))
        for n in range(count)
    ]


def page_of(client, url):
    """The page's HTML, with French no-break spaces read as plain spaces."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode().replace("\xa0", " ")


def post_html(html, post):
    """The HTML of `post`'s article element on a page."""
    start = html.index(f'<article class="post" id="post-{post.pk}"')
    return html[start : html.index("</article>", start)]


# --- Index and category -----------------------------------------------------------------------


def test_forum_index_lists_categories_with_description_and_topic_count(
    client, topic, category, django_assert_max_num_queries
):
    CategoryFactory(name="Logiciels", slug="logiciels")
    TopicFactory(category=category, hidden=True)

    # the categories, their last activity, the latest topics, the next topic to become visible
    with django_assert_max_num_queries(5):
        html = page_of(client, reverse("community:index"))

    assert "Matériel" in html and "Processeurs, cartes." in html
    assert "Logiciels" in html
    assert "1 sujet" in html, "the hidden topic is not counted"
    assert "dernière activité" in html


def test_category_lists_topics_pinned_first_with_replies_and_author(
    client, topic, category, alice, django_assert_max_num_queries
):
    reply(topic, UserFactory(username="bob"))
    an_hour_ago = timezone.now() - timedelta(hours=1)
    for n in range(5):
        TopicFactory(category=category, title=f"Autre sujet {n}", last_posted_at=an_hour_ago)
    TopicFactory(category=category, title="Règles du forum", is_pinned=True)

    with django_assert_max_num_queries(6):
        html = page_of(client, category.get_absolute_url())

    assert html.index("Règles du forum") < html.index("Autre sujet 0")
    assert "Quel SSD choisir ?" in html
    assert "par alice" in html
    assert "1 réponse" in html
    shown = timezone.localtime(an_hour_ago)
    assert f'datetime="{shown.isoformat(timespec="seconds")}" data-relative>' in html, (
        "an absolute time in the page, made relative by the script"
    )


def test_a_member_sees_new_topic_button_a_reader_a_sign_in_link(client, category, member):
    html = page_of(client, category.get_absolute_url())
    assert "Nouveau sujet" not in html
    assert "Connectez-vous pour ouvrir un sujet" in html

    client.force_login(member)
    assert "Nouveau sujet" in page_of(client, category.get_absolute_url())


def test_the_articles_category_has_no_new_topic_button(client, member):
    articles = actions.get_article_discussions_category()
    client.force_login(member)

    assert "Nouveau sujet" not in page_of(client, articles.get_absolute_url())
    response = client.get(reverse("community:topic-new", args=[articles.slug]))
    assert response.status_code == 404


def test_a_member_starts_a_topic(client, category, member):
    client.force_login(member)
    url = reverse("community:topic-new", args=[category.slug])
    assert "Titre" in page_of(client, url)

    response = client.post(url, {"title": "Mon premier sujet", "source": "Bonjour à tous."})

    topic = Topic.objects.get(title="Mon premier sujet")
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    html = page_of(client, topic.get_absolute_url())
    assert "Bonjour à tous." in html


def test_a_topic_without_title_is_refused_and_the_text_kept(client, category, member):
    client.force_login(member)
    response = client.post(
        reverse("community:topic-new", args=[category.slug]),
        {"title": "  ", "source": "Mon texte précieux."},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Donnez un titre à votre sujet." in html
    assert "Mon texte précieux." in html
    assert not Topic.objects.filter(category=category).exists()


# --- Topic page -------------------------------------------------------------------------------


def test_topic_page_shows_posts_as_articles_with_author_time_and_body(client, topic, alice):
    bob = UserFactory(username="bob")
    answer = reply(topic, bob, "Prends un NVMe.", at=timezone.now() - timedelta(hours=3))

    html = page_of(client, topic.get_absolute_url())

    assert f'<article class="post" id="post-{answer.pk}"' in html
    assert "Prends un NVMe." in html
    assert f'href="{reverse("accounts:profile", args=["bob"])}"' in html
    when = timezone.localtime(answer.created_at).isoformat(timespec="seconds")
    shown = date_format(timezone.localtime(answer.created_at), "DATETIME_FORMAT")
    assert f'<time datetime="{when}" data-relative>{shown}</time>' in html
    assert "2 messages" in html


def test_old_posts_show_a_french_date(client, topic):
    at = datetime(2023, 11, 20, 16, 19, tzinfo=UTC)
    reply(topic, UserFactory(), "Un vieux message.", at=at)

    html = page_of(client, f"{topic.get_absolute_url()}?after=0")

    assert "20 novembre 2023 à 17h19" in html


def test_an_anonymous_topic_page_has_no_form_and_counts_a_view(client, topic):
    html = page_of(client, topic.get_absolute_url())

    assert "csrfmiddlewaretoken" not in html
    assert 'method="post"' not in html, "GET forms only (search, date jump)"
    assert "Connectez-vous pour répondre" in html
    page_of(client, topic.get_absolute_url())
    assert Topic.objects.get(pk=topic.pk).view_count == 0, "a reader's view writes nothing"
    assert view_counts.pending() == {topic.pk: 2}

    assert view_counts.flush() == 2
    assert Topic.objects.get(pk=topic.pk).view_count == 2


def test_a_member_sees_the_composer_and_the_buttons(client, topic, member):
    client.force_login(member)
    html = page_of(client, topic.get_absolute_url())

    assert 'id="composer-source"' in html
    assert "J’aime" in html or "J'aime" in html
    assert "Répondre" in html and "Citer" in html


def test_a_closed_topic_has_no_composer_but_a_notice(client, topic, member):
    Topic.objects.filter(pk=topic.pk).update(is_closed=True)
    client.force_login(member)

    html = page_of(client, topic.get_absolute_url())

    assert "Ce sujet est fermé" in html
    assert 'id="composer-source"' not in html


def test_a_hidden_topic_is_not_found(client, category):
    hidden = TopicFactory(category=category, hidden=True)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_an_old_slug_redirects_to_the_topic(client, topic):
    url = reverse("community:topic-detail", kwargs={"pk": topic.pk, "slug": "ancien-titre"})
    response = client.get(f"{url}?after=0")
    assert response.status_code == 301
    assert response["Location"] == f"{topic.get_absolute_url()}?after=0"


def test_a_reply_announces_whom_it_answers(client, topic, alice):
    first = Post.objects.get(topic=topic)
    answer = reply(topic, UserFactory(), "Réponse.", reply_to=first)

    html = page_of(client, topic.get_absolute_url())

    answer_html = html[html.index(f'id="post-{answer.pk}"') :]
    assert f'<a href="#post-{first.pk}">En réponse à alice</a>' in answer_html


def test_an_article_topic_shows_the_article_head(client, article):
    topic = actions.open_discussion_topic(title=article.title, visible_from=article.published_at)
    article.topic = topic
    article.save(update_fields=["topic"])

    html = page_of(client, topic.get_absolute_url())

    assert article.title in html
    assert article.lead.replace("'", "&#x27;") in html
    assert f'href="{article.get_absolute_url()}"' in html
    assert "Lire l’article" in html or "Lire l'article" in html


# --- Pages of a long topic --------------------------------------------------------------------


def test_pages_walk_through_a_long_topic_by_number_and_by_keyset(client, topic):
    posts = fill(topic, 44)  # 45 with the opening post
    url = topic.get_absolute_url()

    first = page_of(client, url)
    assert f'id="post-{posts[18].pk}"' in first
    assert f'id="post-{posts[19].pk}"' not in first
    assert "Messages précédents" not in first
    assert f'rel="next" href="{url}?page=2"' in first

    second = page_of(client, f"{url}?page=2")
    assert f'id="post-{posts[19].pk}"' in second and f'id="post-{posts[38].pk}"' in second
    assert f'rel="prev" href="{url}"' in second

    last = page_of(client, f"{url}?page=3")
    assert f'id="post-{posts[43].pk}"' in last
    assert "Messages suivants" not in last

    # Links made before pages had numbers: windows after or before a post (keyset).
    after = page_of(client, f"{url}?after={posts[18].pk}")
    assert f'id="post-{posts[19].pk}"' in after and f'id="post-{posts[38].pk}"' in after
    assert f'href="{url}?before={posts[19].pk}"' in after
    back = page_of(client, f"{url}?before={posts[19].pk}")
    assert f'id="post-{posts[0].pk}"' in back and f'id="post-{posts[18].pk}"' in back
    assert f'id="post-{posts[19].pk}"' not in back


def test_a_page_holds_twenty_posts(client, topic):
    fill(topic, 30)
    html = page_of(client, topic.get_absolute_url())
    assert html.count('<article class="post') == POSTS_PER_PAGE


def test_a_bad_page_parameter_is_not_found(client, topic):
    assert client.get(f"{topic.get_absolute_url()}?after=abc").status_code == 404
    assert client.get(f"{topic.get_absolute_url()}?before=-3").status_code == 404


def test_a_permalink_opens_the_page_holding_the_post(client, topic):
    posts = fill(topic, 44)
    target = posts[30]

    response = client.get(reverse("community:post-permalink", args=[target.pk]))

    assert response.status_code == 302
    # Opened on the numbered page that holds it (positions 21 to 40), scrolled to it.
    expected = f"{topic.get_absolute_url()}?page=2#post-{target.pk}"
    assert response["Location"] == expected
    assert f'id="post-{target.pk}"' in page_of(client, expected.split("#")[0])


def test_the_permalink_of_a_hidden_post_is_not_found(client, topic):
    post = reply(topic, UserFactory())
    actions.set_post_moderation(post, state=Moderation.HIDDEN, moderator=UserFactory(is_staff=True))
    assert client.get(reverse("community:post-permalink", args=[post.pk])).status_code == 404


def test_a_member_returning_opens_at_the_first_unread_post(client, topic, member):
    posts = fill(topic, 44)
    TopicVisit.objects.create(user=member, topic=topic, last_read_post_id=posts[24].pk)
    client.force_login(member)

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == f"{topic.get_absolute_url()}?page=2#post-{posts[25].pk}"
    html = page_of(client, response["Location"])
    assert "marker--new" not in post_html(html, posts[24]), "read: no badge"
    assert ">nouveau<" in post_html(html, posts[25])
    assert html.count("marker--new") == 38 - 25 + 1  # page 2 shows posts 21 to 40: 19..38
    visit = TopicVisit.objects.get(user=member, topic=topic)
    assert visit.last_read_post_id == posts[38].pk


def test_a_members_own_posts_are_never_new_to_them(client, topic, member):
    posts = fill(topic, 3)
    TopicVisit.objects.create(user=member, topic=topic, last_read_post_id=posts[-1].pk)
    mine = reply(topic, member)
    client.force_login(member)

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 200, "nothing unread: no jump to the member's own post"
    html = response.content.decode()
    assert f'id="post-{mine.pk}"' in html
    assert "post--new" not in html and ">nouveau<" not in html


def test_a_first_visit_opens_at_the_start_without_new_badges(client, topic, member):
    fill(topic, 3)
    client.force_login(member)

    html = page_of(client, topic.get_absolute_url())

    assert "post--new" not in html
    assert TopicVisit.objects.filter(user=member, topic=topic).exists()


def test_a_topic_page_of_a_5000_post_topic_has_bounded_queries(
    client, topic, member, django_assert_max_num_queries
):
    start = timezone.now() - timedelta(days=30)
    authors = [UserFactory() for _ in range(5)]
    Post.objects.bulk_create(
        Post(
            topic=topic,
            author=authors[n % 5],
            source=f"Message {n}",
            html=f"<p>Message {n}</p>",
            created_at=start + timedelta(seconds=n),
        )
        for n in range(5000)
    )
    Topic.objects.filter(pk=topic.pk).update(post_count=5001)
    middle = Post.objects.filter(topic=topic).order_by("created_at", "id")[2500]
    client.force_login(member)

    # Session, member, topic, visit, posts, neighbours, likes, sections, record_visit (5 with
    # its savepoints, and the member's participation: posts read, days visited), the bell, the
    # member's level (follow control), their watched notifications read: the same whether the
    # topic holds 50 posts or 5 million.
    with django_assert_max_num_queries(20):
        html = page_of(client, f"{topic.get_absolute_url()}?after={middle.pk}")

    assert html.count('<article class="post') == POSTS_PER_PAGE
    assert "Messages précédents" in html and "Messages suivants" in html


# --- Writing from the forum -------------------------------------------------------------------


def test_a_reply_from_the_topic_page_lands_on_its_page_and_counts_everywhere(
    client, topic, category, member
):
    client.force_login(member)

    response = client.post(
        reverse("community:topic-reply", args=[topic.pk]),
        {"source": "Le Samsung est très bien.", "next": ""},
    )

    post = Post.objects.get(source="Le Samsung est très bien.")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{post.pk}")
    assert "Le Samsung est très bien." in page_of(client, response["Location"].split("#")[0])
    assert "2 messages" in page_of(client, topic.get_absolute_url() + "?after=0")
    assert "1 réponse" in page_of(client, category.get_absolute_url())


def test_a_reply_page_prefills_the_reply_target(client, topic, member):
    first = Post.objects.get(topic=topic)
    client.force_login(member)

    html = page_of(
        client, f"{reverse('community:topic-reply', args=[topic.pk])}?reply_to={first.pk}"
    )

    assert f'name="reply_to" value="{first.pk}"' in html
    assert "En réponse à alice" in html


def test_quote_prefills_the_composer_without_javascript(client, topic, member):
    first = Post.objects.get(topic=topic)
    client.force_login(member)

    html = page_of(client, reverse("community:post-quote", args=[first.pk]))

    assert f'[quote="alice, post:{first.pk}"]\nJe cherche un SSD.\n[/quote]' in unescape(html)
    assert f'name="reply_to" value="{first.pk}"' in html


def test_a_reader_asked_to_quote_is_sent_to_sign_in(client, topic):
    first = Post.objects.get(topic=topic)
    response = client.get(reverse("community:post-quote", args=[first.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_like_and_unlike_without_javascript(client, topic, member):
    first = Post.objects.get(topic=topic)
    client.force_login(member)
    url = reverse("community:post-like", args=[first.pk])
    next_url = f"{topic.get_absolute_url()}#post-{first.pk}"

    response = client.post(url, {"like": "1", "next": next_url})

    assert response.status_code == 302 and response["Location"] == next_url
    html = page_of(client, topic.get_absolute_url() + "?after=0")
    assert 'aria-pressed="true"' in html
    assert '<span class="post__like-count">1</span>' in html

    client.post(url, {"like": "0", "next": next_url})
    html = page_of(client, topic.get_absolute_url() + "?after=0")
    assert '<span class="post__like-count">0</span>' in html


def test_like_answers_json_to_the_script(client, topic, member):
    first = Post.objects.get(topic=topic)
    client.force_login(member)

    response = client.post(
        reverse("community:post-like", args=[first.pk]),
        {"like": "1"},
        headers={"accept": "application/json"},
    )

    assert response.json() == {"liked": True, "like_count": 1}


def test_liking_ones_own_post_is_refused(client, topic, alice):
    first = Post.objects.get(topic=topic)
    client.force_login(alice)

    response = client.post(reverse("community:post-like", args=[first.pk]), {"like": "1"})

    assert response.status_code == 409
    assert "votre propre message" in response.content.decode()


def test_edit_shows_modified(client, topic, alice):
    first = Post.objects.get(topic=topic)
    client.force_login(alice)
    url = reverse("community:post-edit", args=[first.pk])
    assert "Je cherche un SSD." in page_of(client, url)

    response = client.post(url, {"source": "Je cherche un SSD de 2 To."})

    assert response.status_code == 302
    html = page_of(client, topic.get_absolute_url() + "?after=0")
    assert "Je cherche un SSD de 2 To." in html
    assert "modifié" in html


def test_only_the_author_can_edit(client, topic, member):
    first = Post.objects.get(topic=topic)
    client.force_login(member)
    response = client.post(reverse("community:post-edit", args=[first.pk]), {"source": "Pirate"})
    assert response.status_code == 404
    assert Post.objects.get(pk=first.pk).source == "Je cherche un SSD."


def test_delete_asks_then_removes_the_post_and_its_count(client, topic, member):
    post = reply(topic, member, "Message regretté.")
    client.force_login(member)
    url = reverse("community:post-delete", args=[post.pk])

    assert "Supprimer votre message ?" in page_of(client, url)
    response = client.post(url)

    assert response.status_code == 302
    html = page_of(client, topic.get_absolute_url() + "?after=0")
    assert "Message regretté." not in html
    assert "1 message" in html


# --- Notifications ----------------------------------------------------------------------------


def test_notifications_list_and_mark_read(client, topic, alice):
    first = Post.objects.get(topic=topic)
    reply(topic, UserFactory(username="bob"), "Réponse à Alice.", reply_to=first)
    client.force_login(alice)

    bell = page_of(client, reverse("community:notifications"))
    assert "bob a répondu à votre message dans « Quel SSD choisir ? »" in bell

    response = client.post(reverse("community:notifications"))

    assert response.status_code == 302
    assert not Notification.objects.unread_for(alice).exists()


def test_opening_a_notification_reads_it_and_shows_the_post(client, topic, alice):
    first = Post.objects.get(topic=topic)
    answers = [
        reply(topic, UserFactory(username=name), f"Réponse de {name}.", reply_to=first)
        for name in ("bob", "carole")
    ]
    client.force_login(alice)
    listing = page_of(client, reverse("community:notifications"))
    assert 'aria-label="Notifications (2 non lues)"' in listing
    bobs = Notification.objects.get(recipient=alice, post=answers[0])
    link = reverse("community:notification-open", args=[bobs.pk])
    assert f'action="{link}"' in listing  # opening reads it: a POST (views/notifications.py)

    response = client.post(link, follow=True)

    assert response.redirect_chain[0] == (
        reverse("community:post-permalink", args=[answers[0].pk]),
        302,
    )
    assert response.request["PATH_INFO"] == topic.get_absolute_url()
    html = response.content.decode().replace("\xa0", " ")
    assert f'id="post-{answers[0].pk}"' in html
    assert 'aria-label="Notifications (1 non lue)"' in html
    listing = page_of(client, reverse("community:notifications"))
    assert listing.count("non lue</span>") == 1, "carole's is still unread"


def test_a_notification_opens_for_its_recipient_only(client, topic, alice):
    first = Post.objects.get(topic=topic)
    reply(topic, UserFactory(username="bob"), "Réponse à Alice.", reply_to=first)
    notification = Notification.objects.get(recipient=alice)
    link = reverse("community:notification-open", args=[notification.pk])

    assert client.get(link)["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory(username="mallory"))
    assert client.get(link).status_code == 404
    assert Notification.objects.unread_for(alice).count() == 1


def test_the_bell_names_the_unread_count(rf, topic, alice):
    from django.template.loader import render_to_string

    first = Post.objects.get(topic=topic)
    for name in ("bob", "carole", "david"):
        reply(topic, UserFactory(username=name), f"Réponse de {name}.", reply_to=first)
    request = rf.get("/")
    request.user = alice

    html = render_to_string("community/_notification_bell.html", {"user": alice}, request=request)

    assert 'aria-label="Notifications (3 non lues)"' in html
    assert 'href="/forum/notifications/"' in html


def test_categories_exist_for_the_index(client):
    assert Category.objects.count() == 0
    assert "pas encore de catégorie" in page_of(client, reverse("community:index"))

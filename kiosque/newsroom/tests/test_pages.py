"""What a reader sees on the reading pages, in French first and in English."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions as community
from kiosque.newsroom import actions
from kiosque.newsroom.models import Article, RetiredSlug
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_article_page_shows_every_reading_element(client):
    author = AuthorFactory(name="Léa Martin", slug="lea-martin", bio="Je couvre l’IA depuis 2015.")
    story = StoryFactory(title="La saga du labo", slug="saga-du-labo")
    article = ArticleFactory(
        title="Un titre qui claque",
        lead="Le chapeau de l’article.",
        body="## Un intertitre\n\n> Une citation\n\n- un\n- deux\n",
        published_at=dt.datetime(2023, 11, 20, 16, 19, tzinfo=dt.UTC),
        source_name="Wired",
        source_url="https://www.wired.com/",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        story=story,
        authors=[author],
    )
    ArticleFactory(story=story, title="L’épisode précédent")
    html = client.get(article.get_absolute_url()).content.decode()

    assert '<h1 id="article-title" class="article__title">Un titre qui claque</h1>' in html
    assert 'datetime="2023-11-20T17:19:00+01:00">20 novembre 2023 à 17h19</time>' in html
    assert '<a class="article__comment-count" href="#discussion">0 commentaire</a>' in html
    assert '<p class="article__lead">Le chapeau de l’article.</p>' in html
    assert "<h2>Un intertitre</h2>" in html and "<blockquote>" in html and "<li>deux</li>" in html
    assert 'Source : <a href="https://www.wired.com/"' in html
    assert "Je couvre l’IA depuis 2015." in html
    assert "Lire d’autres articles" in html and author.get_absolute_url() in html
    assert "Suivez-nous" in html and reverse("discovery:feed-rss") in html
    assert "Rejoignez la communauté" in html and reverse("account_signup") in html
    assert 'id="discussion"' in html
    assert 'href="#haut"' in html and 'id="haut"' in html
    assert "Sur le même sujet" in html and "L’épisode précédent" in html
    assert story.get_absolute_url() in html


def test_video_block_embeds_nothing_from_the_video_host_until_asked(client):
    article = ArticleFactory(video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "À découvrir en vidéo" in html
    assert "<iframe" not in html
    assert ' src="https://' not in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html


def test_follow_links_to_google_news_and_whatsapp_appear_only_when_set(client, settings):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    # (the share links name WhatsApp too: the channel's link is what must not show)
    assert "Google Actualités" not in html and "whatsapp.com/channel" not in html
    settings.KIOSQUE_GOOGLE_NEWS_URL = "https://news.google.com/publications/kiosque"
    settings.KIOSQUE_WHATSAPP_URL = "https://whatsapp.com/channel/kiosque"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "https://news.google.com/publications/kiosque" in html
    assert "https://whatsapp.com/channel/kiosque" in html


def test_update_notice_only_when_it_matters(client):
    published = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
    typo_fix = ArticleFactory(
        published_at=published, updated_at=published + dt.timedelta(minutes=5)
    )
    real_update = ArticleFactory(
        published_at=published, updated_at=published + dt.timedelta(hours=3)
    )
    assert "Mis à jour le" not in client.get(typo_fix.get_absolute_url()).content.decode()
    html = client.get(real_update.get_absolute_url()).content.decode()
    assert "Mis à jour le" in html and "1 mars 2024 à 13h00" in html


def test_changed_article_slug_answers_301_to_the_new_address(client):
    article = ArticleFactory(slug="ancien-titre")
    old_url = article.get_absolute_url()
    article.slug = "nouveau-titre"
    actions.save_article(article, by=None)
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    ("factory", "kind"),
    [
        (SectionFactory, RetiredSlug.Kind.SECTION),
        (TagFactory, RetiredSlug.Kind.TAG),
        (AuthorFactory, RetiredSlug.Kind.AUTHOR),
        (StoryFactory, RetiredSlug.Kind.STORY),
    ],
)
def test_renamed_slug_answers_301_to_the_new_address(client, factory, kind):
    obj = factory(slug="ancien")
    old_url = obj.get_absolute_url()
    obj.slug = "nouveau"
    obj.save()
    actions.retire_slug(obj, old_slug="ancien")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == obj.get_absolute_url()
    assert client.get(obj.get_absolute_url()).status_code == 200


def test_slug_renamed_back_is_no_longer_retired():
    section = SectionFactory(slug="a")
    section.slug = "b"
    section.save()
    actions.retire_slug(section, old_slug="a")
    section.slug = "a"
    section.save()
    actions.retire_slug(section, old_slug="b")
    assert list(RetiredSlug.objects.values_list("slug", flat=True)) == ["b"]


def test_unknown_pages_answer_a_french_404(client):
    response = client.get("/rubrique/nexiste-pas/")
    assert response.status_code == 404
    assert "Cette page n’existe pas" in response.content.decode()
    assert client.get("/article/999-rien/").status_code == 404


def test_listing_pages_are_paginated_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    section = SectionFactory()
    for _ in range(15):
        ArticleFactory(section=section)
    with django_assert_max_num_queries(8):
        first = client.get(section.get_absolute_url())
    assert len(first.context["page"].object_list) == 12
    second = client.get(section.get_absolute_url() + "?page=2")
    assert len(second.context["page"].object_list) == 3
    assert client.get(section.get_absolute_url() + "?page=abc").status_code == 200


def home_queries(client) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("newsroom:home"))
    assert response.status_code == 200
    return len(captured.captured_queries), response.context


def add_sections(count: int, *, featured: int = 0) -> None:
    """`count` sections of five published articles each, the first of `featured` of them
    featured."""
    for number in range(count):
        section = SectionFactory()
        for index in range(5):
            ArticleFactory(section=section, is_featured=index == 0 and number < featured)


def test_home_costs_the_same_queries_with_two_sections_and_with_twelve(client):
    add_sections(2, featured=2)
    few, context = home_queries(client)
    assert len(context["sections"]) == 2 and len(context["featured"]) == 2

    add_sections(10, featured=1)
    many, context = home_queries(client)
    assert len(context["sections"]) == 12 and len(context["featured"]) == 3
    html = client.get(reverse("newsroom:home")).content.decode()
    assert "À la une" in html and "Dernières actualités" in html

    # featured, latest, each section's newest (one query), the cards, the menu's sections, the
    # footer's site pages and the next release: see kiosque/tests/test_query_counts.py for every
    # reading page
    assert (few, many) == (11, 11)


def test_home_shows_the_four_newest_published_articles_of_each_section_in_menu_order(client):
    now = dt.datetime.now(dt.UTC)
    second = SectionFactory(name="Hardware", position=2)
    first = SectionFactory(name="IA", position=1)
    SectionFactory(name="Vide", position=0)  # no article: no block
    expected = {}
    for section in (first, second):
        articles = [
            ArticleFactory(section=section, published_at=now - dt.timedelta(hours=hours))
            for hours in (5, 1, 3, 2, 6, 4)
        ]
        ArticleFactory(section=section, scheduled=True)
        ArticleFactory(section=section, draft=True)
        expected[section] = sorted(articles, key=lambda a: a.published_at, reverse=True)[:4]

    sections = client.get(reverse("newsroom:home")).context["sections"]

    assert sections == [(first, expected[first]), (second, expected[second])]


def test_story_page_is_a_timeline_of_its_articles(client):
    story = StoryFactory(title="La saga")
    for day in (1, 2, 3, 4):
        ArticleFactory(story=story, published_at=dt.datetime(2024, 5, day, 8, tzinfo=dt.UTC))
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.count('class="timeline__item"') == 4
    assert html.index("4 mai 2024") < html.index("1 mai 2024")


@pytest.mark.parametrize(
    ("count", "french", "english"),
    [
        (0, "0 commentaire", "0 comments"),
        (1, "1 commentaire", "1 comment"),
        (13, "13 commentaires", "13 comments"),
    ],
)
def test_the_article_page_pluralises_its_comment_count(client, count, french, english):
    article = ArticleFactory()
    assert article.topic is not None
    for n in range(count):
        community.post_reply(article.topic, author=UserFactory(), source=f"Avis numéro {n}.")

    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<a class="article__comment-count" href="#discussion">{french}</a>' in html
    html = client.get("/en" + article.get_absolute_url()).content.decode()
    assert f'<a class="article__comment-count" href="#discussion">{english}</a>' in html


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("", "20 novembre 2023 à 17h19"), ("/en", "November 20, 2023 at 5:19 p.m.")],
)
def test_the_article_page_dates_read_naturally_in_paris_time(client, prefix, expected):
    article = ArticleFactory(published_at=dt.datetime(2023, 11, 20, 16, 19, tzinfo=dt.UTC))
    html = client.get(prefix + article.get_absolute_url()).content.decode()
    assert f'datetime="2023-11-20T17:19:00+01:00">{expected}</time>' in html


def test_english_version_lives_under_en(client):
    article = ArticleFactory()
    html = client.get("/en" + article.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html
    assert "0 comments" in html and "Back to top" in html


def test_anonymous_article_page_is_one_shareable_document(client):
    article = ArticleFactory()
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert first.content == second.content
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]


def test_member_pages_are_marked_private(client, member):
    client.force_login(member)
    response = client.get(ArticleFactory().get_absolute_url())
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("status", [Article.Status.SCHEDULED, Article.Status.PUBLISHED])
def test_the_database_refuses_a_released_article_without_a_publication_time(status):
    article = ArticleFactory(draft=True)
    article.status = status
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_publishing_gives_the_article_its_publication_time_and_readers_see_it(client):
    article = ArticleFactory(draft=True)
    assert client.get(article.get_absolute_url()).status_code == 404

    actions.publish_article(article, by=None)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at is not None
    assert client.get(article.get_absolute_url()).status_code == 200

"""The embargo: an article scheduled for T is on no reader surface at T − 1 s and on every one at
T + 1 s, with no job run in between; drafts, articles in review and unpublished ones are never
on any. Pages are stored shared (the page cache is on): a page stored before T must not outlive
T.

The surfaces: the article page and its error report form, the home page (French and English),
its section, tag, author and story pages, another article's page (related articles, the story's
other articles), the forum (its index's counts, the articles' category, the discussion topic,
the live stream of the discussion, commenters' pages), the RSS and Atom feeds (site and
section), the sitemap, the corrections page and feed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions as community_actions
from kiosque.community.live import TopicSource
from kiosque.community.models import Category, Topic
from kiosque.newsroom import actions
from kiosque.newsroom.actions import corrections
from kiosque.newsroom.models import Article, Author, Correction, Section, Story, Tag
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]

ONE_SECOND = timedelta(seconds=1)
EMBARGOED = "Annonce sous embargo"
NEVER_SHOWN = {
    "draft": "Brouillon jamais vu",
    "in_review": "Relecture jamais vue",
    "unpublished": "Retrait jamais vu",
}


@dataclass
class Newsroom:
    section: Section
    tag: Tag
    story: Story
    author: Author
    neighbour: Article
    embargoed: Article
    never_shown: dict[str, Article]

    @property
    def release_at(self) -> datetime:
        assert self.embargoed.published_at is not None
        return self.embargoed.published_at


@pytest.fixture
def newsroom() -> Newsroom:
    """A published article, and around it (same section, tag, story and author) an article
    scheduled for tomorrow and others that are never to be shown."""
    shared = {
        "section": SectionFactory.create(slug="securite", name="Sécurité"),
        "tags": [TagFactory.create(slug="chiffrement", name="Chiffrement")],
        "story": StoryFactory.create(slug="la-faille", title="La faille"),
        "authors": [AuthorFactory.create(slug="nora-belkacem", name="Nora Belkacem")],
    }
    neighbour = ArticleFactory.create(title="Le voisin déjà publié", in_review=True, **shared)
    actions.publish_article(neighbour, by=None, at=timezone.now() - timedelta(hours=2))

    embargoed = ArticleFactory.create(title=EMBARGOED, in_review=True, **shared)
    release_at = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    actions.schedule_article(embargoed, by=None, at=release_at)

    never_shown = {
        state: ArticleFactory.create(title=title, in_review=True, **shared)
        for state, title in NEVER_SHOWN.items()
    }
    never_shown["draft"].status = Article.Status.DRAFT
    never_shown["draft"].save(update_fields=["status"])
    actions.publish_article(never_shown["unpublished"], by=None)
    actions.unpublish_article(never_shown["unpublished"], by=None)
    return Newsroom(
        section=shared["section"],
        tag=shared["tags"][0],
        story=shared["story"],
        author=shared["authors"][0],
        neighbour=neighbour,
        embargoed=Article.objects.get(pk=embargoed.pk),
        never_shown={state: Article.objects.get(pk=a.pk) for state, a in never_shown.items()},
    )


def listing_surfaces(newsroom: Newsroom) -> dict[str, str]:
    """Every reader page that lists or links to articles, by name."""
    return {
        "home": reverse("newsroom:home"),
        "home in English": "/en/",
        "section": newsroom.section.get_absolute_url(),
        "tag": newsroom.tag.get_absolute_url(),
        "author": newsroom.author.get_absolute_url(),
        "story": newsroom.story.get_absolute_url(),
        "another article (related, same story)": newsroom.neighbour.get_absolute_url(),
        "forum category of the discussions": Category.objects.get(
            is_article_discussions=True
        ).get_absolute_url(),
        "RSS feed": reverse("discovery:feed-rss"),
        "Atom feed": reverse("discovery:feed-atom"),
        "section feed": reverse("discovery:feed-section", kwargs={"slug": newsroom.section.slug}),
        "sitemap": reverse("discovery:sitemap-section", kwargs={"section": "articles"}),
    }


@pytest.fixture(params=["anonymous reader", "signed-in member"])
def reader(request) -> Iterator[Client]:
    """Anonymous readers get the stored page; members get it with their personal blocks."""
    client = Client()
    if request.param == "signed-in member":
        client.force_login(UserFactory.create())
    yield client


def shows(content: str, article: Article) -> bool:
    return article.title in content or article.get_absolute_url() in content


def articles_topic_count(client: Client) -> str:
    """The forum index's line for the articles' category ("2 sujets")."""
    # The page's body: the head's structured data names every category's address too.
    content = client.get(reverse("community:index")).content.decode().split("<main", 1)[1]
    category = Category.objects.get(is_article_discussions=True)
    item = content.split(category.get_absolute_url(), 1)[1].split("</li>", 1)[0]
    return " ".join(item.split('category-list__meta">', 1)[1].split()[:2])


def test_a_scheduled_article_is_nowhere_before_its_time_and_everywhere_after(reader, newsroom):
    embargoed = newsroom.embargoed
    surfaces = listing_surfaces(newsroom)
    topic = Topic.objects.get(pk=embargoed.topic_id)

    report_error = reverse("newsroom:report-error", args=[embargoed.pk])

    with time_machine.travel(newsroom.release_at - ONE_SECOND, tick=False):
        assert reader.get(embargoed.get_absolute_url()).status_code == 404
        assert reader.get(topic.get_absolute_url()).status_code == 404
        assert reader.get(report_error).status_code == 404
        assert not TopicSource().is_open(topic.pk)
        assert articles_topic_count(reader) == "1 sujet"
        for name, url in surfaces.items():
            response = reader.get(url)
            assert response.status_code == 200, name
            assert shows(response.content.decode(), newsroom.neighbour) or "feed" in name, name
            assert not shows(response.content.decode(), embargoed), f"{name} shows it early"

    with time_machine.travel(newsroom.release_at + ONE_SECOND, tick=False):
        assert reader.get(embargoed.get_absolute_url()).status_code == 200
        assert reader.get(topic.get_absolute_url()).status_code == 200
        assert reader.get(report_error).status_code == 200
        assert TopicSource().is_open(topic.pk)
        assert articles_topic_count(reader) == "2 sujets"
        for name, url in surfaces.items():
            response = reader.get(url)
            assert response.status_code == 200, name
            assert shows(response.content.decode(), embargoed), f"{name} still without it"

    assert Article.objects.get(pk=embargoed.pk).status == Article.Status.SCHEDULED, (
        "no job ran: the gate reads the time"
    )


def test_a_page_stored_before_the_release_expires_at_the_release(client, newsroom):
    with time_machine.travel(newsroom.release_at - timedelta(minutes=10), tick=False):
        response = client.get(reverse("newsroom:home"))
        assert "s-maxage=1" in response["Cache-Control"]
        assert client.get(reverse("newsroom:home")).content == response.content, "stored"

    with time_machine.travel(newsroom.release_at, tick=False):
        assert EMBARGOED in client.get(reverse("newsroom:home")).content.decode()


@pytest.mark.parametrize("state", NEVER_SHOWN)
def test_articles_not_released_are_on_no_surface_ever(reader, newsroom, state):
    article = newsroom.never_shown[state]
    surfaces = listing_surfaces(newsroom)

    for moment in (newsroom.release_at - ONE_SECOND, newsroom.release_at + timedelta(days=30)):
        with time_machine.travel(moment, tick=False):
            assert reader.get(article.get_absolute_url()).status_code == 404
            for name, url in surfaces.items():
                assert not shows(reader.get(url).content.decode(), article), name


def test_the_discussion_of_an_unpublished_article_is_closed_to_readers(client, newsroom):
    article = newsroom.never_shown["unpublished"]
    topic = Topic.objects.get(pk=article.topic_id)

    assert client.get(topic.get_absolute_url()).status_code == 404
    assert not TopicSource().is_open(topic.pk)
    assert not Topic.objects.visible().filter(pk=topic.pk).exists()


def test_drafts_and_articles_in_review_have_no_discussion_yet(newsroom):
    assert newsroom.never_shown["draft"].topic_id is None
    assert newsroom.never_shown["in_review"].topic_id is None


def test_a_scheduled_article_taken_back_stays_out_after_its_time(client, newsroom):
    embargoed = newsroom.embargoed
    actions.unpublish_article(embargoed, by=None)

    with time_machine.travel(newsroom.release_at + ONE_SECOND, tick=False):
        assert client.get(embargoed.get_absolute_url()).status_code == 404
        assert EMBARGOED not in client.get(reverse("newsroom:home")).content.decode()
        assert EMBARGOED not in client.get(reverse("discovery:feed-rss")).content.decode()


def test_corrections_follow_their_article_out_and_back_at_its_time(client, newsroom):
    """A correction belongs to what was published: taken out with its article, back with it at
    the time the article is scheduled again (on the corrections page and in their feed)."""
    article = newsroom.neighbour
    corrections.add_correction(
        article, by=None, kind=Correction.Kind.CORRECTION, note="Le chiffre était faux."
    )
    pages = [reverse("newsroom:corrections"), reverse("discovery:feed-corrections")]
    assert all("Le chiffre était faux." in client.get(url).content.decode() for url in pages)

    actions.unpublish_article(article, by=None)
    actions.schedule_article(article, by=None, at=newsroom.release_at)

    with time_machine.travel(newsroom.release_at - ONE_SECOND, tick=False):
        for url in pages:
            assert "Le chiffre était faux." not in client.get(url).content.decode(), url
    with time_machine.travel(newsroom.release_at + ONE_SECOND, tick=False):
        for url in pages:
            assert "Le chiffre était faux." in client.get(url).content.decode(), url


def test_comments_under_an_unpublished_article_leave_their_authors_pages(
    client, newsroom, django_capture_on_commit_callbacks
):
    article = ArticleFactory.create(title="Retiré après débat", in_review=True)
    actions.publish_article(article, by=None)
    member = UserFactory.create(username="commentatrice")
    community_actions.post_reply(
        Topic.objects.get(pk=article.topic_id), author=member, source="Un avis bien tranché."
    )
    profile = reverse("accounts:profile", kwargs={"username": member.username})
    assert "Un avis bien tranché." in client.get(profile).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # its announcements delivered
        actions.unpublish_article(article, by=None)

    content = client.get(profile).content.decode()
    assert "Retiré après débat" not in content
    assert "Un avis bien tranché." not in content

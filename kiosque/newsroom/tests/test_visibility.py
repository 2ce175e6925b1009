"""A draft or a scheduled article is visible nowhere to readers before its time."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.newsroom import actions, roles
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """One published article and, sharing everything with it, a draft and a scheduled one."""
    section = SectionFactory(slug="ia", name="IA")
    tag = TagFactory(slug="openai", name="OpenAI")
    story = StoryFactory(slug="le-feuilleton")
    author = AuthorFactory(slug="lea-martin")
    common = {"section": section, "tags": [tag], "story": story, "authors": [author]}
    return {
        "published": ArticleFactory(title="Publié et visible", **common),
        "draft": ArticleFactory(title="Brouillon secret", draft=True, **common),
        "scheduled": ArticleFactory(title="Programmé pour demain", scheduled=True, **common),
        "section": section,
        "tag": tag,
        "story": story,
        "author": author,
    }


def public_pages(world) -> list[str]:
    return [
        reverse("newsroom:home"),
        world["section"].get_absolute_url(),
        world["tag"].get_absolute_url(),
        world["story"].get_absolute_url(),
        world["author"].get_absolute_url(),
        world["published"].get_absolute_url(),
        reverse("discovery:feed-rss"),
        reverse("discovery:feed-atom"),
        reverse("discovery:feed-section", kwargs={"slug": "ia"}),
        reverse("discovery:sitemap-section", kwargs={"section": "articles"}),
    ]


def test_unreleased_articles_appear_on_no_public_page(client, world):
    for url in public_pages(world):
        content = client.get(url).content.decode()
        assert world["published"].get_absolute_url() in content, url
        assert "Brouillon secret" not in content, url
        assert "Programmé pour demain" not in content, url
        assert world["draft"].get_absolute_url() not in content, url
        assert world["scheduled"].get_absolute_url() not in content, url


@pytest.mark.parametrize("which", ["draft", "scheduled"])
def test_unreleased_article_page_is_not_found_for_readers(client, member, world, which):
    url = world[which].get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404


def test_the_newsroom_can_preview_a_draft(client, editor, world):
    client.force_login(editor)
    response = client.get(world["draft"].get_absolute_url())
    assert response.status_code == 200
    assert "cet article n’est pas publié" in response.content.decode()


def test_related_articles_never_include_unreleased_ones(world):
    related = Article.objects.published().related_to(world["published"])
    assert list(related) == []


def test_listing_counts_only_published_articles(client, world):
    page = client.get(world["section"].get_absolute_url()).context["page"]
    assert page.paginator.count == 1


def test_a_scheduled_article_appears_by_itself_when_its_time_comes(client, world):
    scheduled = world["scheduled"]
    with time_machine.travel(scheduled.published_at + timedelta(minutes=1)):
        assert client.get(scheduled.get_absolute_url()).status_code == 200
        assert "Programmé pour demain" in client.get(reverse("newsroom:home")).content.decode()


def test_publishing_gives_the_article_a_discussion_hidden_until_its_time():
    article = ArticleFactory(draft=True)
    later = timezone.now() + timedelta(hours=2)
    actions.publish_article(article, by=None, at=later)
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert article.topic is not None
    from kiosque.community.models import Topic

    assert not Topic.objects.visible().filter(pk=article.topic.pk).exists()
    assert Topic.objects.visible(at=later).filter(pk=article.topic.pk).exists()


def test_unpublishing_hides_the_article_and_its_discussion(client, world):
    article = world["published"]
    actions.publish_article(article, by=None)
    actions.unpublish_article(article, by=None)
    assert client.get(article.get_absolute_url()).status_code == 404
    from kiosque.community.models import Topic

    assert not Topic.objects.visible().filter(pk=article.topic_id).exists()


def test_feed_is_well_formed_and_lists_published_articles(client, world):
    response = client.get(reverse("discovery:feed-rss"))
    titles = [
        item.findtext("title") for item in ElementTree.fromstring(response.content).iter("item")
    ]
    assert titles == ["Publié et visible"]


def _in_role(role: str):
    user = UserFactory.create()
    user.groups.add(Group.objects.get(name=role))
    return user


def test_a_contributor_previews_their_own_draft_and_no_one_elses(client, world):
    contributor = _in_role(roles.CONTRIBUTORS)
    byline = AuthorFactory(user=contributor)
    own = ArticleFactory(title="Mon brouillon", draft=True, authors=[byline])
    client.force_login(contributor)

    response = client.get(own.get_absolute_url())
    assert response.status_code == 200
    assert "cet article n’est pas publié" in response.content.decode()
    assert "private" in response["Cache-Control"], "a preview is never stored"
    assert client.get(world["draft"].get_absolute_url()).status_code == 404
    assert client.get(world["scheduled"].get_absolute_url()).status_code == 404


def test_an_editor_without_admin_access_previews_every_unreleased_article(client, world):
    client.force_login(_in_role(roles.EDITORS))

    for which in ("draft", "scheduled"):
        response = client.get(world[which].get_absolute_url())
        assert response.status_code == 200, which
        assert "private" in response["Cache-Control"], "a preview is never stored"

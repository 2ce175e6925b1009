"""Running stories in the desk: create one, find and add its articles, order its timeline with
buttons (no script needed), and readers' story page follows that order."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kiosque.newsroom.actions import stories
from kiosque.newsroom.models import Article, Story
from kiosque.newsroom.tests.factories import ArticleFactory, StoryFactory

pytestmark = pytest.mark.django_db


def titles_on_story_page(client, story: Story) -> list[str]:
    html = client.get(story.get_absolute_url()).content.decode()
    return re.findall(r'<h2 class="timeline__title"><a href="[^"]+">([^<]+)</a>', html)


def test_an_editor_creates_a_story_its_address_made_from_the_title(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("desk:story-new"), {"title": "La bataille des puces", "summary": "Tout suivre."}
    )

    story = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:story-edit", args=[story.pk])
    assert (story.slug, story.summary) == ("la-bataille-des-puces", "Tout suivre.")
    assert "La bataille des puces" in client.get(reverse("desk:story-list")).content.decode()


def test_a_story_without_title_is_refused_with_the_text_kept(client, editor):
    client.force_login(editor)
    response = client.post(reverse("desk:story-new"), {"title": "", "summary": "Mon résumé"})

    assert response.status_code == 400
    assert "Mon résumé</textarea>" in response.content.decode()
    assert not Story.objects.exists()


def test_articles_are_found_by_title_added_and_removed(client, editor):
    story = StoryFactory()
    wanted = ArticleFactory(title="Nvidia présente sa nouvelle puce")
    ArticleFactory(title="Un autre sujet")
    client.force_login(editor)
    edit = reverse("desk:story-edit", args=[story.pk])

    found = client.get(edit, {"q": "puce"}).content.decode()
    assert "Nvidia présente sa nouvelle puce" in found and "Un autre sujet" not in found

    client.post(reverse("desk:story-attach", args=[story.pk]), {"article": wanted.pk})
    wanted.refresh_from_db()
    assert (wanted.story, wanted.story_position) == (story, 1)
    assert titles_on_story_page(client, story) == ["Nvidia présente sa nouvelle puce"]

    client.post(reverse("desk:story-detach", args=[story.pk]), {"article": wanted.pk})
    wanted.refresh_from_db()
    assert (wanted.story, wanted.story_position) == (None, None)
    assert titles_on_story_page(client, story) == []


def test_the_timeline_is_ordered_with_up_and_down_buttons(client, editor):
    story = StoryFactory()
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    first, _second, third = (
        ArticleFactory(title=title, story=story, published_at=now - dt.timedelta(days=days))
        for title, days in (("Premier", 3), ("Deuxième", 2), ("Troisième", 1))
    )
    # Without an order of their own, newest first.
    assert titles_on_story_page(client, story) == ["Troisième", "Deuxième", "Premier"]
    client.force_login(editor)
    move = reverse("desk:story-move", args=[story.pk])

    client.post(move, {"article": first.pk, "direction": "up"})
    client.post(move, {"article": first.pk, "direction": "up"})
    client.post(move, {"article": third.pk, "direction": "down"})

    assert titles_on_story_page(client, story) == ["Premier", "Deuxième", "Troisième"]
    edit = client.get(reverse("desk:story-edit", args=[story.pk])).content.decode()
    assert edit.index("Premier") < edit.index("Deuxième") < edit.index("Troisième")
    assert list(
        Article.objects.filter(story=story)
        .order_by("story_position")
        .values_list("title", flat=True)
    ) == ["Premier", "Deuxième", "Troisième"]


def test_order_story_refuses_an_article_of_another_story(editor):
    story = StoryFactory()
    ArticleFactory(story=story)
    stranger = ArticleFactory()
    with pytest.raises(ValidationError) as refusal:
        stories.order_story(story, by=editor, article_ids=[stranger.pk])
    assert refusal.value.code == "not_in_story"


@pytest.mark.parametrize("who", ["contributor", "author", "reader"])
def test_only_editors_keep_stories(client, who, request):
    story = StoryFactory()
    article = ArticleFactory()
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("desk:story-list")).status_code == 403
    assert client.post(reverse("desk:story-new"), {"title": "Non"}).status_code == 403
    attach = client.post(reverse("desk:story-attach", args=[story.pk]), {"article": article.pk})
    assert attach.status_code == 403
    article.refresh_from_db()
    assert article.story is None

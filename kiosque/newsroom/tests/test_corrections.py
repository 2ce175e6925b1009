"""Corrections and update notes as readers see them: under the article's title, on the public
list of corrections (newest first, released articles only) and in its RSS feed."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kiosque.accounts.tests.factories import UserFactory
from kiosque.newsroom.actions import corrections, unpublish_article
from kiosque.newsroom.models import Article, Correction
from kiosque.newsroom.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_update_note_shows_under_the_title_with_its_date_in_french(client, editor):
    article = ArticleFactory(published_at=dt.datetime(2026, 11, 1, 7, 0, tzinfo=dt.UTC))
    note = corrections.add_correction(
        article, by=editor, kind=Correction.Kind.UPDATE, note="Le fabricant a répondu <vite>."
    )
    Correction.objects.filter(pk=note.pk).update(
        created_at=dt.datetime(2026, 11, 3, 7, 0, tzinfo=dt.UTC)
    )
    html = client.get(article.get_absolute_url()).content.decode()

    assert "Mis à jour le 3 novembre 2026 à 08h00 :" in html
    assert "Le fabricant a répondu &lt;vite&gt;." in html  # plain text, never markup
    assert f'id="correction-{note.pk}"' in html


def test_a_correction_moves_the_update_time_and_says_correction(client, editor, article):
    note = corrections.add_correction(
        article, by=editor, kind=Correction.Kind.CORRECTION, note="Le prix était de 499 €."
    )
    article.refresh_from_db()
    html = client.get(article.get_absolute_url()).content.decode()

    assert article.updated_at == note.created_at
    assert "Correction le " in html and "Le prix était de 499 €." in html


def test_only_editors_add_or_delete_notes(article, editor):
    member = UserFactory()
    with pytest.raises(PermissionDenied):
        corrections.add_correction(article, by=member, kind="correction", note="Non.")
    note = corrections.add_correction(article, by=editor, kind="correction", note="Oui.")
    with pytest.raises(PermissionDenied):
        corrections.delete_correction(note, by=member)
    assert Correction.objects.filter(pk=note.pk).exists()


def test_an_unpublished_article_takes_no_note(editor, draft_article):
    with pytest.raises(ValidationError) as refusal:
        corrections.add_correction(draft_article, by=editor, kind="update", note="Trop tôt.")
    assert refusal.value.code == "not_published"
    assert not Correction.objects.exists()


def test_deleting_the_only_note_clears_the_update_time(client, editor, article):
    note = corrections.add_correction(article, by=editor, kind="update", note="Par erreur.")
    corrections.delete_correction(note, by=editor)
    article.refresh_from_db()

    assert article.updated_at is None
    assert "Par erreur." not in client.get(article.get_absolute_url()).content.decode()


def test_the_corrections_page_lists_newest_first_released_articles_only(
    client, editor, django_assert_max_num_queries
):
    older, newer, withdrawn = ArticleFactory(), ArticleFactory(), ArticleFactory()
    corrections.add_correction(older, by=editor, kind="correction", note="La première note.")
    corrections.add_correction(newer, by=editor, kind="update", note="La seconde note.")
    corrections.add_correction(withdrawn, by=editor, kind="update", note="Note retirée.")
    unpublish_article(withdrawn, by=editor)

    # 5: the next scheduled release is read too (the stored page expires then).
    with django_assert_max_num_queries(5):
        html = client.get(reverse("newsroom:corrections")).content.decode()

    assert html.index("La seconde note.") < html.index("La première note.")
    assert newer.title in html and older.title in html
    assert "Note retirée." not in html
    assert reverse("discovery:feed-corrections") in html  # <link rel="alternate">


def test_the_corrections_page_costs_the_same_with_many_notes(
    client, editor, django_assert_num_queries
):
    for _ in range(2):
        corrections.add_correction(ArticleFactory(), by=editor, kind="update", note="Une note.")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("newsroom:corrections"))
    for _ in range(15):
        corrections.add_correction(ArticleFactory(), by=editor, kind="update", note="Une note.")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("newsroom:corrections"))


def test_the_corrections_feed_is_rss_newest_first(client, editor):
    first, second = ArticleFactory(title="Premier"), ArticleFactory(title="Second")
    corrections.add_correction(first, by=editor, kind="correction", note="Note une.")
    corrections.add_correction(second, by=editor, kind="update", note="Note deux.")
    draft = ArticleFactory(draft=True)
    Correction.objects.create(article=draft, kind="update", note="Jamais publiée.")

    response = client.get(reverse("discovery:feed-corrections"))
    channel = ElementTree.fromstring(response.content).find("channel")

    assert response.status_code == 200
    assert channel is not None
    items = channel.findall("item")
    assert [item.findtext("description") for item in items] == ["Note deux.", "Note une."]
    assert items[0].findtext("title") == "Mise à jour : Second"
    assert second.get_absolute_url() in (items[0].findtext("link") or "")


def test_an_unreleased_article_page_shows_no_report_link_target(client, draft_article):
    response = client.get(reverse("newsroom:report-error", args=[draft_article.pk]))
    assert response.status_code == 404
    assert Article.objects.published().count() == 0


@pytest.mark.page_cache
def test_kept_pages_show_a_new_note_at_once(client, editor, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    pages = [article.get_absolute_url(), reverse("newsroom:corrections")]
    for url in pages:
        assert "Une note toute fraîche." not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        corrections.add_correction(
            article, by=editor, kind="update", note="Une note toute fraîche."
        )

    for url in pages:
        assert "Une note toute fraîche." in client.get(url).content.decode(), url

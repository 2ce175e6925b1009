"""The desk's preview links page: create a link for 1, 7 or 30 days, copy it, revoke it, and
see each link's state."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kiosque.newsroom.actions import previews
from kiosque.newsroom.models import PreviewLink
from kiosque.newsroom.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(contributor, section):
    return ArticleFactory(
        draft=True, title="Le brouillon", section=section, authors=[contributor.author_profile]
    )


def links_url(article):
    return reverse("desk:preview-links", args=[article.pk])


def test_a_writer_creates_a_link_and_finds_it_ready_to_share(client, contributor, draft):
    client.force_login(contributor)

    response = client.post(links_url(draft), {"valid_for": "7"}, follow=True)

    link = PreviewLink.objects.get(article=draft)
    assert link.expires_at - link.created_at == timedelta(days=7)
    page = response.content.decode()
    assert "Lien d’aperçu créé" in page
    assert f'value="http://testserver{previews.preview_path(link)}" readonly' in page
    assert "Actif" in page
    assert client.get(previews.preview_path(link)).status_code == 200


@pytest.mark.parametrize("days", [1, 30])
def test_the_other_durations(client, contributor, draft, days):
    client.force_login(contributor)

    client.post(links_url(draft), {"valid_for": str(days)})

    link = PreviewLink.objects.get(article=draft)
    assert link.expires_at - link.created_at == timedelta(days=days)


@pytest.mark.parametrize("valid_for", ["", "3", "jamais"])
def test_a_bad_duration_is_a_clear_400(client, contributor, draft, valid_for):
    client.force_login(contributor)

    response = client.post(links_url(draft), {"valid_for": valid_for})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez" in page
    assert not PreviewLink.objects.exists()


def test_a_released_article_offers_no_link(client, editor, section):
    article = ArticleFactory(section=section)
    client.force_login(editor)

    page = client.get(links_url(article)).content.decode()
    response = client.post(links_url(article), {"valid_for": "1"})

    assert "partagez plutôt son adresse" in page
    assert 'name="valid_for"' not in page
    assert response.status_code == 400
    assert not PreviewLink.objects.exists()


def test_revoking_a_link_stops_it(client, contributor, draft):
    link = previews.create_preview_link(draft, by=contributor, valid_for=timedelta(days=1))
    client.force_login(contributor)

    response = client.post(
        reverse("desk:preview-link-revoke", args=[draft.pk, link.pk]), follow=True
    )

    page = response.content.decode()
    assert "Révoqué" in page
    assert previews.preview_path(link) not in page
    assert client.get(previews.preview_path(link)).status_code == 410


def test_each_link_shows_its_state(client, contributor, draft):
    expired = previews.create_preview_link(draft, by=contributor, valid_for=timedelta(days=1))
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        previews.create_preview_link(draft, by=contributor, valid_for=timedelta(days=7))
        revoked = previews.create_preview_link(draft, by=contributor, valid_for=timedelta(days=7))
        previews.revoke_preview_link(revoked, by=contributor)
        client.force_login(contributor)

        page = client.get(links_url(draft)).content.decode()

    assert page.count("<strong>Actif</strong>") == 1
    assert page.count("<strong>Expiré</strong>") == 1
    assert page.count("<strong>Révoqué</strong>") == 1
    assert previews.preview_path(expired) not in page


@pytest.mark.parametrize(
    ("who", "status"), [("editor", 302), ("contributor", 302), ("author", 403), ("reader", 403)]
)
def test_who_may_create_a_link_for_a_contributors_draft(client, request, draft, who, status):
    client.force_login(request.getfixturevalue(who))

    response = client.post(links_url(draft), {"valid_for": "1"})

    assert response.status_code == status
    assert PreviewLink.objects.exists() is (status == 302)


def test_another_member_may_not_revoke(client, author, contributor, draft):
    link = previews.create_preview_link(draft, by=contributor, valid_for=timedelta(days=1))
    client.force_login(author)

    response = client.post(reverse("desk:preview-link-revoke", args=[draft.pk, link.pk]))

    assert response.status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_links_page_costs_the_same_queries_whatever_the_number_of_links(
    client, contributor, draft
):
    client.force_login(contributor)

    def queries_for(count: int) -> list[str]:
        while PreviewLink.objects.filter(article=draft).count() < count:
            previews.create_preview_link(draft, by=contributor, valid_for=timedelta(days=7))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(links_url(draft))
        assert response.content.decode().count("readonly") == count
        return [query["sql"][:80] for query in queries.captured_queries]

    few, many = queries_for(2), queries_for(9)
    assert len(few) == len(many), "\n".join(many)

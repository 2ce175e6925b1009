"""Readers tell the newsroom of an error: the form under every article, with or without the
script that quotes the selected passage; programs and floods are turned away with the text
kept; the address is forgotten after the retention time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.retention import blank_expired_addresses
from kiosque.accounts.tests.factories import UserFactory
from kiosque.newsroom.models import ErrorReport

pytestmark = pytest.mark.django_db


def report_url(article) -> str:
    return reverse("newsroom:report-error", args=[article.pk])


def test_every_article_links_to_the_error_form(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    assert f'href="{report_url(article)}"' in html
    assert "Signaler une erreur" in html
    assert "newsroom/report_error.js" in html  # the script that quotes a selection


def test_without_script_the_reader_pastes_the_passage(client, article):
    page = client.get(report_url(article))
    html = page.content.decode()

    assert page.status_code == 200
    assert '<textarea name="passage"' in html and "Le passage en cause" in html
    assert 'name="email"' in html  # an anonymous reader may leave an address

    response = client.post(
        report_url(article),
        {"passage": "Sorti en 2019", "message": "Il est sorti en 2021.", "email": "a@b.fr"},
    )

    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    report = ErrorReport.objects.get()
    assert (report.article, report.passage, report.message) == (
        article,
        "Sorti en 2019",
        "Il est sorti en 2021.",
    )
    assert report.reporter is None and report.reporter_email == "a@b.fr"
    assert report.reporter_address == "127.0.0.1"
    assert report.state == ErrorReport.State.OPEN
    thanks = client.get(article.get_absolute_url()).content.decode()
    assert "Merci : la rédaction lira votre signalement." in thanks


def test_with_script_the_selected_passage_arrives_quoted(client, article):
    # report_error.js adds the reader's selection to the link: ?passage=…
    html = client.get(report_url(article), {"passage": "un chiffre faux"}).content.decode()

    assert ">\nun chiffre faux</textarea>" in html


def test_a_member_reports_under_their_name_without_an_address_field(client, article):
    member = UserFactory()
    client.force_login(member)
    assert 'name="email"' not in client.get(report_url(article)).content.decode()

    client.post(report_url(article), {"passage": "Ce passage", "message": "Faux."})

    assert ErrorReport.objects.get().reporter == member


def test_an_empty_report_is_refused_with_the_text_kept(client, article):
    response = client.post(report_url(article), {"passage": "Mon passage cité", "message": ""})
    html = response.content.decode()

    assert response.status_code == 400
    assert "Dites ce qui ne va pas dans ce passage." in html
    assert "Mon passage cité</textarea>" in html
    assert not ErrorReport.objects.exists()


def test_the_honeypot_turns_a_program_away(client, article):
    response = client.post(
        report_url(article),
        {"passage": "x", "message": "Achetez nos montres", "website": "http://spam.example"},
    )

    assert response.status_code == 400
    assert "Achetez nos montres" in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_a_flood_gets_429_with_the_text_kept(client, article, settings):
    settings.KIOSQUE_RATE_LIMITS = {**settings.KIOSQUE_RATE_LIMITS, "error_report": "2/h/ip"}
    for number in range(2):
        client.post(report_url(article), {"passage": "p", "message": f"Erreur {number}"})

    response = client.post(report_url(article), {"passage": "p", "message": "Le troisième"})

    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Trop de demandes en peu de temps" in html and "Le troisième</textarea>" in html
    assert ErrorReport.objects.count() == 2


def test_unpublished_articles_take_no_report(client, draft_article, scheduled_article):
    for article in (draft_article, scheduled_article):
        assert client.get(report_url(article)).status_code == 404
        assert client.post(report_url(article), {"passage": "p", "message": "m"}).status_code == 404


def test_the_reporters_address_is_forgotten_after_retention(client, article, settings):
    client.post(report_url(article), {"passage": "p", "message": "m"})
    later = timezone.now() + timedelta(days=settings.KIOSQUE_IP_RETENTION_DAYS + 1)

    blank_expired_addresses(at=later)

    assert ErrorReport.objects.get().reporter_address is None

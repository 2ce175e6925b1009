"""Corrections, update notes and readers' error reports in the desk: the editors' work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kiosque.newsroom.actions import corrections
from kiosque.newsroom.models import Correction, ErrorReport
from kiosque.newsroom.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_editor_adds_an_update_note_readers_then_see(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    url = reverse("desk:correction-add", args=[article.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "update", "note": "Le fabricant a confirmé la date."})

    assert response.status_code == 302
    note = Correction.objects.get()
    assert (note.article, note.kind, note.created_by) == (article, "update", editor)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Mis à jour le " in page and "Le fabricant a confirmé la date." in page
    listed = client.get(reverse("desk:correction-list")).content.decode()
    assert article.title in listed and "Le fabricant a confirmé la date." in listed


@pytest.mark.parametrize("who", ["contributor", "author", "reader"])
def test_only_editors_keep_corrections(client, who, request):
    article = ArticleFactory()
    client.force_login(request.getfixturevalue(who))

    add = client.post(
        reverse("desk:correction-add", args=[article.pk]), {"kind": "update", "note": "Non."}
    )

    assert add.status_code == 403
    assert client.get(reverse("desk:correction-list")).status_code == 403
    assert client.get(reverse("desk:error-report-list")).status_code == 403
    assert not Correction.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("desk:correction-list"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_draft_takes_no_note_and_the_text_is_kept(client, editor):
    draft = ArticleFactory(draft=True)
    client.force_login(editor)

    response = client.post(
        reverse("desk:correction-add", args=[draft.pk]), {"kind": "update", "note": "Trop tôt."}
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert "Seul un article publié peut recevoir une correction" in html
    assert "Trop tôt.</textarea>" in html
    assert not Correction.objects.exists()


def test_an_empty_note_is_refused(client, editor, article):
    client.force_login(editor)
    response = client.post(
        reverse("desk:correction-add", args=[article.pk]), {"kind": "correction", "note": " "}
    )
    assert response.status_code == 400
    assert "Écrivez la note que les lecteurs verront." in response.content.decode()


def test_a_mistaken_note_is_deleted(client, editor, article):
    note = corrections.add_correction(article, by=editor, kind="update", note="Par erreur.")
    client.force_login(editor)

    response = client.post(reverse("desk:correction-delete", args=[note.pk]))

    assert response.status_code == 302
    assert not Correction.objects.exists()
    assert "Par erreur." not in client.get(article.get_absolute_url()).content.decode()


def a_report(article, passage: str = "sorti en 2019") -> ErrorReport:
    return corrections.report_error(
        article, by=None, passage=passage, message="C’était en 2021.", email="", address=None
    )


def test_the_queue_shows_open_reports_with_the_passage_highlighted(client, editor):
    article = ArticleFactory(body="Le premier modèle est sorti en 2019 en Europe.")
    a_report(article)
    handled = a_report(article, passage="Europe")
    corrections.resolve_error_report(handled, by=editor, state="dismissed")
    client.force_login(editor)

    html = client.get(reverse("desk:error-report-list")).content.decode()

    assert "Le premier modèle est <mark>sorti en 2019</mark> en Europe." in html
    assert "1 ouvert" in html
    assert "C’était en 2021." in html
    assert "<mark>Europe</mark>" not in html  # handled reports leave the queue


def test_corrected_with_a_note_publishes_the_correction(client, editor, article):
    report = a_report(article)
    client.force_login(editor)

    response = client.post(
        reverse("desk:error-report-resolve", args=[report.pk]),
        {"state": "corrected", "correction_note": "La date de sortie était 2021, pas 2019."},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.handled_by) == (ErrorReport.State.CORRECTED, editor)
    note = Correction.objects.get()
    assert (note.article, note.kind) == (article, Correction.Kind.CORRECTION)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Correction le " in html and "La date de sortie était 2021, pas 2019." in html


def test_dismissed_adds_nothing_and_twice_is_refused(client, editor, article):
    report = a_report(article)
    client.force_login(editor)
    url = reverse("desk:error-report-resolve", args=[report.pk])

    assert client.post(url, {"state": "dismissed"}).status_code == 302
    again = client.post(url, {"state": "corrected"})

    assert again.status_code == 400
    assert "déjà été traité" in again.content.decode()
    report.refresh_from_db()
    assert report.state == ErrorReport.State.DISMISSED
    assert not Correction.objects.exists()


def test_the_desk_menu_counts_open_reports_for_editors(client, editor, article):
    a_report(article)
    a_report(article, passage="un autre passage")
    client.force_login(editor)

    html = client.get(reverse("desk:page-list")).content.decode()

    assert '<span class="badge" aria-hidden="true">2</span>' in html
    assert "(2 ouverts)" in html

"""The site's own pages in the desk: written in Markdown, placed in the footer, deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kiosque.newsroom.models import Page

pytestmark = pytest.mark.django_db


def test_an_editor_writes_a_page_that_joins_the_footer(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("desk:page-new"),
        {"title": "Mentions légales", "body": "## Éditeur\n\nKiosque SAS.", "footer_position": 3},
    )

    page = Page.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:page-edit", args=[page.pk])
    assert (page.slug, page.updated_by) == ("mentions-legales", editor)
    assert "<h2>Éditeur</h2>" in page.body_html
    address = reverse("newsroom:page-detail", args=["mentions-legales"])
    client.logout()
    home = client.get(reverse("newsroom:home")).content.decode()
    assert f'<a href="{address}">Mentions légales</a>' in home
    assert "Kiosque SAS." in client.get(address).content.decode()


def test_a_page_leaves_the_footer_and_is_then_deleted(client, editor):
    client.force_login(editor)
    client.post(
        reverse("desk:page-new"),
        {"title": "Contact", "body": "Écrivez-nous.", "footer_position": 1},
    )
    page = Page.objects.get()
    edit = reverse("desk:page-edit", args=[page.pk])

    client.post(
        edit,
        {"title": "Contact", "slug": "contact", "body": "Écrivez-nous.", "footer_position": ""},
    )
    assert "Contact</a></li>" not in client.get(reverse("newsroom:home")).content.decode()
    listed = client.get(reverse("desk:page-list")).content.decode()
    assert "Contact" in listed and "non" in listed

    assert client.post(reverse("desk:page-delete", args=[page.pk])).status_code == 302
    assert not Page.objects.exists()
    assert client.get(reverse("newsroom:page-detail", args=["contact"])).status_code == 404


def test_a_taken_address_is_refused_with_the_text_kept(client, editor):
    client.force_login(editor)
    client.post(reverse("desk:page-new"), {"title": "Contact", "body": "Un."})

    response = client.post(
        reverse("desk:page-new"), {"title": "Contact", "body": "Mon autre texte"}
    )

    assert response.status_code == 400
    assert "Mon autre texte</textarea>" in response.content.decode()
    assert Page.objects.count() == 1


@pytest.mark.parametrize("who", ["contributor", "author", "reader"])
def test_only_editors_keep_pages(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("desk:page-list")).status_code == 403
    assert client.post(reverse("desk:page-new"), {"title": "Non", "body": "Non"}).status_code == 403
    assert not Page.objects.exists()

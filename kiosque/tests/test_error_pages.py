"""Error pages speak French and point back to the front page."""

import pytest
from django.template.loader import render_to_string
from django.test import Client


@pytest.mark.django_db
def test_a_malformed_request_gets_a_french_400_page():
    response = Client(HTTP_HOST="ailleurs.example").get("/")
    assert response.status_code == 400
    assert "Nous n’avons pas compris cette demande" in response.content.decode()


@pytest.mark.django_db
def test_an_expired_form_outside_the_forum_gets_a_french_403_page():
    response = Client(enforce_csrf_checks=True).post("/compte/login/", {"login": "x"})
    assert response.status_code == 403
    assert "Cette page avait expiré" in response.content.decode()


def test_the_500_page_needs_no_database_and_speaks_french():
    html = render_to_string("500.html")
    assert "Un problème est survenu de notre côté" in html
    assert 'href="/"' in html

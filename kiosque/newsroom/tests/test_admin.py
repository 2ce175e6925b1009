"""The newsroom writes and publishes an article with a hero image from the admin, in French."""

import pytest
from django.urls import reverse

from kiosque.accounts.tests.factories import UserFactory
from kiosque.media.tests.factories import ImageFactory
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, media_root_tmp):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def media_root_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_admin_is_in_french(admin_client):
    html = admin_client.get(reverse("admin:newsroom_article_add")).content.decode()
    assert "Ajout de article" in html or "Ajouter article" in html
    assert "Image principale" in html and "chapeau" in html.lower()


def test_an_editor_publishes_an_article_with_a_hero_image(admin_client, client):
    section, author = SectionFactory(), AuthorFactory()
    hero = ImageFactory.create(alt="Une puce sur fond bleu", caption="La puce présentée mardi")
    hero.credit = "Kiosque"
    hero.save()
    response = admin_client.post(
        reverse("admin:newsroom_article_add"),
        {
            "title": "Une nouvelle puce",
            "slug": "une-nouvelle-puce",
            "section": section.pk,
            "lead": "Le chapeau.",
            "body": "## Intertitre\n\nLe texte.",
            "hero": hero.pk,
            "updated_at_0": "",
            "updated_at_1": "",
            "bylines-TOTAL_FORMS": "1",
            "bylines-INITIAL_FORMS": "0",
            "bylines-0-author": author.pk,
            "bylines-0-position": "0",
        },
    )
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.errors for f in response.context["inline_admin_formsets"][0].formset],
    )
    article = Article.objects.get(slug="une-nouvelle-puce")
    assert article.hero == hero
    admin_client.post(
        reverse("admin:newsroom_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.is_published()
    assert article.topic is not None
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert hero.file.url in html
    assert 'alt="Une puce sur fond bleu"' in html
    assert "La puce présentée mardi" in html and "© Kiosque" in html


def test_the_hero_is_chosen_by_number_from_the_library(admin_client):
    html = admin_client.get(reverse("admin:newsroom_article_add")).content.decode()
    assert '<input type="text" name="hero"' in html, "a number, not a list of every image"

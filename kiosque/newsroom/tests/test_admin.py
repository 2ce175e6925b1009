"""The newsroom writes and publishes an article with a hero image from the admin, in French."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kiosque.accounts.tests.factories import UserFactory
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


def jpeg(width: int = 1600, height: int = 900) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile("une.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_admin_is_in_french(admin_client):
    html = admin_client.get(reverse("admin:newsroom_article_add")).content.decode()
    assert "Ajout de article" in html or "Ajouter article" in html
    assert "Image principale" in html and "chapeau" in html.lower()


def test_an_editor_publishes_an_article_with_a_hero_image(admin_client, client):
    section, author = SectionFactory(), AuthorFactory()
    response = admin_client.post(
        reverse("admin:newsroom_article_add"),
        {
            "title": "Une nouvelle puce",
            "slug": "une-nouvelle-puce",
            "section": section.pk,
            "lead": "Le chapeau.",
            "body": "## Intertitre\n\nLe texte.",
            "hero_image": jpeg(),
            "hero_alt": "Une puce sur fond bleu",
            "hero_caption": "La puce présentée mardi",
            "hero_credit": "Kiosque",
            "status": Article.Status.PUBLISHED,
            "published_at_0": "",
            "published_at_1": "",
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
    assert article.is_published()
    assert article.topic is not None
    assert (article.hero_width, article.hero_height) == (1600, 900)
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert article.hero_image.url in html
    assert "La puce présentée mardi" in html and "© Kiosque" in html

"""The library's pages through the Django client: who gets in, uploads, search, one image."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kiosque.media import actions, renditions
from kiosque.media.models import Image

from .factories import ImageFactory, picture_bytes, upload

LIBRARY = reverse("media:library")
UPLOAD = reverse("media:upload")
SEARCH = reverse("media:search")


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def editor_client(client, picture_editor):
    client.force_login(picture_editor)
    return client


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(LIBRARY)

    assert response.status_code == 302
    assert "connexion" in response["Location"] or "login" in response["Location"]


def test_a_reader_outside_the_newsroom_is_refused(client, member):
    client.force_login(member)

    assert client.get(LIBRARY).status_code == 403
    assert client.get(SEARCH).status_code == 403
    assert client.post(UPLOAD, {"file": upload(), "alt": "x"}).status_code == 403


def test_the_library_shows_the_newest_images_first(contributor_client):
    older = ImageFactory(alt="Le vieux phare")
    newer = ImageFactory(alt="Le nouveau pont")

    page = contributor_client.get(LIBRARY).content.decode()

    assert page.index(newer.alt) < page.index(older.alt)
    assert 'enctype="multipart/form-data"' in page


def test_the_library_searches_alt_caption_credit_and_file_name(contributor_client):
    ImageFactory(alt="Le phare de Brest", credit="Photo : Ouest")
    ImageFactory(alt="Un serveur", caption="La salle des machines")
    ImageFactory(alt="Autre chose", name="datacenter-lyon.jpg")

    def found(words):
        page = contributor_client.get(LIBRARY, {"q": words}).content.decode()
        return {alt for alt in ("Le phare de Brest", "Un serveur", "Autre chose") if alt in page}

    assert found("phare") == {"Le phare de Brest"}
    assert found("MACHINES") == {"Un serveur"}
    assert found("ouest") == {"Le phare de Brest"}
    assert found("datacenter") == {"Autre chose"}
    assert found("phare machines") == set()


def test_the_library_is_paginated(contributor_client, monkeypatch):
    monkeypatch.setattr("kiosque.media.views.IMAGES_PER_PAGE", 2)
    for number in range(3):
        ImageFactory(alt=f"Image {number}")

    first = contributor_client.get(LIBRARY).content.decode()
    second = contributor_client.get(LIBRARY, {"page": 2}).content.decode()

    assert "Image 0" not in first and "Image 0" in second
    assert 'rel="next"' in first


def test_the_library_page_reads_as_many_queries_for_3_images_as_for_12(
    contributor_client, record_property
):
    def queries_for(count):
        while Image.objects.count() < count:
            # Small pictures: what is counted is queries, and renditions take a moment to make.
            renditions.make_renditions(ImageFactory(width=320, height=180).pk)
        with CaptureQueriesContext(connection) as queries:
            response = contributor_client.get(LIBRARY)
        assert response.content.decode().count("<picture>") == count
        return len(queries)

    few, many = queries_for(3), queries_for(12)

    record_property("measured", f"media library page: {few} queries for 3 images, {many} for 12")
    # Session, member, permissions (2), the count, the page, its renditions; the site's
    # header and footer (sections, pages, notifications).
    assert few == many <= 10


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_an_upload_leads_to_its_page(contributor_client, format):
    data = picture_bytes(640, 480, format=format)

    response = contributor_client.post(
        UPLOAD, {"file": upload(f"photo.{format.lower()}", data), "alt": "Un port", "credit": "AFP"}
    )

    image = Image.objects.get()
    assert response.status_code == 302
    assert response["Location"] == image.get_absolute_url()
    assert (image.alt, image.credit, image.width) == ("Un port", "AFP", 640)


def test_an_upload_without_alt_text_is_refused_and_keeps_what_was_typed(contributor_client):
    response = contributor_client.post(
        UPLOAD, {"file": upload(), "alt": "  ", "caption": "Le port au matin"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Décrivez ce que montre l’image" in page or "Describe what the image shows" in page
    assert 'value="Le port au matin"' in page
    assert not Image.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_with_a_message(contributor_client):
    response = contributor_client.post(
        UPLOAD, {"file": upload("notes.jpg", b"ceci est du texte" * 10), "alt": "Notes"}
    )

    assert response.status_code == 400
    assert "JPEG, PNG, GIF ou WebP" in response.content.decode()
    assert 'value="Notes"' in response.content.decode()


def test_a_file_too_large_is_refused_with_413(contributor_client, monkeypatch):
    monkeypatch.setattr(actions, "MAX_UPLOAD_BYTES", 1000)

    response = contributor_client.post(UPLOAD, {"file": upload(), "alt": "Grand"})

    assert response.status_code == 413
    assert "trop" in response.content.decode().lower()


def test_an_upload_asked_as_json_answers_201_with_the_image(contributor_client):
    response = contributor_client.post(
        UPLOAD,
        {"file": upload(width=800, height=450), "alt": "Le [port]", "caption": 'Dit "bonjour"'},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 201
    body = response.json()
    image = Image.objects.get()
    assert body["id"] == image.pk
    assert body["url"] == image.file.url
    assert (body["width"], body["height"]) == (800, 450)
    assert body["markdown"] == f'![Le (port)](image:{image.pk} "Dit ”bonjour”")'


def test_a_refused_upload_asked_as_json_says_why(contributor_client, monkeypatch):
    not_image = contributor_client.post(
        UPLOAD,
        {"file": upload("x.png", b"pas une image" * 10), "alt": "x"},
        headers={"Accept": "application/json"},
    )
    monkeypatch.setattr(actions, "MAX_UPLOAD_BYTES", 1000)
    too_large = contributor_client.post(
        UPLOAD, {"file": upload(), "alt": "x"}, headers={"Accept": "application/json"}
    )

    assert not_image.status_code == 400 and "JPEG" in not_image.json()["error"]
    assert too_large.status_code == 413 and too_large.json()["error"]


def test_the_picker_searches_as_json(contributor_client):
    ImageFactory(alt="Le phare", caption="Au soir")
    rendered = ImageFactory(alt="Le phare de nuit")
    renditions.make_renditions(rendered.pk)
    ImageFactory(alt="Un pont")

    body = contributor_client.get(SEARCH, {"q": "phare"}).json()

    assert body["has_next"] is False
    assert [result["alt"] for result in body["results"]] == ["Le phare de nuit", "Le phare"]
    first, second = body["results"]
    assert "card-360" in first["thumbnail"] and first["thumbnail"].endswith(".webp")
    assert second["thumbnail"] == second["url"]
    assert second["markdown"] == f'![Le phare](image:{second["id"]} "Au soir")'
    assert set(first) >= {"id", "thumbnail", "url", "alt", "caption", "credit", "width", "height"}


def test_the_picker_pages(contributor_client, monkeypatch):
    monkeypatch.setattr("kiosque.media.views.RESULTS_PER_PAGE", 2)
    for _ in range(3):
        ImageFactory()

    assert contributor_client.get(SEARCH).json()["has_next"] is True
    last = contributor_client.get(SEARCH, {"page": 2}).json()
    assert last["has_next"] is False and len(last["results"]) == 1


def test_the_picker_survives_a_bad_page_number(contributor_client):
    ImageFactory()

    response = contributor_client.get(SEARCH, {"page": "abc"})

    assert response.status_code == 200


def test_the_image_page_edits_its_description_and_focal_point(editor_client, image):
    url = image.get_absolute_url()
    assert 'name="focal_x"' in editor_client.get(url).content.decode()

    response = editor_client.post(
        url,
        {"alt": "Le port", "caption": "", "credit": "AFP", "focal_x": "0.25", "focal_y": "0.75"},
    )

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.alt, image.credit, image.focal_x, image.focal_y) == ("Le port", "AFP", 0.25, 0.75)


def test_a_focal_point_outside_the_picture_is_refused_on_the_page(editor_client, image):
    response = editor_client.post(
        image.get_absolute_url(),
        {"alt": "Le port", "caption": "", "credit": "", "focal_x": "1.5", "focal_y": "0.5"},
    )

    assert response.status_code == 400
    assert 'value="1.5"' in response.content.decode()
    image.refresh_from_db()
    assert image.focal_x == 0.5


def test_a_contributor_sees_another_s_image_without_its_form(contributor_client, image):
    page = contributor_client.get(image.get_absolute_url()).content.decode()

    assert 'name="alt"' not in page
    assert image.alt in page
    assert (
        contributor_client.post(
            image.get_absolute_url(),
            {"alt": "x", "caption": "", "credit": "", "focal_x": "0.5", "focal_y": "0.5"},
        ).status_code
        == 403
    )


def test_the_image_page_lists_its_renditions(editor_client, rendered_image):
    page = editor_client.get(rendered_image.get_absolute_url()).content.decode()

    assert "1200 × 630" in page
    assert "WEBP" in page


def test_an_image_in_use_is_not_deleted_and_says_why(editor_client, image, article):
    article.hero = image
    article.save(update_fields=["hero"])

    response = editor_client.post(reverse("media:delete", args=[image.pk]))

    assert response.status_code == 409
    assert "1" in response.content.decode()
    assert Image.objects.filter(pk=image.pk).exists()


def test_deleting_an_unused_image(editor_client, image):
    response = editor_client.post(reverse("media:delete", args=[image.pk]))

    assert response.status_code == 302
    assert not Image.objects.exists()


def test_an_unknown_image_is_404(editor_client):
    assert editor_client.get(reverse("media:image", args=[999999])).status_code == 404


def test_the_json_fields_are_json(contributor_client, image):
    body = json.loads(contributor_client.get(SEARCH).content)

    assert body["results"][0]["id"] == image.pk

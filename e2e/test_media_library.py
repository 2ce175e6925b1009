"""The media library in Chromium: a contributor adds an image from the library page (the form
sends it without leaving the page), an editor sets its focal point by clicking the picture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.community_helpers import sign_in, submit, visit
from e2e.newsroom_helpers import PASSWORD, newsroom_member
from e2e.quality import assert_accessible, assert_valid_documents, screenshots
from kiosque.media.models import Image
from kiosque.media.tests.factories import ImageFactory, picture_bytes
from kiosque.newsroom import roles

pytestmark = pytest.mark.usefixtures("quality_tools")


def csp_refusals(page: Page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def test_a_contributor_adds_an_image_to_the_library(
    page: Page, transactional_db: None, media_root: Path, tmp_path: Path
) -> None:
    newsroom_member("pigiste", roles.CONTRIBUTORS)
    for number in range(5):
        ImageFactory.create(alt=f"Le port, vue {number}", credit="Rédaction")
    photo = tmp_path / "phare-de-brest.jpg"
    photo.write_bytes(picture_bytes(1600, 900, red_square_at=(0.7, 0.3)))
    refused = csp_refusals(page)
    library = reverse("media:library")
    documents: dict[str, str] = {}

    sign_in(page, "pigiste", password=PASSWORD, next_url=library)
    documents["library"] = visit(page, library)
    expect(page.get_by_text("Vous pouvez aussi déposer une image dans ce cadre.")).to_be_visible()
    page.get_by_label(re.compile(r"^Image\s*:?$")).set_input_files(photo)
    page.get_by_role("button", name="Ajouter à la médiathèque").click()
    expect(page.get_by_role("status")).to_contain_text("Décrivez ce que montre l’image")

    page.get_by_label(re.compile(r"^Texte alternatif\s*:?$")).fill("Le phare de Brest au soleil")
    page.get_by_label(re.compile(r"^Image\s*:?$")).set_input_files(photo)
    page.get_by_role("button", name="Ajouter à la médiathèque").click()

    expect(page.get_by_role("status")).to_have_text("L’image est dans la médiathèque.")
    first_card = page.locator(".media-card").first
    expect(first_card).to_contain_text("Le phare de Brest au soleil")
    image = Image.objects.get(alt="Le phare de Brest au soleil")
    assert image.renditions.filter(use="card").exists()
    assert_accessible(page, "library")
    screenshots(page, "media-library")

    found = visit(page, f"{library}?q=phare")
    assert "Le phare de Brest au soleil" in found and "Le port, vue 1" not in found
    assert_valid_documents(documents)
    assert refused == []


def test_an_editor_sets_the_focal_point_by_clicking_the_picture(
    page: Page, transactional_db: None, media_root: Path
) -> None:
    newsroom_member("editrice", roles.EDITORS)
    image = ImageFactory.create(alt="Le phare de Brest", caption="Au petit matin")
    refused = csp_refusals(page)
    url = reverse("media:image", args=[image.pk])
    documents: dict[str, str] = {}

    sign_in(page, "editrice", password=PASSWORD, next_url=url)
    documents["image"] = visit(page, url)
    picture = page.get_by_role("img", name="Le phare de Brest")
    box = picture.bounding_box()
    assert box is not None
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})

    across = page.get_by_label(re.compile(r"^Point focal en largeur"))
    down = page.get_by_label(re.compile(r"^Point focal en hauteur"))
    expect(across).to_have_value(re.compile(r"^0\.2[456]$"))
    expect(down).to_have_value(re.compile(r"^0\.7[456]$"))
    expect(page.locator("[data-focal-marker]")).to_be_visible()
    assert_accessible(page, "image")
    screenshots(page, "media-image")

    response = submit(page, page.get_by_role("button", name="Enregistrer"))
    assert response.status == 200
    expect(page.get_by_text("L’image est enregistrée.")).to_be_visible()
    image.refresh_from_db()
    assert 0.24 <= image.focal_x <= 0.26 and 0.74 <= image.focal_y <= 0.76
    assert image.renditions.filter(use="social").exists()
    assert_valid_documents(documents)
    assert refused == []

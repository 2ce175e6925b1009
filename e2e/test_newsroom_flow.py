"""The newsroom from draft to correction, in Chromium: a contributor writes an article with an
uploaded hero image and its focal point, sees it in the preview and submits it; an editor reads
the changes between its versions and schedules it; time passes its schedule and the worker
publishes it; the editor adds a correction that readers see under the title; the hero comes in
WebP at the width the page shows, cropped around the focal point (the suite makes WebP alone:
KIOSQUE_IMAGE_FORMATS; with AVIF too, Chromium takes the AVIF source listed first).

Tasks wait in the database as in production (the worker runs them: renditions, the release);
the clock moves with time-machine, in this process, where the live server runs too.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PillowImage
from playwright.sync_api import Page, expect

from e2e.community_helpers import sign_in, submit, visit
from e2e.conftest import new_reader_context
from e2e.newsroom_helpers import PASSWORD, field, newsroom_member
from e2e.quality import screenshots
from kiosque import worker
from kiosque.media.models import Image, Rendition
from kiosque.media.renditions import HERO, USES
from kiosque.newsroom import roles
from kiosque.newsroom.models import Article, ArticleRevision
from kiosque.newsroom.tests.factories import SectionFactory

PARIS = ZoneInfo("Europe/Paris")
TITLE = "Les satellites nettoyeurs passent à l’essai"
# The hero: red in its top 40 %, blue below. Its focal point is set in the red part, so a
# 16:9 crop around it is red in its middle; around the image's centre it would be blue.
HERO_SIZE = (1600, 1600)
RED_UNTIL = 0.4
FOCAL = (0.5, 0.2)


@pytest.fixture
def tasks_in_database(settings: Any) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.KIOSQUE_TASK_QUEUES,
        }
    }


def hero_jpeg(path: Path) -> Path:
    picture = PillowImage.new("RGB", HERO_SIZE, (30, 60, 200))
    red = PillowImage.new("RGB", (HERO_SIZE[0], int(HERO_SIZE[1] * RED_UNTIL)), (220, 30, 30))
    picture.paste(red, (0, 0))
    picture.save(path, "JPEG", quality=90)
    return path


def run_worker() -> None:
    worker.run(batch=True, verbosity=0)


def test_from_draft_to_correction(
    page: Page,
    browser: Any,
    live_server: Any,
    transactional_db: None,
    media_root: Path,
    tasks_in_database: None,
    tmp_path: Path,
    record_property: Any,
) -> None:
    SectionFactory.create(name="Sciences", slug="sciences")
    newsroom_member("contributrice", roles.CONTRIBUTORS, byline="Inès Marchal")
    editor = newsroom_member("editrice", roles.EDITORS, byline="Mathilde Perrin")
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    # The contributor writes, with a hero image and its focal point, and watches the preview.
    sign_in(page, "contributrice", password=PASSWORD, next_url=reverse("desk:article-new"))
    field(page, "Titre").fill(TITLE)
    field(page, "Chapeau").fill("Deux missions tentent cette année d’attraper un débris.")
    field(page, "Rubrique").select_option(label="Sciences")
    field(page, "Texte").fill("Plus de trente mille objets sont suivis en orbite basse.")
    field(page, "Texte alternatif de l’image principale").fill("Un satellite et son filet")
    page.locator("[data-hero-upload]").set_input_files(hero_jpeg(tmp_path / "satellite.jpg"))
    focal_image = page.locator("[data-focal-point] img")
    expect(focal_image).to_be_visible()
    box = focal_image.bounding_box()
    assert box is not None
    focal_image.click(position={"x": box["width"] * FOCAL[0], "y": box["height"] * FOCAL[1]})
    expect(field(page, "Point d’intérêt, en hauteur (de 0 à 1)")).to_have_value("0.20")
    preview = page.locator("[data-preview-body]")
    expect(preview.locator(".article__title")).to_have_text(TITLE)
    expect(preview.locator(".article__hero img")).to_have_attribute(
        "alt", "Un satellite et son filet"
    )
    expect(preview.locator(".article__body")).to_contain_text("trente mille objets")

    response = submit(page, page.get_by_role("button", name="Enregistrer", exact=True))
    assert response.status == 200
    article = Article.objects.get()
    hero = Image.objects.get()
    assert article.hero == hero
    assert (hero.focal_x, hero.focal_y) == pytest.approx(FOCAL, abs=0.01)

    field(page, "Texte").fill("Plus de trente-six mille objets sont suivis en orbite basse.")
    assert submit(page, page.get_by_role("button", name="Enregistrer", exact=True)).status == 200
    response = submit(page, page.get_by_role("button", name="Soumettre à la relecture"))
    assert response.status == 200
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    saved = article.revisions.filter(kind=ArticleRevision.Kind.SAVE).order_by("created_at", "pk")
    first, latest = saved.first(), saved.last()
    assert first is not None and latest is not None and first != latest

    # The editor reads what changed since the contributor's first version, then schedules.
    editor_context = new_reader_context(browser, live_server)
    desk = editor_context.new_page()
    revisions = reverse("desk:revision-list", args=[article.pk])
    sign_in(desk, editor.username, password=PASSWORD, next_url=revisions)
    expect(desk.get_by_role("cell", name="Enregistrement", exact=True)).not_to_have_count(0)
    visit(
        desk,
        f"{reverse('desk:revision-compare', args=[article.pk])}?from={first.pk}&to={latest.pk}",
    )
    expect(desk.locator(".revision-diff ins").filter(has_text="six").first).to_be_visible()

    release_at = (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    visit(desk, reverse("desk:article-edit", args=[article.pk]))
    field(desk, "Date de publication").fill(paris_input(release_at))
    response = submit(desk, desk.get_by_role("button", name="Programmer"))
    assert response.status == 200
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert article.published_at == release_at
    with new_reader_context(browser, live_server) as reader_context:
        reader = reader_context.new_page()
        response = reader.goto(article.get_absolute_url())
        assert response is not None and response.status == 404, "not before its time"

    # Past its time the worker publishes it (and has made the hero's renditions).
    with time_machine.travel(release_at + timedelta(minutes=1), tick=True):
        run_worker()
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED

        # The editor adds a correction; readers see it under the title.
        visit(desk, reverse("desk:correction-add", args=[article.pk]))
        field(desk, "Note affichée aux lecteurs").fill(
            "Nous avions écrit trente mille objets : ils sont trente-six mille."
        )
        assert submit(desk, desk.get_by_role("button", name="Publier la note")).status == 200
        editor_context.close()

        for width in (390, 1366):
            with new_reader_context(browser, live_server) as reader_context:
                reader = reader_context.new_page()
                reader.set_viewport_size({"width": width, "height": 900})
                response = reader.goto(article.get_absolute_url())
                assert response is not None and response.status == 200
                expect(reader.locator(".corrections")).to_contain_text("ils sont trente-six mille")
                record_property("measured", hero_shown_as_rendered(reader, width))
                screenshots(reader, f"newsroom-flow-article-{width}")
    assert refused == []


def paris_input(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M")


def hero_shown_as_rendered(reader: Page, width: int) -> str:
    """The hero comes as a rendition in a modern format, the smallest that fills its width, with
    a WebP of the same widths offered beside it, cropped around the focal point."""
    image = reader.locator(".article__hero img")
    expect(image).to_have_js_property("complete", True)
    shown = image.evaluate(
        "img => ({src: img.currentSrc, width: img.getBoundingClientRect().width,"
        " ratio: window.devicePixelRatio})"
    )
    assert shown["src"].endswith(".webp"), f"at {width} px: {shown['src']}"
    rendition = Rendition.objects.get(file=shown["src"].split("/media/", 1)[1])
    assert rendition.use == HERO
    needed = shown["width"] * shown["ratio"]
    widths = USES[HERO].widths
    fitting = min((w for w in widths if w >= needed), default=max(widths))
    assert rendition.width == fitting, f"at {width} px: {shown}, got {rendition.width} px"
    webp = reader.locator('.article__hero source[type="image/webp"]')
    offered = webp.get_attribute("srcset") or ""
    assert all(f" {w}w" in offered for w in widths), offered
    with rendition.file.open("rb") as stored:
        decoded = PillowImage.open(io.BytesIO(stored.read())).convert("RGB")
    assert decoded.width == rendition.width
    middle = decoded.getpixel((decoded.width // 2, decoded.height // 2))
    assert isinstance(middle, tuple)
    red, _green, blue = middle
    assert red > 150 and blue < 100, "cropped around the focal point, not the centre"
    return (
        f"newsroom flow, hero at {width} px: shown {shown['width']:.0f} px wide, "
        f"{rendition.format.upper()} {rendition.width}×{rendition.height} chosen"
    )

"""Migration 0005 moves each article's hero into the media library, and back when reversed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kiosque.media.tests.factories import picture_bytes

BEFORE = [("newsroom", "0004_newsroom_roles"), ("media", "0001_library")]
MOVED = [("newsroom", "0005_hero_in_media_library")]


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to `targets`; the apps as they are there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = path = tmp_path / "media"
    return path


@pytest.mark.django_db(transaction=True)
def test_heroes_become_library_images_and_come_back(media_root: Path) -> None:
    apps = migrate(BEFORE)
    Article = apps.get_model("newsroom", "Article")
    Section = apps.get_model("newsroom", "Section")
    section = Section.objects.create(name="Hardware", slug="hardware")
    shared = default_storage.save("articles/2025/01/puce.jpg", ContentFile(picture_bytes()))
    unmeasured = default_storage.save(
        "articles/2025/01/carte.png", ContentFile(picture_bytes(800, 600, format="PNG"))
    )
    described = {"hero_alt": "Une puce", "hero_caption": "La puce N2", "hero_credit": "Kiosque"}
    first, second = (
        Article.objects.create(
            title=title,
            slug=title,
            lead="Chapeau.",
            body="Texte.",
            section=section,
            hero_image=shared,
            hero_width=1600,
            hero_height=900,
            **described,
        )
        for title in ("premier", "second")
    )
    third = Article.objects.create(
        title="troisieme", slug="troisieme", lead="", body="", section=section
    )
    Article.objects.filter(pk=third.pk).update(hero_image=unmeasured, hero_alt="Une carte")
    without = Article.objects.create(title="sans", slug="sans", lead="", body="", section=section)

    apps = migrate(MOVED)
    Article = apps.get_model("newsroom", "Article")
    Image = apps.get_model("media", "Image")
    assert Image.objects.count() == 2, "one image per distinct file"
    puce = Image.objects.get(file=shared)
    assert (puce.alt, puce.caption, puce.credit) == ("Une puce", "La puce N2", "Kiosque")
    assert (puce.width, puce.height, puce.focal_x, puce.focal_y) == (1600, 900, 0.5, 0.5)
    assert set(Article.objects.filter(hero=puce).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    carte = Article.objects.get(pk=third.pk).hero
    assert (carte.file.name, carte.width, carte.height) == (unmeasured, 800, 600)
    assert Article.objects.get(pk=without.pk).hero is None

    apps = migrate(BEFORE)
    Article = apps.get_model("newsroom", "Article")
    assert not apps.get_model("media", "Image").objects.exists()
    back = Article.objects.get(pk=first.pk)
    assert (back.hero_image.name, back.hero_width, back.hero_height) == (shared, 1600, 900)
    assert (back.hero_alt, back.hero_caption, back.hero_credit) == (
        "Une puce",
        "La puce N2",
        "Kiosque",
    )
    assert Article.objects.get(pk=third.pk).hero_image.name == unmeasured
    assert (media_root / shared).exists(), "the files stay where they were"

    migrate(executor_leaves())


def executor_leaves() -> list[tuple[str, str]]:
    """Every app at its latest migration, as the rest of the suite expects."""
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()

"""Articles' hero pictures move into the media library: one `media.Image` per distinct hero file,
with the article's alternative text, caption, credit and size, centred (focal point 0.5, 0.5).

The file stays where it is (`articles/…`): the image points at it, nothing is copied. A hero
whose size was never recorded and whose file cannot be read is left out (it could not be shown).
Renditions are made by the worker for images that have none (`media` tasks), not here.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# Where the old hero field stored its files: the images this migration made, and only those.
OLD_HERO_FOLDER = "articles/"


def _size_of(storage: Any, name: str) -> tuple[int, int] | None:
    from PIL import Image as PillowImage

    try:
        with storage.open(name) as file, PillowImage.open(file) as picture:
            return picture.size
    except (OSError, ValueError):
        return None


def move_heroes_into_library(apps: Any, schema_editor: Any) -> None:
    Article = apps.get_model("newsroom", "Article")
    Image = apps.get_model("media", "Image")
    storage = Article._meta.get_field("hero_image").storage
    images_by_file: dict[str, Any] = {}
    with_hero = Article.objects.exclude(hero_image="").filter(hero__isnull=True).order_by("pk")
    for article in with_hero.iterator():
        name = article.hero_image.name
        image = images_by_file.get(name)
        if image is None:
            size: tuple[int, int] | None = (article.hero_width, article.hero_height)
            if not (article.hero_width and article.hero_height):
                size = _size_of(storage, name)
            if size is None:
                continue
            image = Image(
                width=size[0],
                height=size[1],
                alt=article.hero_alt,
                caption=article.hero_caption,
                credit=article.hero_credit,
                focal_x=0.5,
                focal_y=0.5,
                uploaded_by_id=article.created_by_id,
                uploaded_at=article.created_at,
            )
            # Named after the size is set, so that the image field does not open the file.
            image.file.name = name
            image.save()
            images_by_file[name] = image
        Article.objects.filter(pk=article.pk).update(hero=image)


def move_heroes_back(apps: Any, schema_editor: Any) -> None:
    Article = apps.get_model("newsroom", "Article")
    Image = apps.get_model("media", "Image")
    with_hero = Article.objects.filter(hero__isnull=False).select_related("hero").order_by("pk")
    for article in with_hero.iterator():
        hero = article.hero
        Article.objects.filter(pk=article.pk).update(
            hero_image=hero.file.name,
            hero_width=hero.width,
            hero_height=hero.height,
            hero_alt=hero.alt,
            hero_caption=hero.caption,
            hero_credit=hero.credit,
        )
    moved = Image.objects.filter(file__startswith=OLD_HERO_FOLDER)
    Article.objects.filter(hero__in=moved).update(hero=None)
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_library"),
        ("newsroom", "0004_newsroom_roles"),
    ]

    operations = [migrations.RunPython(move_heroes_into_library, move_heroes_back)]

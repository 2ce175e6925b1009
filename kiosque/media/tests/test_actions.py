"""Uploading, describing, moving the focal point of and deleting library images."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image as Picture

from kiosque.media import actions, renditions
from kiosque.media.models import Image, Rendition

from .factories import ImageFactory, picture_bytes, upload


def stored(image):
    with image.file.open("rb") as file:
        return Picture.open(io.BytesIO(file.read()))


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_an_upload_is_stored_reencoded(contributor, format):
    data = picture_bytes(800, 600, format=format)

    image = actions.upload_image(
        by=contributor, upload=upload(f"Photo du port.{format.lower()}", data), alt=" Le port "
    )

    assert (image.width, image.height, image.alt) == (800, 600, "Le port")
    assert image.uploaded_by == contributor
    assert image.file.name.startswith("library/")
    assert "photo-du-port" in image.file.name
    assert stored(image).format in ("JPEG", "PNG")


def test_an_upload_loses_its_metadata(contributor):
    picture = Picture.new("RGB", (400, 300), "green")
    exif = Picture.Exif()
    exif[0x010F] = "Appareil secret"  # Make
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)

    image = actions.upload_image(by=contributor, upload=upload(data=buffer.getvalue()), alt="Vert")

    assert not stored(image).getexif()


def test_a_huge_photo_is_kept_at_a_sane_size(contributor):
    image = actions.upload_image(
        by=contributor, upload=upload(width=4000, height=2000), alt="Panorama"
    )

    assert (image.width, image.height) == (3000, 1500)


def test_the_renditions_are_made_once_the_upload_is_committed(
    contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = actions.upload_image(by=contributor, upload=upload(), alt="Le port")

    assert image.renditions.filter(use="card", format="webp").count() == 2


def test_a_file_that_is_not_an_image_is_refused(contributor):
    with pytest.raises(ValidationError) as refused:
        actions.upload_image(by=contributor, upload=upload("notes.jpg", b"pas une image" * 20))

    assert refused.value.code == "not_an_image"
    assert not Image.objects.exists()


def test_a_file_too_large_is_refused_before_it_is_read(contributor, monkeypatch):
    monkeypatch.setattr(actions, "MAX_UPLOAD_BYTES", 1000)

    with pytest.raises(ValidationError) as refused:
        actions.upload_image(by=contributor, upload=upload())

    assert refused.value.code == "too_large"
    assert "1000" in refused.value.messages[0]


def test_an_image_with_too_many_pixels_is_refused(contributor, settings):
    settings.KIOSQUE_IMAGE_MAX_PIXELS = 100_000

    with pytest.raises(ValidationError) as refused:
        actions.upload_image(by=contributor, upload=upload(width=1000, height=200))

    assert refused.value.code == "too_many_pixels"


def test_a_reader_may_not_upload(member):
    with pytest.raises(PermissionDenied):
        actions.upload_image(by=member, upload=upload())


def test_describing_an_image_announces_the_articles_showing_it(
    picture_editor, article, monkeypatch
):
    heard = []
    monkeypatch.setattr(actions, "announce", lambda *keys: heard.extend(keys))
    image = ImageFactory()
    article.hero = image
    article.save(update_fields=["hero"])

    assert actions.update_image(
        image, by=picture_editor, alt="Le port sous la pluie", caption="", credit="AFP"
    )

    image.refresh_from_db()
    assert (image.alt, image.caption, image.credit) == ("Le port sous la pluie", "", "AFP")
    assert heard == [f"article:{article.pk}"]


def test_describing_with_the_same_words_changes_nothing(picture_editor, image):
    assert not actions.update_image(
        image, by=picture_editor, alt=image.alt, caption=image.caption, credit=image.credit
    )


def test_a_contributor_may_describe_their_own_image_only(contributor, image):
    own = ImageFactory(by=contributor)

    assert actions.update_image(own, by=contributor, alt="Mon image", caption="", credit="")
    with pytest.raises(PermissionDenied):
        actions.update_image(image, by=contributor, alt="Pas la mienne", caption="", credit="")


@pytest.mark.parametrize(("x", "y"), [(-0.1, 0.5), (0.5, 1.2), (2, 2)])
def test_a_focal_point_outside_the_picture_is_refused(picture_editor, image, x, y):
    with pytest.raises(ValidationError) as refused:
        actions.set_focal_point(image, by=picture_editor, x=x, y=y)

    assert set(refused.value.message_dict) <= {"focal_x", "focal_y"}
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.5, 0.5)


def test_moving_the_focal_point_remakes_the_cropped_renditions(
    picture_editor, rendered_image, django_capture_on_commit_callbacks, media_root
):
    old_card = rendered_image.renditions.get(use="card", format="webp", width=360)
    old_path = media_root / old_card.file.name
    inline = set(rendered_image.renditions.filter(use="inline").values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        assert actions.set_focal_point(rendered_image, by=picture_editor, x=0.9, y=0.2)

    assert not Rendition.objects.filter(pk=old_card.pk).exists()
    assert not old_path.exists()
    assert rendered_image.renditions.filter(use="card", format="webp", width=360).exists()
    assert inline == set(
        rendered_image.renditions.filter(use="inline").values_list("pk", flat=True)
    )


def test_deleting_an_image_deletes_its_files(
    picture_editor, rendered_image, django_capture_on_commit_callbacks, media_root
):
    paths = [media_root / rendered_image.file.name] + [
        media_root / name for name in rendered_image.renditions.values_list("file", flat=True)
    ]
    assert all(path.exists() for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_image(rendered_image, by=picture_editor)

    assert not Image.objects.exists()
    assert not Rendition.objects.exists()
    assert not any(path.exists() for path in paths)


def test_an_image_an_article_shows_cannot_be_deleted(picture_editor, image, article):
    article.hero = image
    article.save(update_fields=["hero"])

    with pytest.raises(ValidationError) as refused:
        actions.delete_image(image, by=picture_editor)

    assert refused.value.code == "in_use"
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_image_in_an_article_text_cannot_be_deleted(picture_editor, image, article):
    article.body = f'Voici le port.\n\n![Le port](image:{image.pk} "Au matin")\n'
    article.save(update_fields=["body"])

    with pytest.raises(ValidationError):
        actions.delete_image(image, by=picture_editor)


def test_an_image_a_story_uses_cannot_be_deleted(picture_editor, image):
    apps.get_model("newsroom", "Story").objects.create(title="Feuilleton", slug="f", image=image)

    with pytest.raises(ValidationError):
        actions.delete_image(image, by=picture_editor)


def test_a_contributor_may_not_delete(contributor):
    own = ImageFactory(by=contributor)

    with pytest.raises(PermissionDenied):
        actions.delete_image(own, by=contributor)


def test_renditions_module_is_what_the_worker_runs(image):
    from kiosque.media import tasks

    assert tasks.make_renditions.call(image.pk) == len(renditions.planned(image))

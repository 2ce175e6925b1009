"""The renditions: sizes and formats per use, cropped around the focal point, never upscaled."""

import io

import pytest
from PIL import Image as Picture

from kiosque.media import renditions
from kiosque.media.renditions import crop_box

from .factories import ImageFactory, picture_bytes


def opened(rendition):
    with rendition.file.open("rb") as file:
        picture = Picture.open(io.BytesIO(file.read()))
        picture.load()
        return picture


def made(image):
    return {(r.use, r.format, r.width, r.height) for r in image.renditions.all()}


class TestTheRenderedImage:
    """Tests that read one rendered image, made once for them all (`rendered_image_once`)."""

    def test_a_photo_gets_every_use_in_webp(self, rendered_image):
        webp = {
            (use, width, height)
            for use, format, width, height in made(rendered_image)
            if format == "webp"
        }

        assert webp == {
            ("hero", 480, 270),
            ("hero", 800, 450),
            ("hero", 1200, 675),
            ("hero", 1600, 900),
            ("card", 360, 203),
            ("card", 720, 405),
            ("inline", 480, 270),
            ("inline", 800, 450),
            ("inline", 1200, 675),
        }

    @pytest.mark.skipif(
        not renditions.pillow_writes("avif"), reason="this Pillow cannot write AVIF"
    )
    def test_avif_beside_webp_when_pillow_writes_it(self, rendered_image):
        avif = {
            (use, width) for use, format, width, _height in made(rendered_image) if format == "avif"
        }
        webp = {
            (use, width) for use, format, width, _height in made(rendered_image) if format == "webp"
        }

        assert avif == webp

    def test_the_files_are_what_their_rows_say(self, rendered_image):
        for rendition in rendered_image.renditions.all():
            picture = opened(rendition)
            assert picture.size == (rendition.width, rendition.height)
            assert (
                picture.format == {"webp": "WEBP", "avif": "AVIF", "jpeg": "JPEG"}[rendition.format]
            )

    def test_the_social_card_is_a_1200_by_630_jpeg(self, rendered_image):
        social = rendered_image.renditions.get(use="social")

        assert (social.format, social.width, social.height) == ("jpeg", 1200, 630)
        assert opened(social).format == "JPEG"

    def test_making_them_again_makes_nothing(self, rendered_image):
        before = set(rendered_image.renditions.values_list("pk", "file"))

        assert renditions.make_renditions(rendered_image.pk) == 0

        assert set(rendered_image.renditions.values_list("pk", "file")) == before

    def test_a_missing_rendition_is_made_alone(self, rendered_image):
        rendered_image.renditions.filter(use="card", width=720).delete()

        made_now = renditions.make_renditions(rendered_image.pk)

        assert made_now == len([f for f in ("avif", "webp") if renditions.can_write(f)])

    def test_the_original_is_kept(self, rendered_image, media_root):
        assert (media_root / rendered_image.file.name).exists()


def test_a_small_original_is_never_upscaled(db):
    image = ImageFactory(data=picture_bytes(600, 400))

    renditions.make_renditions(image.pk)

    widths = {(use, width) for use, _format, width, _height in made(image)}
    assert widths == {("hero", 480), ("card", 360), ("social", 600), ("inline", 480)}
    assert all(width <= 600 for _use, width in widths)


def test_a_tiny_original_gets_one_size_per_use_at_its_own_size(db):
    image = ImageFactory(data=picture_bytes(320, 180))

    renditions.make_renditions(image.pk)

    assert {(use, width, height) for use, _f, width, height in made(image)} == {
        ("hero", 320, 180),
        ("card", 320, 180),
        ("social", 320, 168),
        ("inline", 320, 180),
    }


def red_at_centre(picture):
    r, g, b = picture.convert("RGB").getpixel((picture.width // 2, picture.height // 2))[:3]
    return r > 200 and g < 60 and b < 60


def test_the_card_is_cropped_around_the_focal_point(db):
    # A tall picture: the 16:9 card keeps a band of it, the one around the red square.
    image = ImageFactory(data=picture_bytes(900, 1600, red_square_at=(0.5, 0.8)))
    image.focal_x, image.focal_y = 0.5, 0.8
    image.save(update_fields=["focal_x", "focal_y"])

    renditions.make_renditions(image.pk)

    card = image.renditions.get(use="card", format="webp", width=720)
    assert red_at_centre(opened(card))
    centred = ImageFactory(data=picture_bytes(900, 1600, red_square_at=(0.5, 0.8)))
    renditions.make_renditions(centred.pk)
    assert not red_at_centre(opened(centred.renditions.get(use="card", format="webp", width=720)))


def test_a_wide_picture_is_cropped_across_around_the_focal_point(db):
    image = ImageFactory(data=picture_bytes(3000, 900, red_square_at=(0.4, 0.5)))
    image.focal_x = 0.4
    image.save(update_fields=["focal_x"])

    renditions.make_renditions(image.pk)

    assert red_at_centre(opened(image.renditions.get(use="social")))


@pytest.mark.parametrize(
    ("size", "aspect", "focal", "box"),
    [
        ((1600, 900), 16 / 9, (0.5, 0.5), (0, 0, 1600, 900)),
        ((1000, 1000), 2.0, (0.5, 0.5), (0, 250, 1000, 750)),
        ((1000, 1000), 2.0, (0.5, 0.0), (0, 0, 1000, 500)),  # as central as the edge allows
        ((1000, 1000), 2.0, (0.5, 1.0), (0, 500, 1000, 1000)),
        ((2000, 1000), 1.0, (0.1, 0.5), (0, 0, 1000, 1000)),
        ((2000, 1000), 1.0, (0.6, 0.5), (700, 0, 1700, 1000)),
        ((2000, 1000), None, (0.9, 0.9), (0, 0, 2000, 1000)),
    ],
)
def test_the_crop_box_keeps_the_focal_point_as_central_as_it_can(size, aspect, focal, box):
    assert crop_box(*size, aspect=aspect, focal_x=focal[0], focal_y=focal[1]) == pytest.approx(box)


def test_a_transparent_png_keeps_its_transparency_except_in_the_jpeg(db):
    picture = Picture.new("RGBA", (800, 450), (0, 0, 0, 0))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = ImageFactory(data=buffer.getvalue(), name="logo.png")

    renditions.make_renditions(image.pk)

    assert opened(image.renditions.get(use="card", format="webp", width=360)).mode == "RGBA"
    social = opened(image.renditions.get(use="social"))
    assert social.mode == "RGB"
    assert social.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=3)

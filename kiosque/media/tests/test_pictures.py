"""The picture markup: sources and sizes, eager or lazy, the fallback, inline images in HTML."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from kiosque.media import renditions
from kiosque.media.models import Image

from .factories import ImageFactory


def render(source, **context):
    return Template("{% load pictures %}" + source).render(Context(context))


def attribute(html, name):
    found = re.search(rf'\b{name}="([^"]*)"', html)
    return found.group(1) if found else None


class TestTheRenderedImage:
    """Tests that read one rendered image, made once for them all (`rendered_image_once`)."""

    def test_a_hero_lists_its_sizes_in_each_format(self, rendered_image):
        html = render(
            '{% picture image use="hero" sizes="(min-width: 60rem) 50rem, 100vw" %}',
            image=rendered_image,
        )

        webp = re.search(r'<source type="image/webp" srcset="([^"]*)" sizes="([^"]*)">', html)
        assert webp is not None
        assert re.findall(r" (\d+)w", webp.group(1)) == ["480", "800", "1200", "1600"]
        assert webp.group(2) == "(min-width: 60rem) 50rem, 100vw"
        if renditions.can_write("avif"):
            assert html.index('type="image/avif"') < html.index('type="image/webp"')
        img = re.search(r"<img [^>]*>", html).group(0)
        assert attribute(img, "src").endswith(".webp")
        assert "hero-1600" in attribute(img, "src")
        assert (attribute(img, "width"), attribute(img, "height")) == ("1600", "900")
        assert attribute(img, "alt") == rendered_image.alt

    def test_pictures_are_lazy_unless_eager(self, rendered_image):
        lazy = render('{% picture image use="card" %}', image=rendered_image)
        eager = render('{% picture image use="card" eager=True %}', image=rendered_image)

        assert 'loading="lazy"' in lazy and 'decoding="async"' in lazy
        assert "fetchpriority" not in lazy
        assert 'fetchpriority="high"' in eager and "loading=" not in eager

    def test_a_card_has_the_shape_of_a_card(self, rendered_image):
        html = render('{% picture image use="card" css_class="card-image" %}', image=rendered_image)

        assert (attribute(html, "width"), attribute(html, "height")) == ("720", "405")
        assert attribute(html, "class") == "card-image"

    def test_a_decorative_picture_has_an_empty_alt(self, rendered_image):
        html = render("{% picture image decorative=True %}", image=rendered_image)

        assert ' alt=""' in html

    def test_the_social_image_is_the_absolute_url_of_the_jpeg(self, rendered_image):
        request = RequestFactory().get("/")

        url = render("{% social_image_url image %}", image=rendered_image, request=request)

        assert url.startswith("http://testserver/media/renditions/")
        assert url.endswith(".jpg")

    @pytest.mark.parametrize("use", ["hero", "card", "inline", "social"])
    def test_each_use_renders(self, rendered_image, use):
        assert "<picture>" in render("{% picture image use=use %}", image=rendered_image, use=use)


def test_the_alt_text_is_escaped(db):
    image = ImageFactory(alt='Un "port" <au> matin')

    html = render("{% picture image %}", image=image)

    assert 'alt="Un &quot;port&quot; &lt;au&gt; matin"' in html


def test_before_the_renditions_the_original_is_shown(image):
    html = render('{% picture image use="hero" %}', image=image)

    assert "<source" not in html
    assert attribute(html, "src") == image.file.url
    assert (attribute(html, "width"), attribute(html, "height")) == ("1600", "900")


def test_no_image_no_picture(db):
    assert render("{% picture image %}", image=None) == ""


def test_a_list_of_pictures_reads_renditions_in_one_query(db, django_assert_num_queries):
    # Small pictures: what is counted is queries, and renditions take a moment to make.
    for _ in range(3):
        renditions.make_renditions(ImageFactory(width=320, height=180).pk)

    with django_assert_num_queries(2):
        images = list(Image.objects.with_renditions())
        html = render("{% for image in images %}{% picture image %}{% endfor %}", images=images)

    assert html.count("<picture>") == 3


def test_the_social_image_is_the_original_before_its_rendition(image, settings):
    url = render("{% social_image_url image %}", image=image)

    assert url == f"{settings.SITE_URL}{image.file.url}"


def test_inline_placeholders_become_pictures_in_one_query(db, django_assert_num_queries):
    first, second = ImageFactory(), ImageFactory()
    renditions.make_renditions(first.pk)
    stored = (
        f'<p>Avant.</p><figure><img data-image="{first.pk}" alt="Le port &amp; la mer">'
        f"<figcaption>Au matin</figcaption></figure>"
        f'<p><img alt="" data-image="{second.pk}"></p><img data-image="999999" alt="Perdue">'
    )

    with django_assert_num_queries(2):
        html = render("{{ html|expand_images }}", html=stored)

    assert html.count("<picture>") == 2
    assert 'alt="Le port &amp; la mer"' in html
    assert f'alt="{second.alt}"' in html  # no alt written: the image's own
    assert "Perdue" not in html
    assert "<figcaption>Au matin</figcaption>" in html
    assert 'loading="lazy"' in html
    inline = re.search(r'<source type="image/webp" srcset="([^"]*)"', html).group(1)
    assert re.findall(r" (\d+)w", inline) == ["480", "800", "1200"]


def test_html_without_placeholders_is_read_without_a_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render("{{ html|expand_images }}", html="<p>Un texte <img src='/x.png' alt='x'></p>")

    assert html == "<p>Un texte <img src='/x.png' alt='x'></p>"

"""The desk's live preview is the article as readers get it: the same markup, from the same
template, for the same text."""

import re

from django.urls import reverse

from kiosque.media import renditions
from kiosque.media.tests.factories import ImageFactory
from kiosque.newsroom import actions
from kiosque.newsroom.models import Article

BODY = "## Un intertitre\n\nDu **gras**, une [source](https://example.org).\n\n> Une citation.\n"


def reading_part(html: str) -> str:
    """From the section line to the tags: what the shared template draws."""
    start = html.index('<p class="article__section">')
    end = html.index("</article>", start)
    part = html[start:end]
    part = re.sub(r'<p class="article__section">.*?</p>', "", part, flags=re.S)  # links or not
    part = re.sub(r"<h[12] [^>]*>.*?</h[12]>", "", part, flags=re.S)  # h1 on the page
    part = re.sub(r'<p class="article__meta">.*?</p>', "", part, flags=re.S)
    part = re.sub(r'<p class="report-error">.*?</script>', "", part, flags=re.S)
    part = re.sub(r'<ul class="tags".*?</ul>', "", part, flags=re.S)
    part = re.sub(r'sizes="[^"]*"|loading="lazy"|fetchpriority="high"|decoding="async"', "", part)
    part = re.sub(r"<aside.*", "", part, flags=re.S)  # story box and bylines: the page's own
    return re.sub(r"\s+", " ", part).strip()


def test_the_preview_draws_the_hero_lead_and_body_as_the_article_page(client, editor, section):
    hero = ImageFactory(alt="Le port", caption="Au matin", credit="Rédaction")
    renditions.make_renditions(hero.pk)
    article = Article(
        title="Le noyau Linux passe en Rust",
        slug="noyau-rust",
        lead="Un chapeau.",
        body=BODY,
        section=section,
        hero=hero,
    )
    actions.save_article(article, by=editor)
    actions.publish_article(article, by=editor)
    client.force_login(editor)

    page = client.get(article.get_absolute_url()).content.decode()
    preview = client.post(
        reverse("desk:article-preview"),
        {
            "title": article.title,
            "slug": article.slug,
            "lead": article.lead,
            "body": BODY,
            "section": section.pk,
            "hero": hero.pk,
            "hero_alt": hero.alt,
            "hero_caption": hero.caption,
            "hero_credit": hero.credit,
            "tag_names": "",
        },
    ).content.decode()

    shown = reading_part(page)
    assert "<strong>gras</strong>" in shown and "Au matin" in shown and "srcset" in shown
    assert reading_part(preview) == shown


def test_without_javascript_the_preview_button_opens_a_whole_page(client, contributor, section):
    client.force_login(contributor)
    editor_page = client.get(reverse("desk:article-new")).content.decode()
    assert 'value="preview"' in editor_page and 'formtarget="_blank"' in editor_page

    response = client.post(
        reverse("desk:article-preview"),
        {"title": "Un titre", "lead": "", "body": "Du **gras**.", "section": section.pk,
         "tag_names": "", "step": "preview"},
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "<strong>gras</strong>" in html and "Un titre" in html
    assert not Article.objects.exists()

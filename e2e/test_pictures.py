"""Readers download each picture in a modern format at about the size their screen shows it:
the browser picks it from the renditions' srcset with the page's `sizes` (Chromium)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page

from kiosque.media import renditions
from kiosque.media.models import Image
from kiosque.media.tests.factories import ImageFactory
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import ArticleFactory, SectionFactory

HERO_WIDTHS = renditions.USES[renditions.HERO].widths
CARD_WIDTHS = renditions.USES[renditions.CARD].widths
INLINE_WIDTHS = renditions.USES[renditions.INLINE].widths


def rendered(alt: str) -> Image:
    image = ImageFactory.create(alt=alt)
    renditions.make_renditions(image.pk)
    return image


def loaded(image: Locator) -> dict[str, Any]:
    """What the browser chose for `image` (scrolled to, so that a lazy one loads) and the CSS
    width it shows it at."""
    image.scroll_into_view_if_needed()
    result: dict[str, Any] = image.evaluate(
        """async img => {
            await img.decode();
            // naturalWidth of a srcset choice is divided by its density: read the file's own.
            const file = new Image();
            file.src = img.currentSrc;
            await file.decode();
            return {
                url: img.currentSrc,
                natural: file.naturalWidth,
                shown: img.getBoundingClientRect().width,
                density: window.devicePixelRatio,
            };
        }"""
    )
    return result


def assert_fits(choice: dict[str, Any], widths: tuple[int, ...], what: str) -> None:
    """A modern format, at the narrowest rendition that covers the shown width × density."""
    assert choice["url"].endswith((".webp", ".avif")), f"{what}: {choice['url']}"
    needed = choice["shown"] * choice["density"]
    covering = [width for width in widths if width >= needed]
    expected = min(covering) if covering else max(widths)
    assert choice["natural"] == expected, f"{what}: {choice} (needed {needed:.0f} px)"


def reader_tab(browser: Any, live_server: Any, *, width: int, density: float) -> Page:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 844},
        device_scale_factor=density,
        locale="fr-FR",
    )
    return context.new_page()


# A phone at two densities and a laptop: (CSS width, device pixel ratio).
SCREENS = ((390, 2), (390, 3), (1366, 1))


def test_pictures_come_at_the_size_each_screen_shows(
    transactional_db: None,
    browser: Any,
    live_server: Any,
    record_property: Any,
) -> None:
    """One publication, its renditions made once, read on each screen in a tab of its own;
    every screen is checked, and the failure names each screen that failed."""
    section = SectionFactory.create()
    chart = rendered("Un graphique des ventes")
    article = ArticleFactory.create(
        section=section,
        hero=rendered("Un processeur sur fond bleu"),
        body=f'Avant.\n\n![Les ventes](image:{chart.pk} "Les ventes")\n\nAprès.\n',
    )
    for _ in range(3):
        ArticleFactory.create(section=section, hero=rendered("Une carte"), is_featured=True)
    failures: list[str] = []
    for width, density in SCREENS:
        try:
            seen = pictures_on_a_screen(browser, live_server, article, width, density)
        except AssertionError as failure:
            failures.append(f"at {width} px × {density}: {failure}")
        else:
            record_property("measured", seen)
    assert not failures, "\n".join(failures)


def pictures_on_a_screen(
    browser: Any, live_server: Any, article: Article, width: int, density: float
) -> str:
    """Check what a reader on this screen downloads; describe it for the run's summary."""
    tab = reader_tab(browser, live_server, width=width, density=density)
    try:
        tab.goto(article.get_absolute_url())
        hero = loaded(tab.locator(".article__hero img"))
        inline = loaded(tab.locator(".article__body img"))
        tab.goto(reverse("newsroom:home"))
        large = loaded(tab.locator(".card--large .card__image img"))
        card = loaded(tab.locator(".latest .card__image img").first)
    finally:
        tab.context.close()

    assert_fits(hero, HERO_WIDTHS, "hero")
    assert_fits(inline, INLINE_WIDTHS, "inline image")
    assert_fits(large, HERO_WIDTHS, "large card")
    assert_fits(card, CARD_WIDTHS, "card")
    if width == 390:
        assert card["shown"] == pytest.approx(358, abs=1), "a card spans the phone, less margins"
    return f"pictures at {width} px × {density}: " + ", ".join(
        f"{name} shown {choice['shown']:.0f} px, loaded {choice['natural']} px "
        f"{choice['url'].rsplit('.', 1)[1]}"
        for name, choice in (
            ("hero", hero),
            ("inline", inline),
            ("large card", large),
            ("card", card),
        )
    )

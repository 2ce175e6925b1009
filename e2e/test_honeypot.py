"""The minimum fill time in a real browser, with the real value.

The other browser tests run with the fill time off (`KIOSQUE_MIN_FILL_SECONDS=0`, pyproject's
pytest env): Playwright fills a form in milliseconds, no person does. This one turns it on. The
seconds a reader spends writing pass on the live server's clock with time-machine (the server
runs in this process), not in a wait: the form then comes back that much later for the server.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from playwright.sync_api import Page, expect

from e2e.community_helpers import post_id_in, sign_in, submit
from kiosque.demo.content.community_discussions import LONG_DISCUSSION_ARTICLE
from kiosque.demo.content.community_members import MEMBERS
from kiosque.newsroom.models import Article

FILL_SECONDS = 3
TEXT = "Un avis écrit trop vite, puis envoyé à nouveau."


@pytest.mark.usefixtures("demo_site")
def test_a_comment_sent_back_at_once_is_refused_then_published_a_few_seconds_later(
    page: Page, settings: Any
) -> None:
    settings.KIOSQUE_MIN_FILL_SECONDS = FILL_SECONDS
    article_url = Article.objects.get(slug=LONG_DISCUSSION_ARTICLE).get_absolute_url()
    sign_in(page, MEMBERS[0].username, next_url=article_url)
    composer = page.locator("#discussion form.composer")
    expect(composer.locator("input[name=website]")).to_be_hidden()

    composer.locator("textarea[name=source]").fill(TEXT)
    refused = submit(page, composer.get_by_role("button", name="Publier", exact=True))

    assert refused.status == 400
    expect(page.get_by_role("alert")).to_contain_text("plus vite qu’une personne ne peut l’écrire")
    expect(page.locator("form.composer textarea[name=source]")).to_have_value(TEXT)

    # The refused page started a new count; the reader takes a little longer this time.
    with time_machine.travel(time.time() + FILL_SECONDS + 0.5, tick=True):
        publish = page.locator("form.composer").get_by_role("button", name="Publier", exact=True)
        submit(page, publish)

    assert urlsplit(page.url).path == article_url
    post = page.locator(f"#post-{post_id_in(page.url)}")
    expect(post.locator(".post__body")).to_have_text(TEXT)

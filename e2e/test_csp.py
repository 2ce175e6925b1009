"""The Content-Security-Policy in Chromium: the main pages, read and used, break none of it.

Every page is watched for `securitypolicyviolation` events, for CSP errors on the console and
for reports sent to /csp-report/; liking (fetch), commenting (the enhanced composer) and playing a
video (a frame of its host) must still work under the policy.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.community_helpers import sign_in, visit
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community.tests.factories import PostFactory
from kiosque.newsroom.actions import publish_article
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import ArticleFactory

PASSWORD = "un mot de passe solide"  # UserFactory's

# Runs in every page before its own scripts: keeps each violation the browser reports.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


class PolicyWatch:
    """What a tab reported against the policy: events, console errors, requests to the report
    endpoint."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        self.reports: list[str] = []
        page.context.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._on_console)
        page.on("request", self._on_request)

    def _on_console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def _on_request(self, request: Any) -> None:
        if "/csp-report/" in request.url:
            self.reports.append(request.post_data or "")

    def assert_clean(self, where: str) -> None:
        events = self.page.evaluate("window.__violations || []")
        assert events == [], f"{where}: {events}"
        assert self.console == [], f"{where}: {self.console}"
        assert self.reports == [], f"{where}: {self.reports}"


@pytest.fixture
def discussed_article(transactional_db: None, media_root: Any) -> Article:
    """A published article with a video and someone's comment under it."""
    article = ArticleFactory.create(
        draft=True,
        title="La fibre arrive au village",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    published = publish_article(article, by=None)
    PostFactory(topic=published.topic, source="Enfin !", html="<p>Enfin !</p>")
    return published


def test_the_main_pages_keep_to_the_policy_and_still_work(
    page: Page, discussed_article: Article
) -> None:
    watch = PolicyWatch(page)
    article = discussed_article
    member = UserFactory.create()
    assert article.topic is not None

    visit(page, "/")
    policy = page.request.get("/").headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "script-src 'self'" in policy
    watch.assert_clean("front page")

    visit(page, article.get_absolute_url())
    video = page.locator(".video__frame[data-embed-src]")
    video.locator(".video__play").click()
    expect(video.locator("iframe")).to_have_attribute("src", re.compile(r"^https://www.youtube"))
    watch.assert_clean("an article with its comments and its video playing")

    for where, path in [
        ("the forum", reverse("community:index")),
        ("a topic", article.topic.get_absolute_url()),
        ("the sign-in page", reverse("account_login")),
    ]:
        visit(page, path)
        watch.assert_clean(where)

    sign_in(page, member.username, password=PASSWORD, next_url=article.get_absolute_url())
    watch.assert_clean("signed in, the article")

    like = page.locator("form[data-like] button[aria-pressed]").first
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")  # answered to the script's fetch
    watch.assert_clean("a like sent by the script")

    page.locator("form.composer textarea[name=source]").first.fill(
        "Sous une politique de sécurité stricte, ce commentaire passe quand même."
    )
    publish = page.locator("form.composer").first.get_by_role("button", name="Publier", exact=True)
    with page.expect_navigation():
        publish.click()
    expect(page.get_by_text("ce commentaire passe quand même")).to_be_visible()
    watch.assert_clean("a comment posted")

    visit(page, reverse("accounts:settings"))
    watch.assert_clean("the member's settings")

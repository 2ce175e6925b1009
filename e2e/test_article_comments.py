"""Staying in place on an article with JavaScript: the earlier comments loaded above those
shown, and a member's comment edited where it stands, the page never left."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.community_helpers import sign_in
from e2e.quality import assert_accessible, assert_valid_documents, screenshots
from e2e.test_composer import PASSWORD, dom_of
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.newsroom.actions import publish_article
from kiosque.newsroom.models import Article
from kiosque.newsroom.tests.factories import ArticleFactory

SHOWN = 4


def long_discussion(member_name: str) -> Article:
    """An article with 10 comments, a minute apart; the fourth from the end is the member's."""
    start = timezone.now() - timedelta(hours=2)
    article = ArticleFactory.create(draft=True, title="Le retour du RISC", slug="risc")
    publish_article(article, by=None, at=start)
    article.refresh_from_db()
    assert article.topic is not None
    member = UserFactory.create(username=member_name, password=PASSWORD)
    others = [UserFactory.create(username=f"lectrice{n}") for n in range(3)]
    for n in range(10):
        actions.post_reply(
            article.topic,
            author=member if n == 6 else others[n % 3],
            source=f"Commentaire numéro {n}.",
            at=start + timedelta(minutes=n + 1),
        )
    return article


@pytest.mark.usefixtures("transactional_db", "quality_tools")
def test_earlier_comments_load_in_place_and_a_comment_is_edited_where_it_stands(
    page: Page, settings: Any
) -> None:
    settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN = SHOWN
    article = long_discussion("auteure")
    article_url = article.get_absolute_url()
    sign_in(page, "auteure", password=PASSWORD, next_url=article_url)
    posts = page.locator("#discussion article.post")
    expect(posts).to_have_count(SHOWN)

    # "See the 6 earlier comments": the next 4 arrive above, the link now counts the 2 left.
    earlier = page.get_by_role("link", name="Voir les 6 commentaires précédents")
    earlier.click()
    expect(posts).to_have_count(2 * SHOWN)
    expect(posts.first).to_contain_text("Commentaire numéro 2.")
    expect(posts.first).to_be_focused()
    said = page.get_by_role("status").filter(has_text="Commentaires précédents affichés.")
    expect(said).to_have_count(1)
    page.get_by_role("link", name="Voir les 2 commentaires précédents").click()
    expect(posts).to_have_count(10)
    expect(page.get_by_role("link", name="précédents")).to_have_count(0)
    assert urlsplit(page.url).path == article_url
    assert_accessible(page, "article with its earlier comments")

    # Edit in place: the Markdown in a composer where the comment was, saved without leaving.
    mine = page.locator("article.post[data-username=auteure]")
    mine.get_by_role("link", name="Modifier votre message").click()
    text = mine.get_by_role("textbox", name="Modifier votre message")
    expect(text).to_have_value("Commentaire numéro 6.")
    expect(text).to_be_focused()
    text.fill("Commentaire numéro 6, **corrigé**.")
    expect(mine.locator("[data-composer-preview-body] strong")).to_have_text("corrigé")
    assert_accessible(page, "a comment edited in place")
    screenshots(page, "comment-edited-in-place")
    documents = {"a comment edited in place": dom_of(page)}
    mine.get_by_role("button", name="Enregistrer").click()
    expect(mine.locator(".post__body strong")).to_have_text("corrigé")
    expect(mine.locator(".post__edited")).to_be_visible()
    expect(mine).to_be_focused()
    expect(mine).to_be_in_viewport()
    assert urlsplit(page.url).path == article_url

    # Cancel puts the comment back as it was.
    mine.get_by_role("link", name="Modifier votre message").click()
    mine.get_by_role("textbox").fill("Rien.")
    mine.get_by_role("button", name="Annuler").click()
    expect(mine.get_by_role("textbox")).to_have_count(0)
    expect(mine.locator(".post__body")).to_contain_text("corrigé")
    page.reload()
    expect(page.locator("article.post[data-username=auteure] .post__body strong")).to_have_text(
        "corrigé"
    )
    assert_valid_documents(documents)

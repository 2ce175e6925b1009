"""The reader community in a browser: joining to comment, quoting, notifications, and the
pages and composer passing the quality gates, keyboard use and bad input included.

Mail travels over real SMTP to a local server (the accounts tests' `smtp_server` fixture).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Locator, Page, Request, expect

from e2e.community_helpers import (
    comments,
    member_nav,
    member_tab,
    post_id_in,
    sign_in,
    submit,
    visit,
)
from e2e.conftest import ARTIFACTS_DIR
from e2e.quality import assert_accessible, assert_valid_documents
from kiosque.accounts.models import User

# The accounts tests' real SMTP server on a free port, with Django's mail settings pointing at it.
from kiosque.accounts.tests.conftest import SmtpInbox, smtp_server  # noqa: F401 (a fixture)
from kiosque.community.forms import MAX_POST_LENGTH
from kiosque.community.models import Notification
from kiosque.demo.content.community_discussions import LONG_DISCUSSION_ARTICLE
from kiosque.demo.content.community_members import MEMBERS
from kiosque.newsroom.models import Article

NEW_PASSWORD = "une phrase de passe solide"
# The first demo member: the one `kiosque demo` suggests signing in as.
MEMBER = MEMBERS[0].username


def long_discussion() -> Article:
    return Article.objects.select_related("topic").get(slug=LONG_DISCUSSION_ARTICLE)


def discussion_of(page: Page) -> Locator:
    return page.locator("#discussion")


def composer_text(scope: Page | Locator) -> Locator:
    return scope.locator("form.composer textarea[name=source]")


def publish_button(scope: Page | Locator) -> Locator:
    return scope.locator("form.composer").get_by_role("button", name="Publier", exact=True)


def inner_text(locator: Locator) -> str:
    """The text as the reader sees it: line breaks as "\\n", non-breaking spaces kept."""
    text: str = locator.evaluate("element => element.innerText")
    return text


# 1. ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("demo_site")
def test_a_new_reader_joins_from_an_article_and_publishes_a_first_comment(
    page: Page,
    smtp_server: SmtpInbox,  # noqa: F811 (the fixture imported above)
) -> None:
    # A commented article, reached from its card on the front page.
    visit(page, "/")
    card_link = (
        page.get_by_role("main")
        .locator('a[href$="#discussion"]')
        .filter(has_text=re.compile(r"^\s*[1-9]\d* commentaires?\s*$"))
        .first
    )
    count = int((card_link.text_content() or "").split()[0])
    article_url = (card_link.get_attribute("href") or "").split("#")[0]
    submit(page, card_link)
    discussion = discussion_of(page)
    expect(discussion.get_by_role("heading", level=2)).to_have_text(f"Commentaires ({count})")
    expect(discussion.get_by_role("link", name="Connectez-vous pour commenter")).to_be_visible()
    expect(composer_text(page)).to_have_count(0)

    # Joining: username, e-mail, the password twice.
    submit(page, discussion.get_by_role("link", name="Créer un compte"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Création de compte")
    page.get_by_label("Nom d'utilisateur").fill("lectrice_du_soir")
    page.get_by_label("Courriel").fill("lectrice@example.org")
    page.get_by_label("Mot de passe :", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(NEW_PASSWORD)
    joined = submit(page, page.get_by_role("button", name="Création de compte"))
    assert joined.status == 200, f"joining answered {joined.status}"
    expect(member_nav(page).get_by_role("link", name="lectrice_du_soir")).to_have_count(0)

    # The confirmation link comes by e-mail; the reader opens it in the same browser.
    mail = smtp_server.last_to("lectrice@example.org")
    assert smtp_server.subject_of(mail) == "[Kiosque] Confirmez votre adresse e-mail"
    visit(page, smtp_server.link_in(mail, "/compte/confirm-email/"))
    confirmed = submit(page, page.get_by_role("main").get_by_role("button", name="Confirmer"))
    assert confirmed.status == 200
    expect(member_nav(page).get_by_role("link", name="lectrice_du_soir")).to_be_visible()

    # Signed in, the reader is back at the article's discussion, where a composer now waits.
    assert page.url.endswith(f"{article_url}#discussion"), page.url
    discussion = discussion_of(page)
    expect(discussion.get_by_role("link", name="Connectez-vous pour commenter")).to_have_count(0)
    composer = discussion.get_by_label("Votre commentaire")
    composer.press_sequentially(
        "Merci pour cet article.\nEn somme, «&nbsp;test&nbsp;» réussi pour la R&amp;D."
    )
    published = submit(page, publish_button(discussion))
    assert published.status == 200

    # The reader lands on their comment, shown as typed: a real line break, real characters.
    assert urlsplit(page.url).path == article_url
    post_id = post_id_in(page.url)
    post = page.locator(f"#post-{post_id}")
    expect(post).to_be_in_viewport()
    expect(post.get_by_role("link", name="lectrice_du_soir", exact=True)).to_be_visible()
    body = post.locator(".post__body")
    assert inner_text(body) == (
        "Merci pour cet article.\nEn somme, «\u202ftest\u202f» réussi pour la R&D."
    )
    expect(body.locator("br")).to_have_count(1)
    shown = body.text_content() or ""
    assert "&nbsp;" not in shown and "&amp;" not in shown, f"raw entities shown: {shown!r}"
    expect(discussion.get_by_role("heading", level=2)).to_have_text(f"Commentaires ({count + 1})")
    expect(page.locator(".article__comment-count")).to_have_text(comments(count + 1))
    expect(composer_text(discussion)).to_have_value("")  # the sent draft is not restored

    all_messages = discussion.get_by_role(
        "link", name=f"Voir tous les messages sur le forum ({count + 1})", exact=True
    )
    topic_url = all_messages.get_attribute("href") or ""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS_DIR / "article-with-comments.png", full_page=True)

    # The comment's own link keeps it on its article (community/places.py); the forum shows the
    # same post under the same anchor.
    submit(page, post.locator("a.post__date"))
    assert urlsplit(page.url).path == article_url
    assert post_id_in(page.url) == post_id
    submit(page, all_messages)
    assert urlsplit(page.url).path == topic_url
    forum_post = page.locator(f"#post-{post_id}")
    forum_post.scroll_into_view_if_needed()
    expect(forum_post).to_be_in_viewport()
    assert inner_text(forum_post.locator(".post__body")) == inner_text(body)
    page.screenshot(path=ARTIFACTS_DIR / "topic.png", full_page=True)

    # Every count says one more: the front page's cards and the forum's "Articles" list.
    visit(page, "/")
    cards = page.get_by_role("main").locator(f'a[href="{article_url}#discussion"]')
    assert cards.count() >= 1, "the article left the front page"
    for index in range(cards.count()):
        expect(cards.nth(index)).to_have_text(comments(count + 1))
    visit(page, reverse("community:index"))
    submit(page, page.get_by_role("main").get_by_role("link", name="Articles", exact=True).first)
    listed = page.locator(".topic-list__item").filter(has=page.locator(f'a[href="{topic_url}"]'))
    expect(listed.locator(".topic-list__meta")).to_contain_text(f"{count + 1} réponses")


# 2. ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("demo_site")
def test_a_member_quotes_another_who_is_notified(
    page: Page, browser: Browser, live_server: Any
) -> None:
    article = long_discussion()
    assert article.topic is not None
    article_url = article.get_absolute_url()
    sign_in(page, MEMBER, next_url=article_url)

    # Quote the latest comment by someone else, with its "Citer" button.
    quoted = discussion_of(page).locator(f'article.post:not([data-username="{MEMBER}"])').last
    quoted_author = quoted.get_attribute("data-username") or ""
    quoted_id = int(quoted.get_attribute("data-post") or 0)
    author = User.objects.get(username=quoted_author)
    unread_before = Notification.objects.unread_for(author).count()
    submit(page, quoted.get_by_role("link", name=f"Citer {quoted_author}", exact=True))
    composer = composer_text(page)
    expect(composer).to_have_value(
        re.compile(
            rf'^\[quote="{re.escape(quoted_author)}, post:{quoted_id}"\]\n.+\[/quote\]\n', re.DOTALL
        )
    )
    composer.press("Control+End")
    composer.press_sequentially("Je pense exactement pareil.")
    published = submit(page, publish_button(page))
    assert published.status == 200

    # The new comment opens with the quote, attributed to its author, linking to their post.
    assert urlsplit(page.url).path == article_url
    post_id = post_id_in(page.url)
    post = page.locator(f"#post-{post_id}")
    expect(post).to_be_in_viewport()
    quote = post.locator("blockquote.quote")
    attribution = quote.get_by_role("link", name=f"{quoted_author} a écrit :", exact=True)
    expect(attribution).to_have_attribute(
        "href", reverse("community:post-permalink", args=[quoted_id])
    )
    expect(post.locator(".post__body > p").last).to_have_text("Je pense exactement pareil.")
    submit(page, attribution)
    assert post_id_in(page.url) == quoted_id
    expect(page.locator(f"#post-{quoted_id}")).to_be_in_viewport()

    # The quoted member, in their own browser, sees the bell and follows it to the post.
    with member_tab(browser, live_server) as other:
        sign_in(other, quoted_author)
        unread = unread_before + 1
        bell = member_nav(other).get_by_role(
            "button", name=f"Notifications ({unread} non lue{'s' if unread > 1 else ''})"
        )
        expect(bell).to_have_text(str(unread))
        bell.click()  # the dropdown (bell.js), whose "Tout voir" opens the full list
        submit(other, other.locator("#bell-panel").get_by_role("link", name="Tout voir"))
        expect(other.get_by_role("heading", level=1)).to_have_text("Notifications")
        notification = other.locator("main li.notification").first
        line = notification.get_by_role("button")
        # Opening the notification reads it on its way to the post: a form's POST.
        expect(notification.locator("form")).to_have_attribute(
            "action", re.compile(r"^/forum/notifications/\d+/$")
        )
        expect(line).to_contain_text(MEMBER)
        expect(notification).to_contain_text("non lue")
        wording = notification.locator(".notification__summary").text_content() or ""
        submit(other, line)
        assert post_id_in(other.url) == post_id
        expect(other.locator(f"#post-{post_id}")).to_be_in_viewport()
        expect(member_nav(other).locator(".bell__count")).to_have_count(1 if unread > 1 else 0)
        if unread > 1:
            expect(member_nav(other).locator(".bell__count")).to_have_text(str(unread - 1))
        told = f"{MEMBER} vous a cité dans «\u00a0{article.topic.title}\u00a0»"
        assert wording == told


# 3. ----------------------------------------------------------------------------------------


def tab_to(page: Page, target: Locator, *, most: int = 8) -> None:
    """Press Tab until `target` has the focus; fail when it is not among the next `most` stops."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{most} presses of Tab did not reach {target}")


@pytest.mark.usefixtures("demo_site", "quality_tools")
def test_discussion_pages_and_the_composer_pass_the_quality_gates_and_the_keyboard(
    page: Page,
) -> None:
    article = long_discussion()
    assert article.topic is not None
    article_url = article.get_absolute_url()
    topic_url = article.topic.get_absolute_url()
    documents: dict[str, str] = {}

    # An anonymous reader: comments and a sign-in prompt, no form.
    documents["article, lecteur"] = visit(page, article_url)
    expect(discussion_of(page).locator("article.post").first).to_be_visible()
    expect(composer_text(page)).to_have_count(0)
    assert_accessible(page, "article, lecteur")
    documents["sujet, lecteur"] = visit(page, topic_url)
    expect(page.locator("article.post").first).to_be_visible()
    assert_accessible(page, "sujet, lecteur")
    for name, html in documents.items():
        assert "csrfmiddlewaretoken" not in html, f"the anonymous page « {name} » holds a form"

    # A member: the same pages with the composer, and the reply page of a quote.
    sign_in(page, MEMBER, next_url=article_url)
    documents["article, membre"] = visit(page, article_url)
    expect(composer_text(discussion_of(page))).to_be_visible()
    assert_accessible(page, "article, membre")
    documents["sujet, membre"] = visit(page, topic_url)
    expect(composer_text(page)).to_be_visible()
    assert_accessible(page, "sujet, membre")
    quote = page.locator("article.post").first.get_by_role("link", name=re.compile("^Citer "))
    documents["réponse, membre"] = submit(page, quote).text()
    expect(composer_text(page)).to_have_value(re.compile(r"^\[quote="))
    assert_accessible(page, "réponse, membre")

    # The keyboard alone: Tab to the composer, type, Tab to "Publier", Enter.
    visit(page, article_url)
    discussion = discussion_of(page)
    discussion.get_by_role("link", name=re.compile("^Voir tous les messages sur le forum")).focus()
    textarea = composer_text(discussion)
    tab_to(page, textarea)
    page.keyboard.type("Écrit et envoyé sans souris.")
    button = publish_button(discussion)
    tab_to(page, button)
    published = submit(page, button, key="Enter")
    assert published.status == 200
    post = page.locator(f"#post-{post_id_in(page.url)}")
    expect(post.locator(".post__body")).to_have_text("Écrit et envoyé sans souris.")

    assert_valid_documents(documents)


# 4. ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("demo_site")
def test_a_refused_comment_comes_back_with_a_french_message_and_the_text_kept(
    page: Page,
) -> None:
    article = long_discussion()
    assert article.topic is not None
    article_url = article.get_absolute_url()
    sign_in(page, MEMBER, next_url=article_url)
    discussion = discussion_of(page)

    # Nothing typed: the browser itself asks for text (in its own language), nothing is sent.
    sent: list[str] = []

    def record_post(request: Request) -> None:
        if request.method == "POST":
            sent.append(request.url)

    page.on("request", record_post)
    publish_button(discussion).click()
    textarea = composer_text(discussion)
    expect(textarea).to_be_focused()
    assert textarea.evaluate("element => element.validity.valueMissing")
    page.remove_listener("request", record_post)
    assert sent == [], f"an empty comment was sent: {sent}"
    assert urlsplit(page.url).path == article_url

    # Only blank lines: the server refuses them in French and the page keeps what was typed.
    blank = "   \n\n   "
    textarea.fill(blank)
    refused = submit(page, publish_button(discussion))
    assert refused.status == 400
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("alert")).to_have_text(
        "Votre message est vide : écrivez quelque chose d’abord."
    )
    expect(composer_text(page)).to_have_value(blank)
    expect(composer_text(page)).to_have_attribute("aria-invalid", "true")

    # The member writes something after all, from that page: back to the article.
    composer_text(page).fill("Finalement, j'ai quelque chose à dire.")
    submit(page, publish_button(page))
    assert urlsplit(page.url).path == article_url
    post = page.locator(f"#post-{post_id_in(page.url)}")
    expect(post.locator(".post__body")).to_have_text("Finalement, j'ai quelque chose à dire.")

    # Over the limit: refused with the lengths in French, the whole text still in the composer.
    too_long = ("Une analyse fouillée, argument après argument. " * 500)[: MAX_POST_LENGTH + 1]
    composer_text(discussion_of(page)).fill(too_long)
    refused = submit(page, publish_button(discussion_of(page)))
    assert refused.status == 400
    expect(page.get_by_role("alert")).to_contain_text(
        f"Votre message fait {MAX_POST_LENGTH + 1} caractères ; la limite est de {MAX_POST_LENGTH}."
    )
    expect(composer_text(page)).to_have_value(too_long)
    expect(composer_text(page)).to_be_focused()

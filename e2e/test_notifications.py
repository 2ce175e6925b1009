"""Notifications and bookmarks in Chromium: a member's replies and likes grouped in the bell's
dropdown, a notification followed, a post bookmarked with a reminder, and the one-click
unsubscribe of an e-mail read from the server's outbox, with no session."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from e2e.community_helpers import member_tab, post_id_in, sign_in, submit, visit
from e2e.quality import assert_accessible, assert_valid_documents, screenshots
from kiosque.accounts.models import User

# The accounts tests' real SMTP server on a free port, with Django's mail settings pointing at it.
from kiosque.accounts.tests.conftest import SmtpInbox, smtp_server  # noqa: F401 (a fixture)
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Bookmark, Notification
from kiosque.community.tests.factories import CategoryFactory

PASSWORD = "un mot de passe solide"  # UserFactory's


def test_the_bell_groups_a_bookmark_reminds_an_email_unsubscribes(
    page: Page,
    browser: Browser,
    live_server: Any,
    transactional_db: None,
    smtp_server: SmtpInbox,  # noqa: F811 (the fixture imported above)
) -> None:
    category = CategoryFactory.create(name="Entraide", slug="entraide")
    zephyrine = UserFactory.create(username="zephyrine", email="zephyrine@example.org")
    topic = actions.start_topic(
        author=zephyrine, category=category, title="Quel clavier ?", source="Je cherche."
    )
    opening = topic.posts.get()
    answer = actions.post_reply(
        topic,
        author=UserFactory.create(username="bastien"),
        source="Un clavier mécanique.",
        reply_to=opening,
    )
    for name in ("ines", "jules", "Lou"):
        actions.like_post(opening, user=UserFactory.create(username=name))

    # Zéphyrine opens the bell: a disclosure whose dropdown groups the three likes.
    sign_in(page, "zephyrine", password=PASSWORD, next_url=topic.get_absolute_url())
    bell = page.locator("[data-bell] button.bell")
    expect(bell).to_have_attribute("aria-expanded", "false")
    expect(bell).to_have_accessible_name("Notifications (4 non lues)")
    bell.click()
    expect(bell).to_have_attribute("aria-expanded", "true")
    panel = page.locator("#bell-panel")
    grouped = panel.locator("li.notification").filter(has_text="aimé votre message")
    expect(grouped).to_have_count(1)
    expect(grouped).to_contain_text(re.compile(r"Lou et 2 autres ont aimé votre message"))
    expect(grouped.locator(".avatar")).to_have_count(1)
    expect(panel.get_by_role("link", name="Tout voir")).to_be_visible()
    assert_accessible(page, "bell dropdown open")
    screenshots(page, "notifications-dropdown")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(bell).to_be_focused()

    # Following the reply's line opens the answer; the bell counts one fewer.
    bell.click()
    submit(
        page, panel.locator("li.notification").filter(has_text="a répondu").get_by_role("button")
    )
    assert post_id_in(page.url) == answer.pk
    expect(page.locator("[data-bell] .bell__count")).to_have_text("3")

    # She bookmarks the answer in one click, then gives it a reminder and a note.
    post = page.locator(f"#post-{answer.pk}")
    submit(page, post.get_by_role("button", name="Mettre en signet ce message"))
    expect(page.locator(".messages")).to_contain_text("Le message est dans vos signets.")
    submit(page, page.locator(f"#post-{answer.pk}").get_by_role("link", name="Dans vos signets"))
    page.get_by_label("Note").fill("À comparer avant Noël")
    page.get_by_label("Me le rappeler").fill("2031-12-01T09:00")
    bookmark_html = page.content()
    submit(page, page.get_by_role("button", name="Enregistrer le signet"))
    bookmarks_html = visit(page, reverse("community:bookmarks"))
    listed = page.locator("li.bookmark")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("À comparer avant Noël")
    expect(listed).to_contain_text(re.compile(r"Rappel le 1\S* décembre 2031"))
    assert Bookmark.objects.get(member=zephyrine).remind_at is not None
    assert_accessible(page, "bookmarks")
    screenshots(page, "bookmarks")
    list_html = visit(page, reverse("community:notifications") + "?filtre=aime")
    expect(page.get_by_role("link", name="J’aime")).to_have_attribute("aria-current", "page")
    screenshots(page, "notifications-page")

    # The reply's e-mail, from the server's outbox: its one-click address, POSTed by a mail
    # client with no session, unsubscribes; the footer's link shows a page that asks first.
    mail = smtp_server.last_to("zephyrine@example.org")
    assert str(mail["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    one_click = re.findall(r"<(https?://[^>]+)>", str(mail["List-Unsubscribe"]))[0]
    path = urlsplit(one_click).path
    assert path == smtp_server.link_in(mail, "/membres/desabonnement/")
    with member_tab(browser, live_server) as stranger:
        asked_html = visit(stranger, path)  # a link scanner's GET changes nothing
        expect(stranger.get_by_role("heading", level=1)).to_have_text(
            "Ne plus recevoir ces courriels\u00a0?"
        )
        assert User.objects.get(pk=zephyrine.pk).email_on_reply
        submit(stranger, stranger.get_by_role("button", name="Me désabonner"))
        expect(stranger.get_by_role("main")).to_contain_text("Vous ne recevrez plus")
        assert not User.objects.get(pk=zephyrine.pk).email_on_reply
        assert_accessible(stranger, "unsubscribed")
        screenshots(stranger, "unsubscribed")
        submit(stranger, stranger.get_by_role("button", name=re.compile("Annuler")))
        expect(stranger.get_by_role("heading", level=1)).to_have_text("Vous êtes de nouveau abonné")
        assert User.objects.get(pk=zephyrine.pk).email_on_reply
        # a mail client's one-click POST, without a session or a form token
        answered = stranger.request.post(
            path,
            data="List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert answered.status == 200
        assert not User.objects.get(pk=zephyrine.pk).email_on_reply
    assert Notification.objects.unread_for(zephyrine).count() == 3

    assert_valid_documents(
        {
            "bookmark form": bookmark_html,
            "bookmarks": bookmarks_html,
            "notifications (likes)": list_html,
            "unsubscribe (asks)": asked_html,
        }
    )

"""Following in Chromium: a member watches a topic, another member replies, the first finds it
under the bell, on the forum index's latest topics and on "Non lus", reads it, marks all read."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from e2e.community_helpers import sign_in, submit, visit
from e2e.quality import assert_accessible, assert_valid_documents, screenshots
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.tests.factories import CategoryFactory

PASSWORD = "un mot de passe solide"  # UserFactory's


def bell_count(page: Page) -> Locator:
    return page.locator(".bell .bell__count")


def latest_row(page: Page, title: str) -> Locator:
    latest = page.get_by_role("region", name="Derniers sujets")
    return latest.get_by_role("listitem").filter(has_text=title)


def test_a_watched_topic_is_notified_counted_unread_then_read(page: Page, transactional_db) -> None:
    category = CategoryFactory.create(name="Entraide", slug="entraide")
    UserFactory.create(username="zephyrine")
    bastien = UserFactory.create(username="bastien")
    asker = UserFactory.create(username="question")
    title = "Mon imprimante refuse tout"
    topic = actions.start_topic(author=asker, category=category, title=title, source="Aidez-moi.")

    # Zéphyrine opens the topic and watches it, without JavaScript needed: a plain form.
    sign_in(page, "zephyrine", password=PASSWORD, next_url=topic.get_absolute_url())
    levels = page.get_by_role("group", name="Suivre")
    expect(levels.get_by_role("button", name="Normal")).to_have_attribute("aria-pressed", "true")
    topic_html = submit(page, levels.get_by_role("button", name="Surveiller")).text()
    expect(page.locator(".messages")).to_contain_text("Vous surveillez désormais")
    expect(
        page.get_by_role("group", name="Suivre").get_by_role("button", name="Surveiller")
    ).to_have_attribute("aria-pressed", "true")
    screenshots(page, "following-topic")

    # Bastien replies; Zéphyrine sees it under the bell and in the forum's latest topics.
    actions.post_reply(topic, author=bastien, source="Avez-vous essayé de la rallumer ?")
    forum_html = visit(page, reverse("community:index"))
    expect(bell_count(page)).to_have_text("1")
    row = latest_row(page, title)
    expect(row.get_by_role("link", name="1 message non lu")).to_be_visible()
    expect(page.get_by_role("region", name="Derniers sujets")).not_to_contain_text("nouveau")
    assert_accessible(page, "forum index (member, unread)")
    screenshots(page, "following-forum-index")

    # "Non lus" lists it with its count; opening it reads it, and its notification.
    unread_html = visit(page, reverse("community:unread"))
    listed = page.get_by_role("main").get_by_role("listitem").filter(has_text=title)
    expect(listed.get_by_role("link", name="1 message non lu")).to_be_visible()
    assert_accessible(page, "unread list")
    screenshots(page, "following-unread")
    submit(page, listed.get_by_role("link", name=title))
    expect(page.locator(".post").last).to_contain_text("rallumer")
    visit(page, reverse("community:unread"))
    expect(page.get_by_role("main")).to_contain_text("Rien de non lu")
    expect(bell_count(page)).to_have_count(0)

    # Two more replies; "Tout marquer comme lu" from the forum index clears them.
    actions.post_reply(topic, author=bastien, source="Ou de changer le câble ?")
    actions.post_reply(topic, author=asker, source="Toujours rien.")
    visit(page, reverse("community:index"))
    expect(latest_row(page, title).get_by_role("link", name="2 messages non lus")).to_be_visible()
    submit(page, page.get_by_role("button", name="Tout marquer comme lu"))
    expect(page.locator(".messages")).to_contain_text("Tout est marqué comme lu")
    expect(latest_row(page, title)).not_to_contain_text("non lu")
    expect(bell_count(page)).to_have_count(0)

    # The category page carries the marks and its own level control; "Nouveaux" lists the rest.
    category_html = visit(page, category.get_absolute_url())
    expect(page.get_by_role("group", name="Suivre")).to_be_visible()
    assert_accessible(page, "category (member)")
    new_html = visit(page, reverse("community:new-topics"))
    expect(page.get_by_role("main")).to_contain_text("Aucun nouveau sujet")

    assert_valid_documents(
        {
            "topic (member)": topic_html,
            "forum index (member)": forum_html,
            "unread": unread_html,
            "category (member)": category_html,
            "new topics": new_html,
        }
    )

"""Reading a long topic (#10, part 5): page numbers, the last message, where one stands, the date
jump, and the timeline beside the posts on a wide screen (dragged, or moved with the keys)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.community_helpers import submit, visit
from e2e.quality import assert_accessible, assert_valid_html, screenshots
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community.models import Post, Topic
from kiosque.community.tests.factories import TopicFactory

POSTS = 95  # five pages of twenty


@pytest.fixture
def long_topic(db: Any) -> Topic:
    """A topic of POSTS posts, one every six hours from 30 days ago, numbered as the actions do."""
    start = timezone.now() - timedelta(days=30)
    topic = TopicFactory.create(
        title="Quel SSD pour un portable ?", slug="quel-ssd-pour-un-portable", created_at=start
    )
    authors = [UserFactory.create() for _ in range(3)]
    Post.objects.bulk_create(
        Post(
            topic=topic,
            author=authors[n % 3],
            source=f"Message numéro {n}.",
            html=f"<p>Message numéro {n} : un avis sur les SSD !</p>",
            created_at=start + timedelta(hours=6 * n),
            position=n,
        )
        for n in range(1, POSTS + 1)
    )
    last = Post.objects.get(topic=topic, position=POSTS)
    Topic.objects.filter(pk=topic.pk).update(
        post_count=POSTS, last_post=last, last_posted_at=last.created_at
    )
    topic.refresh_from_db()
    return topic


def test_a_reader_finds_their_way_in_a_long_topic(
    page: Page, long_topic: Topic, quality_tools: None
) -> None:
    url = long_topic.get_absolute_url()
    page.set_viewport_size({"width": 1366, "height": 900})
    visit(page, url)
    pager = page.get_by_role("navigation", name="Pages du sujet", exact=True)
    expect(page.locator(".topic-nav__position")).to_have_text("Message 1 sur 95")

    html = submit(page, pager.get_by_role("link", name="Page 3")).text()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?page=3")
    expect(page.locator(".topic-nav__position")).to_have_text("Message 41 sur 95")
    expect(pager.get_by_role("link", name="Page 3")).to_have_attribute("aria-current", "page")

    # The last message, in one click.
    submit(page, pager.get_by_role("link", name="Aller au dernier message"))
    last = Post.objects.get(topic=long_topic, position=POSTS)
    expect(page).to_have_url(f"{page.url.split('?')[0]}?page=5#post-{last.pk}")
    expect(page.locator(f"#post-{last.pk}")).to_be_in_viewport()

    # The date jump: the tenth day's first message.
    tenth = Post.objects.get(topic=long_topic, position=37)
    day = timezone.localtime(tenth.created_at).date()
    page.get_by_label("Aller à la date").fill(day.isoformat())
    submit(page, page.get_by_role("button", name="Aller", exact=True))
    first_of_day = (
        Post.objects.filter(topic=long_topic, created_at__date=day).order_by("position").first()
    )
    assert first_of_day is not None
    expect(page).to_have_url(f"{page.url.split('#')[0]}#post-{first_of_day.pk}")
    expect(page.locator(f"#post-{first_of_day.pk}")).to_be_visible()

    # The timeline: the handle's keys, then a drag to the end of the track.
    visit(page, f"{url}?page=2")
    timeline = page.get_by_role("navigation", name="Chronologie du sujet")
    expect(timeline).to_be_visible()
    handle = timeline.locator(".topic-timeline__handle")
    expect(handle).to_contain_text("Message 21 sur 95")
    handle.focus()
    page.keyboard.press("ArrowDown")
    expect(handle).to_contain_text("Message 41 sur 95")
    submit(page, handle, key="Enter")
    expect(page).to_have_url(f"{page.url.split('?')[0]}?page=3")
    track = timeline.locator(".topic-timeline__track").bounding_box()
    assert track is not None
    box = handle.bounding_box()
    assert box is not None
    with page.expect_navigation():
        page.mouse.move(box["x"] + 10, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(track["x"] + 5, track["y"] + track["height"] - 1, steps=5)
        page.mouse.up()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?page=5")

    assert_valid_html(html, "a long topic's page 3")
    assert_accessible(page, "a long topic's last page, timeline")
    screenshots(page, "long-topic")
    page.set_viewport_size({"width": 390, "height": 800})
    expect(timeline).to_be_hidden()
    expect(page.get_by_role("navigation", name="Pages du sujet", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

"""Live comments in the browser: a reader sees another member's comment arrive without
reloading, or, when reading further up, a polite button that shows it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.community_helpers import sign_in, visit
from e2e.conftest import DemoSite, new_reader_context


@dataclass(frozen=True)
class Served:
    url: str


@pytest.fixture
def asgi_server(demo_site: DemoSite) -> Iterator[Served]:
    """The site as `kiosque serve` runs it (ASGI, live streams included), on the test database:
    the live server of pytest-django speaks WSGI, which cannot stream events."""
    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from kiosque.asgi import application
    from kiosque.live import forget_hubs

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            # Static files from the apps' folders, as the live server serves them to the tests.
            ASGIStaticFilesHandler(application),  # type: ignore[arg-type]  # any ASGI app serves
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the ASGI server did not start"
        time.sleep(0.05)
    yield Served(url=f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=30)
    forget_hubs()


def discussion(page: Page) -> Any:
    return page.locator("#discussion")


def test_a_readers_page_receives_a_comment_posted_in_another_browser(
    browser: Any, asgi_server: Served, demo_site: DemoSite
) -> None:
    article_url = demo_site.article.get_absolute_url()
    reader_context = new_reader_context(browser, asgi_server)
    member_context = new_reader_context(browser, asgi_server)
    try:
        reader = reader_context.new_page()
        navigations: list[str] = []
        reader.on("framenavigated", lambda frame: navigations.append(frame.url))
        visit(reader, article_url)
        heading = discussion(reader).get_by_role("heading", level=2)
        before = int("".join(ch for ch in (heading.text_content() or "") if ch.isdigit()))
        reader.locator("#discussion .posts").evaluate(
            "node => node.lastElementChild?.scrollIntoView()"
        )
        reader.wait_for_function("document.querySelector('[data-live]') !== null")

        member = member_context.new_page()
        sign_in(member, "Kerouan", next_url=f"{article_url}#discussion")
        member.get_by_label("Votre commentaire").fill("Je l’apprends en direct, merci !")
        member.get_by_role("button", name="Publier").click()
        member.wait_for_url(f"**{article_url}#post-*")

        arrived = discussion(reader).locator(".post", has_text="Je l’apprends en direct, merci !")
        expect(arrived).to_be_visible()
        expect(arrived.get_by_role("link", name="Kerouan", exact=True)).to_be_visible()
        expect(heading).to_have_text(f"Commentaires ({before + 1})")
        assert len(navigations) == 1, f"the reader's page was reloaded: {navigations}"

        # Further up the page, the next comment waits behind a button.
        reader.evaluate("window.scrollTo(0, 0)")
        member.get_by_label("Votre commentaire").fill("Et un deuxième, pendant que tu lis.")
        member.get_by_role("button", name="Publier").click()
        member.wait_for_url(f"**{article_url}#post-*")
        button = reader.get_by_role("button", name="1 nouveau commentaire")
        expect(button).to_be_visible()
        expect(discussion(reader).get_by_text("Et un deuxième, pendant que tu lis.")).to_have_count(
            0
        )
        button.click()
        expect(
            discussion(reader).get_by_text("Et un deuxième, pendant que tu lis.")
        ).to_be_in_viewport()
        assert len(navigations) == 1
    finally:
        reader_context.close()
        member_context.close()

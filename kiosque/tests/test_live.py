"""Live comments: a reader connected to a topic's stream receives what is posted, hidden or
missed while away, and nothing personal."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from django.db import transaction

from kiosque import live
from kiosque.accounts.tests.factories import UserFactory
from kiosque.announcements import announce
from kiosque.community import actions
from kiosque.community.models import Moderation
from kiosque.community.tests.factories import TopicFactory
from kiosque.live import LiveStreams, forget_hubs, hub_for
from kiosque.typography import french_spacing

pytestmark = pytest.mark.django_db(transaction=True)

# Generous: the machine may be busy; a test that waits less than this fails, never flakes.
WAIT_SECONDS = 15


def run(scenario):
    """Run the async `scenario` on an event loop of its own, in a thread: the browser tests
    leave Playwright's loop running on the test thread of the process they share with these."""
    failures = []

    def in_thread():
        try:
            asyncio.run(scenario())
        except BaseException as error:  # handed over to the test thread
            failures.append(error)

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@pytest.fixture(autouse=True)
def fresh_hubs():
    forget_hubs()
    yield
    forget_hubs()


@pytest.fixture
def topic(db):
    topic = TopicFactory(title="Quel SSD choisir ?")
    actions.post_reply(topic, author=UserFactory(username="alice"), source="Premier message.")
    return topic


def post(topic, text, name="bob"):
    """A reply posted (and its change announced) as the site does it."""
    author = UserFactory(username=name)
    made = actions.post_reply(topic, author=author, source=text)
    announce(f"topic:{topic.pk}")
    return made


class Reader:
    """One reader connected to a stream, through the ASGI application."""

    def __init__(self, path, *, query="lang=fr", headers=()):
        self.scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "query_string": query.encode(),
            "headers": list(headers),
        }
        self.sent = asyncio.Queue()
        self.leaving = asyncio.Event()
        self.events = []

    async def receive(self):
        await self.leaving.wait()
        return {"type": "http.disconnect"}

    async def send(self, message):
        await self.sent.put(message)

    async def connect(self):
        self.task = asyncio.create_task(LiveStreams(not_live)(self.scope, self.receive, self.send))
        start = await asyncio.wait_for(self.sent.get(), WAIT_SECONDS)
        return start["status"], dict(start.get("headers", []))

    async def next_write(self):
        message = await asyncio.wait_for(self.sent.get(), WAIT_SECONDS)
        return message.get("body", b"").decode()

    async def next_event(self, kind):
        """The next event of `kind`, as its lines and its data (a write may hold several)."""
        while True:
            if not self.events:
                self.events = (await self.next_write()).split("\n\n")[:-1]
                continue
            text = self.events.pop(0)
            if f"event: {kind}\n" in text:
                return text, json.loads(text.split("data: ", 1)[1])

    async def leave(self):
        self.leaving.set()
        await asyncio.wait_for(self.task, WAIT_SECONDS)


async def not_live(scope, receive, send):
    raise AssertionError("only live streams here")


async def until_listening(topic):
    """The channel has read what the page holds (changes from now on are differences)."""
    hub = hub_for(asyncio.get_running_loop())
    for _ in range(WAIT_SECONDS * 20):
        channel = hub.channels.get(("topics", topic.pk, "fr"))
        if channel is not None and channel.is_loaded:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the channel never loaded")


def test_a_connected_reader_receives_a_new_comment_with_the_count(topic):
    async def scenario():
        reader = Reader(f"/live/topics/{topic.pk}/")
        status, headers = await reader.connect()
        assert status == 200 and headers[b"content-type"].startswith(b"text/event-stream")
        await until_listening(topic)

        made = await asyncio.to_thread(post, topic, "Prends un NVMe, « sans hésiter ».")
        body, data = await reader.next_event("item")

        assert f"id: {made.pk}\n" in body
        assert data["id"] == made.pk and data["count"] == 2
        assert french_spacing("Prends un NVMe, « sans hésiter ».") in data["html"]
        assert f'id="post-{made.pk}"' in data["html"]
        await reader.leave()

    run(scenario)


def test_what_is_pushed_holds_nothing_personal(topic):
    async def scenario():
        reader = Reader(f"/live/topics/{topic.pk}/")
        await reader.connect()
        await until_listening(topic)
        await asyncio.to_thread(post, topic, "Un avis.")
        _body, data = await reader.next_event("item")
        for personal in ("csrfmiddlewaretoken", "<form", "<!--personal", "Modifier"):
            assert personal not in data["html"]
        await reader.leave()

    run(scenario)


def test_every_reader_of_a_topic_receives_it(topic):
    async def scenario():
        readers = [Reader(f"/live/topics/{topic.pk}/") for _ in range(5)]
        for reader in readers:
            await reader.connect()
        await until_listening(topic)
        made = await asyncio.to_thread(post, topic, "Pour tout le monde.")
        for reader in readers:
            _body, data = await reader.next_event("item")
            assert data["id"] == made.pk
            await reader.leave()

    run(scenario)


def test_what_waits_for_a_reader_goes_out_in_one_write(topic):
    # A thousand readers on one process: every write counts, so events that are waiting
    # together are sent together.
    async def scenario():
        reader = Reader(f"/live/topics/{topic.pk}/")
        await reader.connect()
        await until_listening(topic)

        def two_replies():
            with transaction.atomic():  # announced together, read in one look
                return [
                    actions.post_reply(topic, author=UserFactory(), source=f"Réponse {n}.")
                    for n in range(2)
                ]

        made = await asyncio.to_thread(two_replies)
        while "event: item\n" not in (written := await reader.next_write()):
            pass
        assert written.count("event: item\n") == 2
        assert written.index(f"id: {made[0].pk}\n") < written.index(f"id: {made[1].pk}\n")
        await reader.leave()

    run(scenario)


def test_a_quiet_stream_says_it_is_still_there(topic, monkeypatch):
    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 0.05)

    async def scenario():
        reader = Reader(f"/live/topics/{topic.pk}/")
        await reader.connect()
        assert (await reader.next_write()).startswith("retry: ")
        assert await reader.next_write() == ": still here\n\n"
        await reader.leave()

    run(scenario)


def test_a_hidden_comment_leaves_the_readers_page(topic):
    hidden = post(topic, "Un message à retirer.")

    async def scenario():
        reader = Reader(f"/live/topics/{topic.pk}/")
        await reader.connect()
        await until_listening(topic)

        def hide():
            actions.set_post_moderation(
                hidden, state=Moderation.HIDDEN, moderator=UserFactory(is_staff=True)
            )
            announce(f"topic:{topic.pk}")

        await asyncio.to_thread(hide)
        _body, data = await reader.next_event("removed")
        assert data == {"id": hidden.pk, "count": 1}
        await reader.leave()

    run(scenario)


def test_a_reader_coming_back_gets_what_was_posted_meanwhile(topic):
    seen = topic.posts.get()
    missed = [post(topic, f"Pendant ton absence {n}.", name=f"m{n}") for n in range(3)]

    async def scenario():
        reader = Reader(
            f"/live/topics/{topic.pk}/", headers=[(b"last-event-id", str(seen.pk).encode())]
        )
        await reader.connect()
        received = [(await reader.next_event("item"))[1]["id"] for _ in missed]
        assert received == [made.pk for made in missed]
        await reader.leave()

    run(scenario)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/live/topics/999999/", 404), ("GET", "/live/nothing/1/", 404), ("POST", None, 405)],
)
def test_streams_that_cannot_be_followed_answer_4xx(topic, method, path, status):
    async def scenario():
        reader = Reader(path or f"/live/topics/{topic.pk}/")
        reader.scope["method"] = method
        answer, _headers = await reader.connect()
        assert answer == status

    run(scenario)


def test_a_hidden_topics_stream_cannot_be_opened(topic):
    topic.is_hidden = True
    topic.save(update_fields=["is_hidden"])

    async def scenario():
        answer, _headers = await Reader(f"/live/topics/{topic.pk}/").connect()
        assert answer == 404

    run(scenario)

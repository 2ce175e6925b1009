"""The spam rules the posting gate runs (kiosque/moderation/spam.py), seen as members and
moderators see them: a refusal with the text kept, a post waiting in the queue, a stored text
with a word replaced, and the Akismet-compatible checker against a local fake service."""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions as community
from kiosque.community.models import Moderation, Post
from kiosque.community.tests.factories import TopicFactory
from kiosque.moderation import actions, spam
from kiosque.moderation.models import BlockedTerm

LONG_TEXT = "Découvrez ma méthode pour gagner beaucoup d’argent sans quitter votre fauteuil."


@pytest.fixture(autouse=True)
def fresh_blocked_terms() -> Iterator[None]:
    """Each test starts without compiled terms: a test's rows are rolled back, not bumped."""
    cache.delete(spam.BLOCKED_TERMS_VERSION_KEY)
    spam._blocked_terms.cache_clear()
    yield
    cache.delete(spam.BLOCKED_TERMS_VERSION_KEY)
    spam._blocked_terms.cache_clear()


@pytest.fixture
def block(moderator, django_capture_on_commit_callbacks):
    """Add a blocked term as a moderator does (its version bump runs on commit)."""

    def add(term: str, effect: str, **fields: Any) -> BlockedTerm:
        with django_capture_on_commit_callbacks(execute=True):
            return actions.add_blocked_term(moderator=moderator, term=term, effect=effect, **fields)

    return add


def reply(topic, author, source):
    return community.post_reply(topic, author=author, source=source)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


# --- Blocked words ----------------------------------------------------------------------------


def test_a_blocked_word_refuses_the_post_in_french_and_keeps_the_text(client, topic, block):
    block("viagra", BlockedTerm.Effect.BLOCK)
    member = UserFactory()
    client.force_login(member)
    text = "Du VIAGRA pas cher, ici."

    response = client.post(reverse("community:topic-reply", args=[topic.pk]), {"source": text})

    assert 400 <= response.status_code < 500
    page = page_text(response)
    assert "Votre message contient un mot que ce site n’accepte pas\xa0: «\xa0viagra\xa0»." in page
    assert text in page
    assert not Post.objects.filter(author=member).exists()


def test_a_held_word_puts_the_post_in_the_moderation_queue(client, topic, block, moderator):
    block("casino", BlockedTerm.Effect.HOLD)
    author = UserFactory(username="joueur")

    post = reply(topic, author, "Le meilleur Casino en ligne.")

    assert post.moderation == Moderation.PENDING
    assert post.hold_reason == "blocked_term"
    client.force_login(moderator)
    queue = page_text(client.get(reverse("moderation:queue")))
    assert "Le meilleur Casino en ligne." in queue
    assert "contient un terme bloqué" in queue
    client.force_login(UserFactory())
    assert "Le meilleur Casino en ligne." not in page_text(client.get(topic.get_absolute_url()))


def test_a_replaced_word_is_replaced_in_the_stored_text(topic, block):
    block("crétin", BlockedTerm.Effect.REPLACE, replacement="[…]")

    post = reply(topic, UserFactory(), "Quel Crétin, ce CRETIN-là. Mais pas crétinerie.")

    post.refresh_from_db()
    assert post.moderation == Moderation.SHOWN
    assert post.source == "Quel […], ce […]-là. Mais pas crétinerie."
    assert "Crétin" not in post.html and "CRETIN" not in post.html


@pytest.mark.parametrize(
    "text",
    ["Un éléphant rose.", "UN ELEPHANT ROSE.", "un Éléphant, rose", "Éléphant"],
)
def test_blocked_words_ignore_case_and_accents(topic, block, text):
    block("elephant", BlockedTerm.Effect.HOLD)

    assert reply(topic, UserFactory(), text).moderation == Moderation.PENDING


@pytest.mark.parametrize("text", ["Des éléphanteaux.", "superelephant", "elephant_rose"])
def test_blocked_words_match_whole_words_only(topic, block, text):
    block("éléphant", BlockedTerm.Effect.HOLD)

    assert reply(topic, UserFactory(), text).moderation == Moderation.SHOWN


def test_staff_posts_pass_the_blocked_words(topic, block):
    block("casino", BlockedTerm.Effect.BLOCK)

    post = reply(topic, UserFactory(is_staff=True), "Un article sur le casino de Deauville.")

    assert post.moderation == Moderation.SHOWN


# --- Blocked domains --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "https://spam.example/offre",
        "https://www.spam.example/offre",
        "http://a.b.SPAM.example/x",
    ],
)
def test_a_blocked_domain_refuses_links_to_it_and_its_subdomains(topic, block, link):
    block("spam.example", BlockedTerm.Effect.BLOCK, is_domain=True)

    with pytest.raises(community.PostingRefused) as refusal:
        reply(topic, UserFactory(), f"Voyez {link} pour en savoir plus.")

    assert "Les liens vers spam.example ne sont pas acceptés sur ce site." in refusal.value.messages


@pytest.mark.parametrize("link", ["https://notspam.example/", "https://spam.example.org/"])
def test_a_blocked_domain_leaves_other_domains_alone(topic, block, link):
    block("spam.example", BlockedTerm.Effect.BLOCK, is_domain=True)

    assert reply(topic, UserFactory(), f"Voyez {link} ici.").moderation == Moderation.SHOWN


def test_a_held_domain_holds_the_post(topic, block):
    block("douteux.example", BlockedTerm.Effect.HOLD, is_domain=True)

    post = reply(topic, UserFactory(), "Lisez https://blog.douteux.example/article avant tout.")

    assert post.moderation == Moderation.PENDING


# --- Edited in the admin: the next post sees it ---------------------------------------------


def test_blocked_terms_edited_in_the_admin_take_effect_at_the_next_post(
    client, topic, django_capture_on_commit_callbacks
):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    author = UserFactory()
    assert reply(topic, author, "Mes montres, premier message.").moderation == "shown"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:moderation_blockedterm_add"),
            {"term": "montres", "effect": "hold", "replacement": ""},
        )
    assert response.status_code == 302
    assert reply(topic, author, "Mes montres, second message.").moderation == "pending"

    term = BlockedTerm.objects.get(term="montres")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:moderation_blockedterm_change", args=[term.pk]),
            {"term": "montres", "effect": "block", "replacement": ""},
        )
    assert response.status_code == 302
    with pytest.raises(community.PostingRefused):
        reply(topic, author, "Mes montres, troisième message.")

    term = BlockedTerm.objects.get(term="montres")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:moderation_blockedterm_delete", args=[term.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert reply(topic, author, "Mes montres, quatrième message.").moderation == "shown"


def test_a_lost_version_never_brings_back_terms_compiled_before(topic, block):
    block("casino", BlockedTerm.Effect.HOLD)
    assert reply(topic, UserFactory(), "Un casino.").moderation == Moderation.PENDING
    BlockedTerm.objects.all().delete()

    cache.delete(spam.BLOCKED_TERMS_VERSION_KEY)  # the cache restarted, say

    assert reply(topic, UserFactory(), "Un casino.").moderation == Moderation.SHOWN


# --- The same text again, links -------------------------------------------------------------


def test_the_same_text_in_another_topic_within_a_week_is_held(db):
    author = UserFactory()
    first = reply(TopicFactory(), author, LONG_TEXT)
    assert first.moderation == Moderation.SHOWN

    again = community.post_reply(
        TopicFactory(), author=author, source=LONG_TEXT, at=timezone.now() + timedelta(days=6)
    )

    assert again.moderation == Moderation.PENDING
    assert again.hold_reason == "repeated_text"


def test_the_same_text_after_a_week_or_short_or_by_another_member_goes_out(db):
    author = UserFactory()
    reply(TopicFactory(), author, LONG_TEXT)
    reply(TopicFactory(), author, "Merci beaucoup !")

    later = community.post_reply(
        TopicFactory(), author=author, source=LONG_TEXT, at=timezone.now() + timedelta(days=8)
    )
    short = reply(TopicFactory(), author, "Merci beaucoup !")
    other = reply(TopicFactory(), UserFactory(), LONG_TEXT)

    assert later.moderation == Moderation.SHOWN
    assert short.moderation == Moderation.SHOWN
    assert other.moderation == Moderation.SHOWN


LINKS = "Regardez https://un.example/a et https://deux.example/b vite."


def test_a_new_members_link_heavy_post_is_held(topic, newcomer):
    post = reply(topic, newcomer, LINKS)

    assert post.moderation == Moderation.PENDING
    assert post.hold_reason == "links"


def test_a_trusted_members_link_heavy_post_goes_out(topic):
    post = reply(topic, UserFactory(regular=True), LINKS)

    assert post.moderation == Moderation.SHOWN


def test_a_new_members_links_within_prose_go_out(topic, newcomer):
    prose = " ".join(["Une longue explication argumentée sur la question posée."] * 8)

    post = reply(topic, newcomer, f"{prose} Sources : https://un.example/a https://deux.example/b")

    assert post.moderation == Moderation.SHOWN


# --- The Akismet-compatible checker ---------------------------------------------------------


class FakeAkismet(BaseHTTPRequestHandler):
    answer = b"false"
    received: list[bytes] = []
    release = threading.Event()

    def log_message(self, format, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        type(self).received.append(self.rfile.read(length))
        if self.answer == b"hang":
            type(self).release.wait(timeout=30)
        body = self.answer
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def akismet(settings) -> Iterator[type[FakeAkismet]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeAkismet)
    FakeAkismet.received = []
    FakeAkismet.release = threading.Event()
    settings.KIOSQUE_AKISMET_KEY = "cle-de-test"
    settings.KIOSQUE_AKISMET_URL = f"http://127.0.0.1:{server.server_address[1]}/1.1/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FakeAkismet
    FakeAkismet.release.set()
    server.shutdown()
    server.server_close()


def test_what_the_checker_calls_spam_is_held(topic, akismet):
    akismet.answer = b"true"

    post = reply(topic, UserFactory(username="vendeur"), "Achetez mes montres.")

    assert post.moderation == Moderation.PENDING
    assert post.hold_reason == "spam_checker"
    sent = akismet.received[0].decode()
    assert "api_key=cle-de-test" in sent
    assert "comment_author=vendeur" in sent
    assert "comment_content=Achetez+mes+montres." in sent


def test_what_the_checker_calls_ham_is_published(topic, akismet):
    akismet.answer = b"false"

    post = reply(topic, UserFactory(), "Un avis honnête sur l’écran.")

    assert post.moderation == Moderation.SHOWN
    assert len(akismet.received) == 1


def test_a_garbled_answer_lets_the_post_through_and_is_logged(topic, akismet, caplog):
    akismet.answer = b"<html>Invalid key</html>"

    with caplog.at_level(logging.WARNING, logger="kiosque.moderation.spam"):
        post = reply(topic, UserFactory(), "Un avis honnête sur l’écran.")

    assert post.moderation == Moderation.SHOWN
    assert "Invalid key" in caplog.text


def test_a_checker_that_does_not_answer_in_time_lets_the_post_through_and_is_logged(
    topic, akismet, caplog, monkeypatch
):
    akismet.answer = b"hang"
    monkeypatch.setattr(spam, "AKISMET_TIMEOUT_SECONDS", 0.2)

    with caplog.at_level(logging.WARNING, logger="kiosque.moderation.spam"):
        post = reply(topic, UserFactory(), "Un avis honnête sur l’écran.")

    assert post.moderation == Moderation.SHOWN
    assert "did not answer" in caplog.text


def test_without_a_key_the_checker_is_never_asked(topic, akismet, settings):
    settings.KIOSQUE_AKISMET_KEY = ""

    post = reply(topic, UserFactory(), "Achetez mes montres.")

    assert post.moderation == Moderation.SHOWN
    assert akismet.received == []


def test_the_checker_is_off_by_default():
    from kiosque import settings as settings_module

    assert settings_module.KIOSQUE_AKISMET_KEY == ""

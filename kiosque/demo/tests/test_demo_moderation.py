"""`kiosque demo` gives the moderators something to do: reports, a held post, an appeal."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from kiosque.accounts.models import TrustLevel, User
from kiosque.community.models import Moderation, Notification, Post
from kiosque.demo.community import DEMO_PASSWORD
from kiosque.demo.content.moderation import DEMO_TOTP_SECRET, MODERATOR, MODERATORS_GROUP
from kiosque.demo.tests.conftest import NOW, run_demo
from kiosque.moderation.models import Appeal, BlockedTerm, Decision, Report

pytestmark = pytest.mark.django_db


def _signed_in(client: Any, username: str, *, secret: str = "") -> Any:
    response = client.post(reverse("account_login"), {"login": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in"
    if secret:
        assert response["Location"].startswith(reverse("mfa_authenticate"))
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 302, f"{username}'s code was refused"
    return client


def test_the_moderator_signs_in_and_finds_a_busy_queue(demo: str, client: Any) -> None:
    assert f'sign in as {MODERATOR.username}, password "{DEMO_PASSWORD}"' in demo
    assert DEMO_TOTP_SECRET in demo, "the demo says how to get her second factor"
    moderator = User.objects.get(username=MODERATOR.username)
    assert not moderator.is_staff, "a moderator without admin access"
    assert moderator.groups.filter(name=MODERATORS_GROUP).exists()
    assert moderator.has_perm("moderation.moderate")

    signed_in = _signed_in(client, MODERATOR.username, secret=DEMO_TOTP_SECRET)
    page = signed_in.get(reverse("moderation:queue"))

    assert page.status_code == 200
    html = page.content.decode()
    assert "BonPlan_Max" in html and "octet_perdu" in html and "Sablier" in html
    assert "Je critiquais la compétence" in html, "the open appeal"
    assert "contient un terme bloqué" in html, "the held post, and why it waits"


def test_reports_hide_one_post_by_weight_and_leave_others_open(demo: str) -> None:
    hidden = Post.objects.get(author__username="octet_perdu", moderation=Moderation.REPORTED)
    assert hidden.reports.count() == 2
    decision = Decision.objects.get(post=hidden, verb=Decision.Verb.HIDE_BY_REPORTS)
    assert decision.is_automated and decision.rule == "respect"
    appeal = Appeal.objects.get(decision=decision)
    assert appeal.outcome == Appeal.Outcome.OPEN and appeal.created_at < NOW
    notice = Notification.objects.get(recipient=hidden.author, kind=Notification.Kind.NOTICE)
    assert notice.link == reverse("moderation:decision", args=[decision.pk])

    still_shown = Post.objects.filter(
        reports__outcome=Report.Outcome.OPEN, moderation=Moderation.SHOWN
    ).distinct()
    assert {post.author.username for post in still_shown} == {"BonPlan_Max", "Sablier"}
    reporters = Report.objects.values_list("reporter__username", flat=True)
    assert len(set(reporters)) == 4, "reports from several members"
    assert all(report.created_at < NOW for report in Report.objects.all())


def test_a_new_member_s_link_to_a_blocked_domain_is_held(demo: str, client: Any) -> None:
    newcomer = User.objects.get(username="BonPlan_Max")
    assert newcomer.trust_level == TrustLevel.NEW
    held = Post.objects.get(moderation=Moderation.PENDING)
    assert held.author == newcomer and held.hold_reason == "blocked_term"
    assert BlockedTerm.objects.filter(term="casino-gratuit.example", is_domain=True).exists()
    assert BlockedTerm.objects.filter(effect=BlockedTerm.Effect.REPLACE).exists()

    topic_page = client.get(held.topic.get_absolute_url()).content.decode()

    assert "casino-gratuit" not in topic_page, "nobody sees a held post"


def test_a_second_run_adds_no_moderation(demo: str) -> None:
    counts = [
        model.objects.count() for model in (Post, Report, Decision, Appeal, BlockedTerm, User)
    ]

    second = run_demo()

    assert [
        model.objects.count() for model in (Post, Report, Decision, Appeal, BlockedTerm, User)
    ] == counts
    assert "Demo moderation: nothing to do" in second

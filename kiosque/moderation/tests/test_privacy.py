"""What moderation keeps of a member: exported with their data, forgotten when they leave."""

import pytest

from kiosque.accounts.tests.factories import UserFactory
from kiosque.moderation import actions, privacy
from kiosque.moderation.models import Appeal, HouseRule, Report

pytestmark = pytest.mark.django_db


def test_a_members_reports_decisions_and_appeals_are_in_their_export(post, author, moderator):
    reporter = UserFactory()
    actions.report_post(post, reporter=reporter, reason="other", note="Hors charte.")
    decision = actions.hide_post(post, moderator=moderator, rule=HouseRule.RESPECT)
    actions.appeal_decision(decision, member=author, text="Je conteste.")

    assert [row["note"] for row in privacy.reports(reporter)] == ["Hors charte."]
    assert [row["decision"] for row in privacy.decisions(author)] == ["hide"]
    assert [row["text"] for row in privacy.appeals(author)] == ["Je conteste."]


def test_a_member_who_leaves_takes_their_words_to_the_moderators_with_them(post, author, moderator):
    reporter = UserFactory()
    actions.report_post(
        post, reporter=reporter, reason="other", note="Hors charte.", address="203.0.113.9"
    )
    decision = actions.hide_post(post, moderator=moderator, rule=HouseRule.RESPECT)
    actions.appeal_decision(decision, member=author, text="Je conteste.")

    privacy.forget_member(reporter)
    privacy.forget_member(author)

    report = Report.objects.get()
    assert (report.note, report.reporter_address, report.outcome) == ("", None, "upheld")
    assert Appeal.objects.get().text == ""

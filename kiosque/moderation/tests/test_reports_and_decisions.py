"""Reports, the weight that hides a post, decisions, statements of reasons, appeals, the log."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community.models import Moderation, Notification, Post
from kiosque.moderation import actions
from kiosque.moderation.models import Appeal, Decision, HouseRule, Report

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def notices_of(member):
    return list(
        Notification.objects.filter(recipient=member, kind=Notification.Kind.NOTICE).order_by("pk")
    )


def test_reports_weighing_enough_hide_the_post_and_tell_its_author_why(
    post, author, settings, django_capture_on_commit_callbacks
):
    settings.KIOSQUE_REPORT_HIDE_WEIGHT = 4
    basic, regular = UserFactory(), UserFactory(regular=True)

    actions.report_post(post, reporter=basic, reason="harassment")
    assert fresh(post).moderation == Moderation.SHOWN, "one basic member's report weighs 2"
    with django_capture_on_commit_callbacks(execute=True):
        actions.report_post(post, reporter=regular, reason="harassment")

    assert fresh(post).moderation == Moderation.REPORTED
    assert fresh(post.topic).post_count == 0, "the hidden post leaves the count"
    decision = Decision.objects.get(verb=Decision.Verb.HIDE_BY_REPORTS)
    assert decision.is_automated and decision.moderator is None
    assert decision.rule == HouseRule.RESPECT and decision.member == author
    [notice] = notices_of(author)
    assert "signalé" in notice.summary and "faire appel" in notice.summary
    assert notice.link == f"/moderation/decisions/{decision.pk}/"
    assert any(author.email in message.to for message in mail.outbox), "mailed whatever prefs"


def test_a_report_names_the_law_for_illegal_content_and_cannot_be_sent_twice(post):
    reporter = UserFactory()
    with pytest.raises(actions.ReportRefused) as refused:
        actions.report_post(post, reporter=reporter, reason="illegal")
    assert refused.value.code == "legal_ground_missing"

    actions.report_post(post, reporter=reporter, reason="illegal", legal_ground="diffamation")
    with pytest.raises(actions.ReportRefused) as again:
        actions.report_post(post, reporter=reporter, reason="spam")
    assert again.value.code == "already_reported"


def test_nobody_reports_their_own_post_and_read_only_members_cannot_report(post, author):
    with pytest.raises(actions.ReportRefused) as own:
        actions.report_post(post, reporter=author, reason="spam")
    assert own.value.code == "own_post"


def test_a_moderator_hides_a_post_with_a_rule_the_reports_are_upheld_and_it_is_logged(
    post, author, moderator
):
    report = actions.report_post(post, reporter=UserFactory(), reason="spam")

    decision = actions.hide_post(post, moderator=moderator, rule=HouseRule.NO_SPAM, note="Pub.")

    assert fresh(post).moderation == Moderation.HIDDEN
    assert fresh(report).outcome == Report.Outcome.UPHELD
    assert (decision.verb, decision.moderator, decision.rule, decision.note) == (
        "hide",
        moderator,
        "no_spam",
        "Pub.",
    )
    assert not decision.is_automated and decision.is_appealable
    assert len(notices_of(author)) == 1
    assert actions.hide_post(post, moderator=moderator, rule=HouseRule.NO_SPAM) is None


def test_only_moderators_decide(post):
    with pytest.raises(PermissionDenied):
        actions.hide_post(post, moderator=UserFactory(), rule=HouseRule.RESPECT)


def test_approving_a_reported_post_shows_it_and_dismisses_the_reports(post, moderator, settings):
    settings.KIOSQUE_REPORT_HIDE_WEIGHT = 1
    report = actions.report_post(post, reporter=UserFactory(), reason="off_topic")
    assert fresh(post).moderation == Moderation.REPORTED

    actions.approve_post(post, moderator=moderator)

    assert fresh(post).moderation == Moderation.SHOWN
    assert fresh(report).outcome == Report.Outcome.DISMISSED
    assert fresh(post.topic).post_count == 1


def test_an_appeal_lands_in_the_queue_and_its_outcome_reaches_the_member(
    post, author, moderator, second_moderator, client
):
    decision = actions.hide_post(post, moderator=moderator, rule=HouseRule.RESPECT)
    appeal = actions.appeal_decision(decision, member=author, text="Ce n'était pas une insulte.")

    client.force_login(second_moderator)
    queue = client.get("/moderation/")
    assert "Ce n&#x27;était pas une insulte." in queue.content.decode()

    with pytest.raises(PermissionDenied):
        actions.decide_appeal(appeal, moderator=moderator, grant=True)
    actions.decide_appeal(
        appeal, moderator=second_moderator, grant=True, answer="Vous avez raison."
    )

    assert fresh(post).moderation == Moderation.SHOWN
    assert fresh(appeal).outcome == Appeal.Outcome.GRANTED
    assert "accepté" in notices_of(author)[-1].summary
    assert list(Decision.objects.values_list("verb", flat=True)) == ["grant_appeal", "hide"]


def test_an_appeal_is_the_concerned_members_once(post, author, moderator):
    decision = actions.hide_post(post, moderator=moderator, rule=HouseRule.RESPECT)
    with pytest.raises(actions.AppealRefused) as not_theirs:
        actions.appeal_decision(decision, member=UserFactory(), text="Moi aussi.")
    assert not_theirs.value.code == "not_yours"
    actions.appeal_decision(decision, member=author, text="Je conteste.")
    with pytest.raises(actions.AppealRefused) as twice:
        actions.appeal_decision(decision, member=author, text="Encore.")
    assert twice.value.code == "already_appealed"


def test_a_refused_appeal_keeps_the_decision(post, author, moderator, second_moderator):
    decision = actions.hide_post(post, moderator=moderator, rule=HouseRule.RESPECT)
    appeal = actions.appeal_decision(decision, member=author, text="Je conteste.")
    actions.decide_appeal(appeal, moderator=second_moderator, grant=False)
    assert fresh(post).moderation == Moderation.HIDDEN
    assert "refusé" in notices_of(author)[-1].summary


def test_deleting_a_post_as_a_moderator_is_logged_and_can_be_reversed_on_appeal(
    post, author, moderator, second_moderator
):
    decision = actions.delete_post(post, moderator=moderator, rule=HouseRule.PRIVACY)
    assert fresh(post).is_deleted
    appeal = actions.appeal_decision(decision, member=author, text="Rien de privé.")
    actions.decide_appeal(appeal, moderator=second_moderator, grant=True)
    assert not fresh(post).is_deleted
    assert Post.objects.visible().filter(pk=post.pk).exists()

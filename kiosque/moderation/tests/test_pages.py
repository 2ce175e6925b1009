"""The moderation pages as members and moderators meet them, without JavaScript."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community.models import Moderation
from kiosque.community.tests.factories import TopicFactory
from kiosque.moderation import actions
from kiosque.moderation.models import Decision, HouseRule, Report

pytestmark = pytest.mark.django_db


def test_a_member_reports_a_post_through_the_form_and_follows_it(client, post):
    reporter = UserFactory()
    client.force_login(reporter)

    form = client.get(f"/moderation/signaler/{post.pk}/")
    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()

    sent = client.post(
        f"/moderation/signaler/{post.pk}/",
        {"reason": "illegal", "legal_ground": "", "note": "Propos diffamatoires."},
    )
    assert sent.status_code == 400, "illegal content needs the law"
    assert "Propos diffamatoires." in sent.content.decode(), "the text is kept"

    sent = client.post(
        f"/moderation/signaler/{post.pk}/",
        {"reason": "illegal", "legal_ground": "Diffamation", "note": "Propos diffamatoires."},
    )
    assert sent.status_code == 302
    report = Report.objects.get()
    assert (report.reason, report.legal_ground, report.reporter) == (
        "illegal",
        "Diffamation",
        reporter,
    )
    assert report.reporter_address == "127.0.0.1"

    mine = client.get("/moderation/mes-signalements/").content.decode()
    assert "Diffamation" not in mine and str(post.topic.title) in mine


def test_signed_out_readers_are_asked_to_sign_in_to_report(client, post):
    response = client.get(f"/moderation/signaler/{post.pk}/")
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_the_report_link_is_under_others_posts_not_ones_own(client, post, author):
    page = client.get(post.topic.get_absolute_url()).content.decode()
    assert f"/moderation/signaler/{post.pk}/" in page
    client.force_login(author)
    page = client.get(post.topic.get_absolute_url()).content.decode()
    assert f"/moderation/signaler/{post.pk}/" not in page


def test_the_queue_is_for_moderators_only(client, post, moderator):
    client.force_login(UserFactory())
    assert client.get("/moderation/").status_code == 403
    client.force_login(moderator)
    assert client.get("/moderation/").status_code == 200


def test_a_moderator_decides_in_the_queue_in_one_action(client, post, moderator):
    actions.report_post(post, reporter=UserFactory(), reason="spam")
    client.force_login(moderator)
    assert "Un message discutable." in client.get("/moderation/").content.decode()

    refused = client.post(f"/moderation/messages/{post.pk}/decider/", {"verb": "hide", "rule": ""})
    assert refused.status_code == 400

    done = client.post(
        f"/moderation/messages/{post.pk}/decider/",
        {"verb": "suspend", "rule": "no_spam", "days": "7", "note": "Publicité répétée."},
    )
    assert done.status_code == 302
    post.refresh_from_db()
    post.author.refresh_from_db()
    assert post.moderation == Moderation.HIDDEN
    assert post.author.suspended_until > timezone.now() + timedelta(days=6)
    verbs = set(Decision.objects.values_list("verb", flat=True))
    assert verbs == {"hide", "suspend"}


def test_the_statement_page_is_the_members_and_takes_an_appeal(client, post, author, moderator):
    decision = actions.hide_post(post, moderator=moderator, rule=HouseRule.RESPECT, note="Insulte.")
    client.force_login(UserFactory())
    assert client.get(f"/moderation/decisions/{decision.pk}/").status_code == 404

    client.force_login(author)
    page = client.get(f"/moderation/decisions/{decision.pk}/").content.decode()
    assert "Insulte." in page and 'name="text"' in page
    empty = client.post(f"/moderation/decisions/{decision.pk}/", {"text": "   "})
    assert empty.status_code == 400
    client.post(f"/moderation/decisions/{decision.pk}/", {"text": "Ce n'était pas une insulte."})
    assert decision.appeal.text == "Ce n'était pas une insulte."


def test_the_log_is_filterable_by_staff_and_bad_filters_get_a_400(client, post, moderator):
    actions.hide_post(post, moderator=moderator, rule=HouseRule.RESPECT)
    client.force_login(moderator)
    assert "moderatrice" in client.get("/moderation/journal/?verb=hide").content.decode()
    assert client.get("/moderation/journal/?since=pas-une-date").status_code == 400
    assert client.get("/moderation/journal/?page=9999").status_code == 200


def test_the_public_log_is_the_site_owners_choice_and_names_nobody(
    client, post, moderator, settings
):
    actions.hide_post(post, moderator=moderator, rule=HouseRule.RESPECT, note="Note interne.")
    assert client.get("/moderation/journal-public/").status_code == 404
    settings.KIOSQUE_PUBLIC_MODERATION_LOG = True
    page = client.get("/moderation/journal-public/").content.decode()
    assert "moderatrice" not in page and "Note interne." not in page and "auteur" not in page


def test_a_held_post_tells_its_author_and_waits_in_the_queue(client, topic, newcomer, moderator):
    from kiosque.community import actions as community

    community.set_topic_rules(
        topic, is_closed=False, discussion_mode="premoderated", closes_at=None, moderator=moderator
    )
    client.force_login(newcomer)
    response = client.post(
        f"/forum/t/{topic.pk}/repondre/", {"source": "En attente ?"}, follow=True
    )
    assert response.status_code == 200
    client.force_login(moderator)
    assert "En attente ?" in client.get("/moderation/").content.decode()


def test_a_moderator_closes_an_article_discussion_from_its_rules_page(client, topic, moderator):
    client.force_login(moderator)
    response = client.post(
        f"/moderation/discussions/{topic.pk}/",
        {"discussion_mode": "watched", "is_closed": "on", "close_after_days": "", "note": ""},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.is_closed and topic.discussion_mode == "watched"
    assert set(Decision.objects.values_list("verb", flat=True)) == {"lock_topic", "set_mode"}


def test_an_editor_picks_a_discussions_mode_and_closing_time(client, editor):
    topic = TopicFactory()
    client.force_login(editor)
    response = client.post(
        f"/moderation/discussions/{topic.pk}/",
        {"discussion_mode": "premoderated", "close_after_days": "7", "note": ""},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.discussion_mode == "premoderated" and topic.closes_at is not None
    client.force_login(UserFactory())
    assert client.get(f"/moderation/discussions/{topic.pk}/").status_code == 403

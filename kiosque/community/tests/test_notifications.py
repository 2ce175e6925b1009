"""Who hears about a reply, a quote, a mention or a like, and the e-mail they get."""

import pytest
from django.conf import settings
from django.utils import timezone

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Moderation, Notification
from kiosque.community.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


@pytest.fixture
def topic():
    return TopicFactory(title="Le retour du minitel")


@pytest.fixture
def alice():
    return UserFactory(username="alice", email="alice@example.org")


@pytest.fixture
def bob():
    return UserFactory(username="bob", email="bob@example.org")


def notified(user):
    return sorted((n.kind, n.actor.username) for n in Notification.objects.filter(recipient=user))


def post(topic, author, source, **kwargs):
    return actions.post_reply(topic, author=author, source=source, **kwargs)


def quote(of, text):
    return f'[quote="{of.author.username}, post:{of.pk}"]\n{text}\n[/quote]\n\nTout à fait.'


# --- who is notified ---------------------------------------------------------------------------


def test_a_reply_notifies_the_author_of_the_post_answered(topic, alice, bob):
    question = post(topic, alice, "Quelqu'un l'a essayé ?")
    post(topic, bob, "Oui, hier.", reply_to=question)
    assert notified(alice) == [(Kind.REPLY, "bob")]


def test_a_quote_notifies_the_author_of_the_quoted_post(topic, alice, bob):
    quoted = post(topic, alice, "Le 3615 reviendra.")
    post(topic, bob, quote(quoted, "Le 3615 reviendra."))
    assert notified(alice) == [(Kind.QUOTE, "bob")]


def test_a_mention_notifies_the_member_named_in_any_case(topic, alice, bob):
    post(topic, bob, "Qu'en pense @Alice ? Et @personne ?")
    assert notified(alice) == [(Kind.MENTION, "bob")]
    assert Notification.objects.count() == 1


def test_a_like_notifies_the_author(topic, alice, bob):
    liked = post(topic, alice, "Bien dit.")
    actions.like_post(liked, user=bob)
    actions.unlike_post(liked, user=bob)
    actions.like_post(liked, user=bob)
    assert notified(alice) == [(Kind.LIKE, "bob")]


def test_a_member_replying_quoting_and_naming_someone_sends_one_notification(topic, alice, bob):
    quoted = post(topic, alice, "Texte d'origine.")
    post(topic, bob, quote(quoted, "Texte d'origine.") + " @alice", reply_to=quoted)
    assert notified(alice) == [(Kind.QUOTE, "bob")]


def test_a_reply_that_does_not_quote_is_told_as_a_reply(topic, alice, bob):
    question = post(topic, alice, "Question ?")
    post(topic, bob, "Réponse, @alice.", reply_to=question)
    assert notified(alice) == [(Kind.REPLY, "bob")]


def test_nobody_is_notified_of_their_own_post(topic, alice):
    mine = post(topic, alice, "Je me cite.")
    post(topic, alice, quote(mine, "Je me cite.") + " @alice", reply_to=mine)
    assert Notification.objects.count() == 0


def test_members_who_left_are_not_notified(topic, alice, bob):
    gone = UserFactory(username="parti", is_deleted=True, is_active=False)
    suspended = UserFactory(username="suspendu", is_active=False)
    question = post(topic, alice, "Question.")
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    post(topic, bob, "Réponse à @parti et @suspendu.", reply_to=question)

    assert Notification.objects.filter(recipient__in=[alice, gone, suspended]).count() == 0


def test_an_edit_notifies_newly_mentioned_members_only(topic, alice, bob):
    carol = UserFactory(username="carol")
    draft = post(topic, bob, "Salut @alice.")
    actions.edit_post(draft, editor=bob, source="Salut @alice et @carol.")

    assert notified(alice) == [(Kind.MENTION, "bob")]
    assert notified(carol) == [(Kind.MENTION, "bob")]


def test_unread_notifications_leave_out_read_ones_and_hidden_posts(topic, alice, bob):
    staff = UserFactory(is_staff=True)
    question = post(topic, alice, "Question.")
    first = post(topic, bob, "Première réponse.", reply_to=question)
    post(topic, UserFactory(), "Seconde réponse.", reply_to=question)
    assert Notification.objects.unread_for(alice).count() == 2

    actions.set_post_moderation(first, state=Moderation.HIDDEN, moderator=staff)
    assert Notification.objects.unread_for(alice).count() == 1

    actions.mark_notifications_read(alice)
    assert Notification.objects.unread_for(alice).count() == 0


def test_an_anonymous_reader_has_no_notifications():
    from django.contrib.auth.models import AnonymousUser

    assert list(Notification.objects.unread_for(AnonymousUser())) == []


# --- e-mails --------------------------------------------------------------------------------------


def test_a_reply_is_mailed_in_french_once_the_post_is_saved(
    topic, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    question = post(topic, alice, "Quelqu'un l'a essayé ?")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply = post(topic, bob, "Oui, hier soir, ça marche.", reply_to=question)
    assert mailoutbox == [], "nothing is sent before the transaction commits"

    for callback in callbacks:
        callback()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["alice@example.org"]
    assert mail.subject == "bob vous a répondu dans «\u00a0Le retour du minitel\u00a0»"
    assert "Bonjour alice," in mail.body
    assert "Oui, hier soir, ça marche." in mail.body
    assert f"{settings.SITE_URL}/forum/p/{reply.pk}/" in mail.body


@pytest.mark.parametrize(
    ("preference", "kind_of_post"),
    [("email_on_reply", "reply"), ("email_on_quote", "quote"), ("email_on_mention", "mention")],
)
def test_mail_follows_the_members_preferences(
    topic, alice, bob, mailoutbox, django_capture_on_commit_callbacks, preference, kind_of_post
):
    original = post(topic, alice, "Texte.")
    sources = {
        "reply": ("Réponse.", {"reply_to": original}),
        "quote": (quote(original, "Texte."), {}),
        "mention": ("Pour @alice.", {}),
    }
    source, extra = sources[kind_of_post]
    setattr(alice, preference, False)
    alice.save(update_fields=[preference])

    with django_capture_on_commit_callbacks(execute=True):
        post(topic, bob, source, **extra)

    assert notified(alice) == [(kind_of_post, "bob")], "the notification is there all the same"
    assert mailoutbox == []


def test_likes_are_mailed_only_to_members_who_asked(
    topic, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    liked = post(topic, alice, "Bien dit.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.like_post(liked, user=bob)
    assert mailoutbox == [], "likes are not mailed by default"

    alice.email_on_like = True
    alice.save(update_fields=["email_on_like"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.like_post(liked, user=UserFactory(username="carol"))
    assert [mail.subject for mail in mailoutbox] == [
        "carol a aimé votre message dans «\u00a0Le retour du minitel\u00a0»"
    ]


def test_a_quote_and_a_mention_have_their_own_wording(
    topic, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="carol", email="carol@example.org")
    quoted = post(topic, alice, "Le 3615 reviendra.")
    with django_capture_on_commit_callbacks(execute=True):
        post(topic, bob, quote(quoted, "Le 3615 reviendra.") + " N'est-ce pas, @carol ?")

    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects == {
        "alice@example.org": "bob vous a cité dans «\u00a0Le retour du minitel\u00a0»",
        "carol@example.org": "bob vous a mentionné dans «\u00a0Le retour du minitel\u00a0»",
    }


def test_a_notification_read_before_the_mail_leaves_is_not_mailed(
    topic, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    question = post(topic, alice, "Question.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(topic, bob, "Réponse.", reply_to=question)
    Notification.objects.filter(recipient=alice).update(read_at=timezone.now())
    for callback in callbacks:
        callback()
    assert mailoutbox == []


def test_a_topic_title_with_special_characters_is_mailed_as_typed(
    alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    topic = TopicFactory(title="R&D : l'« open source » <enfin>")
    question = post(topic, alice, "Question.")
    with django_capture_on_commit_callbacks(execute=True):
        post(topic, bob, "Réponse & remarque.", reply_to=question)
    (mail,) = mailoutbox
    assert "R&D : l'« open source » <enfin>" in mail.subject
    assert "Réponse & remarque." in mail.body

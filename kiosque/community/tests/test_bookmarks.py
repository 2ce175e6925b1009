"""Bookmarks: keeping a post in one click or with a note and a reminder, the "Signets" page,
the reminder a worker turns into a notification, and what a member's data says of them."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kiosque import worker
from kiosque.accounts.actions import delete_account, export_member_data
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions, tasks
from kiosque.community.actions.bookmarks import (
    bookmark_post,
    remove_bookmark,
    send_due_reminders,
)
from kiosque.community.models import Bookmark, Moderation, Notification
from kiosque.community.tests.factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return TopicFactory(title="Quel SSD choisir ?")


@pytest.fixture
def alice():
    return UserFactory(username="alice")


@pytest.fixture
def post(topic):
    return actions.post_reply(
        topic, author=UserFactory(username="bob"), source="Prenez un modèle NVMe avec DRAM."
    )


def later(**delta):
    return timezone.now() + timedelta(**delta)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


# --- The actions --------------------------------------------------------------------------------


def test_a_bookmark_keeps_a_note_and_a_reminder_and_changes_in_place(post, alice):
    first = bookmark_post(by=alice, post=post, note="À relire", remind_at=later(days=1))
    again = bookmark_post(by=alice, post=post, note="Acheté", remind_at=None)

    assert again.pk == first.pk
    assert Bookmark.objects.get().note == "Acheté"
    assert Bookmark.objects.get().remind_at is None


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"remind_at": "past"}, "reminder_in_past"),
        ({"note": "x" * 501}, "note_too_long"),
    ],
)
def test_a_bookmark_refuses_bad_input_with_a_code(post, alice, fields, code):
    if fields.get("remind_at") == "past":
        fields = {"remind_at": later(minutes=-1)}
    with pytest.raises(ValidationError) as refused:
        bookmark_post(by=alice, post=post, **fields)
    assert refused.value.code == code
    assert not Bookmark.objects.exists()


def test_only_readable_posts_are_bookmarked(post, alice):
    post.moderation = Moderation.HIDDEN
    post.save(update_fields=["moderation"])
    with pytest.raises(ValidationError) as refused:
        bookmark_post(by=alice, post=post)
    assert refused.value.code == "post_not_visible"


def test_nobody_removes_someone_elses_bookmark(post, alice):
    bookmark = bookmark_post(by=alice, post=post)
    with pytest.raises(PermissionDenied):
        remove_bookmark(by=UserFactory(), bookmark=bookmark)
    remove_bookmark(by=alice, bookmark=bookmark)
    assert not Bookmark.objects.exists()


# --- Reminders ---------------------------------------------------------------------------------


def test_a_due_reminder_becomes_one_notification(post, alice):
    bookmark_post(by=alice, post=post, note="Comparer les prix", remind_at=later(hours=1))

    assert send_due_reminders(at=later(minutes=30)) == 0
    assert send_due_reminders(at=later(hours=2)) == 1
    assert send_due_reminders(at=later(hours=3)) == 0, "sent once"

    reminder = Notification.objects.get(recipient=alice)
    assert reminder.kind == Notification.Kind.REMINDER
    assert reminder.post == post and reminder.actor is None
    assert reminder.summary == "Comparer les prix"


def test_a_reminder_of_a_post_hidden_since_is_dropped_and_the_bookmark_kept(post, alice):
    bookmark_post(by=alice, post=post, remind_at=later(hours=1))
    post.moderation = Moderation.HIDDEN
    post.save(update_fields=["moderation"])

    assert send_due_reminders(at=later(hours=2)) == 0
    assert not Notification.objects.exists()
    assert Bookmark.objects.filter(member=alice).exists()


def test_a_new_time_makes_a_sent_reminder_due_again(post, alice):
    bookmark_post(by=alice, post=post, remind_at=later(hours=1))
    send_due_reminders(at=later(hours=2))
    bookmark_post(by=alice, post=post, remind_at=later(hours=5))

    assert send_due_reminders(at=later(hours=6)) == 1


def test_the_reminder_shows_under_the_bell(client, post, alice):
    bookmark_post(by=alice, post=post, remind_at=later(hours=1))
    send_due_reminders(at=later(hours=2))
    client.force_login(alice)

    html = page(client, reverse("community:notification-menu")).replace("\xa0", " ")

    assert "Rappel : le message que vous avez mis en signet dans « Quel SSD choisir ? »" in html


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_reminders_at_their_time_and_sweeps_when_it_starts(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.KIOSQUE_TASK_QUEUES,
        }
    }
    alice = UserFactory(username="alice")
    kept = PostFactory(source="À relire demain.")
    at = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    bookmark_post(by=alice, post=kept, remind_at=at)
    waiting = DBTaskResult.objects.filter(
        task_path=tasks.send_reminders.module_path, status=TaskResultStatus.READY
    )
    assert list(waiting.values_list("run_after", flat=True)) == [at]

    waiting.delete()  # lost (a database restored): a worker starting finds the reminder again
    tasks.schedule_reminders(after=timedelta(0))
    tasks.schedule_reminders(after=timedelta(0))
    assert list(waiting.values_list("run_after", flat=True)) == [at], "once"

    with time_machine.travel(at - timedelta(seconds=1), tick=False):
        worker.run(batch=True, verbosity=0)
    assert not Notification.objects.filter(recipient=alice).exists()
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        worker.run(batch=True, verbosity=0)
    assert Notification.objects.filter(recipient=alice, kind="reminder").count() == 1


def test_the_worker_schedules_reminders_when_it_starts():
    assert "kiosque.community.tasks.schedule_reminders" in worker.RECURRING_SCHEDULERS


# --- Pages --------------------------------------------------------------------------------------


def test_one_click_from_the_post_then_the_page_to_add_a_reminder(client, post, alice):
    client.force_login(alice)
    back = post.get_absolute_url()
    url = reverse("community:post-bookmark", args=[post.pk])

    response = client.post(url, {"quick": "1", "next": back})

    assert response.status_code == 302 and response["Location"] == back
    assert Bookmark.objects.filter(member=alice, post=post).exists()
    form = page(client, url)
    assert 'type="datetime-local"' in form and "Votre signet" in form

    when = timezone.localtime(later(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"note": "Pour Noël", "remind_at": when})

    assert response.status_code == 302
    bookmark = Bookmark.objects.get()
    assert bookmark.note == "Pour Noël" and bookmark.remind_at is not None
    # the one-click button again leaves the note and the reminder alone
    client.post(url, {"quick": "1"})
    assert Bookmark.objects.get().note == "Pour Noël"


def test_a_reminder_in_the_past_is_a_400_keeping_what_was_typed(client, post, alice):
    client.force_login(alice)
    url = reverse("community:post-bookmark", args=[post.pk])
    when = timezone.localtime(later(days=-2)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(url, {"note": "Mon idée", "remind_at": when})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Choisissez un moment à venir pour le rappel." in html
    assert "Mon idée" in html
    nonsense = client.post(url, {"remind_at": "demain"})
    assert nonsense.status_code == 400


def test_bookmarks_need_a_member_and_a_readable_post(client, post, alice):
    url = reverse("community:post-bookmark", args=[post.pk])
    assert client.post(url, {"quick": "1"})["Location"].startswith(reverse("account_login"))
    client.force_login(alice)
    assert client.post(reverse("community:post-bookmark", args=[999999]), {}).status_code == 404


def test_the_bookmarks_page_lists_readable_posts_newest_first(client, topic, post, alice):
    older = actions.post_reply(topic, author=UserFactory(), source="Un vieux conseil.")
    hidden = actions.post_reply(topic, author=UserFactory(), source="Un message masqué.")
    bookmark_post(by=alice, post=older, at=timezone.now() - timedelta(hours=2))
    bookmark_post(by=alice, post=hidden, at=timezone.now() - timedelta(hours=1))
    bookmark_post(by=alice, post=post, note="Le bon modèle", remind_at=later(days=1))
    hidden.moderation = Moderation.HIDDEN
    hidden.save(update_fields=["moderation"])
    client.force_login(alice)

    html = page(client, reverse("community:bookmarks"))

    assert html.index("Prenez un modèle NVMe") < html.index("Un vieux conseil.")
    assert "Un message masqué." not in html
    assert "Le bon modèle" in html
    assert Bookmark.objects.filter(post=hidden).exists(), "kept, not shown"


def test_removing_from_the_page(client, post, alice):
    bookmark_post(by=alice, post=post)
    client.force_login(alice)

    response = client.post(reverse("community:bookmark-remove", args=[post.pk]))

    assert response["Location"] == reverse("community:bookmarks")
    assert not Bookmark.objects.exists()
    assert client.post(reverse("community:bookmark-remove", args=[post.pk])).status_code == 404


def test_the_bookmarks_page_costs_the_same_queries_at_two_sizes(client, topic, alice):
    client.force_login(alice)
    counts = []
    kept_count = 0
    for size in (2, 15):
        kept_count += size
        for n in range(size):
            kept = actions.post_reply(topic, author=UserFactory(), source=f"Conseil {size}-{n}.")
            bookmark_post(by=alice, post=kept, note=f"note {n}", remind_at=later(days=n + 1))
        with CaptureQueriesContext(connection) as captured:
            html = page(client, reverse("community:bookmarks"))
        assert html.count('<li class="bookmark">') == kept_count
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_post_offers_the_bookmark_in_the_members_block_only(client, topic, post, alice):
    topic_url = topic.get_absolute_url()
    assert "Mettre en signet" not in page(client, topic_url), "nothing for a reader"

    client.force_login(alice)
    html = page(client, topic_url)
    assert html.count('name="quick"') == 1
    bookmark_post(by=alice, post=post)
    html = page(client, topic_url)
    assert "Dans vos signets" in html and 'name="quick"' not in html


# --- The member's data --------------------------------------------------------------------------


def test_export_includes_bookmarks_and_deletion_forgets_them(post, alice):
    bookmark_post(by=alice, post=post, note="Secret", remind_at=later(days=1))
    archive = io.BytesIO()

    export_member_data(alice, requested_by=alice, into=archive, at=timezone.now())

    with zipfile.ZipFile(archive) as opened:
        (kept,) = json.loads(opened.read("bookmarks.json"))
    assert kept["post"] == post.pk and kept["note"] == "Secret"
    assert kept["topic"]["title"] == "Quel SSD choisir ?"

    delete_account(alice)

    assert not Bookmark.objects.exists()

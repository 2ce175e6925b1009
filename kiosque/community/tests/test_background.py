"""What the worker does after a post: its cards and its e-mails, through the database backend.

These tests enqueue as production does (tasks wait in the database once the transaction has
committed) and run the worker until nothing waits, then look at the effect.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kiosque import worker
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions, tasks
from kiosque.community.models import LinkPreview, Post
from kiosque.community.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_tasks(settings) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.KIOSQUE_TASK_QUEUES,
        }
    }


def waiting(task) -> int:
    return DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY
    ).count()


def run_worker() -> None:
    """What `kiosque worker --batch` does: run every waiting task, then return."""
    worker.run(batch=True, verbosity=0)


def test_a_post_is_stored_at_once_and_gets_its_card_from_the_worker(local_site):
    post = actions.post_reply(
        TopicFactory(), author=UserFactory(), source=f"À lire :\n\n{local_site}/article"
    )

    assert "link-card" not in Post.objects.get(pk=post.pk).html, "a plain link at first"
    assert not LinkPreview.objects.exists(), "nothing fetched by the request"
    assert waiting(tasks.fetch_link_previews) == 1

    run_worker()

    assert "Un titre de carte" in Post.objects.get(pk=post.pk).html
    assert waiting(tasks.fetch_link_previews) == 0
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_link_already_previewed_gets_its_card_at_once_without_a_task():
    url = "https://example.com/deja-vu"
    LinkPreview.objects.create(url=url, title="Déjà vu", is_ok=True)

    post = actions.post_reply(TopicFactory(), author=UserFactory(), source=url)

    assert "Déjà vu" in post.html
    assert not DBTaskResult.objects.exists()


def test_an_edit_made_while_the_fetch_waited_is_not_overwritten(local_site):
    author = UserFactory()
    post = actions.post_reply(TopicFactory(), author=author, source=f"{local_site}/article")
    actions.edit_post(post, editor=author, source="Finalement, pas de lien.")

    run_worker()

    stored = Post.objects.get(pk=post.pk)
    assert stored.source == "Finalement, pas de lien."
    assert "Finalement, pas de lien." in stored.html
    assert "link-card" not in stored.html


def test_notification_mail_is_sent_by_the_worker_not_by_the_request(mailoutbox):
    topic = TopicFactory()
    alice = UserFactory(username="alice", email="alice@example.org")
    question = actions.post_reply(topic, author=alice, source="Quelqu'un l'a essayé ?")
    actions.post_reply(topic, author=UserFactory(), source="Oui.", reply_to=question)
    actions.post_reply(topic, author=UserFactory(), source="Moi aussi, @alice.")

    assert mailoutbox == []
    assert waiting(tasks.mail_notifications) == 2, "one task per post"

    run_worker()

    assert sorted(mail.to[0] for mail in mailoutbox) == ["alice@example.org"] * 2


def test_no_mail_task_for_members_who_want_no_mail():
    topic = TopicFactory()
    alice = UserFactory(email_on_reply=False)
    question = actions.post_reply(topic, author=alice, source="Question ?")

    actions.post_reply(topic, author=UserFactory(), source="Réponse.", reply_to=question)

    assert alice.notifications.count() == 1
    assert not DBTaskResult.objects.exists()


def test_finished_tasks_are_deleted_after_their_keeping_time():
    now = timezone.now()
    for n, (status, age) in enumerate(
        [
            (TaskResultStatus.SUCCESSFUL, worker.SUCCEEDED_KEPT + timedelta(hours=1)),
            (TaskResultStatus.SUCCESSFUL, timedelta(hours=1)),
            (TaskResultStatus.FAILED, worker.SUCCEEDED_KEPT + timedelta(hours=1)),
            (TaskResultStatus.FAILED, worker.FAILED_KEPT + timedelta(hours=1)),
        ]
    ):
        result = tasks.mail_notifications.enqueue(notification_ids=[n])
        DBTaskResult.objects.filter(pk=result.id).update(status=status, finished_at=now - age)
    ready = tasks.mail_notifications.enqueue(notification_ids=[99])

    assert worker.delete_finished_tasks() == 2

    assert DBTaskResult.objects.count() == 3
    assert DBTaskResult.objects.filter(pk=ready.id, status=TaskResultStatus.READY).exists()


def test_one_clean_up_waits_at_a_time_and_each_run_schedules_the_next():
    worker.schedule_clean_up(after=timedelta(0))
    worker.schedule_clean_up(after=timedelta(0))
    assert waiting(worker.clean_finished_tasks) == 1

    run_worker()

    next_run = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert next_run.task_path == worker.clean_finished_tasks.module_path
    assert next_run.run_after > timezone.now() + worker.CLEAN_UP_EVERY - timedelta(minutes=5)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1

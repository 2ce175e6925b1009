"""New posts in a watched topic reach the watcher's mailbox through the worker, in one e-mail
for the posts that came together: the task waits a few minutes after the first one."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kiosque import worker
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions, tasks
from kiosque.community.actions.following import WATCHED_MAIL_DELAY
from kiosque.community.models import FollowLevel
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


def test_posts_arriving_together_make_one_email_after_the_delay():
    topic = TopicFactory(title="Panne de courant")
    watcher = UserFactory(username="veilleuse", email="veilleuse@example.org")
    actions.set_topic_level(by=watcher, topic=topic, level=FollowLevel.WATCHING)
    posters = UserFactory.create_batch(3)
    for number, poster in enumerate(posters):
        actions.post_reply(topic, author=poster, source=f"Message {number}.")
    waiting = DBTaskResult.objects.filter(
        task_path=tasks.mail_watched_posts.module_path, status=TaskResultStatus.READY
    )
    assert waiting.count() == 3
    first_run = min(result.run_after for result in waiting)
    assert first_run >= timezone.now() + WATCHED_MAIL_DELAY - timedelta(minutes=1)

    worker.run(batch=True, verbosity=0)
    assert mail.outbox == [], "nothing before the delay"

    with time_machine.travel(first_run + timedelta(seconds=1), tick=False):
        worker.run(batch=True, verbosity=0)
    assert [message.to for message in mail.outbox] == [["veilleuse@example.org"]]
    assert "3 nouveaux messages" in mail.outbox[0].subject
    assert all(f"Message {number}." in mail.outbox[0].body for number in range(3))

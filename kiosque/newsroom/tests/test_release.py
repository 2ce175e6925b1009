"""The worker publishes a scheduled article at its time: the status moves to "published", the
pages that show it are announced, its preview links stop; before its time nothing happens; a
release that fails is tried again and shown to administrators meanwhile.

These tests enqueue as production does (in the database, once the transaction has committed)
and run the worker in batch (`kiosque worker --batch`) with the clock moved by time-machine.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kiosque import announcements, worker
from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.newsroom import roles, tasks
from kiosque.newsroom.actions import previews, schedule_article
from kiosque.newsroom.models import Article, PreviewLink
from kiosque.newsroom.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

ONE_SECOND = timedelta(seconds=1)


@pytest.fixture(autouse=True)
def database_tasks(settings) -> None:
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.KIOSQUE_TASK_QUEUES,
        }
    }


@pytest.fixture
def editor() -> User:
    user = UserFactory.create(username="editrice")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


@pytest.fixture
def announced(monkeypatch) -> list[str]:
    """Every key announced (delivered on commit), in order."""
    heard: list[str] = []
    deliver = announcements.deliver

    def listen(keys: frozenset[str]) -> None:
        heard.extend(sorted(keys))
        deliver(keys)

    monkeypatch.setattr(announcements, "deliver", listen)
    return heard


def run_worker() -> None:
    """What `kiosque worker --batch` does: run every task whose time has come, then return."""
    worker.run(batch=True, verbosity=0)


def releases(status: TaskResultStatus) -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            task_path=tasks.release_articles.module_path, status=status
        ).order_by("run_after")
    )


def status_of(article: Article) -> str:
    return Article.objects.values_list("status", flat=True).get(pk=article.pk)


def scheduled_with_a_preview_link(editor: User) -> tuple[Article, PreviewLink]:
    article = ArticleFactory.create(title="Le lancement attendu", in_review=True)
    link = previews.create_preview_link(article, by=editor, valid_for=timedelta(days=7))
    at = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    schedule_article(article, by=editor, at=at)
    return Article.objects.get(pk=article.pk), link


def test_scheduling_leaves_one_release_waiting_for_the_articles_time(editor):
    article, _link = scheduled_with_a_preview_link(editor)

    waiting = releases(TaskResultStatus.READY)
    assert [task.run_after for task in waiting] == [article.published_at]


def test_before_its_time_the_worker_leaves_the_article_scheduled(editor, announced):
    article, link = scheduled_with_a_preview_link(editor)
    announced.clear()

    with time_machine.travel(article.published_at - ONE_SECOND, tick=False):
        run_worker()

    assert status_of(article) == Article.Status.SCHEDULED
    assert len(releases(TaskResultStatus.READY)) == 1, "still waiting"
    assert previews.is_live(PreviewLink.objects.get(pk=link.pk))
    assert announced == []


def test_at_its_time_the_worker_publishes_the_article(editor, announced, client):
    article, link = scheduled_with_a_preview_link(editor)
    announced.clear()

    with time_machine.travel(article.published_at + ONE_SECOND, tick=False):
        run_worker()
        assert client.get(article.get_absolute_url()).status_code == 200

    assert status_of(article) == Article.Status.PUBLISHED
    assert Article.objects.get(pk=article.pk).published_at == article.published_at, "its time"
    assert f"article:{article.pk}" in announced
    assert "home" in announced
    assert f"section:{article.section_id}" in announced
    assert f"topic:{article.topic_id}" in announced
    assert not previews.is_live(PreviewLink.objects.get(pk=link.pk)), "the link stopped"
    assert [task.status for task in DBTaskResult.objects.all()] == [TaskResultStatus.SUCCESSFUL]


def test_one_release_publishes_every_article_due_and_not_those_to_come(editor):
    first, _ = scheduled_with_a_preview_link(editor)
    second = ArticleFactory.create(in_review=True)
    schedule_article(second, by=editor, at=first.published_at + timedelta(minutes=1))
    later = ArticleFactory.create(in_review=True)
    schedule_article(later, by=editor, at=first.published_at + timedelta(days=1))

    with time_machine.travel(first.published_at + timedelta(minutes=2), tick=False):
        run_worker()

    assert status_of(first) == Article.Status.PUBLISHED
    assert status_of(second) == Article.Status.PUBLISHED
    assert status_of(later) == Article.Status.SCHEDULED
    assert len(releases(TaskResultStatus.READY)) == 1, "the later one's release waits"


def test_a_worker_started_late_releases_what_is_overdue(editor):
    """Its task lost (a database restored, a task deleted by hand): the worker finds the
    overdue article when it starts."""
    article, _link = scheduled_with_a_preview_link(editor)
    DBTaskResult.objects.all().delete()

    with time_machine.travel(article.published_at + timedelta(hours=1), tick=False):
        tasks.schedule_releases(after=timedelta(0))
        run_worker()

    assert status_of(article) == Article.Status.PUBLISHED


def test_a_failed_release_is_shown_to_administrators_and_tried_again(editor, monkeypatch, client):
    article, _link = scheduled_with_a_preview_link(editor)
    failures = iter([RuntimeError("la base ne répond pas")])

    def release_failing_once() -> list[Article]:
        for error in failures:
            raise error
        return release_due_articles()

    release_due_articles = tasks.release_due_articles
    monkeypatch.setattr(tasks, "release_due_articles", release_failing_once)
    due = article.published_at + ONE_SECOND

    with time_machine.travel(due, tick=False):
        run_worker()
    assert status_of(article) == Article.Status.SCHEDULED
    [failed] = releases(TaskResultStatus.FAILED)
    [retry] = releases(TaskResultStatus.READY)
    assert retry.run_after == due + tasks.RELEASE_RETRY_DELAYS[0]

    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    admin_page = "admin:django_tasks_database_dbtaskresult"
    listing = client.get(reverse(f"{admin_page}_changelist"))
    assert listing.status_code == 200
    assert str(failed.id) in listing.content.decode()
    detail = client.get(reverse(f"{admin_page}_change", args=[failed.id]))
    assert "la base ne répond pas" in detail.content.decode()

    with time_machine.travel(retry.run_after + ONE_SECOND, tick=False):
        run_worker()
    assert status_of(article) == Article.Status.PUBLISHED


def test_a_release_failing_every_time_gives_up_after_the_last_wait(editor, monkeypatch):
    article, _link = scheduled_with_a_preview_link(editor)

    def release_failing() -> list[Article]:
        raise RuntimeError("toujours en panne")

    monkeypatch.setattr(tasks, "release_due_articles", release_failing)
    moment = article.published_at
    for delay in (timedelta(0), *tasks.RELEASE_RETRY_DELAYS):
        moment += delay + ONE_SECOND
        with time_machine.travel(moment, tick=False):
            run_worker()

    assert len(releases(TaskResultStatus.FAILED)) == 1 + len(tasks.RELEASE_RETRY_DELAYS)
    assert releases(TaskResultStatus.READY) == []
    assert status_of(article) == Article.Status.SCHEDULED, "the next worker start tries again"


def test_with_tasks_run_at_once_scheduling_enqueues_nothing(settings, editor, client):
    """The browser tests' live server runs tasks at once: nothing can wait for a time there,
    and readers see the article from its time all the same."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.KIOSQUE_TASK_QUEUES,
        }
    }
    article, _link = scheduled_with_a_preview_link(editor)

    assert not DBTaskResult.objects.exists()
    with time_machine.travel(article.published_at + ONE_SECOND, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200

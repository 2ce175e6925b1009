"""atomic_with_retry: begun again when SQLite is locked, never after a commit."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import OperationalError, connection, transaction

from kiosque import transactions
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Post, Topic
from kiosque.community.tests.factories import TopicFactory
from kiosque.transactions import atomic_with_retry


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    """The pauses taken between attempts, instead of sleeping."""
    taken: list[float] = []
    monkeypatch.setattr(transactions.time, "sleep", taken.append)  # type: ignore[attr-defined]  # the module's own `time`
    return taken


def locked() -> OperationalError:
    return OperationalError("database is locked")


@pytest.mark.django_db(transaction=True)
def test_a_locked_database_is_tried_again_with_growing_pauses(pauses):
    calls: list[int] = []

    @atomic_with_retry
    def write() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise locked()
        return "écrit"

    assert write() == "écrit"
    assert len(calls) == 3
    assert len(pauses) == 2 and pauses[1] > pauses[0] * 0.5


@pytest.mark.django_db(transaction=True)
def test_it_gives_up_after_a_few_attempts(pauses):
    calls: list[int] = []

    @atomic_with_retry
    def write() -> None:
        calls.append(1)
        raise locked()

    with pytest.raises(OperationalError, match="locked"):
        write()
    assert len(calls) == transactions.ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_retried(pauses):
    calls: list[int] = []

    @atomic_with_retry
    def write() -> None:
        calls.append(1)
        raise OperationalError("no such table: ailleurs")

    with pytest.raises(OperationalError, match="no such table"):
        write()
    assert calls == [1] and pauses == []


@pytest.mark.django_db(transaction=True)
def test_what_committed_is_never_run_again(pauses):
    calls: list[int] = []

    @atomic_with_retry
    def write() -> None:
        calls.append(1)
        TopicFactory()

        def after_commit() -> None:
            raise locked()

        transaction.on_commit(after_commit)

    with pytest.raises(OperationalError):
        write()
    assert calls == [1]
    assert Topic.objects.count() == 1


@pytest.mark.django_db
def test_inside_a_callers_transaction_the_caller_owns_the_retry(pauses):
    calls: list[int] = []

    @atomic_with_retry
    def write() -> None:
        calls.append(1)
        raise locked()

    with pytest.raises(OperationalError):
        write()  # pytest-django's test transaction is the caller's here
    assert calls == [1] and pauses == []


@pytest.mark.django_db(transaction=True)
def test_a_reply_waits_out_a_real_sqlite_lock(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own lock; PostgreSQL locks rows and waits without failing")
    topic, author = TopicFactory(), UserFactory()
    holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 0")  # fail at once instead of waiting 20 s
    pauses: list[float] = []

    def pause_then_release(seconds: float) -> None:
        pauses.append(seconds)
        holder.execute("ROLLBACK")  # the other writer is done by the time we try again

    monkeypatch.setattr(transactions.time, "sleep", pause_then_release)
    try:
        post = actions.post_reply(topic, author=author, source="Enfin libre.")
    finally:
        holder.close()
        connection.close()  # the next connection has the settings' timeout again

    assert len(pauses) == 1
    assert Post.objects.get() == post
    assert Topic.objects.get(pk=topic.pk).post_count == 1

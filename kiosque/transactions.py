"""One transaction, begun again when SQLite says the database is locked.

SQLite lets one writer at a time in. Transactions begin IMMEDIATE (settings.py) and wait up to
their timeout for the lock, so a writer seldom fails; under a burst it can still get "database
is locked". `atomic_with_retry` runs a function in one transaction and, on that error, rolls it
back and runs it again a few times after a short, growing pause.

On SQLite the writers of one process also queue on a lock of their own before BEGIN: they
wait their turn asleep instead of polling SQLite's lock with growing sleeps, in which a late
writer can overtake one that has waited for seconds. Other processes (the worker, other
servers) still meet at SQLite's lock.

It never runs again what may have committed: only when it opened the outermost transaction
itself (inside someone else's transaction it is a plain `atomic`: the caller owns the retry),
and only when the commit did not happen (an error raised by an on-commit callback after the
commit is not retried).
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable
from functools import partial, wraps
from typing import ParamSpec, TypeVar

from django.db import OperationalError, transaction

P = ParamSpec("P")
R = TypeVar("R")

# Attempts in all, the first included: enough for a burst, few enough to answer in time.
ATTEMPTS = 4
# The first pause; each next one doubles, with jitter so that waiters do not wake together.
FIRST_PAUSE_SECONDS = 0.05

# This process's SQLite writers, one at a time (see above). Re-entrant: the callbacks run on
# commit (announcement listeners such as the search index) run while the writer that committed
# still holds its turn, and may write in a transaction of their own; a plain Lock deadlocked.
_sqlite_writers = threading.RLock()


def is_database_locked(error: BaseException) -> bool:
    """Whether `error` is SQLite's "database is locked" (or "table is locked")."""
    return isinstance(error, OperationalError) and "is locked" in str(error).lower()


def atomic_with_retry(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` in one transaction, again up to ATTEMPTS times if SQLite is locked."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        connection = transaction.get_connection()
        if connection.in_atomic_block:
            with transaction.atomic():
                return function(*args, **kwargs)
        turn = _sqlite_writers if connection.vendor == "sqlite" else contextlib.nullcontext()
        pause = FIRST_PAUSE_SECONDS
        for attempt in range(1, ATTEMPTS + 1):
            committed: list[bool] = []
            try:
                with turn, transaction.atomic():
                    # Registered first, so it runs first after the commit, before any callback
                    # that could raise: then `committed` tells that the work is done.
                    transaction.on_commit(partial(committed.append, True))
                    return function(*args, **kwargs)
            except OperationalError as error:
                if committed or attempt == ATTEMPTS or not is_database_locked(error):
                    raise
            time.sleep(pause * (0.5 + random.random()))  # jitter: waiters do not wake together
            pause *= 2
        raise AssertionError("unreachable: the last attempt returns or raises")

    return run

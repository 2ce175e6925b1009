"""How members' passwords are hashed, a few at a time per process."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

T = TypeVar("T")


class PasswordChecksBusy(Exception):
    """Every password-check slot of this process stayed taken too long: try again shortly."""


@lru_cache(maxsize=4)
def _slots(size: int) -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(size)


def with_password_check_slot(work: Callable[[], T]) -> T:
    """Run `work` (one Argon2 hash) once a slot is free; PasswordChecksBusy if none frees in time.

    Each hash takes 19 MiB for the time it runs: a burst of sign-ins waits here rather than
    holding one hash's memory per request at once.
    """
    size = settings.KIOSQUE_PASSWORD_CHECKS_MAX
    if not size:  # no cap (to measure without it)
        return work()
    slots = _slots(size)
    if not slots.acquire(timeout=settings.KIOSQUE_PASSWORD_CHECK_WAIT_SECONDS):
        raise PasswordChecksBusy
    try:
        return work()
    finally:
        slots.release()


class KiosqueArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's recommended minimum (19 MiB, two passes, one lane), a few at once.

    Django's defaults take 100 MiB a sign-in: eight attempts at once cost a server process
    close to a gigabyte. Hashes made with the old parameters are upgraded at the member's next
    sign-in (Django compares the parameters and hashes again).
    """

    algorithm = "argon2"  # the same hashes: Django's own hasher still reads them
    memory_cost = 19 * 1024
    time_cost = 2
    parallelism = 1

    def encode(self, password: str, salt: str) -> str:
        hash_it = super().encode
        return with_password_check_slot(lambda: hash_it(password, salt))

    def verify(self, password: str, encoded: str) -> bool:
        check_it = super().verify
        return with_password_check_slot(lambda: check_it(password, encoded))

"""Usernames that cannot pass for someone else's: Unicode skeletons (UTS #39) and held names.

Two names are confusable when their skeletons are equal: the string each looks like, computed
by ICU's SpoofChecker from Unicode's confusables data (`Kerouаn` with a Cyrillic а and `Kerouan`
both become `Kerouan`; `rn` and `m` meet too). Names are first put in NFKC form (fullwidth
`ＫＥＲＯＵＡＮ` becomes `KEROUAN`) and case-folded, so skeletons also make names unique whatever
their case.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache

import icu
from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower

from .models import User

# Existing names are read in batches of this many when a new name is compared with them.
NAMES_READ_AT_ONCE = 5000


def normalized(username: str) -> str:
    """The form a username is kept in: NFKC (fullwidth and other compatibility forms undone)."""
    return unicodedata.normalize("NFKC", username)


@lru_cache(maxsize=1)
def _spoof_checker() -> icu.SpoofChecker:
    return icu.SpoofChecker()


def skeleton(username: str) -> str:
    """What `username` looks like, whatever its case: equal skeletons read as the same name.

    Skeletons keep case (`0` becomes `O`), so the skeleton is case-folded and taken again.
    """
    checker = _spoof_checker()
    once = str(checker.getSkeleton(0, normalized(username).casefold())).casefold()
    return str(checker.getSkeleton(0, once))


def confusable_member(username: str, *, excluding_pk: int | None = None) -> str | None:
    """The existing member's name that `username` could be mistaken for, if any."""
    wanted = skeleton(username)
    members = User.objects.all() if excluding_pk is None else User.objects.exclude(pk=excluding_pk)
    names = members.values_list("username", flat=True)
    for name in names.iterator(chunk_size=NAMES_READ_AT_ONCE):
        if skeleton(name) == wanted:
            return name
    return None


def mentionable_usernames(candidates: Iterable[str]) -> set[str]:
    """Which of the lowercased `candidates` are names of members who may be mentioned.

    A name is held only once its e-mail address is confirmed: until then it is nobody's to
    mention (an unconfirmed account is deleted after a while, see `tasks.py`).
    """
    return set(
        User.objects.filter(is_active=True, is_deleted=False, emailaddress__verified=True)
        .annotate(lowered=Lower("username"))
        .filter(lowered__in=set(candidates))
        .values_list("username", flat=True)
        .distinct()
    )


def release_unconfirmed_names(*, at: datetime) -> int:
    """Delete the sign-ups whose e-mail address stayed unconfirmed too long; how many were.

    Such an account never signed in (confirmation is mandatory), so nothing else refers to it:
    its name is free again. Accounts made otherwise (the admin, `createsuperuser`) have no
    e-mail address waiting and are left alone.
    """
    too_old = at - timedelta(hours=settings.KIOSQUE_UNCONFIRMED_ACCOUNT_HOURS)
    unconfirmed = User.objects.filter(
        date_joined__lt=too_old,
        last_login__isnull=True,
        is_staff=False,
        is_superuser=False,
        emailaddress__verified=False,
    ).exclude(emailaddress__verified=True)
    pks = list(unconfirmed.values_list("pk", flat=True).distinct())
    with transaction.atomic():
        _total, by_model = User.objects.filter(pk__in=pks).delete()
    return by_model.get(User._meta.label, 0)

"""Sign-in throttling that slows a guesser without locking the account's owner out.

A failed sign-in is counted three ways, in the cache (shared by every process with Redis):
per address, per (address, account) pair, and per account from devices it was never signed in
on. Past a few free failures each next attempt of that kind waits, twice as long after every
further failure, up to `LONGEST_WAIT`: nothing is ever locked for good, and a guesser naming a
member from elsewhere slows only themselves. A browser the owner signed in on carries a signed
known-device cookie: there the owner's failures are counted per (device, account) alone, as
OWASP's "device cookies" recommend, so neither a guesser at the same address nor one spread over
many addresses stops them. And the e-mailed sign-in code (allauth's login by code) does not go
through any of this.

Attempts sent at the same instant may each pass before the first failure is counted: the cap on
concurrent password checks (`hashers.py`) bounds what such a burst costs.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

# One address (a household, an office, a phone network's gateway) mistypes a few passwords; a
# guesser makes hundreds.
ADDRESS_FREE_FAILURES = 20
# One person mistypes their own password two or three times in a row.
PAIR_FREE_FAILURES = 3
# Guessers spread over many addresses: the account's owner is still let in from a known device.
ACCOUNT_FREE_FAILURES = 10
# The first wait past the free failures, doubled by each further failure, never above the longest.
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)
# Failures are forgotten after this long without a new one.
FAILURES_KEPT = timedelta(hours=1)
# IPv6 hands a whole /64 to one subscriber: counting each address alone would count nothing.
IPV6_PREFIX_LENGTH = 64

KNOWN_DEVICE_COOKIE = "kiosque_device"
KNOWN_DEVICE_SALT = "kiosque.accounts.known-device"
# A browser stays known as long as a member keeps using it; a year without sign-in forgets it.
KNOWN_DEVICE_MAX_AGE = timedelta(days=365)
# Members who share one browser (a family computer), newest first.
KNOWN_DEVICE_MEMBERS_MAX = 5


@dataclass(frozen=True)
class Failures:
    """How many sign-ins failed under one key, and when the last one did."""

    count: int
    last_at: float

    def wait(self, free: int, now: float) -> timedelta:
        """How much longer the next attempt must wait (zero: it may go ahead)."""
        if self.count < free:
            return timedelta(0)
        doubled: timedelta = FIRST_WAIT * (2 ** min(self.count - free, 16))
        remaining = min(doubled, LONGEST_WAIT) - timedelta(seconds=now - self.last_at)
        return max(remaining, timedelta(0))


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt: where it comes from and which account it names."""

    address: str
    account: str
    device: str | None  # set when this browser is a known device of that account

    def counters(self) -> list[tuple[str, int]]:
        """The cache keys this attempt is counted under, each with its free failures."""
        if self.device is not None:
            return [(f"signin:device:{self.device}:{self.account}", PAIR_FREE_FAILURES)]
        return [
            (f"signin:address:{self.address}", ADDRESS_FREE_FAILURES),
            (f"signin:pair:{self.address}:{self.account}", PAIR_FREE_FAILURES),
            (f"signin:account:{self.account}", ACCOUNT_FREE_FAILURES),
        ]


def attempt_of(
    request: HttpRequest, *, address: str, account_pk: int | None, login: str
) -> Attempt:
    """The attempt `request` makes on the account `account_pk` (None: `login` names no one)."""
    if account_pk is None:
        # Unknown logins are counted too, or guessing them would be free.
        account = "login:" + hashlib.sha256(login.strip().casefold().encode()).hexdigest()[:32]
    else:
        account = f"member:{account_pk}"
    device, members = known_device(request) or (None, [])
    is_known = account_pk is not None and account_pk in members
    return Attempt(
        address=_network_of(address), account=account, device=device if is_known else None
    )


def wait_before(attempt: Attempt) -> timedelta:
    """How long `attempt` must wait before its password is checked (zero: check it now)."""
    now = timezone.now().timestamp()
    waits = [_failures(key).wait(free, now) for key, free in attempt.counters()]
    return max(waits)


def record_failure(attempt: Attempt) -> None:
    """Count a wrong password under each of the attempt's keys."""
    now = timezone.now().timestamp()
    for key, _free in attempt.counters():
        failures = _failures(key)
        cache.set(key, (failures.count + 1, now), FAILURES_KEPT.total_seconds())


def record_success(attempt: Attempt) -> None:
    """The right password: this address's or device's own count on the account starts afresh.

    The address's count over every account and the account's count from elsewhere stay: a
    guesser who owns one account cannot wipe what they did to the others.
    """
    if attempt.device is not None:
        cache.delete(f"signin:device:{attempt.device}:{attempt.account}")
    else:
        cache.delete(f"signin:pair:{attempt.address}:{attempt.account}")


def forget_account_failures(account_pk: int) -> None:
    """After a password reset (which proves the mailbox), the account's failures are forgotten."""
    cache.delete(f"signin:account:member:{account_pk}")


def known_device(request: HttpRequest) -> tuple[str, list[int]] | None:
    """This browser's device id and the members who signed in on it, if its cookie is genuine."""
    try:
        value = request.get_signed_cookie(
            KNOWN_DEVICE_COOKIE, salt=KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_MAX_AGE
        )
        device, _, member_pks = str(value).partition(":")
        members = [int(pk) for pk in member_pks.split(",") if pk]
    except (KeyError, signing.BadSignature, ValueError):
        return None
    return (device, members) if device else None


def remember_device(request: HttpRequest, response: HttpResponseBase, *, member_pk: int) -> None:
    """Mark this browser as a known device of the member who just signed in on it."""
    device, members = known_device(request) or (secrets.token_urlsafe(16), [])
    members = [member_pk, *(pk for pk in members if pk != member_pk)][:KNOWN_DEVICE_MEMBERS_MAX]
    response.set_signed_cookie(
        KNOWN_DEVICE_COOKIE,
        f"{device}:{','.join(str(pk) for pk in members)}",
        salt=KNOWN_DEVICE_SALT,
        max_age=int(KNOWN_DEVICE_MAX_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _failures(key: str) -> Failures:
    stored = cache.get(key)
    if not isinstance(stored, tuple):
        return Failures(0, 0.0)
    return Failures(*stored)


def _network_of(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX_LENGTH}", strict=False))
    return str(parsed)

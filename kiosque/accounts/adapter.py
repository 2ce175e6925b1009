"""How allauth fits Kiosque: usernames that impersonate no one, sign-in throttled without
locking members out, and e-mails signed with the site's name."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import throttle
from .backends import member_named
from .hashers import PasswordChecksBusy
from .models import DELETED_USERNAME_PREFIX
from .usernames import confusable_member, normalized, skeleton

# Names that would speak for the site or its team, and paths under /membres/ that are not
# profiles (a member named so would have no profile page). Compared by skeleton and without
# accents, so that `Modérateur`, `ADMIN` or `аdmin` (Cyrillic а) are refused too.
RESERVED_USERNAMES = frozenset(
    {
        # paths under /membres/
        "reglages",
        "supprimer",
        "desabonnement",
        # the site and its team
        "admin",
        "administrateur",
        "administratrice",
        "administrator",
        "administration",
        "moderateur",
        "moderatrice",
        "moderator",
        "moderation",
        "modo",
        "redaction",
        "redacteur",
        "redactrice",
        "editeur",
        "editrice",
        "editor",
        "journaliste",
        "kiosque",
        "equipe",
        "team",
        "staff",
        "support",
        "aide",
        "help",
        "contact",
        "officiel",
        "official",
        "securite",
        "security",
        # names machines and mail systems answer to
        "root",
        "system",
        "systeme",
        "superuser",
        "sysop",
        "abuse",
        "postmaster",
        "webmaster",
        "hostmaster",
        "noreply",
        "no-reply",
        "mailer-daemon",
        "null",
        "anonyme",
        "anonymous",
    }
)
# No member's username (150) or e-mail address (254) is longer. A longer login typed at sign-in
# is cut to this: it still names no one, and SQLite refuses a LIKE pattern over 50,000 bytes.
LOGIN_MAX_LENGTH = 255


def _without_accents(name: str) -> str:
    return "".join(
        char for char in unicodedata.normalize("NFD", name) if unicodedata.category(char) != "Mn"
    )


@lru_cache(maxsize=1)
def _reserved_skeletons() -> frozenset[str]:
    return frozenset(skeleton(name) for name in RESERVED_USERNAMES)


def is_reserved(username: str) -> bool:
    """Whether `username` reads as a reserved name or as a deleted member's."""
    seen_as = {skeleton(username), skeleton(_without_accents(username))}
    return bool(seen_as & _reserved_skeletons()) or any(
        name.startswith(skeleton(DELETED_USERNAME_PREFIX)) for name in seen_as
    )


def _wait_text(wait: timedelta) -> str:
    seconds = max(1, round(wait.total_seconds()))
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = -(-seconds // 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no type hints
    _attempt: throttle.Attempt | None = None

    def clean_username(self, username: str, shallow: bool = False) -> str:
        username = normalized(username)
        if is_reserved(username):
            raise ValidationError(
                _("This username is reserved: please choose another one."),
                code="username_reserved",
            )
        username = super().clean_username(username, shallow=shallow)
        if not shallow and (existing := confusable_member(username)) is not None:
            raise ValidationError(
                _("This username looks too much like “%(existing)s”: please choose another one."),
                code="username_confusable",
                params={"existing": existing},
            )
        return username

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Refuse the attempt, before its password is checked, while it must still wait."""
        login = credentials.get("email") or credentials.get("username") or ""
        member = member_named(login)
        self._attempt = throttle.attempt_of(
            request,
            address=self.get_client_ip(request),
            account_pk=member.pk if member is not None else None,
            login=login,
        )
        if wait := throttle.wait_before(self._attempt):
            raise ValidationError(
                _(
                    "Too many failed sign-in attempts. Try again in %(wait)s, or sign in with "
                    "a code sent to your e-mail address."
                ),
                code="too_many_login_attempts",
                params={"wait": _wait_text(wait)},
            )

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        for name in ("username", "email"):
            if isinstance(login := credentials.get(name), str):
                credentials[name] = login[:LOGIN_MAX_LENGTH]
        try:
            user: AbstractBaseUser | None = super().authenticate(request, **credentials)
        except PasswordChecksBusy:
            raise ValidationError(
                _("Too many people are signing in right now: try again in a few seconds."),
                code="password_checks_busy",
            ) from None
        if user is not None and self._attempt is not None:
            throttle.record_success(self._attempt)
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        if self._attempt is not None:
            throttle.record_failure(self._attempt)

    def post_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse:
        response: HttpResponse = super().post_login(request, user, **kwargs)
        throttle.remember_device(request, response, member_pk=user.pk)
        return response

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        # Called after a password reset, which proves the mailbox.
        login = credentials.get("email") or credentials.get("username") or ""
        if (member := member_named(login)) is not None:
            throttle.forget_account_failures(member.pk)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth names the site after the request's host; our mails say "Kiosque".
        site = get_current_site(allauth_context.request)
        named_site = SimpleNamespace(name=settings.SITE_NAME, domain=site.domain)
        super().send_mail(template_prefix, email, {"current_site": named_site, **context})

"""Sign-in by username or e-mail address with exactly one password check per attempt."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.internal.userkit import filter_users_by_email, get_user_by_username
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest


def member_named(login: str) -> AbstractBaseUser | None:
    """The one member `login` names: by e-mail address (a confirmed one first), else username."""
    if "@" in login:
        users = filter_users_by_email(login, prefer_verified=True, for_login=True)
        if users:
            user: AbstractBaseUser = users[0]
            return user
    named: AbstractBaseUser | None = get_user_by_username(login)
    return named


class SignInBackend(AuthenticationBackend):  # type: ignore[misc]  # allauth ships no type hints
    """allauth's backend, answering in the same time whether or not the login names someone.

    With Django's ModelBackend beside allauth's, an e-mail login that named a member checked
    the password three times and one that named no one twice: the difference showed in the
    answer's time. Here the login names at most one member; their password is checked once, or
    when there is none a dummy password is hashed once at the same cost (allauth's timing
    mitigation, run when no password was checked).
    """

    def _authenticate(
        self, request: HttpRequest | None, **credentials: Any
    ) -> AbstractBaseUser | None:
        login = credentials.get("email") or credentials.get("username") or ""
        checked: AbstractBaseUser | None = self._check_password(
            member_named(login), credentials.get("password") or ""
        )
        return checked

"""How allauth fits Kiosque: reserved usernames, and e-mails signed with the site's name."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import DELETED_USERNAME_PREFIX

# Paths under /membres/ that are not profiles: a member named so would have no profile page.
RESERVED_USERNAMES = frozenset({"reglages", "supprimer"})
# No member's username (150) or e-mail address (254) is longer. A longer login typed at sign-in
# is cut to this: it still names no one, and SQLite refuses a LIKE pattern over 50,000 bytes.
LOGIN_MAX_LENGTH = 255


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username: str, shallow: bool = False) -> str:
        lowered = username.lower()
        if lowered in RESERVED_USERNAMES or lowered.startswith(DELETED_USERNAME_PREFIX):
            raise ValidationError(
                _("This username is reserved: please choose another one."),
                code="username_reserved",
            )
        return super().clean_username(username, shallow=shallow)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        for name in ("username", "email"):
            if isinstance(login := credentials.get(name), str):
                credentials[name] = login[:LOGIN_MAX_LENGTH]
        return super().authenticate(request, **credentials)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth names the site after the request's host; our mails say "Kiosque".
        site = get_current_site(allauth_context.request)
        named_site = SimpleNamespace(name=settings.SITE_NAME, domain=site.domain)
        super().send_mail(template_prefix, email, {"current_site": named_site, **context})

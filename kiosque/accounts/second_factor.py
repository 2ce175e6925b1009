"""Who must sign in with a second factor (allauth.mfa): the staff, always; members if they wish."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

# The newsroom's and the moderators' groups: whoever is in one works on the site, not only in it.
STAFF_GROUPS = ("journalists", "editors", "moderators")
# What counts as a second factor; recovery codes only stand in for a lost one.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_staff_flag(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether `user` may enter the admin (read from the user's row: no query)."""
    return bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))


def is_staff_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether `user` works on the site: admin access, or one of the staff groups."""
    if not user.is_authenticated:
        return False
    if has_staff_flag(user):
        return True
    groups = getattr(user, "groups", None)
    if groups is not None and groups.filter(name__in=STAFF_GROUPS).exists():
        return True
    # A moderator is staff whatever their group is called.
    has_perm = getattr(user, "has_perm", None)
    return bool(has_perm is not None and has_perm("moderation.moderate"))


def has_second_factor(user: AbstractBaseUser) -> bool:
    """Whether `user` set up an authenticator app or a passkey."""
    found: bool = Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()
    return found

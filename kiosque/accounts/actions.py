"""Every write to a member's account, each in one transaction.

Sign-up, login, e-mail and password changes are allauth's flows; what is ours lives here.
"""

from __future__ import annotations

from datetime import datetime

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kiosque.announcements import announce, key_of

from .models import DELETED_USERNAME_PREFIX, User


def update_settings(
    user: User,
    *,
    bio: str,
    email_on_reply: bool,
    email_on_quote: bool,
    email_on_mention: bool,
    email_on_like: bool,
    avatar: ContentFile[bytes] | None = None,
    remove_avatar: bool = False,
) -> User:
    """Save a member's profile and notification preferences.

    `avatar` is an already re-encoded picture (see avatars.make_avatar); it replaces the
    current one. The replaced file is removed from storage once the transaction commits.
    """
    with transaction.atomic():
        user.bio = bio
        user.email_on_reply = email_on_reply
        user.email_on_quote = email_on_quote
        user.email_on_mention = email_on_mention
        user.email_on_like = email_on_like
        old_avatar = user.avatar.name or ""
        if avatar is not None:
            user.avatar.save(avatar.name or "avatar", avatar, save=False)
        elif remove_avatar:
            user.avatar = None  # clearing a FileField stores ""
        user.save(
            update_fields=[
                "bio",
                "email_on_reply",
                "email_on_quote",
                "email_on_mention",
                "email_on_like",
                "avatar",
            ]
        )
        if old_avatar and old_avatar != (user.avatar.name or ""):
            _delete_file_on_commit(user, old_avatar)
        announce(key_of(user))
    return user


def delete_account(user: User, *, at: datetime | None = None) -> bool:
    """Anonymise a member who leaves; return False when the account was already deleted.

    Their posts stay, signed “deleted member” (User.public_name). Username, e-mail addresses,
    bio, avatar and password go; so do staff rights. Every session of the member ends: the
    password change alters the session hash Django checks on each request, and an inactive
    account is refused by the authentication backends.
    """
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_deleted:
            return False
        old_avatar = locked.avatar.name or ""
        locked.is_deleted = True
        locked.deleted_at = at or timezone.now()
        locked.is_active = False
        locked.is_staff = False
        locked.is_superuser = False
        locked.username = f"{DELETED_USERNAME_PREFIX}{locked.pk}"
        locked.email = ""
        locked.first_name = ""
        locked.last_name = ""
        locked.bio = ""
        locked.avatar = None  # clearing a FileField stores ""
        locked.set_unusable_password()
        locked.save(update_fields=_DELETED_ACCOUNT_FIELDS)
        locked.groups.clear()
        locked.user_permissions.clear()
        EmailAddress.objects.filter(user=locked).delete()
        if old_avatar:
            _delete_file_on_commit(locked, old_avatar)
        announce(key_of(locked))
    user.refresh_from_db()
    return True


_DELETED_ACCOUNT_FIELDS = [
    "is_deleted",
    "deleted_at",
    "is_active",
    "is_staff",
    "is_superuser",
    "username",
    "email",
    "first_name",
    "last_name",
    "bio",
    "avatar",
    "password",
]


def _delete_file_on_commit(user: User, name: str) -> None:
    storage = user.avatar.storage
    transaction.on_commit(lambda: storage.delete(name))

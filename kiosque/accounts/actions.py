"""Every write to a member's account, each in one transaction.

Sign-up, login, e-mail and password changes are allauth's flows; what is ours lives here.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import IO

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiosque.announcements import announce, key_of

from . import erasure, export, privacy_tasks
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
    email_on_watched: bool | None = None,
    follow_on_create: int | None = None,
    follow_on_reply: int | None = None,
) -> User:
    """Save a member's profile and notification preferences.

    `avatar` is an already re-encoded picture (see avatars.make_avatar); it replaces the
    current one. The replaced file is removed from storage once the transaction commits.
    Following defaults (the level of topics they start or reply to) and the e-mail of
    watched topics change only when given.
    """
    following = {
        "email_on_watched": email_on_watched,
        "follow_on_create": follow_on_create,
        "follow_on_reply": follow_on_reply,
    }
    following_given = [name for name, value in following.items() if value is not None]
    with transaction.atomic():
        user.bio = bio
        user.email_on_reply = email_on_reply
        user.email_on_quote = email_on_quote
        user.email_on_mention = email_on_mention
        user.email_on_like = email_on_like
        for name in following_given:
            setattr(user, name, following[name])
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
                *following_given,
            ]
        )
        if old_avatar and old_avatar != (user.avatar.name or ""):
            _delete_file_on_commit(user, old_avatar)
        announce(key_of(user))
    return user


def delete_account(user: User, *, at: datetime | None = None) -> bool:
    """Anonymise a member who leaves; return False when the account was already deleted.

    Their posts stay, signed “deleted member” (User.public_name). Username, names, e-mail
    addresses, bio, avatar and password go; so do staff rights, and what each app keeps of them
    (`erasure.ERASERS`: the forum's notifications, reading marks, unused images, the text of
    posts they deleted). The admin's history names the account by its new name. Every session
    of the member ends at once (the password change alters the session hash Django checks on
    each request, and an inactive account is refused by the authentication backends), and the
    worker then deletes the sessions themselves with what they held.
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
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(locked.pk)
        ).update(object_repr=locked.username, change_message="")
        erasure.erase_elsewhere(locked)
        if old_avatar:
            _delete_file_on_commit(locked, old_avatar)
        transaction.on_commit(
            partial(privacy_tasks.end_sessions_of_deleted_member.enqueue, user_id=locked.pk),
            robust=True,
        )
        announce(key_of(locked))
    user.refresh_from_db()
    return True


def export_member_data(
    member: User, *, requested_by: User, into: IO[bytes], at: datetime | None = None
) -> list[str]:
    """Write the ZIP archive of everything `member` has on the site into `into`.

    Only the member themselves may ask (PermissionDenied otherwise, staff included: an archive
    holds their e-mail addresses and reading marks). Returns the names of the sections written.
    """
    if requested_by.pk != member.pk or member.is_deleted or not member.is_active:
        raise PermissionDenied(_("Only the member themselves can download their data."))
    return export.write_archive(member, into=into, at=at or timezone.now())


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


@transaction.atomic
def unsubscribe_from_emails(member: User, *, by: User, fields: list[str]) -> list[str]:
    """Switch off the e-mail preferences `fields` of `member` (a one-click unsubscribe link:
    `unsubscribe.py`); returns those that were on, for the page to offer to switch them on
    again. `by` is the member, who may act without signing in through their signed link.
    No page shows these preferences: nothing is announced."""
    if by.pk != member.pk:
        raise PermissionDenied
    switched = [name for name in fields if getattr(member, name)]
    if switched:
        for name in switched:
            setattr(member, name, False)
        member.save(update_fields=switched)
    return switched


@transaction.atomic
def resubscribe_to_emails(member: User, *, by: User, fields: list[str]) -> list[str]:
    """Switch the e-mail preferences `fields` of `member` on again (undoing an unsubscribe);
    returns those that were off."""
    if by.pk != member.pk:
        raise PermissionDenied
    switched = [name for name in fields if not getattr(member, name)]
    if switched:
        for name in switched:
            setattr(member, name, True)
        member.save(update_fields=switched)
    return switched

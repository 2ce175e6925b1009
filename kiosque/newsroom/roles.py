"""Who may do what in the newsroom: the four roles, and the one place each right is asked.

Roles are Django groups holding permissions (created by migration 0004): a contributor writes
drafts and submits them for review; an author also publishes their own; an editor edits,
schedules, publishes and unpublishes any article and keeps sections, tags, stories, corrections
and site pages; an administrator is a superuser. Views and actions ask the functions below,
never the permissions themselves, so that a right is decided in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import Promise

    from kiosque.accounts.models import User

    from .models import Article

CONTRIBUTORS = "Contributeurs"
AUTHORS = "Auteurs"
EDITORS = "Éditeurs"

# The permissions of each group (app_label.codename); each role has those of the one before.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    CONTRIBUTORS: [
        "newsroom.view_article",
        "newsroom.add_article",
        "newsroom.submit_article",
        "media.view_image",
        "media.add_image",
        "newsroom.view_tag",
        "newsroom.add_tag",
    ],
    AUTHORS: ["newsroom.publish_own_article"],
    EDITORS: [
        "newsroom.change_article",
        "newsroom.delete_article",
        "newsroom.publish_article",
        "media.change_image",
        "media.delete_image",
        *(
            f"newsroom.{verb}_{model}"
            for model in ("section", "tag", "author", "story", "correction", "page")
            for verb in ("view", "add", "change", "delete")
        ),
        "newsroom.view_errorreport",
        "newsroom.change_errorreport",
        "newsroom.view_articlerevision",
        "newsroom.add_previewlink",
    ],
}
ROLE_ORDER = [CONTRIBUTORS, AUTHORS, EDITORS]


def permissions_of_role(role: str) -> list[str]:
    """Every permission of `role`, with those of the roles below it."""
    granted: list[str] = []
    for name in ROLE_ORDER[: ROLE_ORDER.index(role) + 1]:
        granted += ROLE_PERMISSIONS[name]
    return granted


def ensure_role_groups(*, using: str = "default") -> None:
    """Give each role its group and permissions, where missing (migration 0004 made them once;
    a flushed test database has lost them). The permissions must exist already."""
    from django.contrib.auth.models import Group, Permission

    for role in ROLE_ORDER:
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = {tuple(name.split(".")) for name in permissions_of_role(role)}
        found = Permission.objects.using(using).filter(
            content_type__app_label__in={label for label, _codename in wanted},
            codename__in={codename for _label, codename in wanted},
        )
        group.permissions.add(
            *(
                permission
                for permission in found.select_related("content_type")
                if (permission.content_type.app_label, permission.codename) in wanted
            )
        )


def is_in_newsroom(user: User | AnonymousUser) -> bool:
    """Whether `user` may enter the newsroom's area at all (write a draft)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("newsroom.add_article"))


def is_editor(user: User | AnonymousUser) -> bool:
    """Editors (and administrators) work on every article and keep the newsroom's lists."""
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("newsroom.change_article")
    )


def is_own(user: User | AnonymousUser, article: Article) -> bool:
    """Whether `article` is `user`'s: they created it or it carries their byline."""
    if not user.is_authenticated:
        return False
    if article.created_by_id == user.pk:
        return True
    if article.pk is None:
        return False
    return article.bylines.filter(author__user=user).exists()


def can_edit(user: User | AnonymousUser, article: Article) -> bool:
    """Editors edit every article; others their own, until it is released (then it is the
    editors' to change, as published text is the publication's word)."""
    if is_editor(user):
        return True
    if not is_in_newsroom(user):
        return False
    if article.pk is None:
        return True
    if article.is_released and not user.has_perm("newsroom.publish_own_article"):
        return False
    return is_own(user, article)


def can_submit(user: User | AnonymousUser, article: Article) -> bool:
    """Sending a draft to the editors: whoever may edit it and holds the right to submit."""
    return bool(user.has_perm("newsroom.submit_article")) and can_edit(user, article)


def can_publish(user: User | AnonymousUser, article: Article) -> bool:
    """Publishing, scheduling and unpublishing: editors for every article, authors for their
    own."""
    if is_editor(user) and user.has_perm("newsroom.publish_article"):
        return True
    return bool(user.has_perm("newsroom.publish_own_article")) and is_own(user, article)


def can_keep_lists(user: User | AnonymousUser) -> bool:
    """Sections, stories, corrections, site pages and readers' error reports: the editors'."""
    return is_editor(user)


def require(allowed: bool, message: Promise | str = "") -> None:
    """Raise PermissionDenied (answered 403) with `message` unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message or _("Your role in the newsroom does not allow this."))

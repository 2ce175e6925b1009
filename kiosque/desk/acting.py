"""Who acts on a desk page: every view names its acting member through one of these, before it
looks anything up (whoever is refused learns nothing), and hands them to the actions as `by`."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from kiosque.accounts.models import User
from kiosque.newsroom import roles


def newsroom_member(request: HttpRequest) -> User:
    """The signed-in newsroom member acting (PermissionDenied, 403, for anyone else)."""
    roles.require(roles.is_in_newsroom(request.user), _("This area is for the newsroom."))
    assert isinstance(request.user, User)  # is_in_newsroom holds for signed-in members alone
    return request.user


def editor(request: HttpRequest) -> User:
    """The signed-in editor acting: sections, stories, corrections, error reports and site
    pages are the editors' (PermissionDenied, 403, for anyone else)."""
    roles.require(roles.can_keep_lists(request.user), _("This is the editors' work."))
    assert isinstance(request.user, User)  # can_keep_lists holds for signed-in editors alone
    return request.user

"""What the newsroom's browser tests share: its members, and its forms' fields."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import Group
from playwright.sync_api import Locator, Page

from kiosque.accounts.tests.factories import UserFactory
from kiosque.newsroom import roles
from kiosque.newsroom.tests.factories import AuthorFactory

PASSWORD = "un mot de passe solide"


def newsroom_member(username: str, role: str, *, byline: str | None = None) -> Any:
    """A member of `role`'s group (made again if an earlier test flushed it), with a byline of
    that name when one is given."""
    roles.ensure_role_groups()
    user = UserFactory.create(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    if byline is not None:
        AuthorFactory.create(user=user, name=byline, slug=username)
    return user


def field(page: Page, label: str) -> Locator:
    """The form field labelled `label` (Django's French labels end in " :"); not the other
    things named alike (the live preview's list of the article's "Sujets")."""
    controls = page.locator("input, select, textarea")
    return controls.and_(page.get_by_label(re.compile(rf"^{re.escape(label)}\s*:?$")))

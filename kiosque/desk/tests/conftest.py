"""The desk's fixture vocabulary: one newsroom member per role, each with a byline."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from kiosque.accounts.tests.factories import UserFactory
from kiosque.newsroom import roles
from kiosque.newsroom.tests.factories import AuthorFactory, SectionFactory


def _member_of(role: str, username: str):
    user = UserFactory.create(username=username)
    user.groups.add(Group.objects.get(name=role))
    AuthorFactory(user=user, name=username.capitalize(), slug=username)
    return user


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and renditions are written under the test's own directory."""
    settings.MEDIA_ROOT = path = tmp_path / "media"
    return path


@pytest.fixture
def contributor(db):
    """Writes drafts and submits them; publishes nothing."""
    return _member_of(roles.CONTRIBUTORS, "pigiste")


@pytest.fixture
def author(db):
    """Publishes their own articles."""
    return _member_of(roles.AUTHORS, "plume")


@pytest.fixture
def editor(db):
    """Edits, schedules, publishes and unpublishes every article."""
    return _member_of(roles.EDITORS, "editrice")


@pytest.fixture
def reader(db):
    """A member of the community, not of the newsroom."""
    return UserFactory(username="lectrice")


@pytest.fixture
def section(db):
    return SectionFactory(name="Logiciel", slug="logiciel")

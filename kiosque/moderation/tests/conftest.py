import pytest
from django.contrib.auth.models import Permission

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions as community
from kiosque.community.tests.factories import TopicFactory


def make_moderator(**fields):
    """A member of the moderation team: the permission, not the admin (no staff flag), and the
    second factor the site requires of whoever moderates."""
    moderator = UserFactory(second_factor=True, **fields)
    moderator.user_permissions.add(
        Permission.objects.get(codename="moderate", content_type__app_label="moderation")
    )
    return moderator


@pytest.fixture
def moderator(db):
    return make_moderator(username="moderatrice")


@pytest.fixture
def second_moderator(db):
    return make_moderator(username="moderateur2")


@pytest.fixture
def author(db):
    return UserFactory(username="auteur")


@pytest.fixture
def topic(db):
    return TopicFactory()


@pytest.fixture
def post(topic, author):
    return community.post_reply(topic, author=author, source="Un message discutable.")


@pytest.fixture
def newcomer(db):
    return UserFactory(username="nouveau", newcomer=True)

"""A name is held only once its e-mail address is confirmed: before, nobody can mention it."""

import pytest

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Notification
from kiosque.community.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_an_unconfirmed_name_is_neither_linked_nor_notified():
    UserFactory(username="pas_confirme", email_verified=False)
    UserFactory(username="confirme")

    post = actions.post_reply(
        TopicFactory(), author=UserFactory(), source="Bonjour @pas_confirme et @confirme !"
    )

    assert 'href="/membres/confirme/"' in post.html
    assert "/membres/pas_confirme/" not in post.html
    mentioned = Notification.objects.filter(kind="mention").values_list(
        "recipient__username", flat=True
    )
    assert list(mentioned) == ["confirme"]

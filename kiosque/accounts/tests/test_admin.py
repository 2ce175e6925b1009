"""The members' admin shows the profile, notification and deletion fields."""

import pytest
from django.urls import reverse

from kiosque.accounts.actions import delete_account
from kiosque.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_member_admin_shows_profile_notifications_and_deletion(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    member = UserFactory(bio="Une présentation.")
    leaver = UserFactory()
    delete_account(leaver)
    client.force_login(admin)

    change = client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    listing = client.get(reverse("admin:accounts_user_changelist"), {"is_deleted__exact": "1"})

    html = change.content.decode()
    assert change.status_code == 200
    for name in ("bio", "avatar", "email_on_reply", "email_on_quote", "email_on_mention"):
        assert f'name="{name}"' in html
    assert "Une présentation." in html
    assert listing.status_code == 200
    assert leaver.username in listing.content.decode()
    assert member.username not in listing.content.decode()

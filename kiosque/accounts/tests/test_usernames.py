"""Names that pass for someone else's are refused; unconfirmed names are held only a while."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.accounts.usernames import mentionable_usernames, release_unconfirmed_names, skeleton

PASSWORD = "un mot de passe solide"

pytestmark = pytest.mark.django_db


def sign_up(client, username: str, email: str = "nouveau@example.org"):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_confusable_names_share_a_skeleton():
    assert skeleton("Kerouаn") == skeleton("Kerouan") == skeleton("KEROUAN")
    assert skeleton("ＫＥＲＯＵＡＮ") == skeleton("Kerouan")
    assert skeleton("Kérouan") != skeleton("Kerouan")


@pytest.mark.parametrize(
    "lookalike", ["Kerouаn", "kerouan", "KEROUAN", "ＫＥＲＯＵＡＮ", "Ker0uan"]
)
def test_a_name_that_looks_like_a_members_is_refused_in_french(client, lookalike):
    UserFactory(username="Kerouan")

    response = sign_up(client, lookalike)

    assert response.status_code == 400
    html = response.content.decode()
    # The same name in another case is allauth's "already taken"; a lookalike is ours.
    assert "ressemble trop à « Kerouan »" in html or "Un utilisateur avec ce nom existe" in html
    assert not User.objects.filter(email="nouveau@example.org").exists()
    assert 'value="nouveau@example.org"' in html, "what was typed stays in the form"


def test_fullwidth_forms_are_kept_in_their_plain_form(client):
    assert sign_up(client, "ｃａｍｉｌｌｅ").status_code == 302

    assert User.objects.get(email="nouveau@example.org").username == "camille"


@pytest.mark.parametrize(
    "username", ["admin", "ADMIN", "аdmin", "Modérateur", "redaction", "Kiosque", "root", "staff"]
)
def test_names_that_speak_for_the_site_are_reserved(client, username):
    response = sign_up(client, username)

    assert response.status_code == 400
    assert "Ce pseudo est réservé" in response.content.decode()


def test_an_unconfirmed_name_cannot_be_mentioned_and_is_released_after_a_while(client):
    confirmed = UserFactory(username="Camille")
    unconfirmed = UserFactory(username="Dominique", email_verified=False)
    now = timezone.now()
    User.objects.filter(pk=unconfirmed.pk).update(date_joined=now - timedelta(hours=25))
    recent = UserFactory(username="Eden", email_verified=False)

    assert mentionable_usernames({"camille", "dominique", "eden"}) == {"Camille"}
    assert release_unconfirmed_names(at=now) == 1

    assert not User.objects.filter(pk=unconfirmed.pk).exists()
    assert User.objects.filter(pk__in=[confirmed.pk, recent.pk]).count() == 2
    assert not EmailAddress.objects.filter(user_id=unconfirmed.pk).exists()
    assert sign_up(client, "dominique").status_code == 302, "the name is free again"


@pytest.mark.django_db(transaction=True)
def test_the_worker_releases_names_and_schedules_its_next_run(settings):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from kiosque import worker
    from kiosque.accounts import tasks

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    stale = UserFactory(email_verified=False)
    User.objects.filter(pk=stale.pk).update(date_joined=timezone.now() - timedelta(days=3))

    tasks.schedule_unconfirmed_clean_up(after=timedelta(0))
    worker.run(queues=["default"], batch=True, verbosity=0)

    assert not User.objects.filter(pk=stale.pk).exists()
    waiting = DBTaskResult.objects.filter(task_path=tasks.release_unconfirmed_names.module_path)
    assert waiting.filter(status=TaskResultStatus.READY).count() == 1, "the next run is scheduled"

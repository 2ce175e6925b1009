"""The honeypot and the minimum fill time on sign-up and posting (kiosque/honeypot.py).

The suite runs with the fill time off (`KIOSQUE_MIN_FILL_SECONDS=0`, pyproject's pytest env)
so that other tests post forms directly; these tests turn it on, and move a frozen clock
rather than wait.
"""

from __future__ import annotations

import html as html_module
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Post, Topic
from kiosque.community.tests.factories import CategoryFactory

PASSWORD = "un mot de passe bien solide 42"
TOO_FAST = "plus vite qu’une personne ne peut l’écrire"
TRAPPED = "doit rester vide"


@pytest.fixture
def fill_time_on(settings):
    settings.KIOSQUE_MIN_FILL_SECONDS = 3


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def category(db):
    return CategoryFactory(name="Matériel", slug="materiel")


@pytest.fixture
def topic(category):
    return actions.start_topic(
        author=UserFactory(), category=category, title="Quel écran ?", source="Conseils ?"
    )


def shown_at_of(page: str) -> str:
    found = re.search(r'name="shown_at" value="([^"]+)"', page)
    assert found, "the form carries no signed moment"
    return html_module.unescape(found.group(1))


def text_of(response) -> str:
    return html_module.unescape(response.content.decode())


def sign_up_data(shown_at: str, **extra: str) -> dict[str, str]:
    return {
        "username": "camille",
        "email": "camille@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "shown_at": shown_at,
        **extra,
    }


# --- Sign-up ----------------------------------------------------------------------------------


def test_the_honeypot_is_out_of_sight_out_of_reach_and_says_to_leave_it_empty(client, db):
    page = client.get(reverse("account_signup")).content.decode()

    trap = re.search(r'<div class="spam-trap" aria-hidden="true">.*?</div>', page, re.S)
    assert trap, "the honeypot is not wrapped out of sight"
    assert '<label for="id_website">Laissez ce champ vide</label>' in trap.group(0)
    field = re.search(r'<input [^>]*name="website"[^>]*>', trap.group(0))
    assert field
    assert 'tabindex="-1"' in field.group(0)
    assert 'autocomplete="off"' in field.group(0)


def test_a_sign_up_sent_back_at_once_is_refused_and_what_was_typed_stays(
    client, db, fill_time_on, clock
):
    shown_at = shown_at_of(client.get(reverse("account_signup")).content.decode())
    clock.shift(timedelta(seconds=1))

    response = client.post(reverse("account_signup"), sign_up_data(shown_at))

    assert response.status_code == 400
    page = text_of(response)
    assert TOO_FAST in page
    assert 'value="camille"' in page
    assert 'value="camille@example.org"' in page
    assert not User.objects.filter(username="camille").exists()


def test_a_sign_up_after_a_few_seconds_goes_through(client, db, fill_time_on, clock):
    shown_at = shown_at_of(client.get(reverse("account_signup")).content.decode())
    clock.shift(timedelta(seconds=4))

    response = client.post(reverse("account_signup"), sign_up_data(shown_at))

    assert response.status_code == 302
    assert User.objects.filter(username="camille").exists()


def test_a_sign_up_with_the_honeypot_filled_is_refused(client, db, fill_time_on, clock):
    shown_at = shown_at_of(client.get(reverse("account_signup")).content.decode())
    clock.shift(timedelta(seconds=30))

    response = client.post(
        reverse("account_signup"), sign_up_data(shown_at, website="https://spam.example")
    )

    assert response.status_code == 400
    assert TRAPPED in text_of(response)
    assert 'value="camille"' in text_of(response)
    assert not User.objects.filter(username="camille").exists()


@pytest.mark.parametrize("shown_at", ["", "1700000000", "e30:1tXbQm:forged"])
def test_a_sign_up_without_a_genuine_signed_moment_is_refused(client, db, fill_time_on, shown_at):
    response = client.post(reverse("account_signup"), sign_up_data(shown_at))

    assert response.status_code == 400
    assert "incomplet ou a été modifié" in text_of(response)
    assert not User.objects.filter(username="camille").exists()


def test_with_the_fill_time_off_only_the_honeypot_is_checked(client, db, settings):
    settings.KIOSQUE_MIN_FILL_SECONDS = 0

    response = client.post(reverse("account_signup"), sign_up_data(""))

    assert response.status_code == 302


# --- Posting --------------------------------------------------------------------------------


def test_a_reply_sent_back_at_once_is_refused_with_the_draft_kept(
    client, topic, fill_time_on, clock
):
    member = UserFactory()
    client.force_login(member)
    page = client.get(reverse("community:topic-reply", args=[topic.pk])).content.decode()
    assert 'name="website"' in page and 'tabindex="-1"' in page
    shown_at = shown_at_of(page)
    clock.shift(timedelta(seconds=1))

    response = client.post(
        reverse("community:topic-reply", args=[topic.pk]),
        {"source": "Mon avis réfléchi sur l’écran.", "shown_at": shown_at},
    )

    assert response.status_code == 400
    page = text_of(response)
    assert TOO_FAST in page
    assert "Mon avis réfléchi sur l’écran." in page
    assert not Post.objects.filter(author=member).exists()

    # The page shown again starts its own count: a few seconds later, the reply goes out.
    clock.shift(timedelta(seconds=4))
    response = client.post(
        reverse("community:topic-reply", args=[topic.pk]),
        {"source": "Mon avis réfléchi sur l’écran.", "shown_at": shown_at_of(page)},
    )
    assert response.status_code == 302
    assert Post.objects.filter(author=member).count() == 1


def test_the_composer_under_a_topic_carries_the_trap(client, topic):
    client.force_login(UserFactory())

    page = client.get(topic.get_absolute_url()).content.decode()

    assert 'name="website"' in page
    assert shown_at_of(page)


def test_a_reply_with_the_honeypot_filled_is_refused(client, topic, fill_time_on, clock):
    member = UserFactory()
    client.force_login(member)
    shown_at = shown_at_of(
        client.get(reverse("community:topic-reply", args=[topic.pk])).content.decode()
    )
    clock.shift(timedelta(minutes=2))

    response = client.post(
        reverse("community:topic-reply", args=[topic.pk]),
        {"source": "Achetez mes montres.", "shown_at": shown_at, "website": "x"},
    )

    assert response.status_code == 400
    assert TRAPPED in text_of(response)
    assert "Achetez mes montres." in text_of(response)
    assert not Post.objects.filter(author=member).exists()


def test_a_new_topic_sent_back_at_once_is_refused_with_title_and_text_kept(
    client, category, fill_time_on, clock
):
    member = UserFactory()
    client.force_login(member)
    url = reverse("community:topic-new", args=[category.slug])
    shown_at = shown_at_of(client.get(url).content.decode())

    response = client.post(
        url, {"title": "Mon sujet", "source": "Un long texte soigné.", "shown_at": shown_at}
    )

    assert response.status_code == 400
    page = text_of(response)
    assert TOO_FAST in page
    assert 'value="Mon sujet"' in page
    assert "Un long texte soigné." in page
    assert not Topic.objects.filter(author=member).exists()

    clock.shift(timedelta(seconds=5))
    response = client.post(
        url, {"title": "Mon sujet", "source": "Un long texte soigné.", "shown_at": shown_at}
    )
    assert response.status_code == 302
    assert Topic.objects.filter(author=member, title="Mon sujet").exists()

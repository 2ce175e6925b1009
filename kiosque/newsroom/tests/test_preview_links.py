"""Preview links: an unreleased article shown, as readers will see it, to whoever holds the
link, until it expires, is revoked or the article goes out; never cached, never indexed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.newsroom import actions, roles
from kiosque.newsroom.actions import previews
from kiosque.newsroom.tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

BANNER = "Aperçu — cet article n’est pas encore publié"


def member_of(role: str, username: str) -> User:
    user = UserFactory.create(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor():
    return member_of(roles.EDITORS, "editrice")


@pytest.fixture
def draft():
    return ArticleFactory(draft=True, title="Le scoop de demain", body="Un texte *secret*.")


@pytest.fixture
def link(draft, editor):
    return previews.create_preview_link(draft, by=editor, valid_for=timedelta(days=7))


def test_the_holder_of_a_link_reads_the_article_as_readers_will(client, link, draft):
    response = client.get(previews.preview_path(link))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Le scoop de demain" in page
    assert "Un texte <em>secret</em>." in page
    assert BANNER in page
    assert '<meta name="robots" content="noindex">' in page
    assert response["X-Robots-Tag"] == "noindex"


def test_a_preview_is_never_stored_by_anyone(client, link):
    response = client.get(previews.preview_path(link))

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert "s-maxage" not in response["Cache-Control"]


@pytest.mark.page_cache
def test_a_preview_is_not_kept_for_the_next_visitor(link, draft):
    path = previews.preview_path(link)
    assert Client().get(path).status_code == 200
    previews.revoke_preview_link(link, by=None)

    second = Client().get(path)

    assert second.status_code == 410
    assert "Le scoop de demain" not in second.content.decode()


def test_a_preview_has_no_comment_composer(client, editor, link):
    client.force_login(editor)

    page = client.get(previews.preview_path(link)).content.decode()

    assert 'id="discussion"' not in page
    assert "<textarea" not in page


def test_an_expired_link_is_gone_with_a_clear_message(client, link):
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        response = client.get(previews.preview_path(link))

    assert response.status_code == 410
    page = response.content.decode()
    assert "Ce lien d’aperçu a expiré le" in page
    assert "Le scoop de demain" not in page
    assert response["X-Robots-Tag"] == "noindex"


def test_a_link_still_works_just_before_it_expires(client, link):
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=-5)):
        assert client.get(previews.preview_path(link)).status_code == 200


def test_a_revoked_link_is_gone(client, link, editor):
    assert previews.revoke_preview_link(link, by=editor)

    response = client.get(previews.preview_path(link))

    assert response.status_code == 410
    assert "La rédaction a retiré ce lien d’aperçu." in response.content.decode()
    assert not previews.revoke_preview_link(link, by=editor)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda path: path.replace(path.split("/")[-2][:4], "AAAA", 1),
        lambda path: path[:-3] + "x/",
        lambda path: "/apercu/" + path.split("/")[-2].split(":")[0] + "/",
        lambda path: "/apercu/pas-un-lien/",
    ],
)
def test_a_tampered_link_is_refused(client, link, tamper):
    response = client.get(tamper(previews.preview_path(link)))

    assert response.status_code == 404
    page = response.content.decode()
    assert "Ce lien d’aperçu n’est pas valable" in page
    assert "Le scoop de demain" not in page


def test_once_published_the_link_leads_to_the_article(client, link, draft, editor):
    actions.publish_article(draft, by=editor)

    response = client.get(previews.preview_path(link))

    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_a_link_of_a_scheduled_article_works_until_its_time_then_leads_to_it(
    client, link, draft, editor
):
    at = timezone.now() + timedelta(hours=2)
    actions.schedule_article(draft, by=editor, at=at)
    assert client.get(previews.preview_path(link)).status_code == 200

    with time_machine.travel(at + timedelta(seconds=1)):
        response = client.get(previews.preview_path(link))

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("role", "own", "allowed"),
    [
        (roles.EDITORS, False, True),
        (roles.AUTHORS, True, True),
        (roles.AUTHORS, False, False),
        (roles.CONTRIBUTORS, True, True),
        (roles.CONTRIBUTORS, False, False),
    ],
)
def test_who_may_create_a_preview_link(role, own, allowed):
    user = member_of(role, "quelquun")
    article = ArticleFactory(draft=True, authors=[AuthorFactory(user=user)] if own else None)

    if allowed:
        link = previews.create_preview_link(article, by=user, valid_for=timedelta(days=1))
        assert link.expires_at - link.created_at == timedelta(days=1)
    else:
        with pytest.raises(PermissionDenied):
            previews.create_preview_link(article, by=user, valid_for=timedelta(days=1))
        assert not article.preview_links.exists()


def test_a_reader_may_not_create_a_preview_link(member, draft):
    with pytest.raises(PermissionDenied):
        previews.create_preview_link(draft, by=member, valid_for=timedelta(days=1))


def test_a_released_article_gets_no_preview_link(editor):
    with pytest.raises(ValidationError) as refusal:
        previews.create_preview_link(ArticleFactory(), by=editor, valid_for=timedelta(days=1))

    assert refusal.value.code == "released"


def test_a_link_works_thirty_days_at_most(editor, draft):
    with pytest.raises(ValidationError):
        previews.create_preview_link(draft, by=editor, valid_for=timedelta(days=31))


def test_each_link_has_its_own_random_token(editor, draft):
    first = previews.create_preview_link(draft, by=editor, valid_for=timedelta(days=1))
    second = previews.create_preview_link(draft, by=editor, valid_for=timedelta(days=1))

    assert first.token != second.token
    assert len(first.token) >= 40
    assert previews.preview_path(first) != previews.preview_path(second)

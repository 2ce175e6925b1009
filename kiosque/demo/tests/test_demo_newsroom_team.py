"""`kiosque demo` gives the newsroom one account per role and the desk an article in each
state: a contributor's draft, an author's article in review, one the editor scheduled."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.models import User
from kiosque.demo.community import DEMO_PASSWORD
from kiosque.demo.content.newsroom_team import AUTHOR, CONTRIBUTOR, EDITOR
from kiosque.demo.tests.conftest import NOW
from kiosque.newsroom import roles
from kiosque.newsroom.models import Article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("team_member", "may_publish", "is_editor"),
    [(CONTRIBUTOR, False, False), (AUTHOR, True, False), (EDITOR, True, True)],
    ids=["contributor", "author", "editor"],
)
def test_each_role_has_an_account_that_signs_in_with_its_byline(
    demo: str, client: Any, team_member: Any, may_publish: bool, is_editor: bool
) -> None:
    username = team_member.member.username
    assert username in demo and DEMO_PASSWORD in demo, "the demo says how to sign in"
    user = User.objects.get(username=username)
    assert list(user.groups.values_list("name", flat=True)) == [team_member.role]
    assert user.author_profile.name == team_member.byline.name
    assert user.has_perm("newsroom.publish_own_article") is may_publish
    assert roles.is_editor(user) is is_editor
    assert not user.is_staff, "the desk is not the admin"

    response = client.post(reverse("account_login"), {"login": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in"


def test_the_desk_has_an_article_in_each_state(demo: str) -> None:
    contributor, author, editor = (
        User.objects.get(username=team_member.member.username)
        for team_member in (CONTRIBUTOR, AUTHOR, EDITOR)
    )
    draft = Article.objects.get(created_by=contributor)
    assert draft.status == Article.Status.DRAFT
    assert [byline.author.user for byline in draft.bylines.all()] == [contributor]

    in_review, scheduled = Article.objects.filter(created_by=author).order_by("status")
    assert in_review.status == Article.Status.IN_REVIEW
    assert scheduled.status == Article.Status.SCHEDULED
    assert scheduled.last_edited_by == editor, "the editor scheduled it"
    assert scheduled.published_at is not None and scheduled.published_at > NOW
    assert timezone.localtime(scheduled.published_at).strftime("%H:%M") == "08:00"
    assert not Article.objects.published(at=NOW).filter(created_by__in=[contributor, author])


def test_the_editor_finds_each_state_on_the_desk(demo: str, client: Any) -> None:
    client.force_login(User.objects.get(username=EDITOR.member.username))

    html = client.get(reverse("desk:article-list")).content.decode()

    assert "Réparer son aspirateur robot" in html and "Brouillon" in html
    assert "Débris spatiaux" in html and "En relecture" in html
    assert "Fin du cuivre" in html and "Programmé pour le" in html

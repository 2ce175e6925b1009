"""Who may do what in the newsroom: each role against each action of `newsroom.actions`.

Roles are the groups made by migration 0004 (Contributeurs, Auteurs, Éditeurs); a member
without a role and an administrator (superuser) complete the table. "Own" means the member's
byline is on the article; "other's" means it carries someone else's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.newsroom import actions, roles
from kiosque.newsroom.models import Article, Section, Story, Tag
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

MEMBER, CONTRIBUTOR, AUTHOR, EDITOR, ADMIN = "member", "contributor", "author", "editor", "admin"
ROLES = [MEMBER, CONTRIBUTOR, AUTHOR, EDITOR, ADMIN]
GROUP_OF = {CONTRIBUTOR: roles.CONTRIBUTORS, AUTHOR: roles.AUTHORS, EDITOR: roles.EDITORS}


def someone(role: str) -> User:
    """A fresh member in `role` (fresh: Django caches a user's permissions on the object)."""
    user = UserFactory.create(is_superuser=role == ADMIN, is_staff=role == ADMIN)
    if role in GROUP_OF:
        user.groups.add(Group.objects.get(name=GROUP_OF[role]))
    return user


def article_of(user: User | None, **traits: object) -> Article:
    """An article carrying `user`'s byline (someone else's when `user` is None)."""
    author = AuthorFactory.create(user=user) if user is not None else AuthorFactory.create()
    return ArticleFactory.create(authors=[author], **traits)


def in_an_hour() -> datetime:
    return timezone.now() + timedelta(hours=1)


def save_own(user: User) -> None:
    article = article_of(user, draft=True)
    article.title = "Un titre retouché"
    actions.save_article(article, by=user)


def save_others(user: User) -> None:
    article = article_of(None, draft=True)
    article.title = "Un titre retouché"
    actions.save_article(article, by=user)


def write_new(user: User) -> None:
    section = SectionFactory.create()
    actions.save_article(
        Article(title="Un nouvel article", slug="un-nouvel-article", section=section), by=user
    )


def submit_own(user: User) -> None:
    actions.submit_for_review(article_of(user, draft=True), by=user)


def submit_others(user: User) -> None:
    actions.submit_for_review(article_of(None, draft=True), by=user)


def return_own_to_draft(user: User) -> None:
    actions.return_to_draft(article_of(user, in_review=True), by=user)


def return_others_to_draft(user: User) -> None:
    actions.return_to_draft(article_of(None, in_review=True), by=user)


def schedule_own(user: User) -> None:
    actions.schedule_article(article_of(user, in_review=True), by=user, at=in_an_hour())


def schedule_others(user: User) -> None:
    actions.schedule_article(article_of(None, in_review=True), by=user, at=in_an_hour())


def publish_own(user: User) -> None:
    actions.publish_article(article_of(user, in_review=True), by=user)


def publish_others(user: User) -> None:
    actions.publish_article(article_of(None, in_review=True), by=user)


def unpublish_own(user: User) -> None:
    actions.unpublish_article(article_of(user), by=user)


def unpublish_others(user: User) -> None:
    actions.unpublish_article(article_of(None), by=user)


def edit_own_published(user: User) -> None:
    article = article_of(user)
    article.title = "Un titre retouché après publication"
    actions.save_article(article, by=user)


def create_tag(user: User) -> None:
    actions.save_listing(Tag(name="Nouveau sujet", slug="nouveau-sujet"), by=user)


def rename_tag(user: User) -> None:
    tag = TagFactory.create()
    tag.name = "Sujet renommé"
    actions.save_listing(tag, by=user)


def create_section(user: User) -> None:
    actions.save_listing(Section(name="Nouvelle rubrique", slug="nouvelle-rubrique"), by=user)


def rename_section(user: User) -> None:
    section = SectionFactory.create()
    old_slug, section.slug = section.slug, "rubrique-renommee"
    actions.save_listing(section, by=user, old_slug=old_slug)


def create_story(user: User) -> None:
    actions.save_listing(Story(title="Nouveau feuilleton", slug="nouveau-feuilleton"), by=user)


def delete_tag(user: User) -> None:
    actions.delete_listing(TagFactory.create(), by=user)


def delete_section(user: User) -> None:
    actions.delete_listing(SectionFactory.create(), by=user)


def delete_story(user: User) -> None:
    actions.delete_listing(StoryFactory.create(), by=user)


# Each action, and the roles allowed to do it; every other role is refused.
RIGHTS: dict[Callable[[User], None], set[str]] = {
    write_new: {CONTRIBUTOR, AUTHOR, EDITOR, ADMIN},
    save_own: {CONTRIBUTOR, AUTHOR, EDITOR, ADMIN},
    save_others: {EDITOR, ADMIN},
    edit_own_published: {AUTHOR, EDITOR, ADMIN},
    submit_own: {CONTRIBUTOR, AUTHOR, EDITOR, ADMIN},
    submit_others: {EDITOR, ADMIN},
    return_own_to_draft: {CONTRIBUTOR, AUTHOR, EDITOR, ADMIN},
    return_others_to_draft: {EDITOR, ADMIN},
    schedule_own: {AUTHOR, EDITOR, ADMIN},
    schedule_others: {EDITOR, ADMIN},
    publish_own: {AUTHOR, EDITOR, ADMIN},
    publish_others: {EDITOR, ADMIN},
    unpublish_own: {AUTHOR, EDITOR, ADMIN},
    unpublish_others: {EDITOR, ADMIN},
    create_tag: {CONTRIBUTOR, AUTHOR, EDITOR, ADMIN},
    rename_tag: {EDITOR, ADMIN},
    create_section: {EDITOR, ADMIN},
    rename_section: {EDITOR, ADMIN},
    create_story: {EDITOR, ADMIN},
    delete_tag: {EDITOR, ADMIN},
    delete_section: {EDITOR, ADMIN},
    delete_story: {EDITOR, ADMIN},
}

CASES = [
    pytest.param(act, role, role in allowed, id=f"{act.__name__}-{role}")
    for act, allowed in RIGHTS.items()
    for role in ROLES
]


@pytest.mark.parametrize(("act", "role", "allowed"), CASES)
def test_each_role_may_do_what_its_role_allows_and_nothing_more(act, role, allowed):
    user = someone(role)
    if allowed:
        act(user)
    else:
        with pytest.raises(PermissionDenied):
            act(user)


def test_a_refused_action_changes_nothing():
    contributor = someone(CONTRIBUTOR)
    article = article_of(contributor, in_review=True)

    with pytest.raises(PermissionDenied):
        actions.publish_article(article, by=contributor)

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert article.published_at is None
    assert article.topic_id is None


def test_a_refused_edit_of_someone_elses_article_keeps_its_text():
    article = article_of(None, draft=True)
    article.title = "Réécrit par un autre"

    with pytest.raises(PermissionDenied):
        actions.save_article(article, by=someone(AUTHOR))

    assert Article.objects.get(pk=article.pk).title != "Réécrit par un autre"
    assert not article.revisions.exists()


def test_a_contributor_may_not_change_their_article_once_it_is_out():
    contributor = someone(CONTRIBUTOR)
    article = article_of(contributor)
    article.title = "Corrigé en douce"

    with pytest.raises(PermissionDenied):
        actions.save_article(article, by=contributor)


def test_the_article_written_by_a_member_without_byline_is_theirs_to_submit():
    contributor = someone(CONTRIBUTOR)
    article = actions.save_article(
        Article(title="Sans signature", slug="sans-signature", section=SectionFactory.create()),
        by=contributor,
    )

    actions.submit_for_review(article, by=contributor)

    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW


def test_the_site_itself_acts_without_a_role():
    article = ArticleFactory.create(in_review=True)

    actions.publish_article(article, by=None)

    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_a_deactivated_editor_may_do_nothing():
    editor = someone(EDITOR)
    editor.is_active = False
    editor.save(update_fields=["is_active"])

    with pytest.raises(PermissionDenied):
        publish_others(User.objects.get(pk=editor.pk))

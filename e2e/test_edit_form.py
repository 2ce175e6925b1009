"""Editing a post in Chromium gives its text back whole, a leading newline included."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.community_helpers import sign_in, submit, visit
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Post, PostRevision
from kiosque.community.tests.factories import TopicFactory

PASSWORD = "un mot de passe solide"  # UserFactory's
# As a browser sends a text box's lines: CRLF. The code block comes first.
CODE_FIRST = "\r\n```\r\nprint('bonjour')\r\n```\r\n\r\nVoilà mon code."


def test_saving_an_untouched_edit_keeps_a_leading_newline(page: Page, transactional_db) -> None:
    member = UserFactory.create(username="codeuse")
    post = actions.post_reply(TopicFactory.create(), author=member, source=CODE_FIRST)
    edit_url = reverse("community:post-edit", args=[post.pk])
    sign_in(page, "codeuse", password=PASSWORD, next_url=edit_url)

    text_box = page.get_by_label("Votre message")
    expect(text_box).to_have_value(CODE_FIRST.replace("\r\n", "\n"))
    saved = submit(page, page.get_by_role("button", name="Enregistrer"))

    assert saved.status == 200
    post = Post.objects.get(pk=post.pk)
    assert post.source == CODE_FIRST
    assert post.edited_at is None
    assert not PostRevision.objects.filter(post=post).exists()
    visit(page, edit_url)
    expect(page.get_by_label("Votre message")).to_have_value(CODE_FIRST.replace("\r\n", "\n"))

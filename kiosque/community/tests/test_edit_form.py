"""The edit form gives a post's text back exactly as it was written, leading newline included.

HTML drops one newline right after `<textarea>` (a convenience for authors), so a text that
begins with a newline (a code block, a blank line first) lost it on every edit unless the page
writes a newline of its own first. The Chromium test of the same round trip is in
e2e/test_edit_form.py.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from kiosque.community import actions
from kiosque.community.forms import MAX_POST_LENGTH, EditPostForm
from kiosque.community.models import Post, PostRevision
from kiosque.community.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

CODE_FIRST = "\n```\nprint('bonjour')\n```\n\nVoilà mon code."
SOURCES = [
    CODE_FIRST,
    "\n\nDeux lignes vides d’abord.",
    "\r\nÉcrit dans un navigateur, qui envoie CRLF.",
    "Sans retour à la ligne au début.",
    "  Des espaces au début et à la fin.  \n",
]
_TEXTAREA = re.compile(r'<textarea id="composer-source"[^>]*>(.*?)</textarea>', re.S)


def textarea_value(html: str) -> str:
    """What a browser puts in the edit form's text box: the HTML parsing rule drops a single
    newline right after the start tag (html.parser, which tests often use, does not)."""
    found = _TEXTAREA.search(html)
    assert found, "the page has no text box"
    text = unescape(found.group(1))
    return text.removeprefix("\r\n") if text.startswith("\r\n") else text.removeprefix("\n")


@pytest.fixture
def own_post(member):
    topic = TopicFactory()
    return actions.post_reply(topic, author=member, source=CODE_FIRST)


def edit_url(post: Post) -> str:
    return reverse("community:post-edit", args=[post.pk])


@pytest.mark.parametrize("source", SOURCES)
def test_saving_the_edit_form_untouched_keeps_the_text_exactly(client, member, source):
    post = actions.post_reply(TopicFactory(), author=member, source=source)
    client.force_login(member)

    shown = textarea_value(client.get(edit_url(post)).content.decode())
    response = client.post(edit_url(post), {"source": shown})

    assert shown == source
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.source == source
    assert post.edited_at is None  # nothing changed: no "edited" mark, no revision
    assert not PostRevision.objects.filter(post=post).exists()


def test_an_edit_keeps_the_leading_newline_of_the_new_text(client, member, own_post):
    client.force_login(member)
    new_text = "\n```\nprint('au revoir')\n```"

    client.post(edit_url(own_post), {"source": new_text})

    own_post.refresh_from_db()
    assert own_post.source == new_text
    assert textarea_value(client.get(edit_url(own_post)).content.decode()) == new_text


def test_a_refused_edit_gives_the_text_back_with_its_leading_newline(client, member, own_post):
    client.force_login(member)
    refused = "\n```\n" + "trop long " * (MAX_POST_LENGTH // 10) + "\n```"

    response = client.post(edit_url(own_post), {"source": refused})

    assert response.status_code == 400
    assert textarea_value(response.content.decode()) == refused


def test_the_form_keeps_a_leading_newline():
    form = EditPostForm({"source": CODE_FIRST})

    assert form.is_valid()
    assert form.cleaned_data["source"] == CODE_FIRST

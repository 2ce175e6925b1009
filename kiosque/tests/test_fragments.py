"""Comments remembered by what they show: the same HTML until one shown value changes, and a
member's own parts never remembered."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.models import Post
from kiosque.pagecache.fragments import memo
from kiosque.pagecache.personal import SHARED_RENDER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_memo():
    memo.clear()
    yield
    memo.clear()


@pytest.fixture
def post(db):
    from kiosque.community.tests.factories import TopicFactory

    topic = TopicFactory()
    return actions.post_reply(topic, author=UserFactory(username="alice"), source="Bonjour.")


def shared_render(post):
    post = Post.objects.for_display().get(pk=post.pk)
    context = {"post": post, "topic": post.topic, SHARED_RENDER: True}
    return render_to_string("community/_post.html", context)


def test_a_comment_rendered_again_comes_from_memory_until_what_it_shows_changes(post):
    first = shared_render(post)
    assert len(memo) == 1
    assert shared_render(post) == first

    actions.like_post(post, user=UserFactory())
    liked = shared_render(post)

    assert liked != first and "1 j’aime" in liked.replace("\xa0", " ")
    actions.edit_post(post, editor=post.author, source="Bonjour à tous.")
    assert "Bonjour à tous." in shared_render(post)


def test_an_author_who_leaves_is_shown_as_such_at_once(post):
    from kiosque.accounts.actions import delete_account

    assert ">alice</a>" in shared_render(post)
    delete_account(post.author)
    assert "membre supprimé" in shared_render(post)


def test_a_members_render_is_never_remembered(post):
    request = RequestFactory().get("/")
    request.user = UserFactory()
    post = Post.objects.for_display().get(pk=post.pk)
    html = render_to_string(
        "community/_post.html", {"post": post, "topic": post.topic}, request=request
    )
    assert 'name="csrfmiddlewaretoken"' in html
    assert len(memo) == 0

"""The forum's writes: what a member posts, edits, deletes or likes, and what the counters say."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kiosque.accounts.actions import delete_account
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions
from kiosque.community.actions import DOUBLE_SUBMIT_SECONDS, LikeRefused, PostingRefused
from kiosque.community.models import (
    Like,
    LinkPreview,
    Moderation,
    Post,
    PostImage,
    Topic,
    TopicVisit,
)
from kiosque.community.tests.factories import CategoryFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return TopicFactory()


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


def reply(topic, author, source="Bonjour à tous.", **kwargs):
    return actions.post_reply(topic, author=author, source=source, **kwargs)


def fresh(topic):
    return Topic.objects.get(pk=topic.pk)


# --- post_reply -------------------------------------------------------------------------------


def test_a_reply_is_counted_and_becomes_the_last_post(topic, member):
    first = reply(topic, member, "Premier message.")
    second = reply(topic, UserFactory(), "Deuxième message.")

    stored = fresh(topic)
    assert stored.post_count == 2
    assert stored.last_post == second
    assert stored.last_posted_at == second.created_at
    assert topic.post_count == 2, "the caller's instance shows the new count too"
    assert first.html.startswith("<p>") and "Premier message." in first.html


def test_a_reply_dated_in_the_past_does_not_become_the_last_post(topic, member):
    now = timezone.now()
    latest = reply(topic, member, "Récent.", at=now)
    reply(topic, UserFactory(), "Ancien.", at=now - timedelta(days=2))

    stored = fresh(topic)
    assert stored.post_count == 2
    assert stored.last_post == latest


def test_raw_html_in_a_reply_is_shown_as_text(topic, member):
    post = reply(topic, member, "<script>alert(1)</script> & <b>gras</b>")
    assert "<script>" not in post.html
    assert "&lt;script&gt;" in post.html


@pytest.mark.parametrize(
    ("topic_traits", "code"),
    [
        ({"closed": True}, "topic_closed"),
        ({"hidden": True}, "topic_not_visible"),
        ({"scheduled": True}, "topic_not_visible"),
    ],
)
def test_a_reply_is_refused_where_the_discussion_is_not_open(member, topic_traits, code):
    topic = TopicFactory(**topic_traits)
    with pytest.raises(PostingRefused) as refused:
        reply(topic, member)
    assert refused.value.code == code
    assert not Post.objects.exists()
    assert fresh(topic).post_count == 0


@pytest.mark.parametrize("state", [{"is_active": False}, {"is_deleted": True}])
def test_a_member_who_left_or_was_suspended_cannot_post(topic, state):
    author = UserFactory(**state)
    with pytest.raises(PostingRefused) as refused:
        reply(topic, author)
    assert refused.value.code == "account_inactive"
    assert not Post.objects.exists()


def test_an_empty_reply_is_refused(topic, member):
    with pytest.raises(PostingRefused) as refused:
        reply(topic, member, "  \n ")
    assert refused.value.code == "empty"


def test_a_double_submit_gives_back_the_first_post(topic, member):
    now = timezone.now()
    first = reply(topic, member, "Envoyé deux fois.", at=now)
    again = reply(topic, member, "Envoyé deux fois.", at=now + timedelta(seconds=3))

    assert again == first
    assert Post.objects.count() == 1
    assert fresh(topic).post_count == 1


def test_the_same_text_later_is_a_new_post(topic, member):
    now = timezone.now()
    first = reply(topic, member, "Bien vu.", at=now)
    later = reply(topic, member, "Bien vu.", at=now + timedelta(seconds=DOUBLE_SUBMIT_SECONDS + 1))

    assert later != first
    assert fresh(topic).post_count == 2


def test_the_same_text_by_someone_else_is_a_new_post(topic, member):
    reply(topic, member, "+1")
    reply(topic, UserFactory(), "+1")
    assert fresh(topic).post_count == 2


def test_a_reply_to_a_post_of_another_topic_is_posted_without_it(topic, member):
    elsewhere = PostFactory()
    post = reply(topic, member, reply_to=elsewhere)
    assert post.reply_to is None


def test_a_reply_keeps_the_post_it_answers(topic, member):
    answered = reply(topic, UserFactory(), "Une question ?")
    post = reply(topic, member, "Une réponse.", reply_to=answered)
    assert post.reply_to == answered


# --- what is stored ------------------------------------------------------------------------------


def test_a_link_alone_on_its_line_gets_its_card_once_the_worker_fetched_it(
    topic, member, local_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as on_commit:
        post = reply(topic, member, f"À lire :\n\n{local_site}/article\n\nBonne lecture.")

    assert "link-card" not in post.html, "stored at once with a plain link"
    assert f'href="{local_site}/article"' in post.html
    assert not LinkPreview.objects.exists(), "nothing fetched inside the request"

    with django_capture_on_commit_callbacks(execute=True):
        for callback in on_commit:  # the commit: the fetch is enqueued and (in tests) runs
            callback()

    stored = Post.objects.get(pk=post.pk).html
    assert '<aside class="link-card">' in stored
    assert "Un titre de carte" in stored
    assert LinkPreview.objects.get(url=f"{local_site}/article").is_ok


def test_a_link_that_cannot_be_previewed_stays_a_plain_link(
    topic, member, local_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = reply(topic, member, f"{local_site}/introuvable")

    stored = Post.objects.get(pk=post.pk).html
    assert "link-card" not in stored
    assert f'href="{local_site}/introuvable"' in stored
    assert not LinkPreview.objects.get(url=f"{local_site}/introuvable").is_ok
    assert fresh(topic).post_count == 1


def test_mentions_of_members_are_links_and_others_plain_text(topic, member):
    UserFactory(username="Camille")
    UserFactory(username="parti", is_deleted=True)
    post = reply(topic, member, "Merci @camille et @parti.")

    assert 'href="/membres/Camille/"' in post.html
    assert "/membres/parti/" not in post.html


def test_an_uploaded_image_is_stored_with_its_size(topic, member):
    PostImage.objects.create(
        uploader=member, image="posts/2026/11/capture.png", width=895, height=371, byte_size=18022
    )
    post = reply(topic, member, "![capture](/media/posts/2026/11/capture.png)")

    assert 'width="895" height="371"' in post.html
    assert "895×371" in post.html


def test_a_quote_is_stored_in_french_whatever_the_writers_language(topic, member):
    from django.utils import translation

    quoted = reply(topic, UserFactory(username="alice"), "Original.")
    with translation.override("en"):
        post = reply(topic, member, f'[quote="alice, post:{quoted.pk}"]\nOriginal.\n[/quote]')

    assert "alice a écrit" in post.html


# --- start_topic ------------------------------------------------------------------------------


def test_start_topic_opens_a_topic_with_its_first_post(member):
    category = CategoryFactory()
    topic = actions.start_topic(
        author=member, category=category, title="  Quel clavier ?  ", source="Vos conseils ?"
    )

    assert topic.title == "Quel clavier ?"
    assert topic.slug == "quel-clavier"
    assert topic.post_count == 1
    assert topic.last_post.source == "Vos conseils ?"
    assert fresh(topic).post_count == 1


def test_start_topic_twice_in_a_row_opens_one_topic(member):
    category = CategoryFactory()
    now = timezone.now()
    first = actions.start_topic(author=member, category=category, title="T", source="S", at=now)
    again = actions.start_topic(
        author=member, category=category, title="T", source="S", at=now + timedelta(seconds=2)
    )
    assert again == first
    assert Topic.objects.count() == 1


def test_start_topic_is_refused_in_the_articles_category(member):
    articles = actions.get_article_discussions_category()
    with pytest.raises(PostingRefused) as refused:
        actions.start_topic(author=member, category=articles, title="T", source="S")
    assert refused.value.code == "category_closed"


# --- hide, delete, restore ---------------------------------------------------------------------


def test_hiding_a_post_takes_it_out_of_the_count_and_restoring_puts_it_back(topic, member, staff):
    first = reply(topic, member, "Premier.")
    last = reply(topic, UserFactory(), "Dernier.")

    assert actions.set_post_moderation(last, state=Moderation.HIDDEN, moderator=staff) is True
    stored = fresh(topic)
    assert stored.post_count == 1
    assert stored.last_post == first
    assert stored.last_posted_at == first.created_at
    assert actions.set_post_moderation(last, state=Moderation.HIDDEN, moderator=staff) is False
    assert fresh(topic).post_count == 1

    assert actions.set_post_moderation(last, state=Moderation.SHOWN, moderator=staff) is True
    stored = fresh(topic)
    assert stored.post_count == 2
    assert stored.last_post == last
    assert actions.set_post_moderation(last, state=Moderation.SHOWN, moderator=staff) is False


def test_an_author_deletes_their_post(topic, member):
    post = reply(topic, member)
    assert actions.delete_post(post, by=member) is True
    assert Post.objects.get(pk=post.pk).is_deleted
    stored = fresh(topic)
    assert stored.post_count == 0
    assert stored.last_post is None
    assert stored.last_posted_at is None
    assert actions.delete_post(post, by=member) is False


def test_deleting_a_hidden_post_does_not_count_it_twice(topic, member, staff):
    reply(topic, UserFactory())
    post = reply(topic, member, "Caché puis supprimé.")
    actions.set_post_moderation(post, state=Moderation.HIDDEN, moderator=staff)
    actions.delete_post(post, by=member)
    assert fresh(topic).post_count == 1


def test_restoring_a_deleted_post_that_was_hidden_keeps_it_out(topic, member, staff):
    post = reply(topic, member)
    actions.set_post_moderation(post, state=Moderation.HIDDEN, moderator=staff)
    actions.delete_post(post, by=member)
    assert actions.set_post_moderation(post, state=Moderation.SHOWN, moderator=staff) is True
    assert fresh(topic).post_count == 0


def test_only_the_author_or_staff_may_delete(topic, member, staff):
    post = reply(topic, member)
    with pytest.raises(PermissionDenied):
        actions.delete_post(post, by=UserFactory())
    assert fresh(topic).post_count == 1
    assert actions.delete_post(post, by=staff) is True


def test_a_member_who_leaves_keeps_their_posts_counted(topic, member):
    reply(topic, member)
    reply(topic, UserFactory())
    delete_account(member)

    stored = fresh(topic)
    assert stored.post_count == 2
    assert Post.objects.visible().filter(author=member).count() == 1
    assert actions.recount(repair=False) == []


# --- edit_post ----------------------------------------------------------------------------------


def test_editing_keeps_the_previous_text(topic, member):
    post = reply(topic, member, "Première version.")
    at = timezone.now() + timedelta(minutes=5)
    actions.edit_post(post, editor=member, source="Version corrigée.", at=at)

    post.refresh_from_db()
    assert "Version corrigée." in post.html
    assert post.edited_at == at
    assert [revision.source for revision in post.revisions.all()] == ["Première version."]
    assert fresh(topic).post_count == 1


def test_editing_without_change_keeps_no_revision(topic, member):
    post = reply(topic, member, "Inchangé.")
    actions.edit_post(post, editor=member, source="Inchangé.")
    assert not post.revisions.exists()
    assert post.edited_at is None


def test_only_the_author_or_staff_may_edit(topic, member, staff):
    post = reply(topic, member, "À moi.")
    with pytest.raises(PermissionDenied):
        actions.edit_post(post, editor=UserFactory(), source="Plus à toi.")
    assert Post.objects.get(pk=post.pk).source == "À moi."

    actions.edit_post(post, editor=staff, source="Modéré.")
    assert Post.objects.get(pk=post.pk).source == "Modéré."


def test_a_deleted_post_cannot_be_edited(topic, member):
    post = reply(topic, member)
    actions.delete_post(post, by=member)
    with pytest.raises(PermissionDenied):
        actions.edit_post(post, editor=member, source="Revenu.")


def test_an_author_cannot_edit_in_a_closed_topic(topic, member):
    post = reply(topic, member)
    Topic.objects.filter(pk=topic.pk).update(is_closed=True)
    with pytest.raises(PostingRefused) as refused:
        actions.edit_post(post, editor=member, source="Trop tard.")
    assert refused.value.code == "topic_closed"


# --- likes ---------------------------------------------------------------------------------------


def test_a_member_likes_a_post_once(topic, member):
    post = reply(topic, UserFactory())
    assert actions.like_post(post, user=member) is True
    assert post.like_count == 1
    assert actions.like_post(post, user=member) is False
    assert Post.objects.get(pk=post.pk).like_count == 1
    assert Like.objects.count() == 1


def test_likes_of_several_members_add_up_and_unliking_takes_one_back(topic, member):
    post = reply(topic, UserFactory())
    actions.like_post(post, user=member)
    actions.like_post(post, user=UserFactory())
    assert actions.unlike_post(post, user=member) is True
    assert actions.unlike_post(post, user=member) is False
    assert Post.objects.get(pk=post.pk).like_count == 1


def test_liking_ones_own_post_is_refused(topic, member):
    post = reply(topic, member)
    with pytest.raises(LikeRefused) as refused:
        actions.like_post(post, user=member)
    assert refused.value.code == "own_post"
    assert Post.objects.get(pk=post.pk).like_count == 0


def test_a_hidden_post_cannot_be_liked(topic, member, staff):
    post = reply(topic, UserFactory())
    actions.set_post_moderation(post, state=Moderation.HIDDEN, moderator=staff)
    with pytest.raises(LikeRefused) as refused:
        actions.like_post(post, user=member)
    assert refused.value.code == "post_not_visible"


# --- visits and notifications ---------------------------------------------------------------------


def test_a_visit_remembers_the_furthest_post_read(topic, member):
    first = reply(topic, UserFactory(), "Un.")
    second = reply(topic, UserFactory(), "Deux.")

    actions.record_visit(topic, user=member, last_seen_post=second)
    actions.record_visit(topic, user=member, last_seen_post=first)

    assert TopicVisit.objects.get(user=member, topic=topic).last_read_post_id == second.pk
    assert fresh(topic).view_count == 1, "a member's visits count as one view"


def test_mark_notifications_read(topic, member):
    mine = reply(topic, member, "Mon message.")
    for _ in range(3):
        reply(topic, UserFactory(), "Réponse.", reply_to=mine)
    unread = list(member.notifications.order_by("pk").values_list("pk", flat=True))

    assert actions.mark_notifications_read(member, ids=unread[:1]) == 1
    assert actions.mark_notifications_read(member) == 2
    assert actions.mark_notifications_read(member) == 0


# --- the admin goes through the actions ---------------------------------------------------------


def test_hiding_posts_in_the_admin_moves_the_count(topic, member, admin_client):
    posts = [reply(topic, UserFactory(), f"Message {n}.") for n in range(3)]

    response = admin_client.post(
        "/admin/community/post/",
        {"action": "hide_posts", "_selected_action": [posts[0].pk, posts[2].pk]},
        follow=True,
    )

    assert response.status_code == 200
    stored = fresh(topic)
    assert stored.post_count == 1
    assert stored.last_post == posts[1]


def test_editing_a_post_in_the_admin_keeps_a_revision(topic, member, admin_client):
    post = reply(topic, member, "Texte d'origine.")

    response = admin_client.post(
        f"/admin/community/post/{post.pk}/change/",
        {
            "source": "Texte corrigé par la modération.",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert "Texte corrigé par la modération." in post.html
    assert post.edited_at is not None
    assert [revision.source for revision in post.revisions.all()] == ["Texte d'origine."]


def test_the_admin_cannot_remove_post_rows(topic, member, admin_client):
    post = reply(topic, member)
    response = admin_client.post(f"/admin/community/post/{post.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert fresh(topic).post_count == 1


def test_admin_pages_open(topic, member, admin_client):
    post = reply(topic, member, "Lien : https://example.org")
    actions.like_post(post, user=UserFactory())
    for url in [
        "/admin/community/category/",
        "/admin/community/topic/",
        f"/admin/community/topic/{topic.pk}/change/",
        "/admin/community/post/",
        f"/admin/community/post/{post.pk}/change/",
        "/admin/community/notification/",
        "/admin/community/linkpreview/",
    ]:
        assert admin_client.get(url).status_code == 200, url

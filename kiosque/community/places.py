"""Where a post is read: a comment of an article on the article's page, any other post on its
topic's page. Every link that opens one post goes through its permalink
(`community:post-permalink`), which asks `post_place_url` when it is followed: notifications,
their e-mails and quotes land where the member was talking, however the discussion has grown
since."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from .models import Post
from .paging import POSTS_SHOWN_BEFORE, post_page_url


def place_of_post(pk: int) -> str:
    """Where the readable post `pk` is read (`post_place_url`); Http404 if readers may not."""
    post = Post.objects.readable().select_related("topic__article").filter(pk=pk).first()
    if post is None:
        raise Http404
    return post_place_url(post)


def post_place_url(post: Post) -> str:
    """The page showing `post`, scrolled to it.

    A comment among the latest its article's page shows opens there; an earlier one on the
    article's page of comments (`newsroom:article-comments`), a few comments down. The article
    is read through `topic.article`, the one reach up the arrows (docs/architecture.md)."""
    article = getattr(post.topic, "article", None)
    if article is None:
        return post_page_url(post)
    topic_posts = Post.objects.visible().filter(topic_id=post.topic_id).order_by()
    shown = settings.KIOSQUE_ARTICLE_COMMENTS_SHOWN
    later = topic_posts.filter(
        Q(created_at__gt=post.created_at) | Q(created_at=post.created_at, id__gt=post.pk)
    )
    if len(later.values_list("pk", flat=True)[:shown]) < shown:
        return f"{article.get_absolute_url()}#post-{post.pk}"
    earlier = list(
        topic_posts.filter(
            Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.pk)
        )
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[: POSTS_SHOWN_BEFORE + 1]
    )
    after = earlier[-1] if len(earlier) > POSTS_SHOWN_BEFORE else 0
    url = reverse("newsroom:article-comments", args=[article.pk, article.slug])
    return f"{url}?{urlencode({'apres': after})}#post-{post.pk}"

"""A topic's posts page by page, by keyset (after or before one post): never an OFFSET, however
long the topic, and the same URL for a post's page every time."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404, QueryDict

from .models import Post, Topic, as_page

# A page of a topic: enough to read for a while, few enough to render fast on a phone.
POSTS_PER_PAGE = 20
# A post opened by its link shows under a few of the posts before it: what it answers.
POSTS_SHOWN_BEFORE = 4


@dataclass(frozen=True)
class Window:
    """Which posts a topic page shows: those after one post, or those before one (keyset)."""

    after: int = 0
    before: int | None = None


@dataclass(frozen=True)
class PostPage:
    posts: list[Post]
    previous_url: str
    next_url: str

    @property
    def last_post(self) -> Post | None:
        """The last post shown: how far a member reading this page has read."""
        return self.posts[-1] if self.posts else None


def window_asked(query: QueryDict) -> Window | None:
    """The page asked for in `?after=` / `?before=`, or None for "where I left off".

    Raises Http404 for a value that names no post."""
    try:
        if "before" in query:
            return Window(before=_post_id(str(query["before"])))
        if "after" in query:
            return Window(after=_post_id(str(query["after"])))
    except ValueError:
        raise Http404 from None
    return None


def _post_id(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def post_page(topic: Topic, window: Window) -> PostPage:
    """One page of a visible topic's posts, by keyset."""
    shown = Post.objects.for_display()
    if window.before is not None:
        posts = list(shown.before(topic, window.before, POSTS_PER_PAGE + 1))
        has_previous = len(posts) > POSTS_PER_PAGE
        posts = posts[-POSTS_PER_PAGE:]
        has_next = bool(posts) and Post.objects.after(topic, posts[-1].pk, 1).exists()
    else:
        found = (
            shown.after(topic, window.after, POSTS_PER_PAGE + 1)
            if window.after
            else shown.visible()
            .filter(topic=topic)
            .order_by("created_at", "id")[: POSTS_PER_PAGE + 1]
        )
        posts = list(found)
        has_next = len(posts) > POSTS_PER_PAGE
        posts = posts[:POSTS_PER_PAGE]
        has_previous = bool(posts) and bool(Post.objects.before(topic, posts[0].pk, 1))
    url = topic.get_absolute_url()
    return PostPage(
        posts=as_page(posts),
        previous_url=f"{url}?before={posts[0].pk}" if has_previous else "",
        next_url=f"{url}?after={posts[-1].pk}" if has_next else "",
    )


def post_page_url(post: Post) -> str:
    """The topic page holding `post` a few posts down, scrolled to it; the same URL every time.

    Answers every reply: the keyset is written out from the post's own time, a query much
    cheaper to build than `Post.objects.before`, for the same posts.
    """
    earlier = (
        Post.objects.visible()
        .filter(topic_id=post.topic_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.pk))
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[: POSTS_SHOWN_BEFORE + 1]
    )
    pks = list(earlier)
    after = pks[-1] if len(pks) > POSTS_SHOWN_BEFORE else 0
    return f"{post.topic.get_absolute_url()}?after={after}#post-{post.pk}"

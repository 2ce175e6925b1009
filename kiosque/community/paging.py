"""A topic's posts page by page, never by OFFSET, however long the topic.

Pages by number (`?page=N`; the bare URL is the first) hold the posts numbered
(N - 1) × 20 + 1 to N × 20: each post keeps the number it took when it was written
(`Post.position`), so a page is one range of the (topic, position) index, page 500 of a
5,000-post topic costs what page 1 does, and a post lives on the same page, at the same URL,
for good. Deleted and hidden posts leave their numbers empty: such a page shows fewer posts.
Where a page stands among the posts readers see ("message 212 of 4,980") is the first post's
number less the unseen posts before it (`Post.objects.with_rank()`, a short index).

Windows by keyset (`?after=` / `?before=` a post) answer the links made before pages had
numbers, and posts without a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.http import Http404, QueryDict

from .models import Post, Topic, as_page

# A page of a topic: enough to read for a while, few enough to render fast on a phone.
POSTS_PER_PAGE = 20
# A post opened by its link shows under a few of the posts before it (keyset windows).
POSTS_SHOWN_BEFORE = 4
# Page numbers the pager shows on each side of the current one, between the first and last.
PAGES_AROUND = 2
# Steps of the timeline's handle without JavaScript (a class per step: no style attribute).
TIMELINE_STEPS = 20
# Pages beyond this are no page of any topic: refused before any lookup.
LARGEST_PAGE = 10**7


@dataclass(frozen=True)
class Window:
    """Which posts a topic page shows: a page by number, or those after or before one post."""

    after: int = 0
    before: int | None = None
    number: int | None = None


@dataclass(frozen=True)
class PostPage:
    posts: list[Post]
    previous_url: str
    next_url: str
    # This page's number, or for a keyset window the number of the page holding its first post.
    number: int | None = None
    page_count: int = 0
    # The first post's place among the visible posts (None: a post without a number).
    first_rank: int | None = None
    # Pages by number link to their neighbours by number; keyset windows keep their links.
    is_numbered: bool = False

    @property
    def last_post(self) -> Post | None:
        """The last post shown: how far a member reading this page has read."""
        return self.posts[-1] if self.posts else None

    @property
    def last_rank(self) -> int | None:
        """The last post's place among the visible posts."""
        return getattr(self.posts[-1], "rank", None) if self.posts else None


@dataclass(frozen=True)
class PageLink:
    """One item of the pager: a page number and its URL, or a gap (number None)."""

    number: int | None
    url: str = ""
    is_current: bool = False


def window_asked(query: QueryDict) -> Window | None:
    """The page asked for in `?page=`, `?after=` or `?before=` (`before` first, then `after`),
    or None for "where I left off".

    Raises Http404 for a value that names no post or no page."""
    try:
        if "before" in query:
            return Window(before=_post_id(str(query["before"])))
        if "after" in query:
            return Window(after=_post_id(str(query["after"])))
        if "page" in query:
            number = _post_id(str(query["page"]))
            if not 1 <= number <= LARGEST_PAGE:
                raise ValueError(number)
            return Window(number=number)
    except ValueError:
        raise Http404 from None
    return None


def _post_id(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        raise ValueError(value)
    return int(value)


def page_url(topic: Topic, number: int) -> str:
    """The one URL of page `number` of `topic` (the topic's own for the first)."""
    url = topic.get_absolute_url()
    return url if number <= 1 else f"{url}?page={number}"


def page_of(post: Post) -> int | None:
    """The number of the page holding `post` (None for a post without a number)."""
    if post.position is None:
        return None
    return (post.position - 1) // POSTS_PER_PAGE + 1


def page_count(topic: Topic) -> int:
    """How many pages `topic` has: up to its last visible post's (selected with the topic)."""
    last = topic.last_post if topic.last_post_id is not None else None
    if last is None or last.position is None:
        return 1 if topic.post_count else 0
    return (last.position - 1) // POSTS_PER_PAGE + 1


def post_page(topic: Topic, window: Window) -> PostPage:
    """One page of a visible topic's posts: by number, or a keyset window."""
    if window.before is None and not window.after:
        return _numbered_page(topic, window.number or 1)
    return _keyset_page(topic, window)


def _numbered_page(topic: Topic, number: int) -> PostPage:
    first = (number - 1) * POSTS_PER_PAGE + 1
    found = Post.objects.for_display().with_rank().numbered(topic, first, number * POSTS_PER_PAGE)
    posts = as_page(list(found))
    count = max(page_count(topic), number if posts else 0)
    if number > 1 and number > count:
        raise Http404
    return PostPage(
        posts=posts,
        previous_url=page_url(topic, number - 1) if number > 1 else "",
        next_url=page_url(topic, number + 1) if number < count else "",
        number=number,
        page_count=count,
        first_rank=getattr(posts[0], "rank", None) if posts else None,
        is_numbered=True,
    )


def _keyset_page(topic: Topic, window: Window) -> PostPage:
    shown = Post.objects.for_display().with_rank()
    if window.before is not None:
        posts = list(shown.before(topic, window.before, POSTS_PER_PAGE + 1))
        has_previous = len(posts) > POSTS_PER_PAGE
        posts = posts[-POSTS_PER_PAGE:]
        has_next = bool(posts) and Post.objects.after(topic, posts[-1].pk, 1).exists()
    else:
        posts = list(shown.after(topic, window.after, POSTS_PER_PAGE + 1))
        has_next = len(posts) > POSTS_PER_PAGE
        posts = posts[:POSTS_PER_PAGE]
        has_previous = bool(posts) and bool(Post.objects.before(topic, posts[0].pk, 1))
    url = topic.get_absolute_url()
    number = page_of(posts[0]) if posts else None
    return PostPage(
        posts=as_page(posts),
        previous_url=f"{url}?before={posts[0].pk}" if has_previous else "",
        next_url=f"{url}?after={posts[-1].pk}" if has_next else "",
        number=number,
        page_count=max(page_count(topic), number or 0),
        first_rank=getattr(posts[0], "rank", None) if posts else None,
    )


def pager(topic: Topic, page: PostPage) -> list[PageLink]:
    """The pager's items: the first and last pages, and PAGES_AROUND pages around the current
    one, with a gap where numbers are left out (a single missing number is shown instead)."""
    count, current = page.page_count, page.number
    if count <= 1 or current is None:
        return []
    shown = {1, count, *range(current - PAGES_AROUND, current + PAGES_AROUND + 1)}
    numbers = sorted(n for n in shown if 1 <= n <= count)
    links: list[PageLink] = []
    for number in numbers:
        if links and links[-1].number is not None and number - links[-1].number == 2:
            links.append(PageLink(number - 1, page_url(topic, number - 1)))
        elif links and number - (links[-1].number or 0) > 2:
            links.append(PageLink(None))
        links.append(PageLink(number, page_url(topic, number), number == current))
    return links


def timeline_step(page: PostPage, total: int) -> int:
    """Where the timeline's handle stands, in TIMELINE_STEPS steps from the first post to the
    last: the first post shown among `total` visible posts."""
    if page.first_rank is None or total <= 1:
        return 0
    share = (min(page.first_rank, total) - 1) / (total - 1)
    return round(share * TIMELINE_STEPS)


def post_page_url(post: Post) -> str:
    """The topic page holding `post`, scrolled to it; the same URL every time.

    Answers every reply and permalink: the page's number is the post's own, no query. A post
    without a number opens a keyset window a few posts above it.
    """
    number = page_of(post)
    if number is not None:
        return f"{page_url(post.topic, number)}#post-{post.pk}"
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


def post_from(topic: Topic, moment: datetime) -> Post | None:
    """The first visible post of `topic` written at or after `moment` (the date jump), else its
    last one: one seek of the (topic, created_at, id) index."""
    found = (
        Post.objects.visible()
        .filter(topic=topic, created_at__gte=moment)
        .select_related("topic")
        .order_by("created_at", "id")
        .first()
    )
    if found is None and topic.last_post is not None:
        found = topic.last_post
        found.topic = topic
    return found

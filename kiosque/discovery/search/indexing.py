"""What goes into the search index, and when.

Rows are read through the gates only: `Article.objects.published(at=…)`, and for posts
`Post.objects.visible()` in topics of `Topic.objects.visible(at=…)` (what `readable()` is, read
in two queries), asked about a moment far ahead, so that a scheduled article (and
its discussion) is indexed as soon as it is scheduled, with the time it goes live kept beside it
(`visible_at`, checked by every search): the index never waits for a release to be announced.

The index follows the announcements (`on_announcement`, in `KIOSQUE_ANNOUNCEMENT_LISTENERS`):

- `article:<id>`: the article is indexed again, or removed when it is no longer released;
- `post:<id>`: the post is indexed again, or removed (hidden, deleted, held);
- `topic:<id>`: the topic's new posts (ids above the newest indexed one) are indexed; when what
  its posts take from it changed (its title, its time, its article's section) or it was hidden
  or shown, all its posts are; a like, which also announces the topic, costs three small reads;
- `member:<id>`: when the member was deleted, their posts are looked at again.

`rebuild()` (`kiosque reindex`) empties the index and fills it again in batches.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import OperationalError, connections, transaction
from django.db.models import Min
from django.utils import timezone

from kiosque import wordforms
from kiosque.accounts.models import User
from kiosque.community.models import Post, Topic
from kiosque.newsroom.models import Article, Byline
from kiosque.transactions import ATTEMPTS, FIRST_PAUSE_SECONDS, is_database_locked

from .backend import ARTICLE, POST, Backend, Entry, get_backend
from .text import plain_text

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)

# The language of the site's content: every entry and every query is analysed in it.
INDEX_LANGUAGE = "fr"
POST_BATCH = 2000
# "Visible at some time": what the gates are asked about, to index what is scheduled too.
AHEAD = timedelta(days=365 * 100)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def microseconds(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND


def _ahead() -> datetime:
    return timezone.now() + AHEAD


def _keys(text: str) -> list[str]:
    return wordforms.stems(text, INDEX_LANGUAGE)


# --- Entries -----------------------------------------------------------------------------------


def article_entries(ids: Iterable[int]) -> list[Entry]:
    """Entries for the released articles among `ids` (scheduled ones included)."""
    rows = list(
        Article.objects.published(at=_ahead())
        .filter(pk__in=list(ids))
        .values_list("pk", "title", "lead", "body_html", "published_at", "section_id")
    )
    bylines: dict[int, list[int]] = {}
    for article_id, author_id in (
        Byline.objects.filter(article_id__in=[row[0] for row in rows])
        .order_by("position")
        .values_list("article_id", "author_id")
    ):
        bylines.setdefault(article_id, []).append(author_id)
    entries = []
    for pk, title, lead, body_html, published_at, section_id in rows:
        if published_at is None:  # never, for a released article (a constraint)
            continue
        moment = microseconds(published_at)
        entries.append(
            Entry(
                kind=ARTICLE,
                object_id=pk,
                visible_at=moment,
                published_at=moment,
                title=_keys(title),
                lead=_keys(lead),
                body=_keys(plain_text(body_html)),
                section_id=section_id,
                author_ids=tuple(bylines.get(pk, ())),
            )
        )
    return entries


class _TopicInfo:
    """What a topic's posts take from it."""

    def __init__(
        self,
        pk: int,
        title: str,
        visible_from: datetime | None,
        section_id: int | None,
        first_post_id: int | None,
    ) -> None:
        self.pk = pk
        self.title = title
        self.visible_from = visible_from
        self.section_id = section_id  # an article's discussion: the article's section
        self.first_post_id = first_post_id

    @property
    def state(self) -> str:
        visible = microseconds(self.visible_from) if self.visible_from else 0
        return f"{visible}|{self.section_id or ''}|{self.first_post_id or ''}|{self.title}"


def _topics(topic_ids: Iterable[int]) -> dict[int, _TopicInfo]:
    """The visible topics among `topic_ids` (at some time), with what their posts need."""
    topic_ids = list(set(topic_ids))
    rows = list(
        Topic.objects.visible(at=_ahead())
        .filter(pk__in=topic_ids)
        .values_list("pk", "title", "visible_from", "category__is_article_discussions")
    )
    sections = dict(
        Article.objects.filter(topic_id__in=[row[0] for row in rows if row[3]]).values_list(
            "topic_id", "section_id"
        )
    )
    firsts = dict(
        Post.objects.filter(topic_id__in=[row[0] for row in rows])
        .values("topic_id")
        .annotate(first=Min("pk"))
        .values_list("topic_id", "first")
    )
    return {
        pk: _TopicInfo(
            pk,
            # An article's discussion is found by its article: its title is the article's.
            "" if is_article else title,
            visible_from,
            sections.get(pk),
            firsts.get(pk),
        )
        for pk, title, visible_from, is_article in rows
    }


def post_entries(ids: Iterable[int], *, topics: dict[int, _TopicInfo] | None = None) -> list[Entry]:
    """Entries for the readable posts among `ids` (in discussions visible at some time)."""
    return _post_entries(ids, topics=topics)[0]


def _post_entries(
    ids: Iterable[int], *, topics: dict[int, _TopicInfo] | None = None
) -> tuple[list[Entry], dict[int, _TopicInfo]]:
    # Readable = visible, in a visible topic: the two gates one after the other (`_topics`
    # reads the topics' gate), as SQLite's planner reads `readable()` of a few posts through
    # the list of every visible topic (seconds on a big forum).
    rows = list(
        Post.objects.visible()
        .filter(pk__in=list(ids))
        .values_list("pk", "topic_id", "author_id", "html", "created_at")
    )
    if topics is None:
        topics = _topics(row[1] for row in rows)
    entries = []
    for pk, topic_id, author_id, html, created_at in rows:
        topic = topics.get(topic_id)
        if topic is None:
            continue
        created = microseconds(created_at)
        visible = max(created, microseconds(topic.visible_from) if topic.visible_from else 0)
        entries.append(
            Entry(
                kind=POST,
                object_id=pk,
                visible_at=visible,
                published_at=created,
                title=_keys(topic.title) if pk == topic.first_post_id else [],
                lead=[],
                body=_keys(plain_text(html, without_quotes=True)),
                section_id=topic.section_id,
                member_id=author_id,
                topic_id=topic_id,
            )
        )
    return entries, topics


# --- Following changes --------------------------------------------------------------------------


def _ids_of(keys: Iterable[str], kind: str) -> set[int]:
    prefix = f"{kind}:"
    found = set()
    for key in keys:
        if key.startswith(prefix) and key[len(prefix) :].isdigit():
            found.add(int(key[len(prefix) :]))
    return found


def on_announcement(keys: frozenset[str]) -> None:
    """The announcement listener: the index follows what the keys name (module docstring)."""
    articles, posts = _ids_of(keys, "article"), _ids_of(keys, "post")
    topics, members = _ids_of(keys, "topic"), _ids_of(keys, "member")
    if not (articles or posts or topics or members):
        return
    # Its own transaction, begun again when SQLite is locked by another process. Not
    # `atomic_with_retry`: a listener runs on the commit of an action that may still hold that
    # function's lock of this process's writers (waiting for it again would never end).
    pause = FIRST_PAUSE_SECONDS
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction.atomic():
                _follow(articles, posts, topics, members)
            return
        except OperationalError as error:
            if attempt == ATTEMPTS or not is_database_locked(error):
                raise
        time.sleep(pause)
        pause *= 2


def _follow(articles: set[int], posts: set[int], topics: set[int], members: set[int]) -> None:
    backend = get_backend()
    again = set(posts)
    for member_id in User.objects.filter(pk__in=members, is_deleted=True).values_list(
        "pk", flat=True
    ):
        # Whatever erasing a member did to their posts.
        again |= set(backend.member_posts(member_id))
        again |= set(Post.objects.filter(author_id=member_id).values_list("pk", flat=True))
    # Every topic held at once, in order (held one after another, two indexers could each
    # wait for the other's).
    posts_topics = Post.objects.filter(pk__in=again).values_list("topic_id", flat=True)
    backend.hold_topics(topics | set(posts_topics))
    if articles:
        update_articles(articles, backend=backend)
    done: set[int] = set()
    for topic_id in sorted(topics):
        done |= update_topic(topic_id, backend=backend)
    if again - done:
        update_posts(again - done, backend=backend)


def update_articles(ids: Iterable[int], *, backend: Backend) -> None:
    ids = set(ids)
    entries = article_entries(ids)
    backend.write(entries)
    backend.remove(ARTICLE, ids - {entry.object_id for entry in entries})


def update_posts(ids: Iterable[int], *, backend: Backend) -> None:
    ids = set(ids)
    entries = post_entries(ids)
    backend.write(entries)
    backend.remove(POST, ids - {entry.object_id for entry in entries})


def update_topic(topic_id: int, *, backend: Backend) -> set[int]:
    """Index what changed in a topic; returns the ids of the posts looked at."""
    topic = _topics([topic_id]).get(topic_id)
    if topic is None:
        backend.remove_topic(topic_id)
        backend.set_topic_state(topic_id, None)
        return set()
    state = topic.state
    if backend.topic_state(topic_id) != state:
        # What its posts take from it changed, or it was not indexed: all its posts again.
        # Its visible posts: the topic passed its gate above.
        readable = list(
            Post.objects.visible()
            .filter(topic_id=topic_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for batch in _batched(readable, POST_BATCH):
            backend.write(post_entries(batch, topics={topic_id: topic}))
        indexed = set(backend.topic_posts(topic_id))
        backend.remove(POST, indexed - set(readable))
        backend.set_topic_state(topic_id, state)
        return indexed | set(readable)
    newest = backend.newest_post_of_topic(topic_id)
    fresh = list(Post.objects.filter(topic_id=topic_id, pk__gt=newest).values_list("pk", flat=True))
    if fresh:
        backend.write(post_entries(fresh, topics={topic_id: topic}))
    return set(fresh)


def _batched(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Rebuilding ---------------------------------------------------------------------------------


def rebuild(*, by: User | None = None, progress: Callable[[str], None] | None = None) -> int:
    """Empty the index and fill it again from what readers may see, in batches (each its own
    transaction: searches meanwhile find what is already indexed, more slowly on PostgreSQL,
    whose GIN index is made at the end), in order of publication so that entry ids follow it.
    Returns the rows indexed."""
    backend = get_backend()
    say = progress or (lambda message: None)
    started = time.monotonic()
    with transaction.atomic():
        backend.clear()
    # Every article and post to index, by time: (moment, kind, id), a few dozen bytes each.
    order = [
        (moment, ARTICLE, pk)
        for moment, pk in Article.objects.published(at=_ahead()).values_list("published_at", "pk")
        if moment is not None
    ]
    order += [
        (moment, POST, pk) for moment, pk in Post.objects.visible().values_list("created_at", "pk")
    ]
    order.sort()
    say(f"{len(order):,} articles and posts to index ({time.monotonic() - started:.0f} s)")
    indexed = 0
    with backend.filling():
        for start in range(0, len(order), POST_BATCH):
            batch = order[start : start + POST_BATCH]
            with transaction.atomic():
                articles = {
                    entry.object_id: entry
                    for entry in article_entries(
                        [pk for _moment, kind, pk in batch if kind == ARTICLE]
                    )
                }
                posts, topics = _post_entries([pk for _moment, kind, pk in batch if kind == POST])
                by_post = {entry.object_id: entry for entry in posts}
                entries = [
                    found
                    for _moment, kind, pk in batch
                    if (found := (articles if kind == ARTICLE else by_post).get(pk)) is not None
                ]
                backend.write(entries)
                backend.set_topic_states({topic.pk: topic.state for topic in topics.values()})
            indexed += len(entries)
            if (start // POST_BATCH) % 50 == 49:
                say(f"{indexed:,} indexed ({time.monotonic() - started:.0f} s)")
    logger.info("search index rebuilt by %s: %s articles and posts", by, indexed)
    return indexed


def empty_index(*, using: str = "default") -> None:
    """Empty the index of database `using` (after a flush of its other tables)."""
    if "discovery_search_entry" not in connections[using].introspection.table_names():
        return
    with transaction.atomic(using=using):
        get_backend(using).clear()

"""What the engine asks of a database, and the rows it writes: one backend per database.

Entries are found by their object (`kind`, `object_id`); their ids follow the order in which
they were first indexed, which is the order of publication (the rebuild goes by time, and
whatever is indexed later is newer): a search ranks the newest `candidates` matches (all of
them, for all but the commonest words), walked newest first by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from django.db import connections
from django.db.backends.utils import CursorWrapper

from .query import Clause

ARTICLE = 0
POST = 1
KIND_NAMES = {ARTICLE: "article", POST: "post"}


@dataclass(frozen=True)
class Entry:
    kind: int
    object_id: int
    visible_at: int  # microseconds since the epoch, UTC: found from then on
    published_at: int  # the same unit: the order of equal relevance, the date filters
    title: list[str]  # keys (kiosque.wordforms.stems)
    lead: list[str]
    body: list[str]
    section_id: int | None = None  # an article's section, or a comment's article's section
    member_id: int | None = None  # a post's author
    topic_id: int | None = None  # a post's topic
    author_ids: tuple[int, ...] = ()  # an article's bylines (newsroom.Author)


@dataclass(frozen=True)
class Conditions:
    """What the filters leave, as the index stores it."""

    visible_at: int  # only entries visible at this moment
    kind: int | None = None
    section_id: int | None = None
    author_id: int | None = None  # an Author: their articles...
    author_member_id: int | None = None  # ...and, when they are a member, their posts
    since: int | None = None  # published_at bounds, the upper one excluded
    before: int | None = None


Found = tuple[int, int]  # (kind, object_id)


class Backend(Protocol):
    def write(self, entries: Sequence[Entry]) -> None:
        """Add or replace these entries (new ones take ids in this order)."""

    def remove(self, kind: int, object_ids: Iterable[int]) -> None:
        """Remove the entries of these objects, if there."""

    def remove_topic(self, topic_id: int) -> None:
        """Remove every post of a topic."""

    def topic_posts(self, topic_id: int) -> list[int]:
        """The ids of the posts of a topic in the index."""

    def member_posts(self, member_id: int) -> list[int]:
        """The ids of the posts of a member in the index."""

    def newest_post_of_topic(self, topic_id: int) -> int:
        """The highest post id of a topic in the index (0 for none)."""

    def topic_state(self, topic_id: int) -> str | None:
        """What the topic's posts were indexed with (None: not indexed)."""

    def set_topic_state(self, topic_id: int, state: str | None) -> None:
        """Remember it (None: forget it)."""

    def set_topic_states(self, states: dict[int, str]) -> None:
        """Remember what each of these topics' posts were indexed with."""

    def clear(self) -> None:
        """Remove everything."""

    def hold_topics(self, topic_ids: Iterable[int]) -> None:
        """Until the transaction ends, keep other indexers away from these topics' posts."""

    def filling(self) -> AbstractContextManager[None]:
        """While the index is filled from empty (what a database builds faster at once)."""

    def find(
        self,
        clauses: list[Clause],
        conditions: Conditions,
        *,
        candidates: int,
        offset: int,
        limit: int,
    ) -> list[Found]:
        """The objects of the entries matching every clause: the newest `candidates` of them,
        best first."""

    def count(self, clauses: list[Clause], conditions: Conditions, *, limit: int) -> int:
        """How many entries match (counting stops at `limit`)."""

    def page(
        self,
        clauses: list[Clause],
        conditions: Conditions,
        *,
        candidates: int,
        offset: int,
        limit: int,
    ) -> tuple[int | None, list[Found]]:
        """`find`, and how many entries match (`count` up to `candidates`), in one walk of the
        matches; the count is None when the page is past the last one (no row carries it)."""

    def size(self) -> tuple[int, int]:
        """Rows and bytes the index takes."""


def get_backend(using: str = "default") -> Backend:
    """The backend of database `using`."""
    if connections[using].vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend(using)
    from .sqlite import SQLiteBackend

    return SQLiteBackend(using)


# Tags: what the filters look at, as words of the entry's document ("_k1", "_s12", "_a5", "_m7",
# "_d202611"), so that the full-text index intersects a word's matches with a filter's instead
# of each match being read and checked. No key has a "_" (words are split at it).
TAG = "_"
# A date filter spanning more months than this is left to the row's own check.
MAX_TAG_MONTHS = 24
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def month_of(moment: int) -> int:
    """The month (UTC) of a moment in microseconds since the epoch, as 202611."""
    day = _EPOCH + timedelta(microseconds=moment)
    return day.year * 100 + day.month


def _months(first: int, last: int) -> list[int]:
    months: list[int] = []
    while first <= last and len(months) <= MAX_TAG_MONTHS:
        months.append(first)
        first = first + 1 if first % 100 < 12 else (first // 100 + 1) * 100 + 1
    return months


def entry_tags(
    kind: int,
    published_at: int,
    section_id: int | None,
    member_id: int | None,
    author_ids: Iterable[int],
) -> list[str]:
    """The tags of an entry (see TAG)."""
    tags = [kind_tag(kind), f"{TAG}d{month_of(published_at)}"]
    if section_id is not None:
        tags.append(f"{TAG}s{section_id}")
    if kind == POST and member_id is not None:
        tags.append(f"{TAG}m{member_id}")
    if kind == ARTICLE:
        tags.extend(f"{TAG}a{author_id}" for author_id in author_ids)
    return tags


def kind_tag(kind: int) -> str:
    return f"{TAG}k{kind}"


def tags_of(entry: Entry) -> list[str]:
    return entry_tags(
        entry.kind, entry.published_at, entry.section_id, entry.member_id, entry.author_ids
    )


def condition_tags(conditions: Conditions) -> list[tuple[str, ...]]:
    """The tags the filters require: each one of a few, all of them (a superset of what
    `condition_sql` keeps, which still checks every row found)."""
    required: list[tuple[str, ...]] = []
    if conditions.kind is not None:
        required.append((kind_tag(conditions.kind),))
    if conditions.section_id is not None:
        required.append((f"{TAG}s{conditions.section_id}",))
    if conditions.author_id is not None:
        either = [f"{TAG}a{conditions.author_id}"]
        if conditions.author_member_id is not None:
            either.append(f"{TAG}m{conditions.author_member_id}")
        required.append(tuple(either))
    if conditions.since is not None:
        # Nothing found is published after it is visible, nor visible after now.
        last = conditions.visible_at if conditions.before is None else conditions.before - 1
        months = _months(month_of(conditions.since), month_of(last))
        if months and len(months) <= MAX_TAG_MONTHS:
            required.append(tuple(f"{TAG}d{month}" for month in months))
    return required


def condition_sql(
    conditions: Conditions, alias: str, *, tagged: bool = False
) -> tuple[str, list[int]]:
    """The filters as SQL on the entry table (named `alias`), the same on both databases
    (`tagged`: but the kind, section and author, which the tags of the query ask exactly)."""
    sql = [f"{alias}.visible_at <= %s"]
    params: list[int] = [conditions.visible_at]
    if tagged:
        conditions = replace(conditions, kind=None, section_id=None, author_id=None)
    if conditions.kind is not None:
        sql.append(f"{alias}.kind = %s")
        params.append(conditions.kind)
    if conditions.section_id is not None:
        sql.append(f"{alias}.section_id = %s")
        params.append(conditions.section_id)
    if conditions.author_id is not None:
        by_author = (
            f"({alias}.kind = {ARTICLE} AND {alias}.id IN (SELECT entry_id FROM"
            " discovery_search_byline WHERE author_id = %s))"
        )
        params.append(conditions.author_id)
        if conditions.author_member_id is not None:
            by_author = f"({by_author} OR ({alias}.kind = {POST} AND {alias}.member_id = %s))"
            params.append(conditions.author_member_id)
        sql.append(by_author)
    if conditions.since is not None:
        sql.append(f"{alias}.published_at >= %s")
        params.append(conditions.since)
    if conditions.before is not None:
        sql.append(f"{alias}.published_at < %s")
        params.append(conditions.before)
    return " AND ".join(sql), params


ENTRY_FIELDS = (
    "id", "kind", "object_id", "visible_at", "published_at", "section_id", "member_id", "topic_id"
)  # fmt: skip


def entry_row(entry_id: int, entry: Entry) -> tuple[int | None, ...]:
    return (
        entry_id,
        entry.kind,
        entry.object_id,
        entry.visible_at,
        entry.published_at,
        entry.section_id,
        entry.member_id,
        entry.topic_id,
    )


class CommonSQL:
    """What both backends write the same way."""

    _CHUNK = 500

    def __init__(self, using: str = "default") -> None:
        self.connection = connections[using]

    def _new_ids(self, count: int) -> list[int]:
        raise NotImplementedError

    def _delete(self, cursor: CursorWrapper, ids: list[int]) -> None:
        raise NotImplementedError

    def _insert(self, cursor: CursorWrapper, rows: list[tuple[int, Entry]]) -> None:
        raise NotImplementedError

    def page(
        self,
        clauses: list[Clause],
        conditions: Conditions,
        *,
        candidates: int,
        offset: int,
        limit: int,
    ) -> tuple[int | None, list[Found]]:
        raise NotImplementedError

    def hold_topics(self, topic_ids: Iterable[int]) -> None:
        pass  # SQLite: a writing transaction holds the whole database from its start

    @contextmanager
    def filling(self) -> Iterator[None]:
        yield

    def find(
        self,
        clauses: list[Clause],
        conditions: Conditions,
        *,
        candidates: int,
        offset: int,
        limit: int,
    ) -> list[Found]:
        return self.page(clauses, conditions, candidates=candidates, offset=offset, limit=limit)[1]

    def ids_of(self, kind: int, object_ids: Iterable[int]) -> dict[int, int]:
        """The entry ids of these objects in the index: object id → entry id."""
        object_ids = list(object_ids)
        found: dict[int, int] = {}
        with self.connection.cursor() as cursor:
            for start in range(0, len(object_ids), self._CHUNK):
                chunk = object_ids[start : start + self._CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    "SELECT object_id, id FROM discovery_search_entry"
                    f" WHERE kind = %s AND object_id IN ({marks})",
                    [kind, *chunk],
                )
                found.update(cursor.fetchall())
        return found

    def write(self, entries: Sequence[Entry]) -> None:
        # One entry per object (the last one given).
        entries = list({(entry.kind, entry.object_id): entry for entry in entries}.values())
        if not entries:
            return
        known: dict[tuple[int, int], int] = {}
        for kind in {entry.kind for entry in entries}:
            ids = self.ids_of(kind, [entry.object_id for entry in entries if entry.kind == kind])
            known.update({(kind, object_id): pk for object_id, pk in ids.items()})
        fresh = iter(self._new_ids(sum((e.kind, e.object_id) not in known for e in entries)))
        rows = [
            (known[(e.kind, e.object_id)] if (e.kind, e.object_id) in known else next(fresh), e)
            for e in entries
        ]
        with self.connection.cursor() as cursor:
            self._delete(cursor, [pk for pk in known.values()])
            self._insert(cursor, rows)
            bylines = [(pk, author) for pk, entry in rows for author in entry.author_ids]
            if bylines:
                cursor.executemany(
                    "INSERT INTO discovery_search_byline (entry_id, author_id) VALUES (%s, %s)",
                    bylines,
                )

    def remove(self, kind: int, object_ids: Iterable[int]) -> None:
        ids = list(self.ids_of(kind, object_ids).values())
        if ids:
            with self.connection.cursor() as cursor:
                self._delete(cursor, ids)

    def remove_topic(self, topic_id: int) -> None:
        self.remove(POST, self.topic_posts(topic_id))

    def topic_posts(self, topic_id: int) -> list[int]:
        return self._objects("topic_id", topic_id)

    def member_posts(self, member_id: int) -> list[int]:
        return self._objects("member_id", member_id)

    def _objects(self, column: str, value: int) -> list[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT object_id FROM discovery_search_entry WHERE {column} = %s AND kind = %s",
                [value, POST],
            )
            return [row[0] for row in cursor.fetchall()]

    def newest_post_of_topic(self, topic_id: int) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT max(object_id) FROM discovery_search_entry WHERE topic_id = %s",
                [topic_id],
            )
            row = cursor.fetchone()
        return int(row[0] or 0) if row else 0

    def topic_state(self, topic_id: int) -> str | None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT state FROM discovery_search_topic WHERE topic_id = %s", [topic_id]
            )
            row = cursor.fetchone()
        return str(row[0]) if row else None

    def set_topic_states(self, states: dict[int, str]) -> None:
        # In one round trip for a batch of a rebuild (one per topic took most of its time on
        # PostgreSQL).
        if not states:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO discovery_search_topic (topic_id, state) VALUES (%s, %s)"
                " ON CONFLICT (topic_id) DO UPDATE SET state = excluded.state",
                list(states.items()),
            )

    def set_topic_state(self, topic_id: int, state: str | None) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM discovery_search_topic WHERE topic_id = %s", [topic_id])
            if state is not None:
                cursor.execute(
                    "INSERT INTO discovery_search_topic (topic_id, state) VALUES (%s, %s)",
                    [topic_id, state],
                )

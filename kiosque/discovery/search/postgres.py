"""The index on PostgreSQL: each entry's keys in a `tsvector` with a GIN index, written and
queried as literals (`'licenci'`, `'reseau social'`): PostgreSQL matches, the words were
analysed in Python as on SQLite.

The GIN index answers a search without reading the entries' documents (a long article's is
TOASTed and compressed: reading a thousand of them cost more than the target):

- a document holds, beside its keys (with their positions), each pair of neighbouring keys
  (and each run of three of which two are stop words) as one key (`'reseau social'`): a
  phrase of two words is one key of the index, a longer one the keys of its runs, its
  positions checked only in the few entries holding them all (the GIN index knows no
  positions: it had every entry holding the words read, and checking positions reads the
  document);
- and the range of ids it falls in (`_b…`: 4,096 ids, `_g…`: 65,536), so that the newest
  matches are asked of the index itself: the words AND the newest ranges, widened until
  `candidates` match or every range is in (a common word reads a few thousand entries, not
  all of its matches);
- a small `heading` (title weight A, lead B, positions) beside it ranks the candidates as
  SQLite's bm25 weighs its columns (title, then lead, then body; newer first among equals)
  without the document being read.

Why not PostgreSQL's own `french` configuration with `unaccent`: its dictionaries remove the
accents before stemming, and the French stemmer then parts word forms that the accent joins
("licencié" → `licenc`, "licenciement" → `licenci`); and `unaccent` needs a superuser to install.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.utils import CursorWrapper

from kiosque import wordforms

from .backend import (
    ENTRY_FIELDS,
    POST,
    TAG,
    CommonSQL,
    Conditions,
    Entry,
    Found,
    condition_sql,
    condition_tags,
    entry_row,
    tags_of,
)
from .indexing import INDEX_LANGUAGE
from .query import Alternative, Clause

# PostgreSQL keeps positions up to this one (later ones are set to it), at most this many per
# word.
MAX_POSITION = 16383
MAX_POSITIONS_PER_KEY = 255
# Neighbouring keys a document holds as one key of its own, separated by a space (no key has
# one): every pair, and the runs of three of which two are stop words ("ce qu il", "à la
# concurrence": their pairs are everywhere). Every run of three made the GIN index too slow
# to build (nearly each one a key of its own).
PAIR = " "
COMMON_IN_TRIPLE = 2
# The ranges of ids an entry's document names: a block of 2**BLOCK_BITS ids, a group of
# 2**GROUP_BITS (a wide window named by a few groups rather than many blocks).
BLOCK_BITS = 12
GROUP_BITS = 16
# The newest ids asked first; a window where nothing matched is made this much wider.
FIRST_WINDOW = 8192
WIDER = 16
# A window where some matched is made wide enough to hold this many times `candidates` at
# that rate: room for an uneven spread.
MARGIN = 1.5
# What each part of an entry adds to a clause's score when the clause is found there first
# (as SQLite's bm25 weights, kiosque.discovery.search.sqlite.WEIGHTS).
TITLE_SCORE, LEAD_SCORE, BODY_SCORE = 10, 4, 1
# The GIN index of the documents (made by migration 0001), made again after a rebuild with this
# much memory: its keys sorted in memory rather than in temporary files.
DOCUMENT_INDEX = "discovery_search_document"
BUILD_MEMORY = "256MB"


# The first half of the advisory lock keys of topics being indexed ("ks"); the second half is
# the topic's id, or EVERY_TOPIC (held shared by each indexer, alone by one holding too many).
TOPIC_LOCKS = 0x6B73
EVERY_TOPIC = 2**31 - 1
MAX_HELD_TOPICS = 64


def _literal(key: str) -> str:
    if "'" in key or "\\" in key:  # never in a key (letters and digits), but in a literal
        key = key.replace("\\", "\\\\").replace("'", "''")
    return f"'{key}'"


def _positions(parts: Iterable[tuple[list[str], str]]) -> dict[str, list[str]]:
    """Each key's positions (with the part's weight letter), a position left empty between
    parts so that no phrase spans two of them (on SQLite they are columns)."""
    positions: dict[str, list[str]] = {}
    position = 0
    for keys, weight in parts:
        for key in keys:
            position += 1
            found = positions.get(key)
            if found is None:
                positions[key] = [f"{min(position, MAX_POSITION)}{weight}"]
            elif len(found) < MAX_POSITIONS_PER_KEY:
                found.append(f"{min(position, MAX_POSITION)}{weight}")
        position += 1
    return positions


def _runs(keys: Sequence[str]) -> list[str]:
    """The neighbouring keys held as one key (see PAIR)."""
    runs = [f"{first}{PAIR}{second}" for first, second in itertools.pairwise(keys)]
    stop = [wordforms.is_stop_word(key, INDEX_LANGUAGE) for key in keys]
    runs += [
        PAIR.join(keys[start : start + 3])
        for start in range(len(keys) - 2)
        if stop[start] + stop[start + 1] + stop[start + 2] >= COMMON_IN_TRIPLE
    ]
    return runs


def _is_common_triple(keys: Sequence[str]) -> bool:
    return sum(wordforms.is_stop_word(key, INDEX_LANGUAGE) for key in keys) >= COMMON_IN_TRIPLE


def range_tags(entry_id: int) -> list[str]:
    """The ranges of ids an entry falls in, as keys of its document."""
    return [f"{TAG}b{entry_id >> BLOCK_BITS}", f"{TAG}g{entry_id >> GROUP_BITS}"]


def document(entry_id: int, entry: Entry) -> str:
    """The entry's `tsvector` as text: its keys with their positions, its pairs of neighbouring
    keys, its filters' words and its ranges of ids (those without positions)."""
    parts = (entry.title, entry.lead, entry.body)
    positions = _positions((keys, "") for keys in parts)
    runs = dict.fromkeys(run for keys in parts for run in _runs(keys))
    return " ".join(
        [
            *(f"{_literal(key)}:{','.join(found)}" for key, found in positions.items()),
            *(_literal(run) for run in runs),
            *(_literal(tag) for tag in [*tags_of(entry), *range_tags(entry_id)]),
        ]
    )


def heading(entry: Entry) -> str:
    """The title's keys (weight A) and the lead's (B) with their positions: what ranks."""
    positions = _positions(((entry.title, "A"), (entry.lead, "B")))
    return " ".join(f"{_literal(key)}:{','.join(found)}" for key, found in positions.items())


def _matching(alternative: Alternative) -> str:
    """An alternative as the GIN index finds it: a word, a pair or a common run of three as
    one key; otherwise a phrase's runs and then its positions (checked in the entries holding
    every run only: the GIN index knows no positions)."""
    if len(alternative) <= 2:
        return _literal(PAIR.join(alternative))
    if len(alternative) == 3 and _is_common_triple(alternative):
        return _literal(PAIR.join(alternative))
    runs = [_literal(run) for run in _runs(alternative)]
    return " & ".join([*runs, "(" + " <-> ".join(_literal(key) for key in alternative) + ")"])


def tsquery(
    clauses: list[Clause], conditions: Conditions | None = None, ranges: Iterable[str] = ()
) -> str:
    """`tsquery` syntax: every clause required, each an OR of words and phrases; the tags the
    filters require (`backend.condition_tags`), and one of `ranges` when given."""
    groups = [[_matching(alternative) for alternative in c.alternatives] for c in clauses]
    if conditions is not None:
        groups += [[_literal(tag) for tag in tags] for tags in condition_tags(conditions)]
    ranges = [_literal(tag) for tag in ranges]
    if ranges:
        groups.append(ranges)
    return " & ".join("(" + " | ".join(f"({one})" for one in group) + ")" for group in groups)


def _in_part(clause: Clause, weight: str) -> str:
    """The clause found in the heading's part of that weight."""
    return " | ".join(
        "(" + " <-> ".join(f"{_literal(key)}:{weight}" for key in alternative) + ")"
        for alternative in clause.alternatives
    )


def window_tags(lowest: int, highest: int) -> list[str]:
    """The ranges that hold every id from `lowest` (the start of a block) to `highest`: blocks
    up to the end of the first group, then whole groups."""
    per_group = 1 << (GROUP_BITS - BLOCK_BITS)
    block, last_group = lowest >> BLOCK_BITS, highest >> GROUP_BITS
    tags = []
    while block % per_group and block >> (GROUP_BITS - BLOCK_BITS) <= last_group:
        tags.append(f"{TAG}b{block}")
        block += 1
    tags += [f"{TAG}g{group}" for group in range(block // per_group, last_group + 1)]
    return tags


class PostgresBackend(CommonSQL):
    def _new_ids(self, count: int) -> list[int]:
        if not count:
            return []
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval('discovery_search_entry_id_seq') FROM generate_series(1, %s)",
                [count],
            )
            return sorted(int(row[0]) for row in cursor.fetchall())

    def _delete(self, cursor: CursorWrapper, ids: list[int]) -> None:
        cursor.execute("DELETE FROM discovery_search_byline WHERE entry_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM discovery_search_entry WHERE id = ANY(%s)", [ids])

    def _insert(self, cursor: CursorWrapper, rows: list[tuple[int, Entry]]) -> None:
        cursor.executemany(
            f"INSERT INTO discovery_search_entry ({', '.join(ENTRY_FIELDS)}, document, heading)"
            f" VALUES ({', '.join(['%s'] * len(ENTRY_FIELDS))}, %s::tsvector, %s::tsvector)",
            [(*entry_row(pk, entry), document(pk, entry), heading(entry)) for pk, entry in rows],
        )

    def hold_topics(self, topic_ids: Iterable[int]) -> None:
        # Two posts of a topic committed at once: each indexer would find both new and insert
        # them twice. In order of ids, so that two indexers never wait for each other. More
        # topics than MAX_HELD_TOPICS (a deleted member's posts) are held as every topic at
        # once: PostgreSQL's table of locks is shared and small.
        topics = sorted(set(topic_ids))
        if not topics:
            return
        with self.connection.cursor() as cursor:
            if len(topics) > MAX_HELD_TOPICS:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [TOPIC_LOCKS, EVERY_TOPIC])
                return
            cursor.execute(
                "SELECT pg_advisory_xact_lock_shared(%s, %s)", [TOPIC_LOCKS, EVERY_TOPIC]
            )
            for topic_id in topics:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)", [TOPIC_LOCKS, topic_id % EVERY_TOPIC]
                )

    def remove_topic(self, topic_id: int) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM discovery_search_byline WHERE entry_id IN"
                " (SELECT id FROM discovery_search_entry WHERE topic_id = %s AND kind = %s)",
                [topic_id, POST],
            )
            cursor.execute(
                "DELETE FROM discovery_search_entry WHERE topic_id = %s AND kind = %s",
                [topic_id, POST],
            )

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE discovery_search_byline, discovery_search_entry, discovery_search_topic"
            )

    @contextmanager
    def filling(self) -> Iterator[None]:
        # The GIN index made once at the end: kept up to date row by row, it took most of the
        # rebuild's time (its pending list merged again and again).
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {DOCUMENT_INDEX}")
        try:
            yield
        finally:
            with (
                transaction.atomic(using=self.connection.alias),
                self.connection.cursor() as cursor,
            ):
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {DOCUMENT_INDEX}"
                    " ON discovery_search_entry USING gin (document)"
                )

    def page(
        self,
        clauses: list[Clause],
        conditions: Conditions,
        *,
        candidates: int,
        offset: int,
        limit: int,
    ) -> tuple[int | None, list[Found]]:
        # The kind, section and author as the query's tags only: no other index of the entries
        # to tempt the planner.
        where, params = condition_sql(conditions, "e", tagged=True)
        score = " + ".join(
            f"CASE WHEN e.heading @@ CAST(%s AS tsquery) THEN {TITLE_SCORE}"
            f" WHEN e.heading @@ CAST(%s AS tsquery) THEN {LEAD_SCORE} ELSE {BODY_SCORE} END"
            for _clause in clauses
        )
        scored = [
            part for clause in clauses for part in (_in_part(clause, "A"), _in_part(clause, "B"))
        ]
        with self.connection.cursor() as cursor:

            def run(ranges: list[str]) -> list[tuple[int, int, int]]:
                # The newest candidates in the window (the GIN index gives every match there;
                # `id + 0`: no walk of the primary key reading each document), ranked from
                # their headings, counted for the total.
                cursor.execute(
                    f"SELECT kind, object_id, count(*) OVER () FROM ("
                    " SELECT e.id, e.kind, e.object_id, e.published_at, e.heading"
                    " FROM discovery_search_entry AS e"
                    f" WHERE e.document @@ CAST(%s AS tsquery) AND {where}"
                    f" ORDER BY e.id + 0 DESC LIMIT %s) AS e"
                    f" ORDER BY {score} DESC, published_at DESC, id DESC LIMIT %s OFFSET %s",
                    [
                        tsquery(clauses, conditions, ranges),
                        *params,
                        candidates,
                        *scored,
                        limit,
                        offset,
                    ],
                )
                return [(int(kind), int(pk), int(total)) for kind, pk, total in cursor.fetchall()]

            cursor.execute("SELECT max(id) FROM discovery_search_entry")
            highest = int(cursor.fetchone()[0] or 0)
            width, before = FIRST_WINDOW, -1
            while True:
                lowest = (max(highest - width, 0) >> BLOCK_BITS) << BLOCK_BITS
                # The whole index too as ranges: the planner then never reads every entry for a
                # word it thinks common (the ranges make it expect few matches).
                rows = run(window_tags(lowest, highest))
                matched = rows[0][2] if rows else 0
                if lowest == 0 or matched >= candidates:
                    break
                if not rows and offset:
                    # Past the last page, or too few in the window: counted to know which.
                    matched = self.count(
                        clauses, conditions, limit=candidates, ranges=window_tags(lowest, highest)
                    )
                    if matched >= candidates:
                        break
                if matched and matched == before:
                    # Nothing more in a wider window (a date filter, a burst of old news): the
                    # rest read at once.
                    width = highest
                    continue
                # The matches seen tell how wide a window should hold `candidates` of them.
                width, before = highest - lowest, matched
                width = math.ceil(width * (MARGIN * candidates / matched if matched else WIDER))
        total = int(rows[0][2]) if rows else (0 if offset == 0 else None)
        return total, [(int(kind), int(pk)) for kind, pk, _total in rows]

    def count(
        self,
        clauses: list[Clause],
        conditions: Conditions,
        *,
        limit: int,
        ranges: Iterable[str] = (),
    ) -> int:
        where, params = condition_sql(conditions, "e", tagged=True)
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM discovery_search_entry AS e"
                f" WHERE e.document @@ CAST(%s AS tsquery) AND {where}"
                " LIMIT %s) AS found",
                [tsquery(clauses, conditions, ranges), *params, limit],
            )
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def size(self) -> tuple[int, int]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM discovery_search_entry),"
                " pg_total_relation_size('discovery_search_entry')"
                " + pg_total_relation_size('discovery_search_byline')"
            )
            rows, size = cursor.fetchone()
        return int(rows), int(size)

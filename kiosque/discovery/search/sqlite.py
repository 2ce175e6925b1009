"""The index on SQLite: an FTS5 table of keys (`discovery_search_text`, rowid = the entry's id)
beside the entries (`discovery_search_entry`), ranked by `bm25` with the title weighing most.

Each column holds its keys, then each pair of neighbouring keys as one token (`reseau_social`),
in order: a phrase is asked as the phrase of its pairs (`"reseau_social social_gratuit"` for
three words), which only the entries holding those pairs can match. Asked as words, a phrase of
common words had FTS5 check the positions of every entry holding them all (half a second for a
rare phrase of two common words in a million posts).

The FTS5 table keeps no copy of its text (`content=''`: with the pairs, that copy was larger
than the index itself). What each entry was indexed with is kept once, without the pairs, in
`discovery_search_words`: an entry leaves the index by FTS5's `delete` command, which must be
given exactly what was indexed.

A search walks the matches newest first (FTS5 reads its lists by rowid, which follows the
order of publication), joins each to its entry for the filters, stops at the `candidates`
newest, and ranks those: its cost follows what it shows, not how common its words are."""

from __future__ import annotations

from itertools import pairwise

from django.db.backends.utils import CursorWrapper

from .backend import (
    ARTICLE,
    ENTRY_FIELDS,
    POST,
    CommonSQL,
    Conditions,
    Entry,
    Found,
    condition_sql,
    condition_tags,
    entry_row,
    kind_tag,
    tags_of,
)
from .query import Clause

# bm25 weights of the columns title, lead, body, tags (the filters' words: no weight).
WEIGHTS = (10.0, 4.0, 1.0, 0.0)
TABLES = (
    "discovery_search_words",
    "discovery_search_byline",
    "discovery_search_entry",
    "discovery_search_topic",
)


# Joins the keys of a pair: a token character of the table (its tokenizer keeps "_" in tokens)
# that no key holds, and no pair starts with (the filters' tags do).
PAIR = "_"


def with_pairs(keys: str) -> str:
    """A column's text as indexed: its keys, then its pairs of neighbouring keys. Entries leave
    the index by what it gives: changing it needs a migration that indexes every entry again
    (as discovery 0004 did)."""
    split = keys.split()
    return " ".join([*split, *(f"{first}{PAIR}{second}" for first, second in pairwise(split))])


def indexed(title: str, lead: str, body: str, tags: str) -> tuple[str, str, str, str]:
    """The FTS5 columns of an entry from the words it was indexed with."""
    return with_pairs(title), with_pairs(lead), with_pairs(body), tags


def phrase_tokens(alternative: tuple[str, ...]) -> tuple[str, ...]:
    """What a word or a phrase is asked as: a word as its key, a phrase as its pairs."""
    if len(alternative) == 1:
        return alternative
    return tuple(f"{first}{PAIR}{second}" for first, second in pairwise(alternative))


def match_expression(clauses: list[Clause], conditions: Conditions | None = None) -> str:
    """FTS5 query syntax: every clause required, each an OR of quoted words and phrases; and
    the tags the filters require (`backend.condition_tags`)."""

    def quoted(alternative: tuple[str, ...]) -> str:
        return '"' + " ".join(phrase_tokens(alternative)).replace('"', '""') + '"'

    groups = [clause.alternatives for clause in clauses]
    if conditions is not None:
        groups += [tuple((tag,) for tag in tags) for tags in condition_tags(conditions)]
    # Posts as what is not an article: bm25 counts the rows of every phrase it is given (the
    # posts' tag: nine entries in ten; the articles' one: one in ten).
    posts = ((kind_tag(POST),),)
    expression = " AND ".join(
        "(" + " OR ".join(quoted(alternative) for alternative in group) + ")"
        for group in groups
        if group != posts
    )
    if posts in groups:
        expression = f'({expression}) NOT "{kind_tag(ARTICLE)}"'
    return expression


# The matches, newest first, with their entries: FTS5 as the outer loop (CROSS JOIN keeps the
# planner from walking the entries instead).
_MATCHES = (
    "FROM discovery_search_text CROSS JOIN discovery_search_entry AS e"
    " ON e.id = discovery_search_text.rowid"
    " WHERE discovery_search_text MATCH %s AND {where}"
)


class SQLiteBackend(CommonSQL):
    def _new_ids(self, count: int) -> list[int]:
        # Writers take turns on SQLite (one write transaction at a time): the next ids are free.
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM discovery_search_entry")
            highest = int(cursor.fetchone()[0])
        return list(range(highest + 1, highest + 1 + count))

    def _delete(self, cursor: CursorWrapper, ids: list[int]) -> None:
        for start in range(0, len(ids), self._CHUNK):
            chunk = ids[start : start + self._CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                "SELECT entry_id, title, lead, body, tags FROM discovery_search_words"
                f" WHERE entry_id IN ({marks})",
                chunk,
            )
            cursor.executemany(
                "INSERT INTO discovery_search_text"
                " (discovery_search_text, rowid, title, lead, body, tags)"
                " VALUES ('delete', %s, %s, %s, %s, %s)",
                [(pk, *indexed(*words)) for pk, *words in cursor.fetchall()],
            )
            for table, column in (
                ("discovery_search_words", "entry_id"),
                ("discovery_search_byline", "entry_id"),
                ("discovery_search_entry", "id"),
            ):
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)

    def _insert(self, cursor: CursorWrapper, rows: list[tuple[int, Entry]]) -> None:
        placeholders = ", ".join(["%s"] * len(ENTRY_FIELDS))
        cursor.executemany(
            f"INSERT INTO discovery_search_entry ({', '.join(ENTRY_FIELDS)})"
            f" VALUES ({placeholders})",
            [entry_row(pk, entry) for pk, entry in rows],
        )
        words = [
            (
                pk,
                " ".join(entry.title),
                " ".join(entry.lead),
                " ".join(entry.body),
                " ".join(tags_of(entry)),
            )
            for pk, entry in rows
        ]
        cursor.executemany(
            "INSERT INTO discovery_search_words (entry_id, title, lead, body, tags)"
            " VALUES (%s, %s, %s, %s, %s)",
            words,
        )
        cursor.executemany(
            "INSERT INTO discovery_search_text (rowid, title, lead, body, tags)"
            " VALUES (%s, %s, %s, %s, %s)",
            [(pk, *indexed(*texts)) for pk, *texts in words],
        )

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO discovery_search_text (discovery_search_text) VALUES ('delete-all')"
            )
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table}")

    def page(
        self,
        clauses: list[Clause],
        conditions: Conditions,
        *,
        candidates: int,
        offset: int,
        limit: int,
    ) -> tuple[int | None, list[Found]]:
        where, params = condition_sql(conditions, "e")
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        with self.connection.cursor() as cursor:
            # The candidates walked once: ranked for the page, counted for the total.
            cursor.execute(
                "SELECT kind, object_id, count(*) OVER () FROM ("
                " SELECT e.id AS id, e.kind AS kind, e.object_id AS object_id,"
                " e.published_at AS published_at,"
                f" bm25(discovery_search_text, {weights}) AS score "
                + _MATCHES.format(where=where)
                + " ORDER BY discovery_search_text.rowid DESC LIMIT %s)"
                " ORDER BY score, published_at DESC, id DESC LIMIT %s OFFSET %s",
                [match_expression(clauses, conditions), *params, candidates, limit, offset],
            )
            rows = cursor.fetchall()
        total = int(rows[0][2]) if rows else (0 if offset == 0 else None)
        return total, [(int(kind), int(pk)) for kind, pk, _total in rows]

    def count(self, clauses: list[Clause], conditions: Conditions, *, limit: int) -> int:
        where, params = condition_sql(conditions, "e")
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 " + _MATCHES.format(where=where) + " LIMIT %s)",
                [match_expression(clauses, conditions), *params, limit],
            )
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def size(self) -> tuple[int, int]:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM discovery_search_entry")
            rows = int(cursor.fetchone()[0])
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'discovery_search%%'")
            size = int(cursor.fetchone()[0] or 0)
        return rows, size

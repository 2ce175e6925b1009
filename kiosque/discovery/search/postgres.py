"""The index on PostgreSQL: each entry's keys in a `tsvector` (title weight A, lead B, body C)
with a GIN index, written and queried as literals (`'licenci':3A`, `'a' <-> 'b'`): PostgreSQL
matches and ranks (`ts_rank`), the words were analysed in Python as on SQLite.

Why not PostgreSQL's own `french` configuration with `unaccent`: its dictionaries remove the
accents before stemming, and the French stemmer then parts word forms that the accent joins
("licencié" → `licenc`, "licenciement" → `licenci`); and `unaccent` needs a superuser to install.
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.db.backends.utils import CursorWrapper

from .backend import (
    ENTRY_FIELDS,
    POST,
    CommonSQL,
    Conditions,
    Entry,
    Found,
    condition_sql,
    condition_tags,
    entry_row,
    tags_of,
)
from .query import Clause

# PostgreSQL keeps positions up to this one (later ones are set to it), at most this many per
# word.
MAX_POSITION = 16383
MAX_POSITIONS_PER_KEY = 255
# Matches above which a search walks the entries newest first rather than reading them all.
MANY_MATCHES = 30_000
# Matches (as estimated) above which the newest NEWEST_WINDOW entries are walked first: when
# enough match there, the rest of the index is not read.
FEW_MATCHES = 3_000
NEWEST_WINDOW = 20_000
# A phrase is looked for by walking the entries when that reads at most this many of them.
PHRASE_WALK = 250_000


def _literal(key: str) -> str:
    return "'" + key.replace("\\", "\\\\").replace("'", "''") + "'"


def document(entry: Entry) -> str:
    """The entry's `tsvector` as text: each key with its positions and its column's weight."""
    positions: dict[str, list[str]] = defaultdict(list)
    position = 0
    for keys, weight in ((entry.title, "A"), (entry.lead, "B"), (entry.body, "C")):
        for key in keys:
            position = min(position + 1, MAX_POSITION)
            found = positions[key]
            if len(found) < MAX_POSITIONS_PER_KEY:
                found.append(f"{position}{weight}")
    return " ".join(
        [
            *(f"{_literal(key)}:{','.join(found)}" for key, found in positions.items()),
            # The filters' words, without positions (nothing ranks them).
            *(_literal(tag) for tag in tags_of(entry)),
        ]
    )


def tsquery(clauses: list[Clause], conditions: Conditions | None = None) -> str:
    """`tsquery` syntax: every clause required, each an OR of words and phrases (`<->`); and
    the tags the filters require (`backend.condition_tags`)."""

    def phrase(alternative: tuple[str, ...]) -> str:
        return " <-> ".join(_literal(key) for key in alternative)

    groups = [clause.alternatives for clause in clauses]
    if conditions is not None:
        groups += [tuple((tag,) for tag in tags) for tags in condition_tags(conditions)]
    return " & ".join(
        "(" + " | ".join(f"({phrase(alternative)})" for alternative in group) + ")"
        for group in groups
    )


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
            f"INSERT INTO discovery_search_entry ({', '.join(ENTRY_FIELDS)}, document)"
            f" VALUES ({', '.join(['%s'] * len(ENTRY_FIELDS))}, %s::tsvector)",
            [(*entry_row(pk, entry), document(entry)) for pk, entry in rows],
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
        # to tempt the planner (the kind's made it read every article to walk the newest).
        where, params = condition_sql(conditions, "e", tagged=True)
        query = tsquery(clauses, conditions)
        ranked = tsquery(clauses)  # the words alone rank
        with self.connection.cursor() as cursor:

            def run(order: str, window: bool) -> list[tuple[int, int, int]]:
                # The newest candidates first, ranked after (the ranking reads their documents
                # only), and counted for the total: one walk of the matches.
                newest = (
                    " AND e.id > (SELECT max(id) FROM discovery_search_entry) - %s"
                    if window
                    else ""
                )
                cursor.execute(
                    "SELECT kind, object_id, count(*) OVER () FROM ("
                    " SELECT e.id, e.kind, e.object_id, e.published_at, e.document"
                    " FROM discovery_search_entry AS e"
                    f" WHERE e.document @@ CAST(%s AS tsquery) AND {where}{newest}"
                    f" ORDER BY {order} LIMIT %s) AS found"
                    " ORDER BY ts_rank(document, CAST(%s AS tsquery)) DESC, published_at DESC,"
                    " id DESC LIMIT %s OFFSET %s",
                    [
                        query,
                        *params,
                        *([NEWEST_WINDOW] if window else []),
                        candidates,
                        ranked,
                        limit,
                        offset,
                    ],
                )
                return [(int(kind), int(pk), int(total)) for kind, pk, total in cursor.fetchall()]

            # How many match, as the planner estimates it (from its statistics of each word,
            # without running anything). It multiplies the shares of the words (and tags) as
            # if they were unrelated; they are not (a word of articles and the articles' tag):
            # it can be four times short.
            cursor.execute(
                "EXPLAIN (FORMAT JSON) SELECT 1 FROM discovery_search_entry AS e"
                f" WHERE e.document @@ CAST(%s AS tsquery) AND {where}",
                [query, *params],
            )
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            estimate = float(plan[0]["Plan"]["Plan Rows"])
            rows: list[tuple[int, int, int]] = []
            if estimate >= FEW_MATCHES:
                # Enough matches, maybe, among the newest entries: walked newest first, at most
                # NEWEST_WINDOW of them; when `candidates` match there, they are the newest.
                rows = run("e.id DESC", window=True)
                if rows and rows[0][2] < candidates:
                    # Fewer: how many matched there tells how many there are (better than the
                    # planner, which took words of posts and the articles' tag as unrelated).
                    cursor.execute("SELECT max(id) FROM discovery_search_entry")
                    highest = int(cursor.fetchone()[0] or 0)
                    estimate = rows[0][2] * max(highest, NEWEST_WINDOW) / NEWEST_WINDOW
                    phrase = any(len(words) > 1 for c in clauses for words in c.alternatives)
                    if phrase and rows[0][2] * PHRASE_WALK >= candidates * NEWEST_WINDOW:
                        # A phrase: the GIN index knows no positions, every entry holding its
                        # words would be read and checked ("sur l": most of them); walking
                        # newest first reads at most PHRASE_WALK entries at that rate.
                        estimate = MANY_MATCHES
                elif not rows and offset == 0:
                    estimate = 0  # none among the newest: few, read through the GIN index
            if not rows or rows[0][2] < candidates:
                # Otherwise: under MANY_MATCHES, every match is read through the GIN index and
                # the newest kept (`id + 0`: not in the primary key's order); above, the
                # entries are walked newest first until enough match. The planner's own
                # choice walked 160,000 entries for a word found 7,000 times, mostly in old
                # ones.
                many = estimate >= MANY_MATCHES
                rows = run("e.id DESC" if many else "e.id + 0 DESC", window=False)
        total = int(rows[0][2]) if rows else (0 if offset == 0 else None)
        return total, [(int(kind), int(pk)) for kind, pk, _total in rows]

    def count(self, clauses: list[Clause], conditions: Conditions, *, limit: int) -> int:
        where, params = condition_sql(conditions, "e")
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM discovery_search_entry AS e"
                f" WHERE e.document @@ CAST(%s AS tsquery) AND {where}"
                " LIMIT %s) AS found",
                [tsquery(clauses, conditions), *params, limit],
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

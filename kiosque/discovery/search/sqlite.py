"""The index on SQLite: an FTS5 table of keys (`discovery_search_text`, rowid = the entry's id)
beside the entries (`discovery_search_entry`), ranked by `bm25` with the title weighing most."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .backend import ENTRY_FIELDS, CommonSQL, Conditions, Entry, condition_sql, entry_row
from .query import Clause

# bm25 weights of the columns title, lead, body.
WEIGHTS = (10.0, 4.0, 1.0)
_CHUNK = 500
TABLES = (
    "discovery_search_text",
    "discovery_search_byline",
    "discovery_search_entry",
    "discovery_search_topic",
)


def match_expression(clauses: list[Clause]) -> str:
    """FTS5 query syntax: every clause required, each an OR of quoted words and phrases."""

    def quoted(alternative: tuple[str, ...]) -> str:
        return '"' + " ".join(alternative).replace('"', '""') + '"'

    return " AND ".join(
        "(" + " OR ".join(quoted(alternative) for alternative in clause.alternatives) + ")"
        for clause in clauses
    )


class SQLiteBackend(CommonSQL):
    def write(self, entries: Sequence[Entry]) -> None:
        if not entries:
            return
        self.remove(entry.id for entry in entries)
        placeholders = ", ".join(["%s"] * len(ENTRY_FIELDS))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO discovery_search_entry ({', '.join(ENTRY_FIELDS)})"
                f" VALUES ({placeholders})",
                [entry_row(entry) for entry in entries],
            )
            cursor.executemany(
                "INSERT INTO discovery_search_text (rowid, title, lead, body)"
                " VALUES (%s, %s, %s, %s)",
                [
                    (entry.id, " ".join(entry.title), " ".join(entry.lead), " ".join(entry.body))
                    for entry in entries
                ],
            )
            bylines = [(entry.id, author) for entry in entries for author in entry.author_ids]
            if bylines:
                cursor.executemany(
                    "INSERT INTO discovery_search_byline (entry_id, author_id) VALUES (%s, %s)",
                    bylines,
                )

    def remove(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        with self.connection.cursor() as cursor:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                for table, column in (
                    ("discovery_search_text", "rowid"),
                    ("discovery_search_byline", "entry_id"),
                    ("discovery_search_entry", "id"),
                ):
                    cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)

    def remove_topic(self, topic_id: int) -> None:
        self.remove(self.topic_posts(topic_id))

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table}")

    def find(
        self, clauses: list[Clause], conditions: Conditions, *, offset: int, limit: int
    ) -> list[int]:
        where, params = condition_sql(conditions, "e")
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.id FROM discovery_search_text AS t"
                " JOIN discovery_search_entry AS e ON e.id = t.rowid"
                f" WHERE discovery_search_text MATCH %s AND {where}"
                f" ORDER BY bm25(discovery_search_text, {weights}), e.published_at DESC, e.id DESC"
                " LIMIT %s OFFSET %s",
                [match_expression(clauses), *params, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    def count(self, clauses: list[Clause], conditions: Conditions, *, limit: int) -> int:
        where, params = condition_sql(conditions, "e")
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM discovery_search_text AS t"
                " JOIN discovery_search_entry AS e ON e.id = t.rowid"
                f" WHERE discovery_search_text MATCH %s AND {where} LIMIT %s)",
                [match_expression(clauses), *params, limit],
            )
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def size(self) -> tuple[int, int]:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM discovery_search_entry")
            rows = int(cursor.fetchone()[0])
            try:
                cursor.execute(
                    "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'discovery_search%%'"
                )
                size = int(cursor.fetchone()[0] or 0)
            except Exception:
                size = 0
        return rows, size

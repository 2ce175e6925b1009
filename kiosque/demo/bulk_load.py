"""Rows written by the million with explicit ids: COPY on PostgreSQL, executemany on SQLite.

Only `kiosque generate` writes this way: it bypasses models and actions on purpose (they would
take hours), so its caller is responsible for rows being what the actions would have written.
Every method runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.management.color import no_style
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg.copy import QueuedLibpqWriter

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Memory for each index build after a bulk load: sorts of millions of keys stay in memory.
INDEX_BUILD_MEMORY = "256MB"


def to_microseconds(moment: datetime) -> int:
    """An aware datetime as whole microseconds since 1970 (exact, unlike a float timestamp)."""
    return (moment - EPOCH) // timedelta(microseconds=1)


class TableLoader:
    """Fast inserts into model tables, with ids chosen by the caller.

    On PostgreSQL, foreign keys are checked at the end of each COPY statement rather than at
    commit, so that the queue of pending checks stays as small as one batch.
    """

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.is_postgresql = connection.vendor == "postgresql"
        self._dropped: list[str] = []  # statements that rebuild what drop_indexes dropped
        if connection.vendor not in ("postgresql", "sqlite"):
            raise NotImplementedError(f"no bulk loader for {connection.vendor}")

    def begin(self, tables: Sequence[type[models.Model]]) -> None:
        """Keep other writers out of `tables` until commit (readers go on), so that nobody takes
        the ids this load chooses. SQLite's write lock, taken at BEGIN, already does that."""
        if self.is_postgresql:
            names = ", ".join(self._quote(model._meta.db_table) for model in tables)
            with self.connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def end(self, tables: Sequence[type[models.Model]]) -> None:
        """Move the sequences past the ids written, and restore deferred constraint checks."""
        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), list(tables)):
                cursor.execute(sql)
            if self.is_postgresql:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def analyze(self, tables: Sequence[type[models.Model]]) -> None:
        """Refresh the planner's statistics, as autovacuum would do some time after a big load."""
        if self.is_postgresql:
            names = ", ".join(self._quote(model._meta.db_table) for model in tables)
            with self.connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {names}")

    def drop_indexes(self, tables: Sequence[type[models.Model]]) -> None:
        """Drop the secondary indexes, unique and foreign-key constraints of `tables` until
        `rebuild_indexes`: what pg_restore does, since building an index once from sorted rows
        and checking a foreign key with one join cost a fraction of doing it row by row.

        PostgreSQL only (DDL is transactional there: a failed load leaves them as they were).
        Readers of `tables` wait until the transaction ends.
        """
        with self.connection.cursor() as cursor:
            for model in tables:
                table = self._quote(model._meta.db_table)
                cursor.execute(
                    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                    "FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                    "WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid) "
                    "ORDER BY 1",
                    [table],
                )
                indexes = cursor.fetchall()
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
                    [table],
                )
                constraints = cursor.fetchall()
                for name, definition in constraints:
                    cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {self._quote(name)}")
                    self._dropped.append(
                        f"ALTER TABLE {table} ADD CONSTRAINT {self._quote(name)} {definition}"
                    )
                for name, definition in indexes:
                    cursor.execute(f"DROP INDEX {name}")
                    self._dropped.insert(0, definition)  # indexes first, then constraints

    def rebuild_indexes(self) -> None:
        """Create again what `drop_indexes` dropped, checking every constraint on all rows."""
        with self.connection.cursor() as cursor:
            if self._dropped:
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
            for statement in self._dropped:
                cursor.execute(statement)
        self._dropped = []

    def next_id(self, model: type[models.Model]) -> int:
        """The first id free for `model`: after every row, and after every id ever handed out
        (an id a deleted row had is not given again: old links must not reach new rows)."""
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {self._quote(table)}")
            highest = cursor.fetchone()[0] or 0
            if self.is_postgresql:
                cursor.execute(
                    "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')::regclass)",
                    [self._quote(table)],
                )
            else:
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            handed_out = (row[0] if row else 0) or 0
        return max(highest, handed_out) + 1

    def moment(self, microseconds: int) -> object:
        """What the database driver takes for the aware datetime `microseconds` after 1970."""
        value = EPOCH + timedelta(microseconds=microseconds)
        if self.is_postgresql:
            return value
        return self.connection.ops.adapt_datetimefield_value(value)

    def insert(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Insert `rows`, tuples of values for `fields` (model field names), in one statement."""
        table = self._quote(model._meta.db_table)
        columns = ", ".join(self._quote(_column(model, name)) for name in fields)
        with self.connection.cursor() as cursor:
            if self.is_postgresql:
                # A thread sends the data while this one formats the next rows.
                raw = cursor.cursor  # psycopg's own cursor: Django's wrapper takes no writer
                sql = f"COPY {table} ({columns}) FROM STDIN"
                with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(fields))
                sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
                cursor.executemany(sql, list(rows))

    def update(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Set `fields` of existing rows: each row is (id, *values)."""
        table = self._quote(model._meta.db_table)
        columns = [self._quote(_column(model, name)) for name in fields]
        with self.connection.cursor() as cursor:
            if not self.is_postgresql:
                settings = ", ".join(f"{column} = %s" for column in columns)
                cursor.executemany(
                    f"UPDATE {table} SET {settings} WHERE id = %s",
                    [(*values, pk) for pk, *values in rows],
                )
                return
            # One UPDATE joined to a COPY-filled temporary table instead of one UPDATE per row.
            staging = self._quote(f"generate_{model._meta.db_table}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "
                f"SELECT id, {', '.join(columns)} FROM {table} WITH NO DATA"
            )
            with cursor.copy(f"COPY {staging} (id, {', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            settings = ", ".join(f"{column} = staged.{column}" for column in columns)
            cursor.execute(
                f"UPDATE {table} SET {settings} FROM {staging} AS staged "
                f"WHERE {table}.id = staged.id"
            )
            cursor.execute(f"DROP TABLE {staging}")

    def _quote(self, name: str) -> str:
        return self.connection.ops.quote_name(name)


def _column(model: type[models.Model], name: str) -> str:
    """The database column of field `name` (`author` → `author_id`)."""
    column = getattr(model._meta.get_field(name), "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} has no column")
    return column

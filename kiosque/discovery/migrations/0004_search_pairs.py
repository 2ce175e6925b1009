# On SQLite each column of the FTS5 table now holds, after its keys, each pair of neighbouring
# keys as one token, phrases are asked as phrases of pairs, and the table keeps no copy of its
# text: what each entry was indexed with is kept once, without the pairs, in
# `discovery_search_words` (kiosque.discovery.search.sqlite). The rows indexed before move there,
# and are indexed again with their pairs, so that their phrases are still found without a
# `kiosque reindex`. Nothing changes on PostgreSQL (its documents have had pairs since 0003).
from itertools import pairwise

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# As the search wrote them when this migration was made (search/sqlite.py: PAIR and the
# columns' text), written here so that a later change there leaves it as it is.
PAIR = "_"
TOKENIZE = "tokenize = \"ascii tokenchars '_'\""
COLUMNS = "title, lead, body, tags"
BATCH = 2000


def with_pairs(keys: str) -> str:
    split = keys.split()
    return " ".join([*split, *(f"{first}{PAIR}{second}" for first, second in pairwise(split))])


def add_pairs(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE discovery_search_words (entry_id integer PRIMARY KEY,"
            " title text NOT NULL, lead text NOT NULL, body text NOT NULL, tags text NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO discovery_search_words (entry_id, {COLUMNS})"
            f" SELECT rowid, {COLUMNS} FROM discovery_search_text"
        )
        cursor.execute("DROP TABLE discovery_search_text")
        cursor.execute(
            f"CREATE VIRTUAL TABLE discovery_search_text USING fts5({COLUMNS},"
            f" content = '', {TOKENIZE})"
        )
        last = 0
        while True:
            cursor.execute(
                f"SELECT entry_id, {COLUMNS} FROM discovery_search_words"
                " WHERE entry_id > %s ORDER BY entry_id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            last = rows[-1][0]
            cursor.executemany(
                f"INSERT INTO discovery_search_text (rowid, {COLUMNS})"
                " VALUES (%s, %s, %s, %s, %s)",
                [
                    (pk, with_pairs(title), with_pairs(lead), with_pairs(body), tags)
                    for pk, title, lead, body, tags in rows
                ],
            )


def remove_pairs(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP TABLE discovery_search_text")
        cursor.execute(
            f"CREATE VIRTUAL TABLE discovery_search_text USING fts5({COLUMNS}, {TOKENIZE})"
        )
        cursor.execute(
            f"INSERT INTO discovery_search_text (rowid, {COLUMNS})"
            f" SELECT entry_id, {COLUMNS} FROM discovery_search_words"
        )
        cursor.execute("DROP TABLE discovery_search_words")


class Migration(migrations.Migration):
    dependencies = [("discovery", "0003_search_heading")]

    operations = [migrations.RunPython(add_pairs, remove_pairs, elidable=False)]

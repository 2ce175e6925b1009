# On SQLite each column of the text table now holds, after its keys, each pair of neighbouring
# keys as one token, and phrases are asked as phrases of pairs (kiosque.discovery.search.sqlite):
# the rows indexed before get their pairs here, so that their phrases are still found without a
# `kiosque reindex`. Nothing changes on PostgreSQL (its documents have had pairs since 0003).
from collections.abc import Callable
from itertools import pairwise

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# As the search wrote it when this migration was made (search/sqlite.py: PAIR), written here so
# that a later change there leaves it as it is.
PAIR = "_"
BATCH = 2000


def with_pairs(text: str) -> str:
    keys = text.split()
    if any(PAIR in key for key in keys):
        return text  # written with its pairs already
    return " ".join([*keys, *(f"{first}{PAIR}{second}" for first, second in pairwise(keys))])


def without_pairs(text: str) -> str:
    return " ".join(key for key in text.split() if PAIR not in key)


def rewrite(schema_editor: BaseDatabaseSchemaEditor, change: Callable[[str], str]) -> None:
    """Each row's title, lead and body changed, in batches of rowids."""
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        last = 0
        while True:
            cursor.execute(
                "SELECT rowid, title, lead, body FROM discovery_search_text"
                " WHERE rowid > %s ORDER BY rowid LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            cursor.executemany(
                "UPDATE discovery_search_text SET title = %s, lead = %s, body = %s"
                " WHERE rowid = %s",
                [
                    (change(title), change(lead), change(body), rowid)
                    for rowid, title, lead, body in rows
                ],
            )
        if last:
            # Every row was written again: the index's segments merged into one, without the
            # entries replaced (half of its size).
            cursor.execute(
                "INSERT INTO discovery_search_text (discovery_search_text) VALUES ('optimize')"
            )


def add_pairs(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    rewrite(schema_editor, with_pairs)


def remove_pairs(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    rewrite(schema_editor, without_pairs)


class Migration(migrations.Migration):
    dependencies = [("discovery", "0003_search_heading")]

    operations = [migrations.RunPython(add_pairs, remove_pairs, elidable=False)]

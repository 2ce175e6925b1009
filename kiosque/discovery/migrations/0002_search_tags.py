# The filters' words (kiosque.discovery.search.backend.entry_tags) in each entry's document, for
# an index made by 0001 before it had them (a new one has them from 0001): on SQLite the text
# table gains its `tags` column (made again, its rows copied), on PostgreSQL each document its
# tags.
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from kiosque.discovery.search.backend import entry_tags

TEXT = """CREATE VIRTUAL TABLE discovery_search_text USING fts5(
    title, lead, body, tags, tokenize = "ascii tokenchars '_'")"""


def add_tags(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM pragma_table_info('discovery_search_text')")
            if "tags" in {row[0] for row in cursor.fetchall()}:
                return
        cursor.execute("SELECT entry_id, author_id FROM discovery_search_byline")
        bylines: dict[int, list[int]] = {}
        for entry_id, author_id in cursor.fetchall():
            bylines.setdefault(entry_id, []).append(author_id)
        cursor.execute(
            "SELECT id, kind, published_at, section_id, member_id FROM discovery_search_entry"
        )
        tags = {
            pk: " ".join(entry_tags(kind, published, section, member, bylines.get(pk, ())))
            for pk, kind, published, section, member in cursor.fetchall()
        }
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid, title, lead, body FROM discovery_search_text")
            rows = cursor.fetchall()
            cursor.execute("DROP TABLE discovery_search_text")
            cursor.execute(TEXT)
            cursor.executemany(
                "INSERT INTO discovery_search_text (rowid, title, lead, body, tags)"
                " VALUES (%s, %s, %s, %s, %s)",
                [(*row, tags.get(row[0], "")) for row in rows],
            )
        else:
            cursor.executemany(
                "UPDATE discovery_search_entry SET document = document"
                " || array_to_tsvector(string_to_array(%s, ' ')) WHERE id = %s",
                [(text, pk) for pk, text in tags.items()],
            )


class Migration(migrations.Migration):
    dependencies = [("discovery", "0001_search_index")]

    operations = [migrations.RunPython(add_tags, migrations.RunPython.noop, elidable=False)]

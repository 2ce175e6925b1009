# PostgreSQL ranks from each entry's `heading` (its title's and lead's keys: see
# kiosque.discovery.search.postgres), kept in the row, and not from its whole document, which
# now goes out of the row (TOAST) once a row passes 128 bytes: the rows a search reads are
# small. Rows indexed before have an empty heading, and documents without the pairs of
# neighbouring words and the ranges of ids the searches now ask for: `kiosque reindex` makes
# them again (until then words are still found, phrases are not). Nothing changes on SQLite.
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def add_heading(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in (
            "ALTER TABLE discovery_search_entry"
            " ADD COLUMN heading tsvector NOT NULL DEFAULT ''::tsvector",
            "ALTER TABLE discovery_search_entry ALTER COLUMN heading SET STORAGE MAIN",
            "ALTER TABLE discovery_search_entry SET (toast_tuple_target = 128)",
        ):
            schema_editor.execute(statement)


def drop_heading(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE discovery_search_entry RESET (toast_tuple_target)")
        schema_editor.execute("ALTER TABLE discovery_search_entry DROP COLUMN heading")


class Migration(migrations.Migration):
    dependencies = [("discovery", "0002_search_tags")]

    operations = [migrations.RunPython(add_heading, drop_heading, elidable=False)]

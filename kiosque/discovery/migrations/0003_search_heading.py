# PostgreSQL ranks from each entry's `heading` (its title's and lead's keys: see
# kiosque.discovery.search.postgres), kept in the row, and not from its whole document, which
# goes out of the row entirely (TOAST down to 128 bytes, not just under 2 kB) once a row passes
# 2 kB: the rows a search reads are smaller. Rows indexed before get the ranges of ids the
# searches now ask for, but keep an empty heading and documents without the pairs of
# neighbouring words: `kiosque reindex` makes them again (until then words are found, phrases
# are not, and newer ranks first). Nothing changes on SQLite.
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# As the search wrote them when this migration was made (search/postgres.py: BLOCK_BITS,
# GROUP_BITS; backend.py: TAG), written here so that a later change there leaves it as it is.
TAG = "_"
BLOCK_BITS = 12
GROUP_BITS = 16


def add_heading(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in (
            "ALTER TABLE discovery_search_entry"
            " ADD COLUMN heading tsvector NOT NULL DEFAULT ''::tsvector",
            "ALTER TABLE discovery_search_entry ALTER COLUMN heading SET STORAGE MAIN",
            "ALTER TABLE discovery_search_entry SET (toast_tuple_target = 128)",
            # The ranges of ids the searches ask for, so that what is indexed is found before
            # the rebuild (kiosque.discovery.search.postgres.range_tags).
            f"UPDATE discovery_search_entry SET document = document || array_to_tsvector("
            f"ARRAY['{TAG}b' || (id >> {BLOCK_BITS}), '{TAG}g' || (id >> {GROUP_BITS})])",
        ):
            schema_editor.execute(statement)


def drop_heading(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE discovery_search_entry RESET (toast_tuple_target)")
        schema_editor.execute("ALTER TABLE discovery_search_entry DROP COLUMN heading")


class Migration(migrations.Migration):
    dependencies = [("discovery", "0002_search_tags")]

    operations = [migrations.RunPython(add_heading, drop_heading, elidable=False)]

# The search index (kiosque/discovery/search/): tables of its own, written in SQL for each database
# (no Django model: they hold keys made by kiosque.wordforms, read and written by the backends).
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# One row per indexed article or post: what the filters and the order need, and when readers
# may first see it (microseconds since the epoch, UTC: compared as integers on both databases).
ENTRY_COLUMNS = """
    kind smallint NOT NULL,
    object_id bigint NOT NULL,
    visible_at bigint NOT NULL,
    published_at bigint NOT NULL,
    section_id bigint NULL,
    member_id bigint NULL,
    topic_id bigint NULL
"""

SQLITE = [
    # Ids in the order entries are indexed, which is their order of publication (the rebuild
    # goes by time; every later entry is newer): FTS5 walks the newest matches first by rowid.
    f"""CREATE TABLE discovery_search_entry (
        id integer PRIMARY KEY,{ENTRY_COLUMNS})""",
    # The words of each entry's title, lead and body, as keys ("licenci gouvern ..."): rowid =
    # the entry's id. The ascii tokenizer splits at spaces only (keys are letters and digits);
    # `tags` holds what the filters look at, as words that begin with "_" (no key has one):
    # "_k1 _d202611 _s12 _m7" (kiosque.discovery.search.backend.entry_tags).
    """CREATE VIRTUAL TABLE discovery_search_text USING fts5(
        title, lead, body, tags, tokenize = "ascii tokenchars '_'")""",
]
POSTGRESQL = [
    f"""CREATE TABLE discovery_search_entry (
        id bigserial PRIMARY KEY,{ENTRY_COLUMNS},
        document tsvector NOT NULL)""",
    "CREATE INDEX discovery_search_document ON discovery_search_entry USING gin (document)",
]
COMMON = [
    "CREATE UNIQUE INDEX discovery_search_entry_object ON discovery_search_entry (kind, object_id)",
    "CREATE INDEX discovery_search_entry_topic ON discovery_search_entry (topic_id, object_id)",
    "CREATE INDEX discovery_search_entry_member ON discovery_search_entry (member_id)",
    # An article's bylines (newsroom.Author ids), for the author filter.
    """CREATE TABLE discovery_search_byline (
        entry_id bigint NOT NULL,
        author_id bigint NOT NULL,
        PRIMARY KEY (author_id, entry_id))""",
    "CREATE INDEX discovery_search_byline_entry ON discovery_search_byline (entry_id)",
    # What each indexed topic's posts took from their topic (title, time, article's section):
    # when it changes, the topic's posts are indexed again; otherwise only its new posts are.
    """CREATE TABLE discovery_search_topic (
        topic_id bigint PRIMARY KEY,
        state text NOT NULL)""",
]
DROP = [
    "DROP TABLE IF EXISTS discovery_search_topic",
    "DROP TABLE IF EXISTS discovery_search_byline",
    "DROP TABLE IF EXISTS discovery_search_text",
    "DROP TABLE IF EXISTS discovery_search_entry",
]


def create_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor)
    if statements is None:
        raise RuntimeError(f"search: no index for the {vendor} database")
    for statement in [*statements, *COMMON]:
        schema_editor.execute(statement)


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0006_remove_old_hero_fields"),
        ("community", "0004_moderation_apart_from_publication"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

# Long topics' pages by number: each post's number in its topic (`Post.position`), existing
# posts numbered in reading order (created_at, id), and the short index of the posts readers do
# not see, from which a page's first position among the visible posts is read.
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# One statement on SQLite (3.33+) and PostgreSQL alike: every post numbered within its topic.
NUMBER_POSTS = """
UPDATE community_post SET position = numbered.number
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY topic_id ORDER BY created_at, id) AS number
    FROM community_post
) AS numbered
WHERE community_post.id = numbered.id
"""


def number_posts(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(NUMBER_POSTS)


class Migration(migrations.Migration):
    dependencies = [("community", "0006_bookmarks_notifications")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="position",
            field=models.PositiveIntegerField(
                editable=False, null=True, verbose_name="number in the topic"
            ),
        ),
        # Backwards the column goes, numbers and all.
        migrations.RunPython(number_posts, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("is_deleted", False), ("moderation", "shown"), _negated=True),
                fields=["topic", "position"],
                name="post_gaps",
            ),
        ),
        migrations.AddConstraint(
            model_name="post",
            constraint=models.UniqueConstraint(
                fields=("topic", "position"), name="one_post_per_position"
            ),
        ),
    ]

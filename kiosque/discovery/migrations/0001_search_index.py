# Reserved for the search index; its operations are written here by hand (makemigrations into a scratch
# file, then moved), so that helpers working at once keep one chain.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0006_remove_old_hero_fields"),
        ("community", "0004_moderation_apart_from_publication"),
    ]

    operations: list[migrations.operations.base.Operation] = []

# Reserved for following; its operations are written here by hand (makemigrations into a scratch
# file, then moved), so that helpers working at once keep one chain.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_moderation_apart_from_publication"),
        ("accounts", "0004_following_defaults"),
    ]

    operations: list[migrations.operations.base.Operation] = []

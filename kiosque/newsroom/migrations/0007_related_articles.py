# Reserved for related articles; its operations are written here by hand (makemigrations into a scratch
# file, then moved), so that helpers working at once keep one chain.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0006_remove_old_hero_fields")]

    operations: list[migrations.operations.base.Operation] = []

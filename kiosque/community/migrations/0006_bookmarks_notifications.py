# Reserved for bookmarks and notifications; its operations are written here by hand (makemigrations into a scratch
# file, then moved), so that helpers working at once keep one chain.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("community", "0005_following"), ("accounts", "0005_notification_settings")]

    operations: list[migrations.operations.base.Operation] = []

# Reserved for long topics (post positions); its operations are written here by hand
# (makemigrations into a scratch file, then moved), so that helpers working at once keep one
# chain.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("community", "0006_bookmarks_notifications")]

    operations: list[migrations.operations.base.Operation] = []

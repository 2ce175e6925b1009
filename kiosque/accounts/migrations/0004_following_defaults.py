# Reserved for following; its operations are written here by hand (makemigrations into a scratch
# file, then moved), so that helpers working at once keep one chain.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_member_standing")]

    operations: list[migrations.operations.base.Operation] = []

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_member_standing")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="user",
            name="email_on_watched",
            field=models.BooleanField(
                default=True, verbose_name="e-mail me of new posts in topics I watch"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="follow_on_create",
            field=models.PositiveSmallIntegerField(
                choices=[(3, "Watching"), (2, "Tracking"), (1, "Normal")],
                default=3,
                verbose_name="level of the topics I start",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="follow_on_reply",
            field=models.PositiveSmallIntegerField(
                choices=[(3, "Watching"), (2, "Tracking"), (1, "Normal")],
                default=2,
                verbose_name="level of the topics I reply to",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="new_topics_since",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="topics new to me since"
            ),
        ),
    ]

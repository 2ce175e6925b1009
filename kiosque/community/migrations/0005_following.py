import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

LEVELS = [(0, "muted"), (1, "normal"), (2, "tracking"), (3, "watching")]


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_moderation_apart_from_publication"),
        ("accounts", "0004_following_defaults"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations: list[migrations.operations.base.Operation] = [
        migrations.CreateModel(
            name="CategoryFollow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("level", models.PositiveSmallIntegerField(choices=LEVELS, verbose_name="level")),
                ("set_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="follows",
                        to="community.category",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="category_follows",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "category followed",
                "verbose_name_plural": "categories followed",
                "indexes": [
                    models.Index(fields=["category", "level"], name="category_follow_by_level")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "category"), name="one_follow_per_member_category"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="TopicFollow",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("level", models.PositiveSmallIntegerField(choices=LEVELS, verbose_name="level")),
                ("set_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "topic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="follows",
                        to="community.topic",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="topic_follows",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "topic followed",
                "verbose_name_plural": "topics followed",
                "indexes": [models.Index(fields=["topic", "level"], name="topic_follow_by_level")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "topic"), name="one_follow_per_member_topic"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="notification",
            name="emailed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("reply", "reply"),
                    ("quote", "quote"),
                    ("mention", "mention"),
                    ("like", "like"),
                    ("notice", "notice"),
                    ("watching", "new post in a watched topic"),
                ],
                max_length=10,
            ),
        ),
        migrations.AddIndex(
            model_name="topic",
            index=models.Index(fields=["-last_posted_at"], name="topic_latest"),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(fields=["topic", "id"], name="post_by_topic_id"),
        ),
    ]

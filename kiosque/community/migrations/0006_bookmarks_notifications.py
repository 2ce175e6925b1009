import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0005_following"),
        ("accounts", "0004_following_defaults"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
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
                    ("reminder", "reminder"),
                    ("watching", "new post in a watched topic"),
                ],
                max_length=10,
            ),
        ),
        migrations.CreateModel(
            name="Bookmark",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                (
                    "remind_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="remind me at"),
                ),
                (
                    "reminded_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="reminded at"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="bookmarked at"
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "post",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="community.post",
                    ),
                ),
            ],
            options={
                "verbose_name": "bookmark",
                "verbose_name_plural": "bookmarks",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["member", "-created_at"], name="bookmark_newest"),
                    models.Index(
                        condition=models.Q(
                            ("remind_at__isnull", False), ("reminded_at__isnull", True)
                        ),
                        fields=["remind_at"],
                        name="bookmark_reminder_due",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("member", "post"), name="one_bookmark_per_post")
                ],
            },
        ),
    ]

"""The old hero fields go: articles name their hero image in the media library (0005)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0005_hero_in_media_library"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="article",
            name="hero_alt",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_caption",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_credit",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_height",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_image",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_width",
        ),
    ]

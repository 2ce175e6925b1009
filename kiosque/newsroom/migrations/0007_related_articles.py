# Related articles by meaning (kiosque/newsroom/related.py): each article's weighted words, how
# common each word is, and each article's nearest neighbours. Filled by `kiosque relate` and
# kept up to date by the newsroom's actions.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0006_remove_old_hero_fields")]

    operations = [
        migrations.CreateModel(
            name="TermCount",
            fields=[
                ("term", models.CharField(max_length=60, primary_key=True, serialize=False)),
                ("articles", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="ArticleTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("term", models.CharField(max_length=60)),
                ("weight", models.FloatField()),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="terms",
                        to="newsroom.article",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["term"], name="article_term_by_term")],
                "constraints": [
                    models.UniqueConstraint(fields=("article", "term"), name="article_term_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="RelatedArticle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("score", models.FloatField()),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="similar",
                        to="newsroom.article",
                    ),
                ),
                (
                    "related",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="similar_to",
                        to="newsroom.article",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "related"), name="related_article_once"
                    )
                ],
            },
        ),
    ]

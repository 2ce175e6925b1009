"""`kiosque generate` writes in bulk what the actions would have written, fast and repeatably."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Sum
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from conftest import as_in_every_test, rolled_back_after
from kiosque.accounts.models import User
from kiosque.community.actions import get_article_discussions_category, recount
from kiosque.community.models import Like, Notification, Post, Topic
from kiosque.demo import generator, lexicon, prose
from kiosque.demo.generator import GENERATED_PASSWORD, generate
from kiosque.markup import render_article_body, render_post
from kiosque.media.models import Image
from kiosque.newsroom.models import Article, Section, Story
from kiosque.typography import french_spacing

# A Tuesday afternoon; the generated site ends just before it.
NOW = datetime(2025, 3, 11, 15, 20, tzinfo=UTC)
ARTICLES, COMMENTS, HOT = 30, 500, 50

# Generated heroes are uploaded to the media library: into a scratch directory.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("generate", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def generated_once(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A small generated site (the command's output), made at NOW once for the tests of a
    class that only read it, with the settings every test has; rolled back after them (each
    test runs in a savepoint of its own, so what one writes the next does not see)."""
    with rolled_back_after(django_db_blocker):
        with (
            as_in_every_test(MEDIA_ROOT=tmp_path_factory.mktemp("generated-media")),
            time_machine.travel(NOW, tick=False),
        ):
            output = run(
                "--articles", str(ARTICLES), "--comments", str(COMMENTS),
                "--hot-comments", str(HOT), "--seed", "7",
            )  # fmt: skip
        yield output


@pytest.fixture
def generated(generated_once: str, frozen_now: None) -> str:
    """The small generated site, read at NOW."""
    return generated_once


@pytest.fixture
def frozen_now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("articles", "comments", "hot"), [(1, 10, 10), (7, 0, None), (50, 1234, 0), (9, 77, None)]
)
def test_comment_counts_add_up_exactly(articles: int, comments: int, hot: int | None) -> None:
    counts = generator._comment_counts(
        random.Random(1), articles, comments=comments, hot_comments=hot
    )
    assert len(counts) == articles and sum(counts) == comments and min(counts) >= 0
    if hot is not None:
        assert counts[-1] == hot


class TestTheGeneratedSite:
    """Tests that read one generated site, made once for them all (`generated_once`)."""

    def test_heroes_are_a_few_described_illustrations_of_each_section(self, generated: str) -> None:
        shown: dict[int, set[int]] = {}
        for article in Article.objects.select_related("hero"):
            assert article.hero is not None and article.hero.alt and article.hero.credit
            assert (article.hero.width, article.hero.height) == (1600, 900)
            shown.setdefault(article.section_id, set()).add(article.hero.pk)
        assert all(len(ids) <= generator.HEROES_PER_SECTION for ids in shown.values())
        library = Image.objects.count()
        assert library <= generator.HEROES_PER_SECTION * Section.objects.count()

        run("--articles", "3", "--comments", "0", "--seed", "8")

        assert Image.objects.count() == library, "a later run uses the same illustrations"

    def test_counts_and_the_hot_article(self, generated: str) -> None:
        published = Article.objects.published(at=NOW)
        assert published.count() == Article.objects.count() == ARTICLES
        assert Post.objects.count() == COMMENTS
        assert User.objects.count() == generator.DEFAULT_MEMBERS_MIN
        newest = published.newest_first().select_related("topic").first()
        assert newest is not None and newest.topic is not None
        assert newest.topic.post_count == HOT == Post.objects.filter(topic=newest.topic).count()
        assert newest.published_at == NOW - generator.NEWEST_ARTICLE_AGE
        assert f"{COMMENTS:,} comments" in generated
        assert "the newest article has 50" in generated
        assert "seed 7" in generated
        assert Story.objects.count() == ARTICLES // generator.ARTICLES_PER_STORY

    def test_comments_per_article_follow_a_power_law(self, generated: str) -> None:
        hot = Article.objects.newest_first().values_list("topic", flat=True)[0]
        counts = sorted(Topic.objects.exclude(pk=hot).values_list("post_count", flat=True))
        assert sum(counts) == COMMENTS - HOT
        median = counts[len(counts) // 2]
        assert counts[-1] >= 4 * median, "a few discussions are much longer than most"
        assert counts[0] <= median / 3, "and many are short"

    def test_every_article_is_published_with_its_one_discussion(self, generated: str) -> None:
        category = get_article_discussions_category()
        articles = Article.objects.select_related("topic", "section").prefetch_related(
            "bylines", "tags"
        )
        for article in articles:
            assert article.status == Article.Status.PUBLISHED
            assert article.published_at is not None and article.published_at < NOW
            assert article.topic is not None
            assert article.topic.category == category
            assert article.topic.visible_from == article.published_at
            assert article.topic.title == article.title and not article.topic.is_hidden
            assert article.lead and "## " in article.body and article.body_html
            assert 1 <= len(article.bylines.all()) <= 2 and article.tags.all()
        assert Topic.objects.count() == ARTICLES
        assert {section.slug for section in Section.objects.all()} <= {
            theme.section for theme in lexicon.THEMES
        }

    def test_check_counts_finds_no_drift(self, generated: str) -> None:
        assert recount(repair=False) == []
        out = io.StringIO()
        call_command("check_counts", stdout=out)
        assert "Every counter matches its rows." in out.getvalue()
        assert Post.objects.aggregate(n=Sum("like_count"))["n"] == Like.objects.count() > 0

    def test_comment_times_follow_publication_and_increase_within_a_topic(
        self, generated: str
    ) -> None:
        for article in Article.objects.select_related("topic"):
            posts = list(
                Post.objects.filter(topic=article.topic).order_by("created_at", "id").values()
            )
            times = [post["created_at"] for post in posts]
            assert times == sorted(set(times)), "strictly increasing"
            assert [post["id"] for post in posts] == sorted(post["id"] for post in posts)
            published_at = article.published_at
            assert published_at is not None
            assert all(published_at < at < NOW for at in times)
            earlier = set()
            for post in posts:
                assert post["reply_to_id"] is None or post["reply_to_id"] in earlier
                earlier.add(post["id"])
        for like in Like.objects.select_related("post"):
            assert like.post.created_at < like.created_at < NOW
            assert like.user_id != like.post.author_id

    def test_stored_html_is_what_the_renderers_give(self, generated: str) -> None:
        """Every post and article, rendered again by the site's own renderers."""
        with translation.override(settings.LANGUAGE_CODE):
            for post in Post.objects.all():
                assert render_post(post.source).html == post.html, post.source
        for article in Article.objects.all():
            assert render_article_body(article.body) == article.body_html
        sources = list(Post.objects.values_list("source", flat=True))
        assert any(source.startswith("[quote=") for source in sources)
        assert any(re.match(r"@\w+", source) for source in sources)
        assert any("\u00a0" in source for source in sources), "some members type French spaces"
        assert any(len(source) > 600 for source in sources) and any(len(s) < 40 for s in sources)
        assert sum("é" in source or "à" in source for source in sources) > COMMENTS / 2

    def test_replies_quotes_mentions_and_likes_notify_like_the_actions(
        self, generated: str
    ) -> None:
        kinds = dict(
            Notification.objects.values_list("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        assert kinds.keys() == {"reply", "quote", "mention", "like"}
        assert kinds["like"] == Like.objects.count()
        quoted = Post.objects.filter(source__startswith="[quote=").select_related("reply_to")
        for post in quoted:
            assert post.reply_to is not None
            assert post.source.startswith(f'[quote="{post.reply_to.author.username}, post:')
            assert Notification.objects.filter(
                post=post, kind="quote", recipient=post.reply_to.author, actor=post.author
            ).exists()
        assert not Notification.objects.filter(recipient=F("actor")).exists()

    def test_members_are_unique_and_can_sign_in(self, generated: str, client: Any) -> None:
        names = list(User.objects.values_list("username", flat=True))
        lowered = User.objects.annotate(lowered=Lower("username")).values("lowered").distinct()
        assert lowered.count() == len(names)
        assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) for name in names)
        member = User.objects.order_by("pk").first()
        assert member is not None and member.check_password(GENERATED_PASSWORD)
        email = EmailAddress.objects.get(user=member)
        assert email.verified and email.primary and email.email == member.email

        response = client.post(
            reverse("account_login"), {"login": member.username, "password": GENERATED_PASSWORD}
        )

        assert response.status_code == 302
        home = client.get(reverse("newsroom:home")).content.decode()
        assert f'href="{member.get_absolute_url()}">{member.username}<' in home, "signed in"

    def test_article_and_topic_pages_show_the_comments(self, generated: str, client: Any) -> None:
        article = Article.objects.newest_first().select_related("topic").first()
        assert article is not None and article.topic is not None
        last = article.topic.last_post
        assert last is not None
        first = Post.objects.filter(topic=article.topic).order_by("created_at", "id").first()
        assert first is not None

        article_page = client.get(article.get_absolute_url())
        topic_page = client.get(article.topic.get_absolute_url())

        assert article_page.status_code == 200 and topic_page.status_code == 200
        # French pages space the stored text as French typography wants (kiosque/typography.py).
        assert french_spacing(last.html) in article_page.content.decode()
        assert french_spacing(first.html) in topic_page.content.decode()
        assert escape(article.title) in topic_page.content.decode()


def snapshot() -> dict[str, Any]:
    """What two runs with the same seed must agree on (times apart)."""
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (User, Article, Topic, Post, Like, Notification, Story)
        },
        "usernames": list(User.objects.order_by("pk").values_list("username", flat=True)),
        "titles": list(Article.objects.order_by("pk").values_list("title", "lead", "body")),
        "posts": list(
            Post.objects.order_by("pk").values_list(
                "pk", "topic", "author", "reply_to", "source", "html", "like_count"
            )[::7]
        ),
        "post_counts": list(Topic.objects.order_by("pk").values_list("post_count", flat=True)),
    }


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_the_same_seed_writes_the_same_site_at_any_hour(settings: Any) -> None:
    # Its commits are real: the renditions the uploads ask for stay queued (rows are compared).
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": settings.KIOSQUE_TASK_QUEUES,
        }
    }
    generate(articles=20, comments=300, hot_comments=30, seed=11, now=NOW)
    first = snapshot()
    call_command("flush", interactive=False, verbosity=0)

    later = NOW + timedelta(days=2, hours=7, minutes=13)
    generate(articles=20, comments=300, hot_comments=30, seed=11, now=later)

    assert snapshot() == first
    generate(articles=20, comments=300, hot_comments=30, seed=12, now=later)
    assert snapshot()["titles"][20:] != first["titles"], "another seed, another site"


@pytest.mark.usefixtures("media_root")
def test_it_adds_to_the_demo_and_to_itself(demo: str) -> None:
    demo_newest = Article.objects.published().newest_first().first()
    assert demo_newest is not None and demo_newest.published_at is not None
    for _run in range(2):
        generate(articles=20, comments=200, hot_comments=20, seed=3)

    usernames = User.objects.annotate(lowered=Lower("username"))
    assert usernames.values("lowered").distinct().count() == User.objects.count()
    assert Story.objects.values("slug").distinct().count() == Story.objects.count()
    newest = Article.objects.published().newest_first().select_related("topic").first()
    assert newest is not None and newest.topic is not None and newest.published_at is not None
    assert newest.published_at > demo_newest.published_at
    assert newest.topic.post_count == 20
    assert recount(repair=False) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--articles", "-1", "--comments", "0"], "--articles must be 0 or more"),
        (["--articles", "5", "--comments", "10", "--hot-comments", "11"], "cannot exceed"),
        (["--articles", "5", "--comments", "10", "--hot-comments", "-2"], "0 or more"),
        (["--articles", "0", "--comments", "10"], "Comments need articles"),
        (["--articles", "3", "--comments", "10", "--members", "0"], "need members"),
        (["--articles", "1", "--comments", "10", "--hot-comments", "4"], "must equal"),
        (["--comments", "10"], "--articles"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)
    assert not Article.objects.exists() and not User.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index rebuild is PostgreSQL's")
def test_indexes_rebuilt_after_a_big_load_are_the_ones_migrations_made() -> None:
    def schema() -> list[tuple[str, ...]]:
        tables = [model._meta.db_table for model in generator.REBUILT_TABLES]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), '' "
                "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) "
                "UNION ALL SELECT indrelid::regclass::text, indexrelid::regclass::text, "
                "pg_get_indexdef(indexrelid), indisvalid::text FROM pg_index "
                "WHERE indrelid::regclass::text = ANY(%s)",
                [tables, tables],
            )
            return sorted(cursor.fetchall())

    before = schema()

    generate(articles=10, comments=300, seed=5, now=NOW, rebuild_indexes=True)

    assert schema() == before
    assert recount(repair=False) == []


def test_generated_names_never_change_under_the_renderers() -> None:
    """Names replaced into rendered HTML must be text that Markdown and the sanitiser keep."""
    names = [*lexicon.COMPANIES, *lexicon.CITIES]
    names += [product for theme in lexicon.THEMES for product in theme.products]
    for name in names:
        assert re.fullmatch(r"[^\W\d_][\w \-]*", name), name
        assert name[0].lower() not in "aeiouéèêàâîôûh", f"« de {name} » would elide"
        assert render_article_body(name) == f"<p>{name}</p>\n"
        assert render_post(name).html == f"<p>{name}</p>"


def test_a_renderer_change_is_caught_before_anything_is_written(monkeypatch: Any) -> None:
    """If pieces rendered apart stopped adding up to the renderer's output, nothing is kept."""

    def changed(source: str, **kwargs: Any) -> Any:
        rendered = render_post(source, **kwargs)
        return type(rendered)(html=rendered.html + "<hr>")

    monkeypatch.setattr(generator, "render_post", changed)
    with pytest.raises(CommandError, match="differs from what the renderer gives"):
        run("--articles", "3", "--comments", "20", "--seed", "1")
    assert not Post.objects.exists() and not Article.objects.exists()


def test_every_shape_of_comment_adds_up_as_the_renderer_renders_it() -> None:
    """Quotes and « @name » openers around paragraphs of every shape: rendered apart, then put
    together, they give render_post's HTML (no database: names are resolved as members)."""
    writer = prose.CommentWriter(seed=3)
    numbers = [n for theme in range(len(lexicon.THEMES)) for n in writer.theme_range(theme)]
    shapes = {
        "line break": [n for n in numbers if "\n" in writer.paragraph_source(n)],
        "emphasis": [n for n in numbers if "*" in writer.paragraph_source(n)],
        "French spaces": [n for n in numbers if "\u00a0" in writer.paragraph_source(n)],
        "straight quotes": [n for n in numbers if '"' in writer.paragraph_source(n)],
    }
    rng = random.Random(3)
    with translation.override(settings.LANGUAGE_CODE):
        for shape, found in shapes.items():
            assert found, shape
            for number in found[:15]:
                assert writer.is_quotable(number)
                quote = writer.quote(username="Zoe_M", post_id=4321, paragraph=number)
                opener = writer.opener(rng, "nico_velo")
                mine = (writer.paragraph_source(number), writer.paragraph_html(number))
                source, html = prose.join_post(
                    [quote[0].rstrip("\n"), opener[0], mine[0]], [quote[1], opener[1], mine[1]]
                )
                assert render_post(source, known_usernames=lambda names: names).html == html

"""`kiosque demo` loads a current-looking French tech-news site; a second run changes nothing."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from kiosque.community.models import Topic
from kiosque.demo.tests.conftest import NOW, run_demo
from kiosque.media import renditions
from kiosque.media.models import Image as LibraryImage
from kiosque.media.models import Rendition
from kiosque.newsroom.models import Article, Author, Byline, Section, Story, Tag
from kiosque.newsroom.video import video_from_url

pytestmark = pytest.mark.django_db


def test_the_site_has_five_sections_full_of_recent_articles(demo: str) -> None:
    published = Article.objects.published()
    assert published.count() >= 30
    assert list(Section.objects.values_list("name", flat=True)) == [
        "IA",
        "Entreprises",
        "Sciences",
        "Hardware",
        "Jeux vidéo",
    ]
    for section in Section.objects.all():
        assert section.description
        assert published.filter(section=section).count() >= 5, section.name
    dates = sorted(at for at in published.values_list("published_at", flat=True) if at)
    assert NOW - dates[-1] < timedelta(days=1), "the front page looks current"
    assert timedelta(weeks=7) < NOW - dates[0] < timedelta(weeks=9), "about two months of news"
    paris_hours = {timezone.localtime(at).hour for at in dates}
    assert min(paris_hours) >= 7 and max(paris_hours) <= 23, "published at newsroom hours"
    assert len({at.date() for at in dates}) >= 25, "spread over many days"
    assert "Demo content: 37 articles (35 published, 1 scheduled, 1 draft), 6 authors" in demo


def test_six_authors_with_a_photo_and_a_first_person_bio(demo: str, media_root: Path) -> None:
    # The masthead's bylines (the newsroom team's, linked to accounts: test_demo_newsroom_team).
    authors = list(Author.objects.filter(user=None))
    assert len(authors) == 6
    for author in authors:
        assert author.job_title
        sentences = re.split(r"(?<=[.!?])\s+", author.bio.strip())
        assert 2 <= len(sentences) <= 4, author.name
        assert re.search(r"\b(je|j'|mon|mes)\b", author.bio, re.IGNORECASE), author.name
        with Image.open(author.photo.path) as photo:
            assert photo.size[0] >= 300 and photo.size[0] == photo.size[1]
        assert author.articles.count() >= 3


def test_two_running_stories_of_at_least_four_articles(demo: str) -> None:
    stories = Story.objects.all()
    assert stories.count() == 2
    for story in stories:
        assert story.summary
        told = Article.objects.published().filter(story=story)
        assert told.count() >= 4, story.title
        first = told.order_by("published_at").first()
        assert first and story.created_at == first.published_at, "the story starts with it"


def test_every_published_article_is_complete(demo: str, media_root: Path) -> None:
    published = list(
        Article.objects.published()
        .select_related("hero")
        .prefetch_related("tags", "bylines", "hero__renditions")
    )
    hero_digests = set()
    for article in published:
        assert article.lead and article.body_html and article.topic_id, article.slug
        hero = article.hero
        assert hero and hero.alt and hero.caption and hero.credit, article.slug
        with Image.open(hero.file.path) as image:
            assert image.format == "JPEG" and image.size == (1600, 900)
        assert (hero.width, hero.height) == (1600, 900)
        hero_digests.add(hashlib.sha256(Path(hero.file.path).read_bytes()).hexdigest())
        assert 1 <= len(article.bylines.all()) <= 2, article.slug
        assert article.tags.all(), article.slug
    assert len(hero_digests) == len(published), "each article has its own picture"
    assert sum(bool(a.source_name and a.source_url) for a in published) > len(published) / 2
    assert 3 <= sum(a.is_featured for a in published) <= 4
    videos = [a for a in published if a.video_url]
    assert videos and all(video_from_url(a.video_url) for a in videos)
    updated = [a for a in published if a.updated_at]
    assert updated and all(a.has_notable_update for a in updated)
    for article in updated:
        assert article.updated_at and article.published_at
        assert article.updated_at - article.published_at >= timedelta(hours=1)
    assert 15 <= Tag.objects.count() <= 25
    assert Tag.objects.filter(articles__isnull=False).distinct().count() == Tag.objects.count()


def test_inline_pictures_render_as_credited_figures(
    demo: str, media_root: Path, client: Any
) -> None:
    figures = re.compile(r'<figure><img data-image="(\d+)" alt="[^"]+"><figcaption>[^<]+©')
    found = {
        article: [int(pk) for pk in figures.findall(article.body_html)]
        for article in Article.objects.published()
    }
    inline = {pk: article for article, pks in found.items() for pk in pks}
    assert len(inline) >= 3
    for image in LibraryImage.objects.filter(pk__in=inline):
        with Image.open(image.file.path) as picture:
            assert picture.format == "JPEG"
        renditions.make_renditions(image.pk)  # the worker's, asked by the load once committed
        html = client.get(inline[image.pk].get_absolute_url()).content.decode()
        assert re.search(
            rf'<figure><picture>(<source type="image/(avif|webp)" srcset="[^"]+\.\w+ 480w, '
            rf'[^>]+>)+<img src="[^"]+" width="\d+" height="\d+" '
            rf'alt="{re.escape(escape(image.alt))}"',
            html,
        ), image.alt


def test_a_hero_comes_in_the_sizes_the_worker_makes(demo: str, client: Any) -> None:
    article = Article.objects.published().select_related("hero").filter(is_featured=True).first()
    assert article is not None and article.hero is not None
    renditions.make_renditions(article.hero.pk)  # the worker's, asked by the load once committed

    html = client.get(article.get_absolute_url()).content.decode()

    assert re.search(
        r'<figure class="article__hero">\s*<picture>(<source type="image/avif"[^>]+>)?'
        r'<source type="image/webp" srcset="[^"]+-480-\w+\.webp 480w, [^"]+ 1600w"',
        html,
    )
    assert re.search(r'<meta property="og:image" content="http[^"]+-social-1200-\w+\.jpg">', html)


def test_the_draft_and_the_scheduled_article_stay_out_of_sight(demo: str, client: Any) -> None:
    hidden = Article.objects.exclude(pk__in=Article.objects.published())
    # With the newsroom team's: a draft, one in review, one scheduled.
    statuses = ["draft", "draft", "in_review", "scheduled", "scheduled"]
    assert sorted(hidden.values_list("status", flat=True)) == statuses
    for scheduled in hidden.filter(status=Article.Status.SCHEDULED):
        assert scheduled.published_at and scheduled.published_at > NOW
    for article in hidden:
        pages = [
            reverse("newsroom:home"),
            reverse("community:index"),
            reverse("community:category-detail", kwargs={"slug": "articles"}),
            article.section.get_absolute_url(),
            *(tag.get_absolute_url() for tag in article.tags.all()),
            *(author.get_absolute_url() for author in article.authors.all()),
        ]
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            assert article.title not in response.content.decode(), page
        assert client.get(article.get_absolute_url()).status_code == 404


def _snapshot(media_root: Path) -> tuple[dict[str, int], dict[str, int]]:
    counts = {
        model.__name__: model.objects.count()
        for model in (
            Article,
            Author,
            Section,
            Tag,
            Story,
            Byline,
            Topic,
            Article.tags.through,
            LibraryImage,
            Rendition,
        )
    }
    files = {str(path): path.stat().st_mtime_ns for path in media_root.rglob("*") if path.is_file()}
    return counts, files


def test_a_second_run_changes_nothing(demo: str, media_root: Path) -> None:
    before = _snapshot(media_root)

    second = run_demo()

    assert _snapshot(media_root) == before
    assert "nothing to do" in second


def test_a_missing_picture_is_drawn_again_without_touching_the_rows(
    demo: str, media_root: Path
) -> None:
    article = Article.objects.published().select_related("hero").first()
    assert article is not None and article.hero is not None
    hero = Path(article.hero.file.path)
    hero.unlink()
    counts, _files = _snapshot(media_root)

    output = run_demo()

    assert hero.exists()
    assert _snapshot(media_root)[0] == counts
    assert "1 image drawn" in output

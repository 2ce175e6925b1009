"""Load the demo newsroom: sections, subjects, bylines, running stories and articles.

Every object is keyed by its slug: what exists is left exactly as it is, so running the load
twice changes nothing. Publication times are relative to the load, so a fresh site looks
current. Released articles go through `publish_article`, which opens their discussion. Heroes
and inline pictures are images of the media library, uploaded with the article; its body names
them as `![alt](image:ID "caption")`.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from kiosque.media.models import Image
from kiosque.newsroom import actions
from kiosque.newsroom.models import Article, Author, Section, Story, Tag

from . import images
from .content import ARTICLES, AUTHORS, SECTIONS, STORIES, TAGS
from .content.base import ILLUSTRATION_CREDIT, ArticleData, AuthorData, InlineImage, SectionData
from .media import add_to_library, restore_missing_file, store_once
from .report import LoadReport

PARIS = ZoneInfo("Europe/Paris")
# An article due "today" at an hour still to come is moved to the day before, with this margin,
# so that every published demo article is already out when the load ends.
RELEASE_MARGIN = timedelta(minutes=5)

_PLACEHOLDER = re.compile(r"\{(image|section|tag|story|author):([a-z0-9-]+)\}")
_LIBRARY_IMAGE = re.compile(r"\]\(image:(\d+)")
_PAGE_URLS = {
    "section": "newsroom:section-detail",
    "tag": "newsroom:tag-detail",
    "story": "newsroom:story-detail",
    "author": "newsroom:author-detail",
}


@transaction.atomic
def load_newsroom(*, now: datetime | None = None) -> LoadReport:
    """Create the demo newsroom's missing rows and pictures, leaving existing ones alone.

    Side effects: released articles get their discussion topic (through `publish_article`);
    authors' photos are drawn into the media storage under fixed names, only when missing; the
    pictures of a new article are uploaded to the media library (renditions follow, by the
    worker), and those of an existing one drawn again only if their file went missing.
    """
    now = now or timezone.now()
    by_status = {
        status: sum(1 for data in ARTICLES if data.status == status)
        for status in ("published", "scheduled", "draft")
    }
    report = LoadReport(
        label="Demo content",
        totals={
            "articles": len(ARTICLES),
            "authors": len(AUTHORS),
            "sections": len(SECTIONS),
            "tags": len(TAGS),
            "running stories": len(STORIES),
        },
        details={"articles": ", ".join(f"{count} {key}" for key, count in by_status.items())},
    )
    sections = {data.slug: _ensure_section(data, report) for data in SECTIONS}
    tags = {slug: _ensure_tag(slug, name, report) for slug, name in TAGS.items()}
    authors = {data.slug: _ensure_author(data, report) for data in AUTHORS}
    released = {data.slug: release_time(data, now=now) for data in ARTICLES}
    stories = {}
    for story in STORIES:
        starts = [
            at for data in ARTICLES if data.story == story.slug and (at := released[data.slug])
        ]
        stories[story.slug], created = Story.objects.get_or_create(
            slug=story.slug,
            defaults={"title": story.title, "summary": story.summary, "created_at": min(starts)},
        )
        report.created["running stories"] += created
    section_data = {data.slug: data for data in SECTIONS}
    for data in ARTICLES:
        _ensure_article(
            data,
            at=released[data.slug],
            section=sections[data.section],
            motif=section_data[data.section].motif,
            tags=[tags[slug] for slug in data.tags],
            authors=[authors[slug] for slug in data.authors],
            story=stories[data.story] if data.story else None,
            report=report,
        )
    return report


def release_time(data: ArticleData, *, now: datetime) -> datetime | None:
    """When `data` comes out: `days_ago` days before `now` at its Paris time; None for a draft."""
    if data.status == "draft":
        return None
    hour, minute = (int(part) for part in data.time.split(":"))
    day = timezone.localtime(now, PARIS).date() - timedelta(days=data.days_ago)
    at = datetime.combine(day, time(hour, minute), tzinfo=PARIS)
    if data.status == "published" and at > now - RELEASE_MARGIN:
        at -= timedelta(days=1)
    return at


def _ensure_section(data: SectionData, report: LoadReport) -> Section:
    section, created = Section.objects.get_or_create(
        slug=data.slug,
        defaults={"name": data.name, "description": data.description, "position": data.position},
    )
    report.created["sections"] += created
    return section


def _ensure_tag(slug: str, name: str, report: LoadReport) -> Tag:
    tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=name).first()
    if tag is None:
        tag = Tag.objects.create(slug=slug, name=name)
        report.created["tags"] += 1
    return tag


def _ensure_author(data: AuthorData, report: LoadReport) -> Author:
    name = f"authors/demo/{data.slug}.jpg"
    author, created = Author.objects.get_or_create(
        slug=data.slug,
        defaults={"name": data.name, "job_title": data.job_title, "bio": data.bio, "photo": name},
    )
    report.created["authors"] += created
    if author.photo.name == name:
        draw = partial(images.portrait_jpeg, key=data.slug, initials=data.initials)
        report.images_drawn += store_once(author.photo.storage, name, draw)
    return author


def _ensure_article(
    data: ArticleData,
    *,
    at: datetime | None,
    section: Section,
    motif: str,
    tags: list[Tag],
    authors: list[Author],
    story: Story | None,
    report: LoadReport,
) -> Article:
    draw_hero = partial(
        images.hero_jpeg,
        key=data.slug,
        motif=motif,
        word=data.hero_word,
        label=f"Kiosque · {section.name}",
    )
    article = Article.objects.filter(slug=data.slug).select_related("hero").first()
    if article is not None:
        if article.hero is not None:
            report.images_drawn += restore_missing_file(article.hero, draw_hero)
        for image, library_image in _inline_images_of(article, data).items():
            report.images_drawn += restore_missing_file(library_image, partial(_draw, image))
        return article

    inline = {image.key: _add_inline(image, report) for image in data.images}
    hero = add_to_library(
        name=f"{data.slug}.jpg",
        draw=draw_hero,
        alt=images.hero_alt(key=data.slug, motif=motif, word=data.hero_word),
        caption=data.hero_caption,
        credit=ILLUSTRATION_CREDIT,
    )
    report.images_drawn += 1
    source_name, source_url = data.source or ("", "")
    video_url, video_title = data.video or ("", "")
    article = Article(
        title=data.title,
        slug=data.slug,
        lead=data.lead,
        body=_expand(data.body, images=inline),
        hero=hero,
        source_name=source_name,
        source_url=source_url,
        video_url=video_url,
        video_title=video_title,
        section=section,
        story=story,
        is_featured=data.is_featured,
    )
    if at is not None and data.updated_after_hours:
        updated_at = at + timedelta(hours=data.updated_after_hours)
        article.updated_at = updated_at if updated_at < timezone.now() else None
    actions.save_article(article, by=None, tags=tags, authors=authors)
    if at is not None:
        actions.publish_article(article, by=None, at=at)
    report.created["articles"] += 1
    return article


def _add_inline(image: InlineImage, report: LoadReport) -> Image:
    report.images_drawn += 1
    return add_to_library(
        name=f"{image.key}.jpg",
        draw=partial(_draw, image),
        alt=image.alt,
        caption=image.caption,
        credit=image.credit,
    )


def _inline_images_of(article: Article, data: ArticleData) -> dict[InlineImage, Image]:
    """The library images an existing demo article's body shows, by the picture each draws."""
    named = {int(pk) for pk in _LIBRARY_IMAGE.findall(article.body)}
    by_alt = {image.alt: image for image in Image.objects.filter(pk__in=named)}
    return {image: by_alt[image.alt] for image in data.images if image.alt in by_alt}


def _draw(image: InlineImage) -> bytes:
    if image.kind == "bars":
        return images.bar_chart_jpeg(
            key=image.key, title=image.title, points=image.points, unit=image.unit
        )
    if image.kind == "line":
        return images.line_chart_jpeg(
            key=image.key, title=image.title, points=image.points, unit=image.unit
        )
    return images.hero_jpeg(
        key=image.key,
        motif=image.kind,
        word=image.title,
        label="Kiosque",
        size=images.INLINE_SIZE,
    )


def _expand(body: str, *, images: dict[str, Image]) -> str:
    """The Markdown body with its `{image:…}` and page placeholders replaced."""

    def replace(match: re.Match[str]) -> str:
        kind, key = match.groups()
        if kind == "image":
            image = images[key]
            return f'![{image.alt}](image:{image.pk} "{image.caption} © {image.credit}")'
        with translation.override(settings.LANGUAGE_CODE):
            return reverse(_PAGE_URLS[kind], kwargs={"slug": key})

    return _PLACEHOLDER.sub(replace, body)

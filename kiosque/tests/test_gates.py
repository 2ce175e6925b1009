"""Visibility is one gate per model (docs/architecture.md, "Visibility: one gate per model").

Whether readers may see a topic or a post is written once, in kiosque/community/models.py
(`Topic.objects.visible()`, `Post.objects.visible()`, `Post.objects.readable()`, and the rows'
`is_visible`), and an article's in kiosque/newsroom/models.py (`Article.objects.published()`).
These tests read the source for a gate written again by hand, and check that the two forms of
each gate (the QuerySet and the row's predicate) agree.
"""

from __future__ import annotations

import ast
import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from kiosque.community.models import Moderation, Post, Topic
from kiosque.community.tests.factories import PostFactory, TopicFactory

ROOT = Path(__file__).resolve().parents[1]
# Where the gates are written.
GATE_MODULES = {"community/models.py", "newsroom/models.py"}
# Calls whose keyword arguments are lookups.
LOOKUP_CALLS = {"filter", "exclude", "get", "Q", "get_object_or_404", "get_list_or_404"}
LOOKUP_SUFFIXES = {"exact", "in", "lt", "lte", "gt", "gte", "isnull"}


def _field(keyword: str) -> tuple[str, str]:
    """The field a lookup keyword tests, and its lookup: "topics__visible_from__lte" →
    ("visible_from", "lte")."""
    parts = keyword.split("__")
    if len(parts) > 1 and parts[-1] in LOOKUP_SUFFIXES:
        return parts[-2], parts[-1]
    return parts[-1], "exact"


def _is_article_status(keyword: str) -> bool:
    """An article's own status, or reached through a relation (not a status kept in a JSON
    field, such as a revision's)."""
    parts = keyword.split("__")
    return parts[-2:] == ["status", "in"] and (
        len(parts) == 2 or parts[-3] in {"article", "articles"}
    )


def _call_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return ""


def hand_made_gates(source: str) -> list[str]:
    """Each place in `source` that writes a visibility gate again: lookups on a topic's
    publication (`is_hidden`, `visible_from`), on a shown moderation state, on released article
    statuses with a publication time; comparisons of `visible_from` or `is_hidden` in Python,
    and `moderation == SHOWN` with `is_deleted` in one condition."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _call_name(node) in LOOKUP_CALLS:
            for keyword in node.keywords:
                if not keyword.arg:
                    continue
                field, value = _field(keyword.arg)[0], ast.unparse(keyword.value).upper()
                if field in {"is_hidden", "visible_from"}:
                    found.append(f"line {node.lineno}: a topic's publication ({field})")
                elif field == "moderation" and "SHOWN" in value:
                    found.append(f"line {node.lineno}: a shown moderation state")
                elif _is_article_status(keyword.arg) and "RELEASED" in value:
                    found.append(f"line {node.lineno}: an article's released statuses")
        elif isinstance(node, ast.Compare | ast.UnaryOp | ast.BoolOp):
            attributes = {
                child.attr for child in ast.walk(node) if isinstance(child, ast.Attribute)
            }
            if isinstance(node, ast.Compare) and "visible_from" in attributes:
                found.append(f"line {node.lineno}: a topic's visible_from compared")
            elif isinstance(node, ast.UnaryOp) and "is_hidden" in attributes:
                found.append(f"line {node.lineno}: a topic's is_hidden tested")
            elif isinstance(node, ast.BoolOp) and {"is_deleted", "SHOWN"} <= attributes:
                found.append(f"line {node.lineno}: a post's moderation and deletion tested")
    return found


def test_no_visibility_gate_is_written_again_by_hand():
    offences = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in GATE_MODULES or "/migrations/" in relative or "/tests/" in relative:
            continue
        if relative.startswith("tests/"):
            continue
        for offence in hand_made_gates(path.read_text(encoding="utf-8")):
            offences.append(f"{relative}, {offence}")
    assert not offences, "Use the model's gate instead:\n" + "\n".join(offences)


@pytest.mark.parametrize(
    "source",
    [
        "Post.objects.filter(moderation=Moderation.SHOWN, is_deleted=False)",
        "Q(post__moderation=Moderation.SHOWN, post__is_deleted=False)",
        "Topic.objects.filter(is_hidden=False)",
        "Count('topics', filter=Q(topics__visible_from__lte=now))",
        "get_object_or_404(Article, status__in=RELEASED_STATUSES, pk=pk)",
        "Topic.objects.filter(article__status__in=RELEASED_STATUSES)",
        "ok = topic.visible_from is None or topic.visible_from <= at",
        "ok = not topic.is_hidden",
        "ok = post.moderation == Moderation.SHOWN and not post.is_deleted",
    ],
)
def test_the_search_finds_a_gate_written_by_hand(source):
    assert hand_made_gates(source)


@pytest.mark.parametrize(
    "source",
    [
        "Post.objects.readable().filter(author=member)",
        "Post.objects.filter(author=user, is_deleted=True)",
        "Post.objects.filter(pk=post.pk, moderation=Moderation.PENDING)",
        "Topic.objects.filter(pk=pk).update(moderation=Moderation.SHOWN)",
        "Topic.objects.create(title=title, visible_from=at)",
        "shown = current.moderation == Moderation.SHOWN",
        "revisions.filter(fields__status__in=list(RELEASED_STATUSES))",
    ],
)
def test_the_search_leaves_other_lookups_alone(source):
    assert not hand_made_gates(source)


@pytest.mark.django_db
def test_a_topic_is_visible_alike_in_the_database_and_on_its_row():
    now = timezone.now()
    times = [None, now - timedelta(hours=1), now + timedelta(hours=1)]
    for is_hidden, moderation, visible_from in itertools.product(
        [False, True], Moderation.values, times
    ):
        TopicFactory(is_hidden=is_hidden, moderation=moderation, visible_from=visible_from)

    visible = set(Topic.objects.visible(at=now))

    assert visible == {topic for topic in Topic.objects.all() if topic.is_visible(at=now)}
    assert len(visible) == 2  # released and shown, without a time or past it


@pytest.mark.django_db
def test_a_post_is_visible_alike_in_the_database_and_on_its_row_and_readable_in_visible_topics():
    topics = [TopicFactory(), TopicFactory(hidden=True), TopicFactory(moderation="hidden")]
    for topic, moderation, is_deleted in itertools.product(
        topics, Moderation.values, [False, True]
    ):
        PostFactory(topic=topic, moderation=moderation, is_deleted=is_deleted)

    visible = set(Post.objects.visible())

    assert visible == {post for post in Post.objects.all() if post.is_visible}
    assert len(visible) == len(topics)
    assert set(Post.objects.readable()) == {post for post in visible if post.topic == topics[0]}

"""Template helpers of following: `{% load following %}`. They read what a preparer or a view
passed (`topic_marks`, `follow_levels`) and make no query."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from kiosque.community.following import Marks, effective_level, level_name

register = template.Library()


@register.filter
def marks_of(topic_marks: Mapping[int, Marks] | None, topic_id: Any) -> Marks:
    """The member's marks of topic `topic_id` (none for a reader)."""
    if not topic_marks:
        return Marks()
    return topic_marks.get(int(topic_id), Marks())


@register.simple_tag
def topic_level(
    follow_levels: Mapping[str, Mapping[int, int]] | None, topic: Any, category: Any
) -> str:
    """The member's level of a topic, as a word: its own, else its category's, else normal."""
    levels = follow_levels or {}
    own = levels.get("topic", {}).get(int(topic)) if topic not in (None, "") else None
    of_category = (
        levels.get("category", {}).get(int(category)) if category not in (None, "") else None
    )
    return level_name(effective_level(own, of_category))


@register.simple_tag
def category_level(follow_levels: Mapping[str, Mapping[int, int]] | None, category: Any) -> str:
    """The member's level of a category, as a word (normal when they set none)."""
    levels = follow_levels or {}
    return level_name(effective_level(None, levels.get("category", {}).get(int(category))))

"""Forum rows for the accounts tests, made without importing the community app.

accounts sits below community (docs/architecture.md): even its tests reach the forum's models
through the app registry, and store posts as-is without community's actions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape

from kiosque.accounts.models import User


def make_topic(*, title: str = "Un sujet", **fields: Any) -> Any:
    category, _ = apps.get_model("community", "Category").objects.get_or_create(
        slug="discussions", defaults={"name": "Discussions"}
    )
    topic = apps.get_model("community", "Topic").objects.create(
        category=category, title=title, slug="un-sujet", **fields
    )
    return topic


def make_post(
    *,
    author: User,
    topic: Any,
    text: str = "Un message.",
    html: str | None = None,
    at: datetime | None = None,
    **fields: Any,
) -> Any:
    posts = apps.get_model("community", "Post").objects
    if "position" not in fields:  # the next number in its topic, as the actions give it
        highest = posts.filter(topic=topic).aggregate(highest=Max("position"))["highest"]
        fields["position"] = (highest or 0) + 1
    post = posts.create(
        topic=topic,
        author=author,
        source=text,
        html=html if html is not None else f"<p>{escape(text)}</p>",
        created_at=at or timezone.now(),
        **fields,
    )
    return post

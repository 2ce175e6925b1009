"""The shapes of the demo's French newsroom content: plain data, no database."""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent
from typing import Literal

# Every picture of the demo is drawn by kiosque.demo.images; the credit says so.
ILLUSTRATION_CREDIT = "Illustration Kiosque"
CHART_CREDIT = "Infographie Kiosque"


def md(text: str) -> str:
    """A Markdown body written indented in a module, without its indentation."""
    return dedent(text).strip() + "\n"


@dataclass(frozen=True)
class SectionData:
    slug: str
    name: str
    description: str
    position: int
    motif: str  # how kiosque.demo.images illustrates the section's articles


@dataclass(frozen=True)
class AuthorData:
    slug: str
    name: str
    job_title: str
    bio: str

    @property
    def initials(self) -> str:
        return "".join(word[0] for word in self.name.replace("-", " ").split()[:2]).upper()


@dataclass(frozen=True)
class StoryData:
    slug: str
    title: str
    summary: str


@dataclass(frozen=True)
class InlineImage:
    """A picture inside a body, written `{image:<key>}` where it goes.

    `kind` is "bars" or "line" (a chart of `points`) or a motif of kiosque.demo.images
    (then `title` is the word drawn on it).
    """

    key: str
    kind: str
    title: str
    alt: str
    caption: str
    points: tuple[tuple[str, float], ...] = ()
    unit: str = ""

    @property
    def credit(self) -> str:
        return CHART_CREDIT if self.kind in ("bars", "line") else ILLUSTRATION_CREDIT


@dataclass(frozen=True)
class ArticleData:
    """One article. Its publication time is `days_ago` days before the load, at `time` in Paris.

    In `body`, `{image:<key>}` stands for an inline image and `{section:<slug>}`, `{tag:<slug>}`,
    `{story:<slug>}` and `{author:<slug>}` for the address of that page.
    """

    slug: str
    section: str
    title: str
    lead: str
    body: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    days_ago: int
    time: str
    hero_word: str
    hero_caption: str
    source: tuple[str, str] | None = None
    story: str | None = None
    is_featured: bool = False
    video: tuple[str, str] | None = None  # (URL, title)
    updated_after_hours: float | None = None
    status: Literal["published", "scheduled", "draft"] = "published"
    images: tuple[InlineImage, ...] = ()

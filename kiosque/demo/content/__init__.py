"""The demo publication's French newsroom content, as plain data (see masthead.py)."""

from __future__ import annotations

from . import entreprises, hardware, ia, jeux_video, sciences
from .base import ArticleData, AuthorData, InlineImage, SectionData, StoryData
from .masthead import AUTHORS, SECTIONS, STORIES, TAGS

ARTICLES: tuple[ArticleData, ...] = (
    *ia.ARTICLES,
    *entreprises.ARTICLES,
    *sciences.ARTICLES,
    *hardware.ARTICLES,
    *jeux_video.ARTICLES,
)

__all__ = [
    "ARTICLES",
    "AUTHORS",
    "SECTIONS",
    "STORIES",
    "TAGS",
    "ArticleData",
    "AuthorData",
    "InlineImage",
    "SectionData",
    "StoryData",
]

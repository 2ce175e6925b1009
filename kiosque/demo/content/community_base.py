"""The shapes of the demo community's content: plain data, no database.

Times are relative: a member joined `joined_days_ago` days before the load; a forum topic opens
`days_ago` days before it at `time` (Paris); a message comes `minutes` after the head of its
thread (the topic's opening post, or the article it comments).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MemberData:
    username: str
    bio: str
    joined_days_ago: int
    has_avatar: bool = True


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    description: str
    position: int


@dataclass(frozen=True)
class Message:
    """A post: a reply in a forum topic, or a comment under an article.

    In `text`, `{article:<slug>}` stands for the full address of that article's page (alone on
    its line, it becomes a preview card) and `{image:<key>}` for an uploaded picture.
    `key` names the message for the later ones that answer it (`reply_to`) or quote it
    (`quote`: the key and the excerpt, which must be part of that message's text).
    """

    author: str
    text: str
    minutes: int
    key: str = ""
    reply_to: str = ""
    quote: tuple[str, str] | None = None
    likes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicData:
    """A forum topic: its opening post (by `author`, liked by `likes`) and its replies."""

    category: str
    title: str
    author: str
    text: str
    days_ago: int
    time: str
    replies: tuple[Message, ...] = ()
    likes: tuple[str, ...] = ()
    is_pinned: bool = False
    is_closed: bool = False


@dataclass(frozen=True)
class DiscussionData:
    """The comments under the article `article` (its slug)."""

    article: str
    comments: tuple[Message, ...]

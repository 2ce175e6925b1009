"""What the forum's public pages say of themselves: canonical and alternates, Open Graph,
Twitter card and JSON-LD (`DiscussionForumPosting` with its `Comment`s on a topic,
`CollectionPage` on the index and a category, `BreadcrumbList` forum › category › topic), from
what each page's context holds (no query). Shared machinery: `kiosque/metadata.py`; template
tags: `templatetags/forum_metadata.py`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import Page
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from kiosque import metadata
from kiosque.accounts.models import User
from kiosque.metadata import CONTEXT, PageMetadata, absolute, iso

from .models import Category, Post, Topic


def forum_crumb() -> tuple[str, str]:
    return (_("Forum"), reverse("community:index"))


def member(user: User | None) -> dict[str, Any]:
    """A post's author as a `Person` (a deleted member keeps no page), or the publication for
    a topic the newsroom opened."""
    if user is None:
        return {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")}
    data: dict[str, Any] = {"@type": "Person", "name": user.public_name}
    if not user.is_deleted:
        data["url"] = absolute(user.get_absolute_url())
    return data


def _likes(count: int) -> dict[str, Any]:
    return {
        "@type": "InteractionCounter",
        "interactionType": "https://schema.org/LikeAction",
        "userInteractionCount": count,
    }


def comment(post: Post, page_url: str) -> dict[str, Any]:
    """A reply as a schema.org `Comment`: author, time, text, address, likes."""
    data: dict[str, Any] = {
        "@type": "Comment",
        "url": f"{page_url}#post-{post.pk}",
        "author": member(post.author),
        "datePublished": iso(post.created_at),
        "text": metadata.plain_text(post.html),
        "interactionStatistic": _likes(post.like_count),
    }
    if post.edited_at:
        data["dateModified"] = iso(post.edited_at)
    return data


def forum_metadata(request: HttpRequest, categories: Sequence[Category]) -> PageMetadata:
    """The forum's index: a `CollectionPage` of its categories."""
    title = _("Forum")
    description = _("The readers’ forum: discuss the news and technology with the community.")
    canonical = metadata.canonical_url(request)
    return metadata.build(
        request,
        title=title,
        description=description,
        structured_data=[
            metadata.collection_page(
                name=title,
                description=description,
                url=canonical,
                items=[category.get_absolute_url() for category in categories],
            ),
            metadata.breadcrumb_list([forum_crumb()]),
        ],
    )


def category_metadata(request: HttpRequest, category: Category, page: Page[Topic]) -> PageMetadata:
    """A category: a `CollectionPage` of this page's topics, forum › category."""
    canonical = metadata.canonical_url(request, page.number)
    description = metadata.description_of(
        category.description,
        _("Discussions of the %(name)s category, on the forum.") % {"name": category.name},
    )
    return metadata.build(
        request,
        title=category.name,
        description=description,
        page_number=page.number,
        structured_data=[
            metadata.collection_page(
                name=category.name,
                description=description,
                url=canonical,
                items=[topic.get_absolute_url() for topic in page.object_list],
            ),
            metadata.breadcrumb_list([forum_crumb(), (category.name, canonical)]),
        ],
    )


def topic_metadata(
    request: HttpRequest,
    topic: Topic,
    posts: Sequence[Post],
    *,
    page_number: int | None = None,
    is_first_page: bool,
    article: Any = None,
) -> PageMetadata:
    """A topic's page: the `DiscussionForumPosting` (its opening post, or the article an
    article's discussion is about) with the replies this page shows as `Comment`s, and forum ›
    category › topic. `page_number`: the numbered page shown (a window of posts asked by
    `?after=` names the numbered page holding its first post: its canonical)."""
    canonical = metadata.canonical_url(request, page_number)
    topic_url = absolute(topic.get_absolute_url())
    title = article.title if article is not None else topic.title
    opening: Post | None = None
    replies = list(posts)
    if article is None and is_first_page and replies:
        opening, replies = replies[0], replies[1:]
    description = metadata.description_of(
        article.lead if article is not None else None,
        opening.html if opening is not None else None,
        _("A discussion on the forum: %(title)s") % {"title": title},
    )
    posting = _posting(topic, title, topic_url, canonical, opening, replies, article)
    return metadata.build(
        request,
        title=title,
        description=description,
        page_number=page_number,
        og_type="article",
        structured_data=[
            posting,
            metadata.breadcrumb_list(
                [
                    forum_crumb(),
                    (topic.category.name, topic.category.get_absolute_url()),
                    (title, topic_url),
                ]
            ),
        ],
    )


def _posting(
    topic: Topic,
    title: str,
    topic_url: str,
    canonical: str,
    opening: Post | None,
    replies: list[Post],
    article: Any,
) -> dict[str, Any] | None:
    """The topic as Google's `DiscussionForumPosting` (author, datePublished and text are
    required); None when this page does not show who opened it (a later page)."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "DiscussionForumPosting",
        "@id": f"{topic_url}#topic",
        "mainEntityOfPage": canonical,
        "url": topic_url,
        "headline": title,
        "inLanguage": settings.LANGUAGE_CODE,
        "isPartOf": absolute(topic.category.get_absolute_url()),
        "comment": [comment(post, canonical) for post in replies],
        "interactionStatistic": [
            {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/CommentAction",
                "userInteractionCount": max(topic.post_count - (0 if article else 1), 0),
            },
            {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/ViewAction",
                "userInteractionCount": topic.view_count,
            },
        ],
    }
    if topic.is_closed:
        data["creativeWorkStatus"] = "closed"
    if article is not None:  # the newsroom's article, discussed: shared content
        article_url = absolute(article.get_absolute_url())
        data |= {
            "author": member(None),
            "datePublished": iso(article.published_at or topic.created_at),
            "text": article.lead,
            "sharedContent": {"@type": "WebPage", "url": article_url, "headline": article.title},
        }
    elif opening is not None:
        data |= {
            "author": member(opening.author),
            "datePublished": iso(opening.created_at),
            "text": metadata.plain_text(opening.html),
            "interactionStatistic": [*data["interactionStatistic"], _likes(opening.like_count)],
        }
        if opening.edited_at:
            data["dateModified"] = iso(opening.edited_at)
    elif Topic.author.is_cached(topic):
        data |= {"author": member(topic.author), "datePublished": iso(topic.created_at)}
        data["text"] = title
    else:
        return None
    return data

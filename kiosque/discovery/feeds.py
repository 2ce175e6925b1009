"""RSS 2.0 and Atom feeds: the site's, each section's, tag's, author's and running story's
articles; each article's comments and each forum topic's posts; the corrections.

Every feed is in the site's language whoever asks, holds only what the gates let out
(`Article.objects.published()`, `Topic.objects.visible()`, `Post.objects.visible()`), costs
the same few queries however many items it holds, and answers a conditional GET
(`conditional.answer_conditionally`: an `ETag` of its bytes, `Last-Modified` of the latest change
it shows, 304).

An article item carries its lead (`description`, Atom `summary`) and, when
`KIOSQUE_FEED_FULL_TEXT` is on, its whole text (`content:encoded`, Atom `content`) with its
pictures expanded and every address absolute; its hero as `<enclosure>` (Atom
`link rel="enclosure"`) and `media:content`; its discussion as `<comments>` (Atom
`link rel="replies"`) and its size as `slash:comments`, read from the one counter
(`Article.comment_count`, the topic's `post_count`) as the article's page and cards show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from typing import Any, Generic, TypeVar, cast

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Prefetch, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, translation
from django.utils.http import http_date
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.xmlutils import SimplerXMLGenerator

from kiosque.community.models import Post, Topic
from kiosque.links import link
from kiosque.media.models import Image, Rendition
from kiosque.media.renditions import CONTENT_TYPES, JPEG, SOCIAL
from kiosque.media.templatetags.pictures import ALT, PLACEHOLDER, picture
from kiosque.newsroom.models import (
    Article,
    ArticleQuerySet,
    Author,
    Byline,
    Correction,
    Section,
    Story,
    Tag,
)

from .conditional import NOTHING_YET, answer_conditionally

FEED_ITEMS = 30
# A discussion's feed: its latest posts, enough for a reader away for a busy evening.
POST_ITEMS = 50

MEDIA_NAMESPACE = "http://search.yahoo.com/mrss/"
SLASH_NAMESPACE = "http://purl.org/rss/1.0/modules/slash/"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
ORIGINAL_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}

# src="/…", href="/…" and each address of a srcset="/… 400w, /… 800w" in stored HTML.
_RELATIVE_ATTRIBUTE = re.compile(r'\b(src|href|srcset)="([^"]*)"')


# Feed generators ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """The hero as a feed shows it: one JPEG (the social card, else the original)."""

    url: str
    width: int
    height: int
    mime_type: str
    file: FieldFile
    description: str
    credit: str

    @property
    def length(self) -> int:
        """The file's size in bytes, asked of the storage only by what shows it (0 if gone)."""
        try:
            return self.file.size
        except OSError:
            return 0


def _write_extras(
    handler: SimplerXMLGenerator, item: dict[str, Any], *, full_text_tag: str
) -> None:
    """What both generators add to an item: the full text, the media picture, the count."""
    if item.get("content"):
        attributes = {"type": "html"} if full_text_tag == "content" else {}
        handler.addQuickElement(full_text_tag, item["content"], attributes)
    hero: Picture | None = item.get("hero")
    if hero is not None:
        attributes = {
            "url": hero.url,
            "type": hero.mime_type,
            "medium": "image",
            "width": str(hero.width),
            "height": str(hero.height),
        }
        handler.startElement("media:content", attributes)  # type: ignore[arg-type]  # SAX takes any mapping
        if hero.description:
            handler.addQuickElement("media:description", hero.description, {"type": "plain"})
        if hero.credit:
            handler.addQuickElement("media:credit", hero.credit)
        handler.endElement("media:content")
    if item.get("comment_count") is not None:
        handler.addQuickElement("slash:comments", str(item["comment_count"]))


def _last_change(items: Iterable[dict[str, Any]]) -> datetime | None:
    changes = [item["changed_at"] for item in items if item.get("changed_at")]
    return max(changes, default=None)


def _latest_post_date(items: Iterable[dict[str, Any]]) -> datetime:
    """Django's `latest_post_date`, but an empty feed's is fixed rather than the time of the
    request: its bytes, and so its ETag, stay the same until an item comes."""
    dates = [item[key] for item in items for key in ("updateddate", "pubdate") if item.get(key)]
    return max(dates, default=NOTHING_YET)


class MediaRssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the `content`, `media` (Media RSS) and `slash` namespaces."""

    def rss_attributes(self) -> dict[str, str]:
        return super().rss_attributes() | {
            "xmlns:content": CONTENT_NAMESPACE,
            "xmlns:media": MEDIA_NAMESPACE,
            "xmlns:slash": SLASH_NAMESPACE,
        }

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        _write_extras(handler, item, full_text_tag="content:encoded")

    def last_change(self) -> datetime | None:
        return _last_change(self.items)

    def latest_post_date(self) -> datetime:
        return _latest_post_date(self.items)


class MediaAtomFeed(feedgenerator.Atom1Feed):
    """Atom with the `media` and `slash` namespaces, and the discussion as a replies link."""

    def root_attributes(self) -> dict[str, str]:
        return super().root_attributes() | {
            "xmlns:media": MEDIA_NAMESPACE,
            "xmlns:slash": SLASH_NAMESPACE,
        }

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("comments"):
            handler.addQuickElement(
                "link", "", {"rel": "replies", "type": "text/html", "href": item["comments"]}
            )
        _write_extras(handler, item, full_text_tag="content")

    def last_change(self) -> datetime | None:
        return _last_change(self.items)

    def latest_post_date(self) -> datetime:
        return _latest_post_date(self.items)


# The base of every feed --------------------------------------------------------------------

ItemT = TypeVar("ItemT", bound=Model)
ObjT = TypeVar("ObjT")


class KiosqueFeed(Feed[ItemT, ObjT], Generic[ItemT, ObjT]):
    """A feed made afresh for each request (`feed_view`), so that it may keep the request:
    addresses in its items' HTML are made absolute with it."""

    feed_type: type[feedgenerator.SyndicationFeed] = MediaRssFeed
    language = settings.LANGUAGE_CODE
    request: HttpRequest

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.request = request
        with translation.override(settings.LANGUAGE_CODE):
            try:
                obj = self.get_object(request, *args, **kwargs)
            except ObjectDoesNotExist:
                raise Http404("No such feed.") from None
            feed = self.get_feed(cast(ObjT, obj), request)
        content_type = feed.content_type  # type: ignore[attr-defined]  # each generator class names its own
        response = HttpResponse(content_type=content_type)
        feed.write(response, "utf-8")
        changed = getattr(feed, "last_change", lambda: None)() or feed.latest_post_date()
        response["Last-Modified"] = http_date(changed.timestamp())
        return answer_conditionally(request, response)

    def absolute(self, url: str) -> str:
        return url if "://" in url else self.request.build_absolute_uri(url)

    def absolute_html(self, html: str) -> str:
        """`html` with every address of its src, href and srcset attributes made absolute."""

        def absolute_attribute(match: re.Match[str]) -> str:
            name, value = match.groups()
            if name == "srcset":
                candidates = (part.strip().split(" ", 1) for part in value.split(","))
                value = ", ".join(
                    " ".join([self.absolute(words[0]), *words[1:]]) for words in candidates
                )
            elif value.startswith("/") and not value.startswith("//"):
                value = self.absolute(value)
            return f'{name}="{value}"'

        return _RELATIVE_ATTRIBUTE.sub(absolute_attribute, html)


def feed_view(feed_class: type[KiosqueFeed[Any, Any]]) -> Callable[..., HttpResponse]:
    """The view of `feed_class`: one instance per request."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return feed_class()(request, *args, **kwargs)

    view.__name__ = view.__qualname__ = feed_class.__name__
    view.__doc__ = feed_class.__doc__
    return view


# Articles ----------------------------------------------------------------------------------


class ArticleFeed(KiosqueFeed[Article, ObjT], Generic[ObjT]):
    """The latest released articles of what `articles(obj)` lists, newest first."""

    def articles(self, obj: ObjT) -> ArticleQuerySet:
        return Article.objects.all()

    def items(self, obj: ObjT) -> list[Article]:
        chosen = (
            self.articles(obj)
            .published()
            .select_related("section", "topic", "hero")
            .prefetch_related(
                "hero__renditions",
                Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            )
            .newest_first()[:FEED_ITEMS]
        )
        articles = list(chosen)
        self.inline_images = _inline_images_of(articles) if settings.KIOSQUE_FEED_FULL_TEXT else {}
        return articles

    def link(self, obj: ObjT) -> str:
        return link("newsroom:home")

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.lead

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime | None:
        return item.updated_at or item.published_at

    def item_author_name(self, item: Article) -> str:
        return ", ".join(author.name for author in item.byline_authors)

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name]

    def item_comments(self, item: Article) -> str | None:
        if item.topic_id is None:
            return None
        return self.absolute(f"{item.get_absolute_url()}#discussion")

    def item_enclosures(self, item: Article) -> list[feedgenerator.Enclosure]:
        hero = self._hero(item)
        if hero is None:
            return []
        return [feedgenerator.Enclosure(hero.url, str(hero.length), hero.mime_type)]

    def item_extra_kwargs(self, item: Article) -> dict[str, Any]:
        changes = [item.modified_at, item.published_at, item.updated_at]
        if item.topic is not None:
            changes.append(item.topic.last_posted_at)
        extra: dict[str, Any] = {
            "hero": self._hero(item),
            "comment_count": item.comment_count if item.topic_id else None,
            "changed_at": max(change for change in changes if change is not None),
        }
        if settings.KIOSQUE_FEED_FULL_TEXT:
            body = _expand(item.body_html, self.inline_images)
            extra["content"] = self.absolute_html(body)
        return extra

    def _hero(self, item: Article) -> Picture | None:
        if item.hero is None:
            return None
        return hero_picture(item.hero, self.absolute)


def hero_picture(image: Image, absolute: Callable[[str], str]) -> Picture | None:
    """The hero as feeds and the image sitemap give it: the largest social JPEG, else the
    original (its renditions prefetched); None for an image without a file."""
    cards = [r for r in image.renditions.all() if r.use == SOCIAL and r.format == JPEG]
    chosen: Rendition | Image = max(cards, key=lambda r: r.width) if cards else image
    if not chosen.file:
        return None
    if isinstance(chosen, Rendition):
        mime_type = CONTENT_TYPES[JPEG]
    else:
        extension = (chosen.file.name or "").rsplit(".", 1)[-1].upper()
        mime_type = ORIGINAL_TYPES.get("JPEG" if extension == "JPG" else extension, "image/jpeg")
    return Picture(
        url=absolute(chosen.file.url),
        width=chosen.width,
        height=chosen.height,
        mime_type=mime_type,
        file=chosen.file,
        description=image.alt,
        credit=image.credit,
    )


def _inline_images_of(articles: Iterable[Article]) -> dict[int, Image]:
    """Every library image the articles' texts show, with renditions, in two queries."""
    ids = {int(found) for article in articles for found in PLACEHOLDER.findall(article.body_html)}
    if not ids:
        return {}
    return {image.pk: image for image in Image.objects.with_renditions().filter(pk__in=ids)}


def _expand(html: str, images: dict[int, Image]) -> str:
    """`expand_images` with the images already read (one read for the whole feed)."""

    def expanded(match: re.Match[str]) -> str:
        image = images.get(int(match.group(1)))
        if image is None:
            return ""
        written = ALT.search(match.group(0))
        alt = unescape(written.group(1)) if written and written.group(1) else None
        return str(picture(image, use="inline", alt=alt))

    return PLACEHOLDER.sub(expanded, html)


class LatestArticlesFeed(ArticleFeed[None]):
    """The site's latest articles, in RSS 2.0."""

    title = settings.SITE_NAME
    description = _("The latest articles")


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = MediaAtomFeed
    subtitle = LatestArticlesFeed.description


ListedT = TypeVar("ListedT", Section, Tag, Author, Story)


class ListingFeed(ArticleFeed[ListedT], Generic[ListedT]):
    """The latest articles of one section, tag, author or running story."""

    model: type[ListedT]

    def get_object(self, request: HttpRequest, slug: str) -> ListedT:
        return get_object_or_404(self.model, slug=slug)

    def articles(self, obj: ListedT) -> ArticleQuerySet:
        return obj.articles.all()

    def title(self, obj: ListedT) -> str:
        return f"{settings.SITE_NAME} — {obj}"

    def description(self, obj: ListedT) -> str:
        return gettext("The latest articles: %(name)s") % {"name": obj}

    def link(self, obj: ListedT) -> str:
        return obj.get_absolute_url()


class SectionFeed(ListingFeed[Section]):
    model = Section


class SectionAtomFeed(SectionFeed):
    feed_type = MediaAtomFeed


class TagFeed(ListingFeed[Tag]):
    model = Tag


class TagAtomFeed(TagFeed):
    feed_type = MediaAtomFeed


class AuthorFeed(ListingFeed[Author]):
    model = Author


class AuthorAtomFeed(AuthorFeed):
    feed_type = MediaAtomFeed


class StoryFeed(ListingFeed[Story]):
    model = Story


class StoryAtomFeed(StoryFeed):
    feed_type = MediaAtomFeed


# Discussions -------------------------------------------------------------------------------


class TopicFeed(KiosqueFeed[Post, Topic]):
    """A visible forum topic's latest visible posts, newest first."""

    def get_object(self, request: HttpRequest, pk: int) -> Topic:
        self.topic = get_object_or_404(Topic.objects.visible(), pk=pk)
        return self.topic

    def title(self, obj: Topic) -> str:
        return f"{settings.SITE_NAME} — {obj.title}"

    def description(self, obj: Topic) -> str:
        return gettext("The latest messages of “%(topic)s”") % {"topic": obj.title}

    def link(self, obj: Topic) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Topic) -> QuerySet[Post]:
        latest = Post.objects.visible().filter(topic=obj).select_related("author")
        return latest.order_by("-created_at", "-id")[:POST_ITEMS]

    def item_title(self, item: Post) -> str:
        return gettext("%(name)s in “%(topic)s”") % {
            "name": item.author.public_name,
            "topic": self.topic.title,
        }

    def item_description(self, item: Post) -> str:
        return self.absolute_html(item.html)

    def item_link(self, item: Post) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Post) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Post) -> datetime:
        return item.edited_at or item.created_at

    def item_author_name(self, item: Post) -> str:
        return item.author.public_name

    def item_author_link(self, item: Post) -> str | None:
        return None if item.author.is_deleted else self.absolute(item.author.get_absolute_url())

    def item_extra_kwargs(self, item: Post) -> dict[str, Any]:
        return {"changed_at": item.edited_at or item.created_at}


class TopicAtomFeed(TopicFeed):
    feed_type = MediaAtomFeed


class CommentsFeed(TopicFeed):
    """A released article's latest comments: its discussion topic's feed, titled and linked
    as the article."""

    def get_object(self, request: HttpRequest, pk: int) -> Topic:
        article = get_object_or_404(
            Article.objects.published()
            .filter(topic__in=Topic.objects.visible())
            .select_related("topic"),
            pk=pk,
        )
        topic = article.topic
        assert topic is not None  # filtered on its topic above
        self.article, self.topic = article, topic
        return topic

    def title(self, obj: Topic) -> str:
        return gettext("%(site)s — comments on “%(title)s”") % {
            "site": settings.SITE_NAME,
            "title": self.article.title,
        }

    def description(self, obj: Topic) -> str:
        return gettext("The latest comments on “%(title)s”") % {"title": self.article.title}

    def link(self, obj: Topic) -> str:
        return f"{self.article.get_absolute_url()}#discussion"

    def item_title(self, item: Post) -> str:
        return gettext("Comment by %(name)s") % {"name": item.author.public_name}


class CommentsAtomFeed(CommentsFeed):
    feed_type = MediaAtomFeed


# Corrections -------------------------------------------------------------------------------


class CorrectionsFeed(KiosqueFeed[Correction, None]):
    """The corrections and update notes of released articles, newest first, in RSS 2.0."""

    description = _("Every correction and update note added to our articles")

    def title(self) -> str:
        return gettext("%(site)s: corrections and updates") % {"site": settings.SITE_NAME}

    def link(self) -> str:
        return reverse("newsroom:corrections")

    def items(self) -> list[Correction]:
        return list(
            Correction.objects.filter(article__in=Article.objects.published()).select_related(
                "article"
            )[:FEED_ITEMS]
        )

    def item_title(self, item: Correction) -> str:
        return f"{item.get_kind_display()} : {item.article.title}"

    def item_description(self, item: Correction) -> str:
        return item.note

    def item_link(self, item: Correction) -> str:
        return f"{item.article.get_absolute_url()}#correction-{item.pk}"

    def item_guid(self, item: Correction) -> str:
        return f"{settings.SITE_URL}/corrections/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Correction) -> datetime | None:
        return item.created_at

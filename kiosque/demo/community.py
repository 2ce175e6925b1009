"""Load the demo community: members, forum categories and topics, comments under articles.

Runs after the newsroom loader, whose articles it comments on. Every post, like and topic goes
through kiosque.community.actions, so the stored HTML, counters, preview cards and
notifications are what members' own posts give. Keys: members by username, categories by
slug, topics by slug within their category; an article whose discussion already has posts is
left alone. Running the load twice changes nothing.

The load makes no network request: the one preview card shows a demo article, whose
LinkPreview row is written from the article itself before the comment that links to it, so
`post_reply` finds it fresh. Demo members have e-mail notifications off: their example.org
addresses reach nobody.

Every demo member has the password DEMO_PASSWORD, printed by `kiosque demo`: never load the
demo on a public site.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import Truncator, slugify
from PIL import Image, ImageDraw, ImageFont

from kiosque.accounts.avatars import make_avatar
from kiosque.accounts.models import TrustLevel, User
from kiosque.community import actions
from kiosque.community.models import Category, LinkPreview, Post, Topic
from kiosque.community.uploads import image_markdown
from kiosque.markup import quote_markdown
from kiosque.newsroom.models import Article

from . import images
from .content.community_base import MemberData, Message, TopicData
from .content.community_discussions import DISCUSSIONS, UPLOADS
from .content.community_forum import CATEGORIES, TOPICS
from .content.community_members import MEMBERS
from .media import store_once
from .newsroom import PARIS
from .report import LoadReport

# Published with the demo so that a newcomer can sign in as any member: see the docstring.
DEMO_PASSWORD = "kiosque-demo"
# Members joined at noon, Paris time, `joined_days_ago` days before the load.
JOIN_TIME = time(12, 0)
# A thread that would run past the load (comments on this morning's article) is squeezed so
# that its last message comes this long before the load.
LATEST_MARGIN = timedelta(minutes=2)
# Demo members have taken part since they joined: the trust level their seniority would have
# earned (about KIOSQUE_TRUST_REQUIREMENTS), so the posting rules treat their
# threads as they would have treated them then. Longest first.
LEVEL_BY_SENIORITY = ((60, TrustLevel.REGULAR), (14, TrustLevel.MEMBER), (2, TrustLevel.BASIC))
# Same size as an article page's og:description, which a fetched card would have read.
PREVIEW_DESCRIPTION_CHARS = 200

_PLACEHOLDER = re.compile(r"\{(article|path|image):([a-z0-9-]+)\}")


@transaction.atomic
def load_community(*, now: datetime | None = None) -> LoadReport:
    """Create the demo members, forum and comments that are missing, leaving others alone.

    Side effects: avatars drawn into the media storage under fixed names when missing; an
    uploaded picture and a stored link preview for the long discussion, when it is posted;
    notifications for replies, quotes, mentions and likes (no e-mail: see the docstring).
    """
    now = now or timezone.now()
    report = LoadReport(
        label="Demo community",
        totals={
            "members": len(MEMBERS),
            "forum categories": len(CATEGORIES),
            "forum topics": len(TOPICS),
            "commented articles": len(DISCUSSIONS),
            "posts": _post_total(),
            "likes": _like_total(),
        },
        details={
            "members": f'sign in as {MEMBERS[0].username} or any other, password "{DEMO_PASSWORD}"'
        },
    )
    password = make_password(DEMO_PASSWORD)  # hashed once: the hash is slow by design
    members = {data.username: ensure_member(data, password, now, report) for data in MEMBERS}
    categories = {}
    for data in CATEGORIES:
        categories[data.slug], created = Category.objects.get_or_create(
            slug=data.slug,
            defaults={
                "name": data.name,
                "description": data.description,
                "position": data.position,
            },
        )
        report.created["forum categories"] += created
    for topic_data in TOPICS:
        _ensure_topic(topic_data, _Thread(members, now, report), categories[topic_data.category])
    for discussion in DISCUSSIONS:
        article = (
            Article.objects.published(at=now)
            .select_related("topic")
            .filter(slug=discussion.article)
            .first()
        )
        if article is None or article.topic is None or article.published_at is None:
            continue
        if Post.objects.filter(topic=article.topic).exists():
            continue
        _Thread(members, now, report).post(
            article.topic, discussion.comments, head_at=article.published_at
        )
        _show_views(article.topic)
        report.created["commented articles"] += 1
    return report


def _post_total() -> int:
    opening_posts = len(TOPICS)
    replies = sum(len(data.replies) for data in TOPICS)
    return opening_posts + replies + sum(len(data.comments) for data in DISCUSSIONS)


def _like_total() -> int:
    messages = [m for data in TOPICS for m in data.replies] + [
        m for data in DISCUSSIONS for m in data.comments
    ]
    return sum(len(data.likes) for data in TOPICS) + sum(len(m.likes) for m in messages)


# --- Members ----------------------------------------------------------------------------------


def ensure_member(data: MemberData, password: str, now: datetime, report: LoadReport) -> User:
    """The member `data.username`, created with a verified address so they can sign in."""
    avatar_name = f"avatars/demo/{data.username.lower()}.jpg" if data.has_avatar else ""
    user = User.objects.filter(username=data.username).first()
    if user is None:
        email = f"{data.username.lower()}@example.org"
        user = User.objects.create(
            username=data.username,
            email=email,
            password=password,
            bio=data.bio,
            avatar=avatar_name,
            date_joined=_paris_time(now, days_ago=data.joined_days_ago, clock=JOIN_TIME),
            trust_level=seniority_level(data.joined_days_ago),
            email_on_reply=False,
            email_on_quote=False,
            email_on_mention=False,
            email_on_like=False,
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        report.created["members"] += 1
    if avatar_name and user.avatar.name == avatar_name:
        draw = partial(_avatar_jpeg, data.username)
        report.images_drawn += store_once(user.avatar.storage, avatar_name, draw)
    return user


def seniority_level(joined_days_ago: int) -> TrustLevel:
    for days, level in LEVEL_BY_SENIORITY:
        if joined_days_ago >= days:
            return level
    return TrustLevel.NEW


def _avatar_jpeg(username: str) -> bytes:
    """A drawn portrait, sent through the avatar pipeline a member's upload takes."""
    portrait = images.portrait_jpeg(key=f"member-{username}", initials=username[0].upper())
    upload = SimpleUploadedFile("portrait.jpg", portrait, content_type="image/jpeg")
    avatar: bytes = make_avatar(upload).read()
    return avatar


# --- Threads ----------------------------------------------------------------------------------


def _ensure_topic(data: TopicData, thread: _Thread, category: Category) -> None:
    """Open the topic `data` with its replies and likes, unless its category already has it."""
    if Topic.objects.filter(category=category, slug=slugify(data.title)[:200]).exists():
        return
    opened_at = _paris_time(thread.now, days_ago=data.days_ago, clock=time.fromisoformat(data.time))
    topic = actions.start_topic(
        author=thread.members[data.author],
        category=category,
        title=data.title,
        source=data.text,
        at=opened_at,
    )
    report = thread.report
    report.created["forum topics"] += 1
    report.created["posts"] += 1
    opening = Post.objects.get(topic=topic)
    thread.like(opening, data.likes)
    thread.post(topic, data.replies, head_at=opened_at)
    # The community has no pin or close action yet (moderators will have them); these flags
    # change no counter, and a closed topic must be closed after its replies are in.
    Topic.objects.filter(pk=topic.pk).update(is_pinned=data.is_pinned, is_closed=data.is_closed)
    _show_views(topic)


@dataclass
class _Thread:
    """What posting a thread's messages needs, and the posts it has written, by key."""

    members: dict[str, User]
    now: datetime
    report: LoadReport
    posts: dict[str, Post] = field(default_factory=dict)

    def post(self, topic: Topic, messages: Sequence[Message], *, head_at: datetime) -> None:
        """Post `messages` in `topic`, each `minutes` after `head_at`, with their likes."""
        times = _schedule(head_at, [message.minutes for message in messages], now=self.now)
        for message, at in zip(messages, times, strict=True):
            author = self.members[message.author]
            source = _expand(message.text, author=author, now=self.now)
            if message.quote is not None:
                key, excerpt = message.quote
                quoted = self.posts[key]
                source = (
                    quote_markdown(username=quoted.author.username, post_id=quoted.pk, text=excerpt)
                    + source
                )
            post = actions.post_reply(
                topic,
                author=author,
                source=source,
                reply_to=self.posts[message.reply_to] if message.reply_to else None,
                at=at,
            )
            self.report.created["posts"] += 1
            if message.key:
                self.posts[message.key] = post
            self.like(post, message.likes)

    def like(self, post: Post, usernames: Sequence[str]) -> None:
        for username in usernames:
            self.report.created["likes"] += actions.like_post(post, user=self.members[username])


def _schedule(head_at: datetime, minutes: Sequence[int], *, now: datetime) -> list[datetime]:
    """`head_at` plus each of `minutes`, squeezed evenly if the last would not have come yet."""
    offsets = [timedelta(minutes=m) for m in minutes]
    room = max(now - LATEST_MARGIN - head_at, timedelta(0))
    span = max(offsets, default=timedelta(0))
    if span > room:
        offsets = [offset * (room / span) for offset in offsets]
    return [head_at + offset for offset in offsets]


def _show_views(topic: Topic) -> None:
    """Give a demo topic a plausible view count: members' visits would have made one."""
    topic.refresh_from_db(fields=["post_count", "title"])
    views = 40 + 23 * topic.post_count + zlib.crc32(topic.title.encode()) % 90
    Topic.objects.filter(pk=topic.pk).update(view_count=views)


def _paris_time(now: datetime, *, days_ago: int, clock: time) -> datetime:
    day = timezone.localtime(now, PARIS).date() - timedelta(days=days_ago)
    return datetime.combine(day, clock, tzinfo=PARIS)


# --- Message text -----------------------------------------------------------------------------


def _expand(text: str, *, author: User, now: datetime) -> str:
    """The Markdown a member would have sent: placeholders replaced (see content.Message)."""

    def replace(match: re.Match[str]) -> str:
        kind, key = match.groups()
        if kind == "image":
            upload = SimpleUploadedFile(UPLOADS[key], _draw_upload(key), content_type="image/png")
            return image_markdown(actions.upload_post_image(by=author, upload=upload))
        article = Article.objects.published(at=now).get(slug=key)
        with translation.override(settings.LANGUAGE_CODE):
            path = article.get_absolute_url()
        if kind == "path":
            return path
        url = settings.SITE_URL + path
        _store_preview(url, article, now=now)
        return url

    return _PLACEHOLDER.sub(replace, text)


def _store_preview(url: str, article: Article, *, now: datetime) -> None:
    """What fetching `url` would read from the article page's Open Graph tags, stored fresh."""
    # The original: the social card is made by the worker, after the load commits.
    image_url = settings.SITE_URL + article.hero.file.url if article.hero else ""
    LinkPreview.objects.update_or_create(
        url=url,
        defaults={
            "site_name": settings.SITE_NAME,
            "title": article.title,
            "description": Truncator(article.lead).chars(PREVIEW_DESCRIPTION_CHARS),
            "image_url": image_url,
            "is_ok": True,
            "fetched_at": now,
        },
    )


# --- Uploaded pictures ------------------------------------------------------------------------

STATUS_SIZE = (895, 371)
_OK, _DOWN, _DEGRADED = (46, 160, 67), (207, 34, 46), (219, 150, 20)


def _draw_upload(key: str) -> bytes:
    """The picture a member uploads under `key` (see content.community_discussions.UPLOADS)."""
    if key != "statut-api-aube":
        raise KeyError(key)
    return _status_page_png()


def _status_page_png() -> bytes:
    """A screenshot-like status page: three services over 24 hours, the API down at the end.

    In English, as such pages often are; the alt text and the comment say what it shows.
    """
    width, height = STATUS_SIZE
    image = Image.new("RGB", STATUS_SIZE, (250, 250, 251))
    draw = ImageDraw.Draw(image)
    draw.text((32, 26), "Aube API status", font=_font(26), fill=(24, 24, 27))
    draw.rounded_rectangle((width - 262, 24, width - 32, 60), radius=8, fill=_DOWN)
    draw.text((width - 147, 42), "Major outage", font=_font(18), fill="white", anchor="mm")
    services = (
        ("Generation API", 7, _DOWN),
        ("Developer console", 3, _DEGRADED),
        ("Documentation", 0, _OK),
    )
    bars, left, right = 72, 32, width - 32
    step = (right - left) / bars
    for row, (name, failing, colour) in enumerate(services):
        top = 96 + row * 82
        draw.text((left, top), name, font=_font(17), fill=(40, 40, 46))
        status = "Operational" if not failing else "Outage" if colour == _DOWN else "Degraded"
        draw.text((right, top), status, font=_font(15), fill=colour, anchor="ra")
        for index in range(bars):
            x = left + index * step
            fill = colour if index >= bars - failing else _OK
            draw.rectangle((x + 1, top + 28, x + step - 2, top + 58), fill=fill)
    draw.text((left, height - 34), "24 hours ago", font=_font(14), fill=(110, 110, 118))
    draw.text((right, height - 34), "Now", font=_font(14), fill=(110, 110, 118), anchor="ra")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans when the system has it, else Pillow's built-in font (ASCII text only)."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)

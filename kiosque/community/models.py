from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiosque.links import link

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kiosque.accounts.models import User


class Moderation(models.TextChoices):
    """Where moderators stand on a topic or a post, apart from its publication.

    Only SHOWN reaches readers. A post waits PENDING when the posting rules hold it for a
    moderator (a new member on a watched discussion, spam signs); REPORTED when members'
    reports weighed enough to hide it until a moderator looks; HIDDEN when a moderator decided.
    """

    SHOWN = "shown", _("shown")
    PENDING = "pending", _("waiting for a moderator")
    REPORTED = "reported", _("hidden after reports, waiting for a moderator")
    HIDDEN = "hidden", _("hidden by a moderator")


class DiscussionMode(models.TextChoices):
    """How much of a discussion moderators see before readers do; an editor picks it."""

    OPEN = "open", _("open: posts appear at once")
    WATCHED = "watched", _("watched: new members' first posts wait for a moderator")
    PREMODERATED = "premoderated", _("pre-moderated: every post waits for a moderator")


# The visibility gates, each written once. Readers see a topic that is released (not hidden
# with an unpublished article, shown by moderators) once its `visible_from` time has come, and
# a post that is shown by moderators and not deleted by its author; a post is *readable* when
# it is visible in a visible topic. The QuerySets below and the `is_visible` predicates of the
# rows read these conditions; a test (kiosque/tests/test_gates.py) refuses them anywhere else.
RELEASED_TOPIC: dict[str, object] = {"is_hidden": False, "moderation": Moderation.SHOWN}
VISIBLE_POST: dict[str, object] = {"moderation": Moderation.SHOWN, "is_deleted": False}


def _conditions(fields: dict[str, object], *, via: str) -> Q:
    return Q(**{f"{via}{name}": value for name, value in fields.items()})


def visible_topic(*, at: datetime, via: str = "") -> Q:
    """The topic gate as a condition, on a topic reached through `via` ("topics__")."""
    return _conditions(RELEASED_TOPIC, via=via) & (
        Q(**{f"{via}visible_from__isnull": True}) | Q(**{f"{via}visible_from__lte": at})
    )


def visible_post(*, via: str = "") -> Q:
    """The post gate as a condition, on a post reached through `via` ("post__")."""
    return _conditions(VISIBLE_POST, via=via)


class CategoryQuerySet(models.QuerySet["Category"]):
    def with_counts(self) -> CategoryQuerySet:
        """Annotate `topic_count` and `visible_post_count`, read from visible topics' counters."""
        visible = visible_topic(at=timezone.now(), via="topics__")
        # Meta.ordering does not apply to a GROUP BY query: order explicitly.
        return self.annotate(
            topic_count=Count("topics", filter=visible),
            visible_post_count=Sum("topics__post_count", filter=visible, default=0),
        ).order_by("position", "name")


class Category(models.Model):
    """A forum category: "Articles" holds every article's discussion; others are open forums."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_article_discussions = models.BooleanField(
        _("holds article discussions"),
        default=False,
        help_text=_("Topics of this category are created by the newsroom, one per article."),
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["is_article_discussions"],
                condition=Q(is_article_discussions=True),
                name="one_article_discussions_category",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("community:category-detail", slug=self.slug)


class TopicQuerySet(models.QuerySet["Topic"]):
    def visible(self, *, at: datetime | None = None) -> TopicQuerySet:
        """Topics a reader may see: published (not hidden with an unpublished article), shown by
        moderators, and open from their `visible_from` time."""
        return self.filter(visible_topic(at=at or timezone.now()))

    def next_visible_at(self, *, after: datetime | None = None) -> datetime | None:
        """When the next topic waiting for its time becomes visible (a scheduled article's
        discussion), or None: topic lists change at that moment by themselves."""
        after = after or timezone.now()
        waiting = self.filter(_conditions(RELEASED_TOPIC, via=""), visible_from__gt=after)
        waiting = waiting.order_by("visible_from")
        return waiting.values_list("visible_from", flat=True).first()

    def for_listing(self) -> TopicQuerySet:
        """Everything a topic row shows (category, author, last poster) in one query."""
        return self.select_related("category", "author", "last_post__author")


class Topic(models.Model):
    """A forum thread. An article's discussion is a topic whose head is the article."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="topics", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("author"),
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_closed = models.BooleanField(_("closed"), default=False)
    # Publication: an article's discussion is hidden while its article is not released. Kept in
    # step with the article by the newsroom; moderators never touch it (`moderation` is theirs).
    is_hidden = models.BooleanField(_("hidden with its unpublished article"), default=False)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.SHOWN
    )
    discussion_mode = models.CharField(
        _("discussion mode"),
        max_length=12,
        choices=DiscussionMode.choices,
        default=DiscussionMode.OPEN,
    )
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_(
            "From this time no new message can be posted (an article's discussion "
            "closed after some days)."
        ),
    )
    visible_from = models.DateTimeField(
        _("visible from"),
        null=True,
        blank=True,
        help_text=_("Before this time readers cannot see the topic (a scheduled article's)."),
    )
    # The one counter of visible posts: every page that shows a count reads this field.
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    view_count = models.PositiveBigIntegerField(_("views"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The latest visible post and its time, kept with `post_count` by the actions.
    last_posted_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    last_post = models.ForeignKey(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last post"),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        # Topics without a visible post go last on every database (PostgreSQL puts NULL first).
        ordering = ["-is_pinned", F("last_posted_at").desc(nulls_last=True), "-created_at"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(fields=["category", "-last_posted_at"]),
            # The forum index's latest topics across categories (`following.latest_topics`).
            models.Index(fields=["-last_posted_at"], name="topic_latest"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return link("community:topic-detail", pk=self.pk, slug=self.slug)

    def is_visible(self, *, at: datetime | None = None) -> bool:
        """This topic passes `Topic.objects.visible(at=at)` (the row as loaded, no query)."""
        at = at or timezone.now()
        released = all(getattr(self, name) == value for name, value in RELEASED_TOPIC.items())
        return released and (self.visible_from is None or self.visible_from <= at)

    @property
    def takes_no_posts(self) -> bool:
        """Closed by a moderator, or past the time it closes by itself."""
        return self.is_closed or (self.closes_at is not None and self.closes_at <= timezone.now())


class PostQuerySet(models.QuerySet["Post"]):
    def visible(self) -> PostQuerySet:
        """Posts readers see: shown by moderators and not deleted by their author.

        Enough where the topic went through its own gate first (a topic page, its counters).
        """
        return self.filter(visible_post())

    def readable(self, *, at: datetime | None = None) -> PostQuerySet:
        """Posts a reader may open on their own (a permalink, a profile, a like): visible, in
        a visible topic."""
        return self.visible().filter(topic__in=Topic.objects.visible(at=at))

    def for_display(self) -> PostQuerySet:
        """What a post on a page shows (author, the post it answers and its author), no N+1."""
        return self.select_related("author", "reply_to__author")

    def tail_of(self, topic: Topic, limit: int) -> list[Post]:
        """The latest `limit` visible posts of `topic`, oldest first (keyset, no OFFSET)."""
        latest = self.visible().filter(topic=topic).order_by("-created_at", "-id")[:limit]
        return list(reversed(latest))

    def after(self, topic: Topic, post_id: int, limit: int) -> PostQuerySet:
        """The `limit` visible posts of `topic` that follow post `post_id`, oldest first."""
        return (
            self.visible()
            .filter(topic=topic)
            .filter(_keyset_after(post_id))
            .order_by("created_at", "id")[:limit]
        )

    def before(self, topic: Topic, post_id: int, limit: int) -> list[Post]:
        """The `limit` visible posts of `topic` just before post `post_id`, oldest first."""
        earlier = (
            self.visible()
            .filter(topic=topic)
            .filter(_keyset_before(post_id))
            .order_by("-created_at", "-id")[:limit]
        )
        return list(reversed(earlier))

    def numbered(self, topic: Topic, first: int, last: int) -> PostQuerySet:
        """The visible posts of `topic` numbered `first` to `last` (`position`), in order: one
        range of the (topic, position) index, the same cost on any page of any topic."""
        return (
            self.visible()
            .filter(topic=topic, position__gte=first, position__lte=last)
            .order_by("position")
        )

    def with_rank(self) -> PostQuerySet:
        """Annotate `rank`: a post's place among its topic's visible posts, its number less the
        posts before it that readers do not see (counted in the short `post_gaps` index)."""
        unseen = (
            Post.objects.filter(topic=OuterRef("topic"), position__lt=OuterRef("position"))
            .filter(~visible_post())
            .order_by()
            .values("topic")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(rank=F("position") - Coalesce(Subquery(unseen), 0))


def _anchor_time(post_id: int) -> Subquery:
    return Subquery(Post.objects.filter(pk=post_id).order_by().values("created_at")[:1])


# Each keyset condition repeats its bound on `created_at` alone, so the database can seek the
# (topic, created_at, id) index instead of filtering rows one by one.


def _keyset_after(post_id: int) -> Q:
    """Posts placed after post `post_id` in reading order (created_at, id)."""
    at = _anchor_time(post_id)
    return Q(created_at__gte=at) & (Q(created_at__gt=at) | Q(id__gt=post_id))


def _keyset_before(post_id: int) -> Q:
    """Posts placed before post `post_id` in reading order (created_at, id)."""
    at = _anchor_time(post_id)
    return Q(created_at__lte=at) & (Q(created_at__lt=at) | Q(id__lt=post_id))


class Post(models.Model):
    """A message in a topic; on an article page, a comment. Rendered once, when written."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("topic")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    source = models.TextField(_("text (Markdown)"))
    html = models.TextField(_("rendered text"), editable=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.SHOWN
    )
    # Why the posting rules held it for a moderator (`posting_rules.Hold`), if they did.
    hold_reason = models.CharField(_("held because"), max_length=20, blank=True)
    is_deleted = models.BooleanField(_("deleted by its author"), default=False)
    # Where it was sent from, for abuse handling only: blanked after KIOSQUE_IP_RETENTION_DAYS.
    author_address = models.GenericIPAddressField(_("sent from"), null=True, blank=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    # Its number in the topic, given under the topic's lock as it is stored, never renumbered:
    # deleted and hidden posts leave gaps. A topic's page N holds the numbers of page N
    # (`paging.py`), found from the index like the first page, however long the topic.
    position = models.PositiveIntegerField(_("number in the topic"), null=True, editable=False)

    objects = PostQuerySet.as_manager()
    # Set by `as_page`: the post it answers is on the same page.
    reply_in_page = False

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["topic", "created_at", "id"], name="post_keyset"),
            # A member's visible posts counted from the index alone, for their profile: not
            # one table read per post (a member with 49,000 posts, 350 ms → 35 ms).
            models.Index(
                fields=["author", "moderation", "is_deleted", "topic"], name="post_by_author"
            ),
            # A member's recent posts, for the posting limits of their trust level.
            models.Index(fields=["author", "created_at"], name="post_by_author_time"),
            # A topic's posts after a member's reading mark (an id), counted for unread counts
            # by a seek: the cost grows with what is unread, not with the topic.
            models.Index(fields=["topic", "id"], name="post_by_topic_id"),
            # The posts readers do not see, by number: how many come before a page (the
            # position of its first post among the visible ones) is read from this short list.
            models.Index(fields=["topic", "position"], condition=~visible_post(), name="post_gaps"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["topic", "position"], name="one_post_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.author} — {self.topic}"

    def get_absolute_url(self) -> str:
        return link("community:post-permalink", pk=self.pk)

    @property
    def is_visible(self) -> bool:
        """This post passes `Post.objects.visible()` (the row as loaded, no query)."""
        return all(getattr(self, name) == value for name, value in VISIBLE_POST.items())

    @property
    def shown(self) -> tuple[object, ...]:
        """Everything of the post that its page shows: a remembered rendering of it
        (`{% memo %}`) stands as long as these are the same."""
        author, answered = self.author, self.reply_to
        answered_author = answered.author if answered is not None else None
        return (
            self.pk,
            self.html,
            self.created_at,
            self.edited_at,
            self.like_count,
            self.topic_id,
            self.reply_to_id,
            self.reply_in_page,
            author.username,
            author.avatar.name,
            author.is_deleted,
            answered_author.username if answered_author else None,
            answered_author.is_deleted if answered_author else None,
        )


def as_page(posts: list[Post]) -> list[Post]:
    """`posts` as one page shows them: each knows whether the post it answers is on the page
    too (`reply_in_page`: its "In reply to" link then jumps within the page)."""
    shown = {post.pk for post in posts}
    for post in posts:
        post.reply_in_page = post.reply_to_id in shown
    return posts


class PostRevision(models.Model):
    """An earlier text of an edited post, kept for moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    source = models.TextField(_("text (Markdown)"))
    created_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Like(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_like_per_member")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.post_id}"


class TopicVisit(models.Model):
    """How far a member has read a topic: posts after `last_read_post_id` are new to them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_visits"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="visits")
    last_read_post_id = models.PositiveBigIntegerField(default=0)
    visited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="one_visit_per_member_topic")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.topic_id}: {self.last_read_post_id}"


class PostImage(models.Model):
    """An image a member uploaded for a post, re-encoded and stripped of its metadata."""

    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_images"
    )
    image = models.ImageField(upload_to="posts/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    byte_size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("post image")
        verbose_name_plural = _("post images")

    def __str__(self) -> str:
        return self.image.name or ""


class LinkPreview(models.Model):
    """What a linked page says of itself (Open Graph / Twitter meta), fetched once."""

    url = models.URLField(max_length=2000, unique=True)
    site_name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    image_url = models.URLField(max_length=2000, blank=True)
    is_ok = models.BooleanField(default=False)
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("link preview")
        verbose_name_plural = _("link previews")

    def __str__(self) -> str:
        return self.url


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread_for(self, user: User | AnonymousUser) -> NotificationQuerySet:
        """`user`'s notifications not yet read, newest first (none for an anonymous reader).

        A notification whose post was hidden or deleted since is left out.
        """
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(post__isnull=True) | visible_post(via="post__"),
            recipient=user,
            read_at__isnull=True,
        )

    def for_display(self) -> NotificationQuerySet:
        """What a notification line shows (who, which post, which topic) in one query."""
        return self.select_related("actor", "post__topic")


class Notification(models.Model):
    """Something that happened to a member's post or name: shown under the bell, maybe mailed."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("reply")
        QUOTE = "quote", _("quote")
        MENTION = "mention", _("mention")
        LIKE = "like", _("like")
        # From the site itself (a moderation decision, an appeal's outcome, an alert): no actor,
        # maybe no post; `summary` says what, `link` where to read more.
        NOTICE = "notice", _("notice")
        # A bookmark's reminder come due (`actions.bookmarks`): no actor, the bookmarked post.
        REMINDER = "reminder", _("reminder")
        # A new post in a topic the recipient watches (`FollowLevel.WATCHING`): the weakest
        # reason, given only when no reply, quote or mention says more about the same post.
        WATCHING = "watching", _("new post in a watched topic")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(max_length=300, blank=True)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When it went out by e-mail, for those mailed in batches (new posts in a watched topic):
    # the batch that covers it marks it, and no later batch mails it again.
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "actor", "kind", "post"], name="one_notification_per_event"
            ),
            models.CheckConstraint(
                condition=~Q(recipient=F("actor")), name="no_notification_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class FollowLevel(models.IntegerChoices):
    """How closely a member follows a topic or a category, as in Discourse (same numbers).

    WATCHING: notified of every new post, unread counts shown. TRACKING: unread counts shown,
    notified only when answered, quoted or mentioned. NORMAL: notified only when answered,
    quoted or mentioned; no unread count. MUTED: never notified, never listed as new or unread.
    A topic's level, when the member set one, overrides its category's.
    """

    MUTED = 0, _("muted")
    NORMAL = 1, _("normal")
    TRACKING = 2, _("tracking")
    WATCHING = 3, _("watching")


class TopicFollow(models.Model):
    """A member's level for one topic (set by them, or by starting or replying to it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_follows"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follows")
    level = models.PositiveSmallIntegerField(_("level"), choices=FollowLevel.choices)
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("topic followed")
        verbose_name_plural = _("topics followed")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="one_follow_per_member_topic")
        ]
        # The watchers of a topic, read for every new post.
        indexes = [models.Index(fields=["topic", "level"], name="topic_follow_by_level")]

    def __str__(self) -> str:
        return f"{self.user_id} @ topic {self.topic_id}: {self.level}"


class CategoryFollow(models.Model):
    """A member's level for a whole category: its topics take it unless they have their own."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="category_follows"
    )
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="follows")
    level = models.PositiveSmallIntegerField(_("level"), choices=FollowLevel.choices)
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("category followed")
        verbose_name_plural = _("categories followed")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="one_follow_per_member_category"
            )
        ]
        indexes = [models.Index(fields=["category", "level"], name="category_follow_by_level")]

    def __str__(self) -> str:
        return f"{self.user_id} @ category {self.category_id}: {self.level}"


class Bookmark(models.Model):
    """A post a member keeps to find again, maybe with a note and a time to be reminded of it.

    Shown only while the post is readable (`Post.objects.readable()`); a bookmark of a post
    hidden since is kept, and shows again if the post comes back.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    remind_at = models.DateTimeField(_("remind me at"), null=True, blank=True)
    # When the reminder became a notification: a reminder is sent once.
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("bookmarked at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [
            models.UniqueConstraint(fields=["member", "post"], name="one_bookmark_per_post")
        ]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="bookmark_newest"),
            # The reminders still to send, for the worker's sweep.
            models.Index(
                fields=["remind_at"],
                condition=Q(reminded_at__isnull=True, remind_at__isnull=False),
                name="bookmark_reminder_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} 🔖 {self.post_id}"

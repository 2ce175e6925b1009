from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiosque.links import link

from . import roles

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kiosque.accounts.models import User

# An update notice is only worth showing when it comes well after publication.
UPDATE_NOTICE_MINUTES = 30


class Section(models.Model):
    """A top-level rubric of the site (IA, Hardware…): every article belongs to one."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in menus"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("newsroom:section-detail", slug=self.slug)


class Tag(models.Model):
    """A subject across sections (OpenAI, Microsoft…)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("newsroom:tag-detail", slug=self.slug)


class Author(models.Model):
    """A byline: the public face of a journalist, with or without a site account."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("newsroom:author-detail", slug=self.slug)


class Story(models.Model):
    """A running story told across several articles, shown as a timeline."""

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey(
        "media.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="story_of",
        verbose_name=_("image"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("running story")
        verbose_name_plural = _("running stories")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return link("newsroom:story-detail", slug=self.slug)


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self, *, at: datetime | None = None) -> ArticleQuerySet:
        """The one visibility gate: articles released and whose publication time has come.

        A scheduled article becomes visible by itself at `published_at`; no job has to run.
        """
        at = at or timezone.now()
        return self.filter(
            status__in=RELEASED_STATUSES,
            published_at__lte=at,
        )

    def next_release_at(self, *, after: datetime | None = None) -> datetime | None:
        """When the next scheduled article goes live (None if none is waiting): pages that
        list articles change at that moment by themselves."""
        after = after or timezone.now()
        upcoming = self.filter(
            status__in=RELEASED_STATUSES,
            published_at__gt=after,
        ).order_by("published_at")
        return upcoming.values_list("published_at", flat=True).first()

    def visible_to(
        self, user: User | AnonymousUser, *, at: datetime | None = None
    ) -> ArticleQuerySet:
        """What `user` may open: editors every article (to preview it), other newsroom members
        the released ones and their own, readers the released ones."""
        if roles.is_editor(user):
            return self.all()
        if roles.is_in_newsroom(user):
            own = Q(created_by=user) | Q(bylines__author__user=user)
            return self.filter(
                Q(pk__in=self.published(at=at).values("pk"))
                | Q(pk__in=Article.objects.filter(own).values("pk"))
            )
        return self.published(at=at)

    def for_listing(self) -> ArticleQuerySet:
        """What a card shows (section, comment count, hero image) in the same query, and the
        hero's renditions in one more for the whole list."""
        return self.select_related("section", "topic", "hero").prefetch_related("hero__renditions")

    def with_bylines(self) -> ArticleQuerySet:
        """The authors credited, in credit order (`byline_authors`), in one more query."""
        return self.prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def newest_first(self) -> ArticleQuerySet:
        """Most recently published first."""
        return self.order_by("-published_at", "-pk")

    def newest_of_each_section(self, limit: int) -> list[Article]:
        """The `limit` most recently published articles of every section, newest first, in two
        queries however many sections and articles there are.

        The first finds, through the (section, publication time) index, the time of each
        section's `limit`-th newest article; the second reads the articles at or after it, a
        few per section. (A window function over every article does the same in one query, in
        a time that grows with the archive.)
        """
        nth = (
            self.filter(section=OuterRef("pk"))
            .order_by("-published_at", "-pk")
            .values("published_at")[limit - 1 : limit]
        )
        bounds = Q()
        for section_id, cutoff in Section.objects.annotate(cutoff=Subquery(nth)).values_list(
            "pk", "cutoff"
        ):
            if cutoff is None:  # fewer than `limit` articles: all of them
                bounds |= Q(section_id=section_id)
            else:
                bounds |= Q(section_id=section_id, published_at__gte=cutoff)
        if not bounds:
            return []
        kept: dict[int, list[Article]] = {}
        for article in self.filter(bounds).order_by("section_id", "-published_at", "-pk"):
            shown = kept.setdefault(article.section_id, [])
            if len(shown) < limit:
                shown.append(article)
        return [article for articles in kept.values() for article in articles]

    def related_to(self, article: Article, *, limit: int = 6) -> list[Article]:
        """`related_ids_to`'s articles, ready for cards."""
        chosen = self.related_ids_to(article, limit=limit)
        found = Article.objects.filter(pk__in=chosen).for_listing().in_bulk()
        return [found[pk] for pk in chosen if pk in found]

    def related_ids_to(self, article: Article, *, limit: int = 6) -> list[int]:
        """Up to `limit` articles of this QuerySet to read next: those of the same story first,
        then by subject (shared tags, similar words, the same section: `rank`), then the most
        recent; never `article` itself.

        Only the most recent candidates for each reason are read, each through an index, so
        the cost stays the same whatever the size of the archive; they are ranked on their ids,
        dates and the similarity stored for them (read in the same query).
        """
        others = self.exclude(pk=article.pk).newest_first()
        window = limit * RELATED_CANDIDATES_PER_SLOT
        same_story: set[int] = set()
        if article.story_id:
            same_story = set(
                others.filter(story_id=article.story_id).values_list("pk", flat=True)[:limit]
            )
        tag_ids = [tag.pk for tag in article.tags.all()]
        shared_tags: dict[int, int] = {}
        if tag_ids:
            for pk in others.filter(tags__in=tag_ids).values_list("pk", flat=True)[:window]:
                shared_tags[pk] = shared_tags.get(pk, 0) + 1
        same_section = set(
            others.filter(section_id=article.section_id).values_list("pk", flat=True)[:limit]
        )
        recent = list(others.values_list("pk", flat=True)[:limit])
        chosen = {*same_story, *shared_tags, *same_section, *recent}
        # The nearest in meaning (kiosque/newsroom/related.py) join in the same query.
        similar = RelatedArticle.objects.filter(article_id=article.pk)
        candidates = (
            others.filter(Q(pk__in=chosen) | Q(pk__in=similar.values("related_id")))
            .annotate(
                similarity=Subquery(similar.filter(related_id=OuterRef("pk")).values("score")[:1])
            )
            .values_list("pk", "published_at", "similarity")
        )

        def rank(
            candidate: tuple[int, datetime | None, float | None],
        ) -> tuple[bool, float, datetime, int]:
            pk, published_at, similarity = candidate
            subject = (
                shared_tags.get(pk, 0) * RELATED_TAG_WEIGHT
                + (similarity or 0.0)
                + (RELATED_SECTION_WEIGHT if pk in same_section else 0.0)
            )
            return (
                pk in same_story,
                subject,
                published_at or datetime.min.replace(tzinfo=UTC),
                pk,
            )

        ranked = sorted(candidates, key=rank, reverse=True)[:limit]
        return [pk for pk, _published_at, _similarity in ranked]


# How many article–tag pairs per related article shown are read to rank by shared tags.
RELATED_CANDIDATES_PER_SLOT = 8
# After the running story, related articles rank by subject: each shared tag, the similarity of
# their words (a cosine, 0 to 1: 0.2 already means a shared subject) and the same section add
# up. A shared tag weighs what a close text does; the section alone, little.
RELATED_TAG_WEIGHT = 0.25
RELATED_SECTION_WEIGHT = 0.1


class Article(models.Model):
    """A piece of journalism: what readers come for, and what each discussion is about."""

    class Status(models.TextChoices):
        """Where the article is in the newsroom's workflow.

        draft → in review → scheduled → published → unpublished; only RELEASED_STATUSES let
        it out, and then only once `published_at` has come.
        """

        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    lead = models.TextField(_("lead"), help_text=_("The standfirst shown under the title."))
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown: ## for a subheading, > for a quote, - for a list, [text](url) for a link, "
            '![alt text](/media/image.jpg "Caption © Credit") for an image.'
        ),
    )
    body_html = models.TextField(editable=False, blank=True)

    source_name = models.CharField(_("source"), max_length=100, blank=True)
    source_url = models.URLField(_("source URL"), blank=True)
    video_url = models.URLField(
        _("video URL"), blank=True, help_text=_("A YouTube, Dailymotion or Vimeo address.")
    )
    video_title = models.CharField(_("video title"), max_length=200, blank=True)

    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    authors = models.ManyToManyField(
        Author, through="Byline", related_name="articles", verbose_name=_("authors")
    )
    story = models.ForeignKey(
        Story,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("running story"),
    )
    topic = models.OneToOneField(
        "community.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="article",
        verbose_name=_("discussion"),
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("In the future for a scheduled article; now if left empty on publishing."),
    )
    updated_at = models.DateTimeField(
        _("significant update"),
        null=True,
        blank=True,
        help_text=_('Shown to readers as "Updated on…". Leave empty for a typo fix.'),
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    hero = models.ForeignKey(
        "media.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hero_of",
        verbose_name=_("hero image"),
    )
    seo_title = models.CharField(
        _("title for search engines"),
        max_length=70,
        blank=True,
        help_text=_("Shown in search results and social cards; the title if left empty."),
    )
    seo_description = models.CharField(
        _("description for search engines"),
        max_length=160,
        blank=True,
        help_text=_("Shown in search results and social cards; the lead if left empty."),
    )
    story_position = models.PositiveSmallIntegerField(
        _("position in the running story"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="articles_created",
        verbose_name=_("created by"),
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    # Incremented by every save: an editor saving a form read at another version has missed
    # someone else's change (`actions.EditConflict`).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["section", "-published_at"]),
            # Newest first across the site (home, related articles, feeds) read in index order:
            # with two released statuses, the (status, publication) index cannot give that
            # order, and every article was read and sorted (60–100 ms on 100,000 articles).
            models.Index(fields=["-published_at", "-id"], name="article_newest_first"),
            # The few featured articles, newest first: too rare for the planner's sample to
            # see, so it read every article to find them (60 ms on 100,000 articles).
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(is_featured=True),
                name="article_featured_newest_first",
            ),
            # A section's published articles counted from the index alone, for its pages'
            # paginator (37 ms → 3 ms for 15,000 articles).
            models.Index(fields=["section", "status", "-published_at"], name="article_in_section"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(published_at__isnull=False),
                name="released_article_has_time",
            )
        ]
        permissions = [
            ("submit_article", _("Can submit an article for review")),
            ("publish_own_article", _("Can publish their own articles")),
            ("publish_article", _("Can publish, schedule and unpublish any article")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return link("newsroom:article-detail", pk=self.pk, slug=self.slug)

    def is_published(self, *, at: datetime | None = None) -> bool:
        """Same rule as `ArticleQuerySet.published`, for an article already in hand."""
        at = at or timezone.now()
        return self.is_released and self.published_at is not None and self.published_at <= at

    @property
    def is_released(self) -> bool:
        """Whether the newsroom has let the article out (now, or at its publication time)."""
        return self.status in RELEASED_STATUSES

    @property
    def has_notable_update(self) -> bool:
        return bool(
            self.updated_at
            and self.published_at
            and self.updated_at - self.published_at >= timedelta(minutes=UPDATE_NOTICE_MINUTES)
        )

    @property
    def shown_on_card(self) -> tuple[object, ...]:
        """Everything of the article that its card shows: a remembered rendering of the card
        (`{% memo %}`) stands as long as these are the same."""
        return (
            self.pk,
            self.slug,
            self.title,
            self.lead,
            self.hero_shown,
            self.section.name,
            self.section.slug,
            self.published_at,
            self.comment_count,
        )

    @property
    def hero_shown(self) -> tuple[object, ...] | None:
        """What of the hero image a page shows: its file, its size and which renditions exist
        (read from `hero__renditions` when the list prefetched them)."""
        if self.hero_id is None or self.hero is None:
            return None
        hero = self.hero
        renditions = tuple(sorted(rendition.pk for rendition in hero.renditions.all()))
        return (hero.pk, hero.file.name, hero.width, hero.height, hero.alt, renditions)

    @property
    def comment_count(self) -> int:
        """The discussion's size, read from its topic's counter (0 before the first comment)."""
        return self.topic.post_count if self.topic_id and self.topic else 0

    @property
    def byline_authors(self) -> list[Author]:
        return [byline.author for byline in self.bylines.all()]


# The statuses that let an article out, at its publication time: "released", defined once.
RELEASED_STATUSES = (Article.Status.SCHEDULED, Article.Status.PUBLISHED)


class Byline(models.Model):
    """An author credited on an article, in credit order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="bylines", verbose_name=_("author")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="one_byline_per_author")
        ]

    def __str__(self) -> str:
        return f"{self.author} — {self.article}"


class RetiredSlug(models.Model):
    """A slug an object no longer uses, kept so that old links answer 301 to the new page."""

    class Kind(models.TextChoices):
        SECTION = "section", _("section")
        TAG = "tag", _("tag")
        AUTHOR = "author", _("author")
        STORY = "story", _("running story")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    slug = models.SlugField(max_length=200)
    target_id = models.PositiveBigIntegerField()
    retired_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("retired slug")
        verbose_name_plural = _("retired slugs")
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="one_retired_slug_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.slug} → {self.target_id}"


class ArticleRevision(models.Model):
    """The article as one save left it: who, when, and what (its text and its other fields)."""

    class Kind(models.TextChoices):
        SAVE = "save", _("Saved")
        AUTOSAVE = "autosave", _("Saved automatically")
        RESTORE = "restore", _("Restored")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SAVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    # The article's version this revision was made from (autosaves) or made (saves).
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(_("lead"), blank=True)
    body = models.TextField(_("body"), blank=True)
    # Everything else the form edits, by field name (section, tags, authors, story, hero, SEO).
    fields = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["article", "-created_at"], name="revision_newest_first")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class PreviewLink(models.Model):
    """A link to an unreleased article for someone without an account: signed, expiring,
    revoked when the article is released or by an editor."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.token[:8]}…"


class Correction(models.Model):
    """A correction or an update note an editor adds to a released article."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.TextField(_("note"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [models.Index(fields=["-created_at", "-id"], name="correction_newest_first")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.article_id}"


class ErrorReport(models.Model):
    """A reader tells the newsroom of an error in an article, quoting the passage."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CORRECTED = "corrected", _("Corrected")
        DISMISSED = "dismissed", _("Dismissed")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="error_reports")
    passage = models.TextField(_("passage"))
    message = models.TextField(_("what is wrong"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reporter_email = models.EmailField(_("e-mail address"), blank=True)
    reporter_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.passage[:40]}"


class Page(models.Model):
    """A page of the site the editors keep (À propos, Mentions légales…), linked from the
    footer."""

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    body = models.TextField(_("text"), help_text=_("Markdown, as in articles."))
    body_html = models.TextField(editable=False, blank=True)
    footer_position = models.PositiveSmallIntegerField(
        _("position in the footer"),
        null=True,
        blank=True,
        help_text=_("Empty: not linked from the footer."),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["footer_position", "title"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self) -> str:
        return self.title


# --- Related articles by meaning (kiosque/newsroom/related.py) ----------------------------------


class RelatedArticle(models.Model):
    """One of the articles nearest in meaning to `article` (cosine similarity of their words,
    0 to 1), kept for "On the same subject": computed when either is published or edited."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="similar")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="similar_to")
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="related_article_once")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ~ {self.related_id} ({self.score:.2f})"


class ArticleTerm(models.Model):
    """One of the words that say most of what an article is about (its weight in the article's
    vector: tf-idf, the vector of unit length): the index that finds an article's neighbours."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=60)  # a key of kiosque.wordforms: a folded stem
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "term"], name="article_term_once")
        ]
        indexes = [models.Index(fields=["term"], name="article_term_by_term")]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.term} {self.weight:.3f}"


class TermCount(models.Model):
    """In how many released articles a word appears: how common it is (its idf's count)."""

    term = models.CharField(max_length=60, primary_key=True)
    articles = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term}: {self.articles}"

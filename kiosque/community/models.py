from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        return reverse("community:category-detail", kwargs={"slug": self.slug})


class TopicQuerySet(models.QuerySet["Topic"]):
    def visible(self, *, at: datetime | None = None) -> TopicQuerySet:
        """Topics a reader may see: not hidden, and open from their `visible_from` time."""
        at = at or timezone.now()
        return self.filter(is_hidden=False).filter(
            Q(visible_from__isnull=True) | Q(visible_from__lte=at)
        )


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
    is_hidden = models.BooleanField(_("hidden"), default=False)
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
    last_posted_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-is_pinned", "-last_posted_at", "-created_at"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [models.Index(fields=["category", "-last_posted_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:topic-detail", kwargs={"pk": self.pk, "slug": self.slug})

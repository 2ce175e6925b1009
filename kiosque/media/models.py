from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImageQuerySet(models.QuerySet["Image"]):
    def with_renditions(self) -> ImageQuerySet:
        """Each image with its renditions read in one more query for all (for `{% picture %}`).

        Lists reaching images through a relation prefetch the same path themselves:
        `Article.objects.select_related("hero").prefetch_related("hero__renditions")`.
        """
        return self.prefetch_related("renditions")

    def matching(self, query: str) -> ImageQuerySet:
        """Images whose alternative text, caption, credit or file name holds every word of
        `query` (case ignored)."""
        matched = self
        for word in query.split():
            matched = matched.filter(
                Q(alt__icontains=word)
                | Q(caption__icontains=word)
                | Q(credit__icontains=word)
                | Q(file__icontains=word)
            )
        return matched


class Image(models.Model):
    """A picture of the newsroom's media library, kept as uploaded (re-encoded, without
    metadata), with what is said of it and the point of interest that crops keep."""

    file = models.ImageField(
        _("file"), upload_to="library/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True)
    # The point crops are centred on, as fractions of the width and height (0.5: the middle).
    focal_x = models.FloatField(default=0.5)
    focal_y = models.FloatField(default=0.5)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="focal_point_inside_image",
            )
        ]

    def __str__(self) -> str:
        return self.alt or self.caption or self.file.name or ""

    def get_absolute_url(self) -> str:
        return reverse("media:image", args=[self.pk])


class Rendition(models.Model):
    """One size of an image in one format, cropped around its focal point for a use (hero,
    card, social card, inline): made once by the worker, then served as a file."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    use = models.CharField(max_length=20)
    format = models.CharField(max_length=10)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to="renditions/%Y/%m/")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "use", "format", "width"], name="one_rendition_per_size"
            )
        ]

    def __str__(self) -> str:
        return f"{self.image_id} {self.use} {self.width}w {self.format}"

"""The article editor's form and the article list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kiosque.media.models import Image
from kiosque.newsroom.models import Article, Author, Section, Story

# Beyond this, a tag list is a keyword dump, not a set of subjects readers follow.
TAGS_PER_ARTICLE = 12

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _https_by_default(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """A writer typing "wired.com" means the secure site."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ArticleForm(forms.ModelForm[Article]):
    """Everything a writer sets on an article; the hero image's own text and focal point are the
    image's, saved through the media actions by the view."""

    slug = forms.SlugField(
        label=_("Address (slug)"),
        max_length=200,
        required=False,
        help_text=_("Made from the title if left empty."),
    )
    authors = forms.ModelMultipleChoiceField(
        label=_("Authors"),
        queryset=Author.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In the order they are credited."),
    )
    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas; a new name creates the tag."),
    )
    hero = forms.ModelChoiceField(
        label=_("Hero image (number in the media library)"),
        queryset=Image.objects.all(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
    )
    hero_alt = forms.CharField(
        label=_("Alternative text of the hero image"),
        max_length=250,
        required=False,
        help_text=_("What the image shows, for readers who cannot see it. Required to publish."),
    )
    hero_caption = forms.CharField(label=_("Caption"), max_length=250, required=False)
    hero_credit = forms.CharField(label=_("Credit"), max_length=120, required=False)
    focal_x = forms.FloatField(
        label=_("Focal point, across (0 to 1)"), min_value=0, max_value=1, required=False
    )
    focal_y = forms.FloatField(
        label=_("Focal point, down (0 to 1)"), min_value=0, max_value=1, required=False
    )
    published_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text=_("Paris time. Only for scheduling."),
    )
    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        formfield_callback = _https_by_default
        fields = [
            "title",
            "slug",
            "lead",
            "body",
            "section",
            "story",
            "story_position",
            "seo_title",
            "seo_description",
            "source_name",
            "source_url",
            "video_url",
            "video_title",
            "hero",
        ]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 20}),
            "seo_description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        story = self.fields["story"]
        assert isinstance(story, forms.ModelChoiceField)
        story.queryset = Story.objects.order_by("title")
        story.required = False
        article = self.instance
        if article.pk is not None:
            self.initial.setdefault("read_version", article.version)
            self.initial.setdefault(
                "authors", [byline.author_id for byline in article.bylines.all()]
            )
            self.initial.setdefault("tag_names", ", ".join(tag.name for tag in article.tags.all()))
        elif article.created_by_id is not None:
            # A new article is credited to its writer unless they say otherwise.
            self.initial.setdefault(
                "authors",
                list(
                    Author.objects.filter(user=article.created_by_id).values_list("pk", flat=True)
                ),
            )
        if article.status == Article.Status.SCHEDULED:
            self.initial.setdefault("published_at", article.published_at)
        if article.hero is not None:
            for name in ("alt", "caption", "credit"):
                self.initial.setdefault(f"hero_{name}", getattr(article.hero, name))
            self.initial.setdefault("focal_x", article.hero.focal_x)
            self.initial.setdefault("focal_y", article.hero.focal_y)

    def ordered_authors(self) -> list[Author]:
        """The chosen authors in the order the form sent them (the credit order)."""
        chosen = {author.pk: author for author in self.cleaned_data.get("authors") or []}
        sent = self._sent_authors()
        ordered = [
            chosen[int(pk)] for pk in dict.fromkeys(sent) if pk.isdigit() and int(pk) in chosen
        ]
        return ordered + [author for pk, author in chosen.items() if author not in ordered]

    def author_choices_in_order(self) -> list[tuple[Author, bool]]:
        """Every author for the checkbox list, the credited ones first in credit order."""
        if self.is_bound:
            sent = [pk for pk in self._sent_authors() if pk.isdigit()]
        else:
            sent = [str(pk) for pk in self.initial.get("authors") or []]
        authors = {str(author.pk): author for author in Author.objects.all()}
        chosen = [authors[pk] for pk in dict.fromkeys(sent) if pk in authors]
        return [(author, True) for author in chosen] + [
            (author, False) for author in authors.values() if author not in chosen
        ]

    def _sent_authors(self) -> list[str]:
        getlist = getattr(self.data, "getlist", None)
        return list(getlist("authors")) if getlist else []

    def clean_tag_names(self) -> list[str]:
        names = [" ".join(name.split()) for name in self.cleaned_data["tag_names"].split(",")]
        names = list(dict.fromkeys(name for name in names if name))
        if len(names) > TAGS_PER_ARTICLE:
            raise ValidationError(
                _("At most %(limit)d tags."),
                code="too_many_tags",
                params={"limit": TAGS_PER_ARTICLE},
            )
        for name in names:
            if len(name) > 60 or not slugify(name):
                raise ValidationError(
                    _("“%(name)s” cannot be a tag name."), code="tag_name", params={"name": name}
                )
        return names

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        title = cleaned.get("title") or ""
        if not cleaned.get("slug") and title:
            cleaned["slug"] = self._free_slug(slugify(title)[:200] or "article")
        elif cleaned.get("slug") and self._slug_taken(cleaned["slug"]):
            self.add_error(
                "slug",
                ValidationError(
                    _("Another article already has this address: change it a little."),
                    code="slug_taken",
                ),
            )
        if cleaned.get("story_position") is not None and cleaned.get("story") is None:
            self.add_error(
                "story_position",
                ValidationError(_("Choose the running story first."), code="no_story"),
            )
        return cleaned

    def _slug_taken(self, slug: str) -> bool:
        return Article.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists()

    def _free_slug(self, base: str) -> str:
        taken = set(
            Article.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-"))
            .exclude(pk=self.instance.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base[:190]}-{number}", number + 1
        return slug


class ArticleFilterForm(forms.Form):
    """The article list's filters: every one optional, all combined."""

    q = forms.CharField(label=_("Search title and lead"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Every state")), *Article.Status.choices],
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        required=False,
        queryset=Section.objects.all(),
        empty_label=_("Every section"),
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        required=False,
        queryset=Author.objects.all(),
        empty_label=_("Every author"),
    )
    mine = forms.BooleanField(label=_("Mine only"), required=False)


class TagSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=60)

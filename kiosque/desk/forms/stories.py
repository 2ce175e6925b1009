"""The desk's forms for running stories."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kiosque.media.models import Image
from kiosque.newsroom.models import Article, Story


class StoryForm(forms.ModelForm[Story]):
    """A running story's title, address, summary and image (a picture of the media library)."""

    slug = forms.SlugField(
        label=_("Address (slug)"),
        max_length=150,
        required=False,
        help_text=_("Made from the title if left empty."),
    )
    image = forms.ModelChoiceField(
        label=_("Image (number in the media library)"),
        queryset=Image.objects.all(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={"invalid_choice": _("No image of the media library has this number.")},
    )

    class Meta:
        model = Story
        fields = ["title", "slug", "summary", "image"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or slugify(self.data.get("title", ""))[:150]
        if not slug:
            raise forms.ValidationError(
                _("Give the story a title or an address made of letters."), code="no_slug"
            )
        return slug


class StoryArticleSearchForm(forms.Form):
    """Articles to add to a story, found by words of their title."""

    q = forms.CharField(label=_("Find an article by its title"), max_length=200, required=False)


class StoryArticleForm(forms.Form):
    """One article of the newsroom, named by its number (attach, detach, move)."""

    article = forms.ModelChoiceField(
        queryset=Article.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This article no longer exists.")},
    )
    direction = forms.ChoiceField(
        choices=[("up", "up"), ("down", "down")], required=False, widget=forms.HiddenInput
    )

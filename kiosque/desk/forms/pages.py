"""The desk's form for the site's own pages."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kiosque.newsroom.models import Page


class PageForm(forms.ModelForm[Page]):
    """A site page: title, address, Markdown text and place in the footer."""

    slug = forms.SlugField(
        label=_("Address (slug)"),
        max_length=150,
        required=False,
        help_text=_("Made from the title if left empty: the page is at /page/ followed by it."),
    )

    class Meta:
        model = Page
        fields = ["title", "slug", "body", "footer_position"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or slugify(self.data.get("title", ""))[:150]
        if not slug:
            raise forms.ValidationError(
                _("Give the page a title or an address made of letters."), code="no_slug"
            )
        return slug

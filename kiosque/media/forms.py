"""What the library's pages accept: an upload with its alternative text, an image's description
and focal point, a search. Errors carry codes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Image

ALT_REQUIRED = _("Describe what the image shows, for readers who cannot see it.")
QUERY_MAX_LENGTH = 200


class UploadForm(forms.Form):
    """A picture for the library, described on arrival (an image without alt text is not
    accepted: it would reach articles without one)."""

    file = forms.FileField(
        label=_("Image"),
        help_text=_("JPEG, PNG, GIF or WebP."),
        error_messages={
            "required": _("Choose an image to send."),
            "empty": _("This file is empty."),
            "invalid": _("Choose an image to send."),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    alt = forms.CharField(
        label=_("Alternative text"),
        max_length=Image._meta.get_field("alt").max_length,
        help_text=_("What the image shows, for readers who cannot see it."),
        error_messages={"required": ALT_REQUIRED},
    )
    caption = forms.CharField(
        label=_("Caption"), max_length=Image._meta.get_field("caption").max_length, required=False
    )
    credit = forms.CharField(
        label=_("Credit"), max_length=Image._meta.get_field("credit").max_length, required=False
    )

    def clean_alt(self) -> str:
        alt = str(self.cleaned_data["alt"]).strip()
        if not alt:
            raise forms.ValidationError(ALT_REQUIRED, code="required")
        return alt


class ImageForm(forms.Form):
    """An image's description and the point its crops are centred on (0 to 1 across, down)."""

    alt = forms.CharField(
        label=_("Alternative text"),
        max_length=Image._meta.get_field("alt").max_length,
        help_text=_("What the image shows, for readers who cannot see it."),
        error_messages={"required": ALT_REQUIRED},
    )
    caption = forms.CharField(
        label=_("Caption"), max_length=Image._meta.get_field("caption").max_length, required=False
    )
    credit = forms.CharField(
        label=_("Credit"), max_length=Image._meta.get_field("credit").max_length, required=False
    )
    focal_x = forms.FloatField(
        label=_("Focal point across (0: left, 1: right)"),
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    focal_y = forms.FloatField(
        label=_("Focal point down (0: top, 1: bottom)"),
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )

    def __init__(self, data: Any = None, *, image: Image) -> None:
        initial = {name: getattr(image, name) for name in self.base_fields}
        super().__init__(data, initial=initial)

    def clean_alt(self) -> str:
        alt = str(self.cleaned_data["alt"]).strip()
        if not alt:
            raise forms.ValidationError(ALT_REQUIRED, code="required")
        return alt


class SearchForm(forms.Form):
    """Words to find in the alternative text, caption, credit or file name."""

    q = forms.CharField(label=_("Search"), max_length=QUERY_MAX_LENGTH, required=False)

    def words(self) -> str:
        return str(self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""

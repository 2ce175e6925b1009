"""The desk's forms for an article's revisions and preview links."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kiosque.newsroom.models import Article, ArticleRevision


class CompareForm(forms.Form):
    """Two revisions of one article to compare (`?from=&to=`), the older first."""

    def __init__(self, *args: Any, article: Article, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        revisions = ArticleRevision.objects.filter(article=article).select_related("created_by")
        messages = {
            "required": _("Choose two versions to compare."),
            "invalid_choice": _("This version is not one of this article's."),
        }
        self.fields["from"] = forms.ModelChoiceField(
            label=_("From"), queryset=revisions, error_messages=messages
        )
        self.fields["to"] = forms.ModelChoiceField(
            label=_("To"), queryset=revisions, error_messages=messages
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        older, newer = cleaned.get("from"), cleaned.get("to")
        if older is not None and newer is not None and _order(older) > _order(newer):
            cleaned["from"], cleaned["to"] = newer, older
        return cleaned


def _order(revision: ArticleRevision) -> tuple[Any, int]:
    return revision.created_at, revision.pk


class PreviewLinkForm(forms.Form):
    """How long a new preview link works."""

    valid_for = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=[
            (1, _("1 day")),
            (7, _("7 days")),
            (30, _("30 days")),
        ],
        coerce=int,
        initial=7,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how long the link works."),
            "invalid_choice": _("Choose 1, 7 or 30 days."),
        },
    )

    def validity(self) -> timedelta:
        return timedelta(days=self.cleaned_data["valid_for"])

"""The search page's form: what a reader may ask, and the clear words for what they may not."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH, SearchFilters

# Far past any real list of results: refused before it reaches the database as an offset.
PAGE_MAX = 1000
# C0 and C1 controls but tab and line breaks (pasted text: spaces to a search): nothing a reader
# types in a search box.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The dates a reader may type: the browser's date picker sends the first, people the others.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"]


def _as_date(text: str) -> date | None:
    """The day `text` names in one of DATE_INPUT_FORMATS, or None."""
    for format in DATE_INPUT_FORMATS:
        try:
            return datetime.strptime(text.strip(), format).date()
        except ValueError:
            continue
    return None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class SearchForm(forms.Form):
    """A search as the page's address holds it: `?q=…&type=…&rubrique=…&auteur=…&du=…&au=…&page=…`.

    Control characters are taken out of the query before it is shown again, so the box keeps
    what the reader can see, and the form says they were there.
    """

    KIND_CHOICES = [
        ("", _("Articles and discussions")),
        ("articles", _("Articles")),
        ("discussions", _("Discussions")),
    ]

    q = forms.CharField(
        label=_("Words to look for"),
        required=False,
        strip=True,
        # A longer query is cut by the search itself, which says so: what was pasted still finds.
        widget=forms.TextInput(
            attrs={"type": "search", "enterkeyhint": "search", "maxlength": MAX_QUERY_LENGTH}
        ),
    )
    type = forms.ChoiceField(
        label=_("Kind"),
        choices=KIND_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("This choice is not in the list.")},
    )
    rubrique = forms.ChoiceField(label=_("Section"), required=False)
    auteur = forms.ChoiceField(label=_("Author"), required=False)
    du = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("This is not a date: write it as 20/11/2023.")},
    )
    au = forms.DateField(
        label=_("Until"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("This is not a date: write it as 20/11/2023.")},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=PAGE_MAX,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("This page number is not a number."),
            "min_value": _("Pages are numbered from 1."),
            "max_value": _("There are not that many pages of results."),
        },
    )

    def __init__(
        self,
        data: Any = None,
        *,
        sections: Iterable[tuple[str, str]] = (),
        authors: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.had_control_characters = False
        if data is not None:
            data = data.copy()
            query = data.get("q", "")
            if CONTROL_CHARACTERS.search(query):
                self.had_control_characters = True
                data["q"] = CONTROL_CHARACTERS.sub(" ", query)
            for name in ("du", "au"):  # shown back as a date field holds it: 2023-11-20
                if typed := _as_date(data.get(name, "")):
                    data[name] = typed.isoformat()
        super().__init__(data)
        rubrique = self.fields["rubrique"]
        auteur = self.fields["auteur"]
        assert isinstance(rubrique, forms.ChoiceField) and isinstance(auteur, forms.ChoiceField)
        rubrique.choices = [("", _("All sections")), *sections]
        auteur.choices = [("", _("All authors")), *authors]
        invalid = _("This choice is not in the list.")
        rubrique.error_messages["invalid_choice"] = invalid
        auteur.error_messages["invalid_choice"] = invalid

    def clean_q(self) -> str:
        query: str = self.cleaned_data["q"]
        if self.had_control_characters:
            raise ValidationError(
                _("Your search held invisible control characters: they were taken out."),
                code="control",
            )
        return " ".join(query.split())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since: date | None = cleaned.get("du")
        until: date | None = cleaned.get("au")
        if since and until and since > until:
            self.add_error(
                "au", ValidationError(_("This date comes before the first one."), code="order")
            )
        errors = self.errors.as_data()
        for name in ("du", "au"):
            # A date field cannot hold what was typed when it is no date: a text field can.
            if any(error.code == "invalid" for error in errors.get(name, [])):
                widget = self.fields[name].widget
                assert isinstance(widget, DateInput)
                widget.input_type = "text"
        return cleaned

    def filters(self) -> SearchFilters:
        """The filters of a valid form, as the search takes them."""
        data = self.cleaned_data
        return SearchFilters(
            kind=data["type"] or "all",
            section=data["rubrique"] or None,
            author=data["auteur"] or None,
            since=data["du"],
            until=data["au"],
        )

    @property
    def has_filters(self) -> bool:
        """Whether any filter narrows the search (kind, section, author, dates)."""
        return bool(
            self.is_bound
            and any(self.data.get(name) for name in ("type", "rubrique", "auteur", "du", "au"))
        )

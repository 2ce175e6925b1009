"""The desk's forms for corrections, update notes and readers' error reports."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kiosque.newsroom.models import Correction, ErrorReport

# A note says what changed in a sentence or two; the article says the rest.
NOTE_MAX_LENGTH = 1000

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _refuse_control_characters(value: str) -> None:
    if _CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("This text holds invisible control characters: remove them."), code="control"
        )


class CorrectionForm(forms.Form):
    """A correction or an update note, in plain text as readers will read it."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Correction.Kind.choices,
        initial=Correction.Kind.CORRECTION,
        widget=forms.RadioSelect,
        help_text=_("A correction fixes an error; an update adds what happened since publication."),
    )
    note = forms.CharField(
        label=_("Note shown to readers"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[_refuse_control_characters],
        help_text=_("Plain text, shown under the article's title with its date."),
        error_messages={"required": _("Write the note readers will see.")},
    )


class ResolveErrorReportForm(forms.Form):
    """An editor's answer to a reader's error report: corrected (with a correction, maybe) or
    dismissed."""

    state = forms.ChoiceField(
        choices=[
            (ErrorReport.State.CORRECTED, _("Corrected")),
            (ErrorReport.State.DISMISSED, _("Dismissed")),
        ],
        error_messages={"required": _("Choose corrected or dismissed.")},
    )
    correction_note = forms.CharField(
        label=_("Correction to publish (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_refuse_control_characters],
        help_text=_("Shown to readers under the article's title when the report is corrected."),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("correction_note") and data.get("state") == ErrorReport.State.DISMISSED:
            self.add_error(
                "correction_note",
                ValidationError(
                    _("A dismissed report adds no correction: clear the note."),
                    code="note_on_dismissed",
                ),
            )
        return data

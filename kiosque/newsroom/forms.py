"""Readers' forms on the newsroom's pages."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kiosque.honeypot import SpamTrapForm

PASSAGE_MAX_LENGTH = 1000
# A reader explains an error in a few sentences; a longer text is a letter to the editors.
ERROR_MESSAGE_MAX_LENGTH = 2000

# C0/C1 controls except tab and newline: nothing a person types.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _refuse_control_characters(value: str) -> None:
    if _CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("This text holds invisible control characters: remove them."), code="control"
        )


class ErrorReportForm(SpamTrapForm, forms.Form):
    """A reader's error report: the passage, what is wrong, and an address to answer an
    anonymous reader (members are answered through their account)."""

    passage = forms.CharField(
        label=_("The passage in question"),
        help_text=_("Copy the words of the article that are wrong."),
        max_length=PASSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_refuse_control_characters],
        error_messages={"required": _("Quote the passage that is wrong.")},
    )
    message = forms.CharField(
        label=_("What is wrong"),
        help_text=_("Say what the right information is and, if you can, where it comes from."),
        max_length=ERROR_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[_refuse_control_characters],
        error_messages={"required": _("Say what is wrong in this passage.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        help_text=_("Only to answer you; it is not published."),
        required=False,
    )

    def __init__(self, *args: Any, is_member: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_member:
            del self.fields["email"]

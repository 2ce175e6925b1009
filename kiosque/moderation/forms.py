"""What members and moderators type into moderation: reports, appeals, decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kiosque.accounts.models import TrustLevel
from kiosque.community.forms import clean_text
from kiosque.community.models import DiscussionMode

from .models import Decision, HouseRule, ReportReason

NOTE_MAX_LENGTH = 2000
APPEAL_MAX_LENGTH = 4000
LEGAL_GROUND_MAX_LENGTH = 300
# Restrictions a moderator picks from, in days; a longer one is a ban, decided by an admin.
RESTRICTION_DAYS = (1, 3, 7, 30, 365)


def _optional_text(value: str, *, max_length: int) -> str:
    return clean_text(value, max_length=max_length) if value.strip() else ""


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this message?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    legal_ground = forms.CharField(
        label=_("Which law or right does it break?"),
        help_text=_("Required for illegal content, e.g. “defamation (law of 29 July 1881)”."),
        required=False,
        strip=False,
        max_length=LEGAL_GROUND_MAX_LENGTH,
    )
    note = forms.CharField(
        label=_("Explain (optional, required for “Something else”)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        strip=False,
    )

    def clean_legal_ground(self) -> str:
        value = self.cleaned_data["legal_ground"]
        return _optional_text(value, max_length=LEGAL_GROUND_MAX_LENGTH).strip()

    def clean_note(self) -> str:
        return _optional_text(self.cleaned_data["note"], max_length=NOTE_MAX_LENGTH)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == ReportReason.ILLEGAL and not data.get("legal_ground"):
            self.add_error(
                "legal_ground",
                ValidationError(
                    _("Say which law or which right this message breaks."),
                    code="legal_ground_missing",
                ),
            )
        if data.get("reason") == ReportReason.OTHER and not data.get("note"):
            self.add_error(
                "note",
                ValidationError(_("Say what is wrong with this message."), code="note_missing"),
            )
        return data


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should this decision change?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=False,
    )

    def clean_text(self) -> str:
        return clean_text(self.cleaned_data["text"], max_length=APPEAL_MAX_LENGTH)


class DecisionForm(forms.Form):
    """A moderator's decision on a post: the verb is the button pressed."""

    VERBS = ("approve", "hide", "delete", "silence", "suspend")

    verb = forms.ChoiceField(choices=[(verb, verb) for verb in VERBS])
    rule = forms.ChoiceField(
        label=_("Rule"), choices=[("", "—"), *HouseRule.choices], required=False
    )
    note = forms.CharField(
        label=_("Note for the member and the log (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        strip=False,
    )
    days = forms.TypedChoiceField(
        label=_("For"),
        choices=lambda: [
            (days, ngettext("%(days)d day", "%(days)d days", days) % {"days": days})
            for days in RESTRICTION_DAYS
        ],
        coerce=int,
        required=False,
        initial=7,
    )

    def clean_note(self) -> str:
        return _optional_text(self.cleaned_data["note"], max_length=NOTE_MAX_LENGTH)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verb") in {"hide", "delete", "silence", "suspend"} and not data.get("rule"):
            self.add_error(
                "rule", ValidationError(_("Choose the rule this breaks."), code="rule_missing")
            )
        if data.get("verb") in {"silence", "suspend"} and not data.get("days"):
            self.add_error("days", ValidationError(_("Choose for how long."), code="days_missing"))
        return data

    def until(self) -> Any:
        return timezone.now() + timedelta(days=self.cleaned_data["days"])


class AppealDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        choices=[("1", _("Grant")), ("0", _("Refuse"))], coerce=lambda value: value == "1"
    )
    answer = forms.CharField(
        label=_("Answer to the member"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        strip=False,
    )

    def clean_answer(self) -> str:
        return _optional_text(self.cleaned_data["answer"], max_length=NOTE_MAX_LENGTH)


class TrustLevelForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Trust level"), choices=TrustLevel.choices, coerce=int)
    note = forms.CharField(label=_("Note"), required=False, strip=False)

    def clean_note(self) -> str:
        return _optional_text(self.cleaned_data["note"], max_length=NOTE_MAX_LENGTH)


class DiscussionRulesForm(forms.Form):
    discussion_mode = forms.ChoiceField(
        label=_("Mode"), choices=DiscussionMode.choices, widget=forms.RadioSelect
    )
    is_closed = forms.BooleanField(label=_("Closed: no new messages"), required=False)
    close_after_days = forms.IntegerField(
        label=_("Close by itself after (days from now)"),
        min_value=1,
        max_value=3650,
        required=False,
    )
    note = forms.CharField(label=_("Note for the log"), required=False, strip=False)

    def clean_note(self) -> str:
        return _optional_text(self.cleaned_data["note"], max_length=NOTE_MAX_LENGTH)


class LogFilterForm(forms.Form):
    verb = forms.ChoiceField(
        label=_("Action"), choices=[("", _("all")), *Decision.Verb.choices], required=False
    )
    moderator = forms.CharField(label=_("Moderator"), required=False, max_length=150)
    member = forms.CharField(label=_("Member concerned"), required=False, max_length=150)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    automated = forms.NullBooleanField(
        label=_("Decided by"),
        required=False,
        widget=forms.Select(
            choices=[
                ("unknown", _("anyone")),
                ("true", _("the site's rules")),
                ("false", _("a moderator")),
            ]
        ),
    )

"""A trap for programs that fill in forms: a field people never see (the honeypot) and the
moment the form was shown, signed, so that a form sent back faster than a person types
(`KIOSQUE_MIN_FILL_SECONDS`) is refused. No third-party CAPTCHA: nothing is asked of people.

`SpamTrapForm` is the mixin of the sign-up and posting forms; forms written by hand in a
template (the composers) render the same two fields with `{% spam_trap_fields %}` (load
`honeypot`). A refusal is a non-field error of the form: the view answers 400 with what was
typed.
"""

from __future__ import annotations

import time
from typing import Any

from django import forms, template
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

HONEYPOT_FIELD = "website"
SHOWN_AT_FIELD = "shown_at"
_SALT = "kiosque.honeypot.shown-at"


def sign_shown_at(at: float | None = None) -> str:
    """The moment a form is shown, signed so that a program cannot backdate it."""
    return signing.dumps(round(time.time() if at is None else at, 3), salt=_SALT)


def seconds_since_shown(signed: str, *, at: float | None = None) -> float | None:
    """How long ago the form carrying `signed` was shown; None if it was not signed here."""
    try:
        shown_at = float(signing.loads(signed, salt=_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return (time.time() if at is None else at) - shown_at


def robot_refusal(data: Any) -> ValidationError | None:
    """Why the submitted `data` (a QueryDict) looks sent by a program, or None."""
    if data.get(HONEYPOT_FIELD, ""):
        return ValidationError(
            gettext(
                "This form was refused as if a program had filled it in: the field “%(label)s” "
                "must stay empty. Your text is kept below: send it again."
            )
            % {"label": gettext("Leave this field empty")},
            code="honeypot",
        )
    min_seconds = settings.KIOSQUE_MIN_FILL_SECONDS
    if min_seconds <= 0:
        return None
    elapsed = seconds_since_shown(str(data.get(SHOWN_AT_FIELD, "")))
    if elapsed is None:
        return ValidationError(
            gettext(
                "This form is incomplete or was altered on the way. Your text is kept below: "
                "send it again."
            ),
            code="fill_time_missing",
        )
    if elapsed < min_seconds:
        return ValidationError(
            gettext(
                "This form was sent back faster than a person can write it. Your text is kept "
                "below: wait a few seconds and send it again."
            ),
            code="too_fast",
        )
    return None


class HoneypotInput(forms.TextInput):
    """A text box hidden from people (not displayed, by the stylesheet that programs filling
    forms do not read; out of the accessibility tree and the tab order); its label tells anyone
    who still reaches it to leave it empty."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        attrs = {**(attrs or {}), "tabindex": "-1", "autocomplete": "off"}
        attrs.setdefault("id", f"id_{name}")
        field = super().render(name, "", attrs, renderer)
        return format_html(
            '<div class="spam-trap" aria-hidden="true"><label for="{}">{}</label>{}</div>',
            attrs["id"],
            gettext("Leave this field empty"),
            field,
        )


class ShownAtInput(forms.HiddenInput):
    """The signed moment the form is shown: a fresh one at each rendering, never the one sent
    back (a refused form shown again starts its own count)."""

    def format_value(self, value: Any) -> str:
        return sign_shown_at()


class SpamTrapForm(forms.Form):
    """Mixin of the forms programs fill in: the honeypot and the minimum fill time. Put it
    first among the bases so that its `clean` runs."""

    website = forms.CharField(label="", required=False, strip=False, widget=HoneypotInput)
    shown_at = forms.CharField(required=False, widget=ShownAtInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refusal = robot_refusal(self.data)
        if refusal is not None:
            self.add_error(None, refusal)
        return data


# --- In templates ----------------------------------------------------------------------------

register = template.Library()


@register.simple_tag
def spam_trap_fields(prefix: str = "composer") -> SafeString:
    """The honeypot and the signed moment, for a form written by hand in a template."""
    honeypot = HoneypotInput().render(HONEYPOT_FIELD, "", {"id": f"{prefix}-{HONEYPOT_FIELD}"})
    return format_html(
        '{}<input type="hidden" name="{}" value="{}">',
        honeypot,
        SHOWN_AT_FIELD,
        sign_shown_at(),
    )

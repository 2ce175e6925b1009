"""One-click unsubscribing from notification e-mails (RFC 8058), with no sign-in.

Every notification e-mail carries `List-Unsubscribe: <https://…/membres/desabonnement/TOKEN/>,
<mailto:…>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, and shows the same link
in its footer. The token is signed (`django.core.signing`, a salt of its own) and names the
member and the kind of e-mail: one of the member's `email_on_*` preferences, or ALL of them
(the e-mails the site sends whatever the preferences, its notices, offer that). It does not
expire: a link in an old e-mail keeps working, and it can do nothing but switch e-mails off.

A mail client POSTs to the link (no session, no CSRF token: the view is exempt for this POST
alone); a person opening it gets a page with a button, since link scanners GET every link of a
message and must never unsubscribe anyone. Undoing it is a form of our own page, CSRF-checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import User

SALT = "kiosque.accounts.unsubscribe"
ALL = "all"
# What each kind of e-mail is, for the page that confirms: "You will no longer receive…".
DESCRIPTIONS = {
    "email_on_reply": _("e-mails when someone replies to you"),
    "email_on_quote": _("e-mails when someone quotes you"),
    "email_on_mention": _("e-mails when someone mentions you"),
    "email_on_like": _("e-mails when someone likes your message"),
    "email_on_watched": _("e-mails of new messages in the discussions you watch"),
    ALL: _("notification e-mails of any kind"),
}


def preferences() -> tuple[str, ...]:
    """The member's e-mail preferences a link may switch off: the `email_on_*` fields."""
    return tuple(
        field.name for field in User._meta.get_fields() if field.name.startswith("email_on_")
    )


@dataclass(frozen=True)
class Unsubscription:
    """What a valid token asks: `member` no longer wants the e-mails of `preference`."""

    member: User
    preference: str

    @property
    def fields(self) -> list[str]:
        """The preferences switched off: one, or all of them."""
        return list(preferences()) if self.preference == ALL else [self.preference]

    @property
    def description(self) -> str:
        return str(DESCRIPTIONS.get(self.preference, DESCRIPTIONS[ALL]))


def token_for(member: User, preference: str) -> str:
    """The signed token naming `member` and `preference` (a field of `preferences()`, or ALL)."""
    if preference != ALL and preference not in preferences():
        raise ValueError(f"not an e-mail preference: {preference}")
    return signing.Signer(salt=SALT).sign_object({"m": member.pk, "e": preference})


def read_token(token: str) -> Unsubscription | None:
    """What `token` asks, or None when it is not one of ours (tampered, truncated), or names a
    member who is gone or a preference that no longer exists."""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(value, dict):
        return None
    member_id, preference = value.get("m"), value.get("e")
    if not isinstance(member_id, int) or not isinstance(preference, str):
        return None
    if preference != ALL and preference not in preferences():
        return None
    member = User.objects.filter(pk=member_id, is_deleted=False).first()
    return Unsubscription(member=member, preference=preference) if member else None


def unsubscribe_url(member: User, preference: str) -> str:
    """The absolute one-click address for `member` and `preference`."""
    token = token_for(member, preference)
    # The site's own language: e-mails are written in it, whatever the request's.
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse("accounts:unsubscribe", kwargs={"token": token})


def mailbox() -> str:
    """Where unsubscribing by e-mail goes: KIOSQUE_UNSUBSCRIBE_MAILBOX, else the sender."""
    configured = settings.KIOSQUE_UNSUBSCRIBE_MAILBOX
    return configured or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def headers(member: User, preference: str) -> dict[str, str]:
    """The RFC 2369 and RFC 8058 headers of an e-mail to `member` under `preference`."""
    subject = quote(f"unsubscribe {token_for(member, preference)}")
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(member, preference)}>, "
        f"<mailto:{mailbox()}?subject={subject}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }

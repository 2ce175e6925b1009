from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kiosque.honeypot import SpamTrapForm

from .avatars import AVATAR_MAX_BYTES, AVATAR_MAX_SIDE, make_avatar
from .models import FOLLOW_DEFAULTS, User

BIO_MAX_LENGTH = User._meta.get_field("bio").max_length
NOTIFICATION_FIELDS = (
    "email_on_reply",
    "email_on_quote",
    "email_on_mention",
    "email_on_like",
    "email_on_watched",
)
FOLLOWING_FIELDS = ("follow_on_create", "follow_on_reply")


class SettingsForm(forms.Form):
    """A member's profile (bio, avatar) and which notifications reach them by e-mail."""

    bio = forms.CharField(
        label=_("About you"),
        required=False,
        max_length=BIO_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    avatar = forms.FileField(
        label=_("New avatar"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)
    email_on_reply = forms.BooleanField(label=_("Someone replies to me"), required=False)
    email_on_quote = forms.BooleanField(label=_("Someone quotes me"), required=False)
    email_on_mention = forms.BooleanField(label=_("Someone mentions me"), required=False)
    email_on_like = forms.BooleanField(label=_("Someone likes one of my posts"), required=False)
    email_on_watched = forms.BooleanField(
        label=_("New posts arrive in a topic I watch (several together in one e-mail)"),
        required=False,
    )
    follow_on_create = forms.TypedChoiceField(
        label=_("Topics I start"),
        choices=FOLLOW_DEFAULTS,
        coerce=int,
        required=False,
        empty_value=None,
    )
    follow_on_reply = forms.TypedChoiceField(
        label=_("Topics I reply to"),
        choices=FOLLOW_DEFAULTS,
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "bio": user.bio,
                **{name: getattr(user, name) for name in NOTIFICATION_FIELDS + FOLLOWING_FIELDS},
            },
        )
        super().__init__(*args, **kwargs)
        self.user = user
        # Help texts with numbers are built here, in the language of the request.
        self.fields["bio"].help_text = gettext(
            "Shown on your public profile. Plain text, up to %(limit)s characters."
        ) % {"limit": BIO_MAX_LENGTH}
        self.fields["avatar"].help_text = gettext(
            "JPEG, PNG, GIF or WebP, up to %(size)s MB and %(side)s×%(side)s pixels. "
            "It is cropped to a square."
        ) % {"size": AVATAR_MAX_BYTES // (1024 * 1024), "side": AVATAR_MAX_SIDE}
        if not user.avatar:
            del self.fields["remove_avatar"]

    def clean_avatar(self) -> ContentFile[bytes] | None:
        upload = self.cleaned_data.get("avatar")
        return make_avatar(upload) if upload else None

    def notification_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in NOTIFICATION_FIELDS]

    def following_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in FOLLOWING_FIELDS]


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for its password: a left-open session is not enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("This is not your password: your account was not deleted."),
                code="wrong_password",
            )
        return password


class SignupForm(SpamTrapForm, AllauthSignupForm):  # type: ignore[misc]  # allauth ships no type hints
    """allauth's sign-up form with the honeypot and the minimum fill time (`ACCOUNT_FORMS`)."""

"""What members type into the forum, and the rules it must follow before an action sees it."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kiosque.honeypot import SpamTrapForm

from .models import Post, Topic

# Long enough for a careful essay, short enough that one post cannot flood a page.
MAX_POST_LENGTH = 20_000
# A title is a line in a list; the model column allows 200.
MAX_TITLE_LENGTH = 200
# C0 and C1 control characters other than tab, line feed and carriage return: they never come
# from a keyboard, render as nothing or garble the page, so a post carrying them is refused.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str, *, max_length: int) -> str:
    """Refuse blank text, text over `max_length` and control characters; keep the rest as typed."""
    if not value.strip():
        raise ValidationError(_("Your message is empty: write something first."), code="empty")
    if len(value) > max_length:
        raise ValidationError(
            _(
                "Your message is %(length)s characters long; the limit is %(limit)s. "
                "Shorten it or split it in two."
            ),
            code="too_long",
            params={"length": len(value), "limit": max_length},
        )
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _(
                "Your message contains invisible control characters (often pasted from another "
                "program). Remove them and try again."
            ),
            code="control_characters",
        )
    return value


class SourceField(forms.CharField):
    """A post's Markdown text, kept exactly as typed so that a refused draft comes back whole."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Your message"))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        super().__init__(strip=False, required=False, **kwargs)

    def clean(self, value: Any) -> str:
        return clean_text(super().clean(value), max_length=MAX_POST_LENGTH)


class ReplyForm(SpamTrapForm):
    """A reply to a topic (a comment, on an article page)."""

    source = SourceField()
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, topic: Topic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topic = topic

    def clean_reply_to(self) -> Post | None:
        """The post replied to, if it is still visible in this topic; otherwise a plain reply.

        The text matters more than the link: a vanished target must not cost the member
        their message.
        """
        pk = self.cleaned_data.get("reply_to")
        if not pk:
            return None
        return Post.objects.visible().filter(topic=self.topic, pk=pk).first()


class TopicForm(SpamTrapForm):
    """A new topic: a title and its opening post."""

    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE_LENGTH,
        error_messages={"required": _("Give your topic a title.")},
    )
    source = SourceField()

    def clean_title(self) -> str:
        title: str = self.cleaned_data["title"]
        if CONTROL_CHARACTERS.search(title):
            raise ValidationError(
                _("The title contains invisible control characters: remove them."),
                code="control_characters",
            )
        return title


class EditPostForm(forms.Form):
    """The new text of a post its author corrects."""

    source = SourceField()


class ImageUploadForm(forms.Form):
    """An image sent from a composer; without JavaScript it carries the draft along, and the
    hidden field naming its composer: `topic` (a reply), `category` (a new topic, by slug) or
    `post` (an edit)."""

    image = forms.FileField(
        label=_("Add an image"),
        error_messages={
            "required": _("Choose an image to send."),
            "invalid": _("The file could not be read: choose an image."),
            "empty": _("The file is empty: choose an image."),
        },
    )
    topic = forms.IntegerField(required=False, widget=forms.HiddenInput)
    category = forms.SlugField(required=False, widget=forms.HiddenInput)
    post = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(strip=False, required=False, widget=forms.HiddenInput)
    source = forms.CharField(strip=False, required=False, widget=forms.HiddenInput)
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class BookmarkForm(forms.Form):
    """A bookmark's note and reminder, both optional (`actions.bookmarks.bookmark_post`)."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("Only you see it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remind_at = forms.DateTimeField(
        label=_("Remind me"),
        required=False,
        help_text=_("Leave empty for no reminder. You will be notified under the bell."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_note(self) -> str:
        note: str = self.cleaned_data["note"]
        if CONTROL_CHARACTERS.search(note):
            raise ValidationError(
                _("The note holds characters that cannot be shown."), code="control_characters"
            )
        return note

"""What the composer asks while a member writes: a preview of their text, rendered by the
renderer that stores posts (no second Markdown engine in the browser), and the members whose
names start with what they typed after `@`. Both answer JSON; nothing is written."""

from __future__ import annotations

import re
from dataclasses import replace

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kiosque.accounts.models import User
from kiosque.accounts.usernames import mentionable_usernames
from kiosque.markup import render_post

from ..forms import MAX_POST_LENGTH, clean_text
from ..models import Post, Topic
from ..previews import attach_previews, stored_previews
from ..uploads import image_info

# A list one reads at a glance while typing; more is a sign the prefix is too short.
MENTION_SUGGESTIONS_SHOWN = 8
# Usernames are at most this long (accounts' adapter); a longer prefix names nobody.
MENTION_PREFIX_MAX = 150
MENTION_PREFIX = re.compile(r"[\w.@+-]+")
# A preview request bigger than a post at its limit (in UTF-8, with the form's other fields)
# is refused before it is read.
PREVIEW_REQUEST_MAX_BYTES = MAX_POST_LENGTH * 4 + 4096


def preview_html(source: str) -> str:
    """`source` as its post would be stored: the same renderer, the same members mentionable,
    the same images sized, the link cards already known in place, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        rendered = render_post(source, known_usernames=mentionable_usernames, image_info=image_info)
    if rendered.link_urls:
        known, _to_fetch = stored_previews(rendered.link_urls)
        if known:
            rendered = replace(rendered, html=attach_previews(rendered.html, known))
    return rendered.html


@require_POST
def post_preview(request: HttpRequest) -> JsonResponse:
    """POST `source`: `{"html": …}`, the text as it would be published. Members only; the
    form's own limits answer 400 with their message."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("You are signed out: sign in again.")}, status=403)
    if int(request.META.get("CONTENT_LENGTH") or 0) > PREVIEW_REQUEST_MAX_BYTES:
        return JsonResponse({"error": _("This text is too long to preview.")}, status=413)
    source = request.POST.get("source", "")
    try:
        clean_text(source, max_length=MAX_POST_LENGTH)
    except ValidationError as refusal:
        return JsonResponse({"error": " ".join(refusal.messages)}, status=400)
    return JsonResponse({"html": preview_html(source)})


@require_GET
def mention_suggestions(request: HttpRequest) -> JsonResponse:
    """GET `?q=<prefix>&topic=<id>`: `{"members": [{"username": …}, …]}`, the members who
    may be mentioned whose name starts with the prefix, those who wrote in the topic first.
    One query, whatever the number of members or posts."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("You are signed out: sign in again.")}, status=403)
    prefix = request.GET.get("q", "").strip().lstrip("@")
    if len(prefix) > MENTION_PREFIX_MAX or (prefix and not MENTION_PREFIX.fullmatch(prefix)):
        return JsonResponse({"error": _("No member has such a name.")}, status=400)
    try:
        topic_id = int(request.GET.get("topic") or 0)
    except ValueError:
        return JsonResponse({"error": _("This discussion does not exist.")}, status=400)
    if not prefix:
        return JsonResponse({"members": []})
    now = timezone.now()
    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    members = (
        User.objects.filter(
            Exists(confirmed), is_active=True, is_deleted=False, username__istartswith=prefix
        )
        .filter(Q(suspended_until__isnull=True) | Q(suspended_until__lte=now))
        .exclude(pk=request.user.pk)
    )
    if topic_id > 0:
        wrote_here = Post.objects.visible().filter(
            topic_id=topic_id,
            topic__in=Topic.objects.visible(at=now),
            author=OuterRef("pk"),
        )
        members = members.annotate(in_topic=Exists(wrote_here)).order_by("-in_topic", "username")
    else:
        members = members.order_by("username")
    found = members.values_list("username", flat=True)[:MENTION_SUGGESTIONS_SHOWN]
    return JsonResponse({"members": [{"username": username} for username in found]})

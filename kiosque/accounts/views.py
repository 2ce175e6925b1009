from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Mapping
from datetime import timedelta
from http import HTTPStatus
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from kiosque.announcements import key_of
from kiosque.pagecache.shared import shared_page, stored_page_first

from .actions import (
    delete_account,
    export_member_data,
    resubscribe_to_emails,
    unsubscribe_from_emails,
    update_settings,
)
from .forms import DeleteAccountForm, SettingsForm
from .models import User
from .unsubscribe import read_token

# The member's part in the forum (post count, recent posts), which builds on accounts: read
# through this dotted path, as `erasure.ERASERS` and `export.SECTIONS` read it, never imported.
PROFILE_ACTIVITY = "kiosque.community.profiles.forum_activity"
# An archive reads everything a member has: once a minute is plenty for a person, and bounds
# what a script (or a stolen session) can make the server do.
EXPORT_EVERY = timedelta(minutes=1)
# Archives stay in memory up to this size, then go to a temporary file (images make them big).
EXPORT_IN_MEMORY_BYTES = 8 * 1024 * 1024


@stored_page_first
def profile(request: HttpRequest, username: str) -> HttpResponse:
    if "\x00" in username:  # no member's name; PostgreSQL refuses to even look it up
        raise Http404
    member = get_object_or_404(User, username=username, is_deleted=False)

    def context() -> dict[str, Any]:
        return {"member": member, **_forum_activity()(member)}

    def keys(context: Mapping[str, Any]) -> set[str]:
        return {key_of(member), *context["shown_keys"]}

    return shared_page(request, "accounts/user_detail.html", context, keys=keys)


@functools.cache
def _forum_activity() -> Callable[[User], Mapping[str, Any]]:
    activity: Callable[[User], Mapping[str, Any]] = import_string(PROFILE_ACTIVITY)
    return activity


@login_required
def settings(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    posted = request.method == "POST"
    form = SettingsForm(
        request.POST if posted else None, request.FILES if posted else None, user=request.user
    )
    if posted and form.is_valid():
        update_settings(request.user, **form.cleaned_data)
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:settings")
    status = HTTPStatus.BAD_REQUEST if form.is_bound else HTTPStatus.OK
    return render(request, "accounts/user_settings.html", {"form": form}, status=status)


@login_required
def delete(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_bound and form.is_valid():
        delete_account(request.user)
        logout(request)
        messages.success(request, _("Your account is deleted. Goodbye, and thank you."))
        return redirect("newsroom:home")
    status = HTTPStatus.BAD_REQUEST if form.is_bound else HTTPStatus.OK
    return render(request, "accounts/user_delete.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def export_data(request: HttpRequest) -> HttpResponseBase:
    """GET: what the archive holds. POST: the archive of the signed-in member's data, at once."""
    assert isinstance(request.user, User)
    if request.method == "GET":
        return render(request, "accounts/user_export.html")
    member = request.user
    if not cache.add(f"accounts:export:{member.pk}", 1, EXPORT_EVERY.total_seconds()):
        messages.error(request, _("You have just downloaded your data: try again in a minute."))
        return render(request, "accounts/user_export.html", status=HTTPStatus.TOO_MANY_REQUESTS)
    at = timezone.now()
    # Not closed here: FileResponse sends it, then closes it.
    archive = tempfile.SpooledTemporaryFile(max_size=EXPORT_IN_MEMORY_BYTES)  # noqa: SIM115
    export_member_data(member, requested_by=member, into=archive, at=at)
    archive.seek(0)
    name = f"kiosque-{member.username}-{at:%Y-%m-%d}.zip"
    response = FileResponse(archive, as_attachment=True, filename=name)
    response["Content-Type"] = "application/zip"
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt  # a mail client's one-click POST (RFC 8058) carries no CSRF token, nor a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page asking to confirm (link scanners GET every link of an e-mail). POST: the
    e-mails the token names are switched off, signed in or not (`unsubscribe.py`)."""
    found = read_token(token)
    if found is None:
        return _unsubscribe_page(request, {"state": "invalid"}, status=HTTPStatus.BAD_REQUEST)
    context: dict[str, Any] = {"token": token, "found": found, "state": "ask"}
    if request.method == "POST":
        switched = unsubscribe_from_emails(found.member, by=found.member, fields=found.fields)
        context |= {"state": "done", "switched": switched}
    return _unsubscribe_page(request, context)


@require_POST
def resubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Undo an unsubscribe: the preferences named (within what the token may change) go on."""
    found = read_token(token)
    if found is None:
        return _unsubscribe_page(request, {"state": "invalid"}, status=HTTPStatus.BAD_REQUEST)
    fields = [name for name in request.POST.getlist("field") if name in found.fields]
    resubscribe_to_emails(found.member, by=found.member, fields=fields or found.fields)
    return _unsubscribe_page(request, {"token": token, "found": found, "state": "undone"})


def _unsubscribe_page(
    request: HttpRequest, context: dict[str, Any], *, status: int = HTTPStatus.OK
) -> HttpResponse:
    response = render(request, "accounts/unsubscribe.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    # The address holds the token: never sent to another site (same-origin: our own forms'
    # Origin stays, for the CSRF check of undoing).
    response["Referrer-Policy"] = "same-origin"
    return response

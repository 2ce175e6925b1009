"""The admin's sign-in page is the site's: the same throttling, the same second factor."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .second_factor import has_staff_flag


def admin_login(request: HttpRequest) -> HttpResponse:
    """Send the visitor to the site's sign-in (with `next`); a password posted here is not read."""
    if not request.user.is_authenticated:
        query = request.GET.urlencode()
        return redirect(reverse("account_login") + (f"?{query}" if query else ""))
    if not has_staff_flag(request.user):
        raise PermissionDenied  # signed in, but the admin is not for them
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("admin:index")
    return redirect(next_url)

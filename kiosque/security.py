"""Who is asking, and the headers every page carries: trusted proxies, Permissions-Policy, CSP
violation reports.

- `client_address(request)`: the reader's address. `X-Forwarded-For` and `X-Forwarded-Proto`
  are believed only when the request comes straight from a proxy in `TRUSTED_PROXIES`; then
  the address is the rightmost hop of `X-Forwarded-For` that is not itself a trusted proxy
  (what the proxies nearest to us saw). Every rate limit counts addresses through it.
- `TrustedProxyMiddleware`, first of Django's: REMOTE_ADDR becomes that address (allauth's
  limits read it), and the forwarded headers of an untrusted peer are dropped before Django's
  `SECURE_PROXY_SSL_HEADER` or anything else reads them. The fast path, which answers before
  Django, asks `is_forwarded_https` the same question.
- `PermissionsPolicyMiddleware` and `permissions_policy()`: the same header from Django and
  from the fast path (`pagecache/http.py: security_headers`).
- `csp_report`: where browsers report what the Content-Security-Policy blocked; logged.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

logger = logging.getLogger("kiosque.csp")

# Where client_address keeps its answer on a request (REMOTE_ADDR is rewritten with it).
CLIENT_ADDRESS_META = "kiosque.client_address"
# A violation report field longer than this is cut in the log.
REPORT_FIELD_MAX_CHARS = 300
# The fields of a violation worth a log line (both the report-uri and the Reporting API names).
REPORT_FIELDS = (
    "document-uri",
    "documentURL",
    "violated-directive",
    "effective-directive",
    "effectiveDirective",
    "blocked-uri",
    "blockedURL",
    "source-file",
    "sourceFile",
    "line-number",
    "lineNumber",
    "disposition",
)
REPORT_CONTENT_TYPES = ("application/csp-report", "application/json", "application/reports+json")


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _parse_address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.partition(":")[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    """Whether `address` is one of the proxies in TRUSTED_PROXIES."""
    parsed = _parse_address(address)
    if parsed is None:
        return False
    return any(parsed in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def forwarded_client(peer: str, forwarded_for: str) -> str:
    """The client's address, given the immediate peer and its `X-Forwarded-For` header.

    Each proxy appends the address it saw: walking from the right, the first hop that is not a
    trusted proxy is the client. Anything further left was written by the client itself.
    """
    if not forwarded_for or not is_trusted_proxy(peer):
        return peer
    client = peer
    for hop in reversed(forwarded_for.split(",")):
        parsed = _parse_address(hop)
        if parsed is None:
            break  # written by someone we do not trust: the last hop we could read is it
        client = str(parsed)
        if not is_trusted_proxy(client):
            break
    return client


def is_forwarded_https(peer: str, forwarded_proto: str) -> bool:
    """Whether a trusted proxy says the reader came over HTTPS."""
    first = forwarded_proto.split(",", 1)[0].strip().lower()
    return first == "https" and is_trusted_proxy(peer)


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent `request`, proxies we trust looked through."""
    known = request.META.get(CLIENT_ADDRESS_META)
    if known is None:
        known = forwarded_client(
            request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", "")
        )
        request.META[CLIENT_ADDRESS_META] = known
    return str(known)


class TrustedProxyMiddleware:
    """REMOTE_ADDR becomes the client's address; an untrusted peer's proxy headers are dropped."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO"):
                request.META.pop(header, None)
        request.META["REMOTE_ADDR"] = client_address(request)
        return self.get_response(request)


def permissions_policy() -> str:
    """The Permissions-Policy header built from settings.PERMISSIONS_POLICY."""
    return ", ".join(f"{feature}={allow}" for feature, allow in settings.PERMISSIONS_POLICY.items())


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header to every answer that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions_policy()
        return response


def _violations(document: Any) -> Iterable[dict[str, Any]]:
    """The violations in a report: `{"csp-report": {...}}` (report-uri) or a list of
    `{"type": "csp-violation", "body": {...}}` (the Reporting API). ValueError for anything else."""
    if isinstance(document, dict) and isinstance(document.get("csp-report"), dict):
        return [document["csp-report"]]
    if isinstance(document, list):
        bodies = [
            report["body"]
            for report in document
            if isinstance(report, dict)
            and report.get("type") == "csp-violation"
            and isinstance(report.get("body"), dict)
        ]
        if bodies:
            return bodies
    raise ValueError("not a CSP violation report")


def _summary(violation: dict[str, Any]) -> dict[str, str]:
    return {
        field: str(violation[field])[:REPORT_FIELD_MAX_CHARS]
        for field in REPORT_FIELDS
        if field in violation
    }


@csrf_exempt  # browsers send reports without a token, from any page of the site
@require_POST
def csp_report(request: HttpRequest) -> HttpResponseBase:
    """Logs the violations a browser reports; 204, or 4xx for anything else."""
    from kiosque import ratelimits

    content_type = request.content_type or ""
    if content_type not in REPORT_CONTENT_TYPES:
        return HttpResponse(_("Not a violation report."), status=415, content_type="text/plain")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > settings.CSP_REPORT_MAX_BYTES:
        return HttpResponse(_("Report too large."), status=413, content_type="text/plain")
    try:
        ratelimits.check_rate("csp_report", user=None, address=client_address(request))
    except ratelimits.RateLimited as limited:
        return ratelimits.too_many_requests(limited)
    body = request.read(settings.CSP_REPORT_MAX_BYTES + 1)
    if len(body) > settings.CSP_REPORT_MAX_BYTES:
        return HttpResponse(_("Report too large."), status=413, content_type="text/plain")
    try:
        violations = list(_violations(json.loads(body)))
    except (ValueError, RecursionError):  # JSON errors are ValueErrors; "[[[[…" nests deep
        return HttpResponse(_("Not a violation report."), status=400, content_type="text/plain")
    for violation in violations:
        logger.warning("CSP violation: %s", json.dumps(_summary(violation), sort_keys=True))
    return HttpResponse(status=204)

"""Link preview cards: what a linked page says of itself, fetched once by our server.

The fetch runs on our server with an address a member chose, so it must not become a way into
our own network: the host is resolved once, every address it resolves to must be public, and the
connection goes to that checked address (a second lookup could answer differently: DNS
rebinding). Redirects are checked the same way. A fetch is bounded in time and in bytes, and any
failure leaves the post with its plain link. Readers' browsers never contact the linked site:
the card shows no third-party image.
"""

from __future__ import annotations

import codecs
import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from kiosque.markup import USER_CONTENT_REL, own_media_path

from .models import LinkPreview

FRESH_FOR = timedelta(days=7)  # a page's title and summary rarely change after a week
TIMEOUT_SECONDS = 3.0  # for the whole fetch, redirects included: the card is awaited
MAX_BYTES = 1024 * 1024  # Open Graph tags sit in <head>, well within the first megabyte
MAX_REDIRECTS = 3
PREVIEWS_PER_POST = 3  # each costs the worker up to TIMEOUT_SECONDS
URL_MAX_LENGTH = 2000  # LinkPreview.url and image_url
SITE_NAME_MAX_LENGTH = 200
TITLE_MAX_LENGTH = 300
DESCRIPTION_MAX_LENGTH = 500  # a card shows two or three lines of it
HTML_TYPES = {"text/html", "application/xhtml+xml"}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# NAT64 gateways route 64:ff9b::a.b.c.d to the IPv4 address a.b.c.d.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# What a linked page may slip into a card's text that a reader cannot see: C0 and C1 controls,
# and bidi controls (U+202E turns "gpj.exe" into "exe.jpg"), which reorder the text around them.
# (Tab, line feed and the other white space stay, to be folded into single spaces.)
_INVISIBLE_CHARACTERS = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_LONE_LINK_RE = re.compile(r"<p><a ([^<>]*)>[^<]*</a></p>")
_HREF_RE = re.compile(r'\bhref="([^"]*)"')


class PreviewRefused(Exception):
    """This address may not, or could not, be previewed; the post keeps a plain link."""


def fetch_page(url: str) -> PageMeta:
    """What the page at `url` says of itself; empty (`is_ok` false) for a refused or failed
    fetch. Makes at most MAX_REDIRECTS + 1 requests in TIMEOUT_SECONDS; never raises for a bad
    page; writes nothing (`actions.store_link_previews` keeps it). Call it outside a
    transaction."""
    if len(url) > URL_MAX_LENGTH:
        return PageMeta()
    try:
        return _fetch_page(url)
    except PreviewRefused:
        return PageMeta()


def fetch_pages(urls: Iterable[str]) -> dict[str, PageMeta]:
    """`fetch_page` of the first PREVIEWS_PER_POST distinct `urls`, keyed by URL."""
    return {url: fetch_page(url) for url in _wanted(urls)}


def stored_previews(urls: Iterable[str]) -> tuple[dict[str, LinkPreview], list[str]]:
    """What is known of the first PREVIEWS_PER_POST distinct `urls` without going out.

    Returns the recent stored previews (good or failed) by URL, and the URLs that a fetch
    would go out for. One query, no network: fit for a request.
    """
    wanted = [url for url in _wanted(urls) if len(url) <= URL_MAX_LENGTH]
    if not wanted:
        return {}, []
    recent = LinkPreview.objects.filter(url__in=wanted, fetched_at__gte=timezone.now() - FRESH_FOR)
    found = {preview.url: preview for preview in recent}
    return found, [url for url in wanted if url not in found]


def _wanted(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(urls))[:PREVIEWS_PER_POST]


def card_html(preview: LinkPreview) -> str:
    """The card standing for a link; empty when there is nothing worth showing."""
    if not preview.is_ok or not preview.title or not _is_web_url(preview.url):
        return ""
    parts = ['<aside class="link-card">']
    image_path = _own_image(preview.image_url)
    if image_path:
        parts.append(f'<img class="link-card__image" src="{escape(image_path)}" alt="">')
    if preview.site_name:
        parts.append(f'<p class="link-card__site">{escape(preview.site_name)}</p>')
    parts.append(
        f'<p class="link-card__title"><a href="{escape(preview.url)}" rel="{USER_CONTENT_REL}">'
        f"{escape(preview.title)}</a></p>"
    )
    if preview.description:
        parts.append(f'<p class="link-card__description">{escape(preview.description)}</p>')
    parts.append("</aside>")
    return "\n".join(parts)


def attach_previews(html: str, previews: dict[str, LinkPreview]) -> str:
    """Replace each paragraph holding nothing but a link by that link's card, when it has one."""

    def card_for(match: re.Match[str]) -> str:
        href = _HREF_RE.search(match.group(1))
        preview = previews.get(unescape(href.group(1))) if href else None
        return (card_html(preview) if preview else "") or match.group(0)

    return _LONE_LINK_RE.sub(card_for, html)


@dataclass(frozen=True)
class PageMeta:
    site_name: str = ""
    title: str = ""
    description: str = ""
    image_url: str = ""

    @property
    def is_ok(self) -> bool:
        """Worth a card: the page has a title."""
        return bool(self.title)


@dataclass(frozen=True)
class _Target:
    """A URL checked for fetching: where to connect, and what to ask for."""

    scheme: str
    host: str  # ASCII (IDNA) host name or IP address, for the Host header and TLS
    port: int
    address: str  # the checked IP address to connect to
    path: str


def _fetch_page(url: str) -> PageMeta:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    for _hop in range(MAX_REDIRECTS + 1):
        status, location, body, charset = _get(_check(url), deadline)
        if status in REDIRECT_STATUSES:
            url = urljoin(url, location)
            continue
        return _page_meta(body, charset, url)
    raise PreviewRefused("too many redirects")


def _check(url: str) -> _Target:
    """Refuse anything but http(s) to a public address (or one settings allow); resolve once."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as error:
        raise PreviewRefused("malformed URL") from error
    scheme, host = parts.scheme.lower(), parts.hostname or ""
    if scheme not in ("http", "https") or not host or parts.username or parts.password:
        raise PreviewRefused("not a plain web address")
    try:
        ascii_host = str(ipaddress.ip_address(host))
    except ValueError:
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError as error:
            raise PreviewRefused("bad host name") from error
    netloc = f"[{ascii_host}]:{port}" if ":" in ascii_host else f"{ascii_host}:{port}"
    try:
        found = socket.getaddrinfo(ascii_host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise PreviewRefused("host not found") from error
    addresses = [str(info[4][0]) for info in found]
    allowed = netloc in settings.KIOSQUE_PREVIEW_ALLOWED_HOSTS
    if not addresses or not (allowed or all(_is_public(address) for address in addresses)):
        raise PreviewRefused("not a public address")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(
        scheme=scheme,
        host=ascii_host,
        port=port,
        address=addresses[0],
        path=quote(path, safe="/?&=%:@!$'()*+,;~-._[]"),
    )


def _is_public(address: str) -> bool:
    """Whether an IP address is on the public Internet, looking inside IPv6 wrappings of IPv4."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not _is_public(str(embedded)):
            return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the host name resolves to now."""

    def __init__(self, target: _Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same, over TLS, checking the certificate against the host name."""

    def __init__(self, target: _Target, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise PreviewRefused("timed out")
    return left


def _get(target: _Target, deadline: float) -> tuple[int, str, bytes, str | None]:
    """(status, Location, at most MAX_BYTES of an HTML body, charset) of one GET.

    Raises PreviewRefused unless it is a redirect or a 200 HTML page.
    """
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout=_remaining(deadline))
    # Timeouts apply to each socket operation; a server sending a byte at a time could last
    # forever, so the socket is also shut at the deadline.
    watchdog: threading.Timer | None = None
    try:
        connection.connect()
        sock = connection.sock
        watchdog = threading.Timer(_remaining(deadline), _shut, args=(sock,))
        watchdog.daemon = True
        watchdog.start()
        connection.request(
            "GET",
            target.path,
            headers={
                "User-Agent": f"KiosqueBot/1.0 (+{settings.SITE_URL})",
                "Accept": "text/html,application/xhtml+xml;q=0.9",
                "Accept-Language": "fr, en;q=0.5",
                "Accept-Encoding": "identity",
                "Connection": "close",
            },
        )
        response = connection.getresponse()
        if response.status in REDIRECT_STATUSES and response.getheader("Location"):
            return response.status, response.getheader("Location", ""), b"", None
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if response.status != 200:
            raise PreviewRefused(f"HTTP {response.status}")
        if media_type not in HTML_TYPES:
            raise PreviewRefused(f"not a page: {media_type}")
        body = bytearray()
        while len(body) < MAX_BYTES:
            sock.settimeout(_remaining(deadline))
            chunk = response.read1(min(64 * 1024, MAX_BYTES - len(body)))
            if not chunk:
                break
            body += chunk
        _remaining(deadline)  # a body cut short by the watchdog is not a page
        return response.status, "", bytes(body), response.headers.get_content_charset()
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise PreviewRefused(str(error)) from error
    finally:
        if watchdog is not None:
            watchdog.cancel()
        connection.close()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: the fetch ended on its own
        sock.shutdown(socket.SHUT_RDWR)


class _MetaParser(HTMLParser):
    """Collects <meta property|name=… content=…> and the first <title>; entities decoded once."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._title_parts: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = {name.lower(): value or "" for name, value in attrs}
            key = (values.get("property") or values.get("name") or "").strip().lower()
            if key and values.get("content", "").strip():
                self.meta.setdefault(key, values["content"])
        elif tag == "title" and not self.title and self._title_parts is None:
            self._title_parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title_parts is not None:
            self.title = "".join(self._title_parts)
            self._title_parts = None

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None:
            self._title_parts.append(data)


def _page_meta(body: bytes, charset: str | None, url: str) -> PageMeta:
    parser = _MetaParser()
    parser.feed(body.decode(_encoding(body, charset), errors="replace"))
    parser.close()
    meta = parser.meta

    def first(*keys: str) -> str:
        return next((meta[key] for key in keys if meta.get(key, "").strip()), "")

    image = urljoin(url, first("og:image", "og:image:url", "og:image:secure_url", "twitter:image"))
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return PageMeta(
        site_name=_fit(first("og:site_name", "application-name") or host, SITE_NAME_MAX_LENGTH),
        title=_fit(first("og:title", "twitter:title") or parser.title, TITLE_MAX_LENGTH),
        description=_fit(
            first("og:description", "twitter:description", "description"), DESCRIPTION_MAX_LENGTH
        ),
        image_url=image if _is_web_url(image) and len(image) <= URL_MAX_LENGTH else "",
    )


def _encoding(body: bytes, charset: str | None) -> str:
    """The charset the server declared, else the page's <meta charset>, else UTF-8."""
    found = _META_CHARSET_RE.search(body[:4096])
    for candidate in (charset, found.group(1).decode("ascii") if found else None):
        if candidate:
            try:
                return codecs.lookup(candidate).name
            except LookupError:
                continue
    return "utf-8"


def _fit(text: str, limit: int) -> str:
    """One line of plain text without invisible characters, cut with an ellipsis to fit
    `limit` characters."""
    text = " ".join(_INVISIBLE_CHARACTERS.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def _own_image(url: str) -> str:
    """The media path of an image served by this site, else "" (never load others' images)."""
    if url.startswith(settings.SITE_URL + "/"):
        url = url[len(settings.SITE_URL) :]
    return url if own_media_path(url) is not None else ""

"""Link preview cards: fetched safely from a real local server, never from private addresses."""

from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from kiosque.community import actions, previews
from kiosque.community.models import LinkPreview
from kiosque.community.previews import attach_previews, card_html
from kiosque.markup import render_post

PADDING = b"<!-- " + b"x" * (2 * previews.MAX_BYTES) + b" -->"
OG_PAGE = """<!doctype html><html><head>
<title>Titre de l'onglet</title>
<meta property="og:site_name" content="Business Insider">
<meta property="og:title" content="ChatGPT en panne &amp; le chaos continue">
<meta property="og:description" content="Le robot répond
    par un message d'erreur. &lt;b&gt;">
<meta property="og:image" content="https://cdn.example/image.png">
</head><body><p>Article</p></body></html>"""

# A page hiding bidi and control characters in everything a card shows, some as entities.
BIDI_PAGE = """<!doctype html><html><head>
<meta property="og:site_name" content="\u2066Banque\u2069 &#x202A;Sûre&#x202C;">
<meta property="og:title" content="Facture\u202e fdp.exe\u202c &#8207;urgente&#x61C;\x01">
<meta property="og:description" content="Payez\x85 vite\u200e \u202b\x9bici\u202d \x1b[31m.">
</head></html>"""
INVISIBLE = "\x00\x01\x07\x1b\x7f\x85\x9b\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
INVISIBLE += "\u2066\u2067\u2068\u2069"


def fetch_previews(urls):
    """What the worker does for a post's links (`tasks.fetch_link_previews`): the recent stored
    previews, and the others fetched and stored."""
    known, to_fetch = previews.stored_previews(urls)
    fetched = actions.store_link_previews(previews.fetch_pages(to_fetch), at=timezone.now())
    return known | fetched


def fetch_preview(url):
    """One link's preview as the worker gets it (a URL too long to keep is never stored)."""
    return fetch_previews([url]).get(url) or previews.fetch_page(url)


@dataclass
class Site:
    """A local web server whose pages exercise the fetcher; it records what it was asked."""

    url: str
    netloc: str
    requests: list[tuple[str, str]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


def handler_for(site_holder: list[Site]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def send(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            # The fetcher may stop reading, as it should past its limit.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def do_GET(self) -> None:
            site = site_holder[0]
            site.requests.append((self.path, self.headers.get("Host", "")))
            html = "text/html; charset=utf-8"
            if self.path == "/og":
                self.send(200, html, OG_PAGE.encode())
            elif self.path == "/twitter":
                self.send(
                    200,
                    html,
                    b'<meta name="twitter:title" content="Par Twitter">'
                    b'<meta name="twitter:description" content="Description Twitter">',
                )
            elif self.path == "/title-only":
                self.send(
                    200,
                    "text/html",
                    b"<title>Une page &amp;amp; simple</title>"
                    b'<meta name="description" content="Dite &eacute;l&eacute;gante">',
                )
            elif self.path == "/latin1":
                self.send(
                    200, "text/html; charset=iso-8859-1", "<title>Été</title>".encode("latin-1")
                )
            elif self.path == "/big-head":
                self.send(200, html, b"<title>Grosse page</title>" + PADDING)
            elif self.path == "/big-tail":
                self.send(200, html, PADDING + b"<title>Trop loin</title>")
            elif self.path == "/slow":
                site.release.wait(10)
                self.send(200, html, b"<title>Enfin</title>")
            elif self.path == "/stalled":
                self.send_response(200)
                self.send_header("Content-Type", html)
                self.end_headers()
                self.wfile.write(b"<html><head>")
                self.wfile.flush()
                site.release.wait(10)
            elif self.path == "/bidi":
                self.send(200, html, BIDI_PAGE.encode())
            elif self.path == "/invisible-title":
                self.send(200, html, "<title>\u202e\u2066\x07 </title>".encode())
            elif self.path == "/json":
                self.send(200, "application/json", b'{"og:title": "pas une page"}')
            elif self.path.startswith("/redirect-to?"):
                self.send(302, html, b"", Location=self.path.split("?", 1)[1])
            elif self.path == "/loop":
                self.send(302, html, b"", Location="/loop")
            else:
                self.send(404, html, b"<title>Introuvable</title>")

    return Handler


@pytest.fixture
def site(settings) -> Iterator[Site]:
    holder: list[Site] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(holder))
    server.daemon_threads = True
    port = server.server_address[1]
    holder.append(Site(url=f"http://127.0.0.1:{port}", netloc=f"127.0.0.1:{port}"))
    settings.KIOSQUE_PREVIEW_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield holder[0]
    holder[0].release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def connections(monkeypatch) -> list[tuple[str, int]]:
    """Every address the fetcher connects to."""
    made: list[tuple[str, int]] = []
    real = socket.create_connection

    def recording(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        made.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", recording)
    return made


@pytest.fixture
def no_connection(monkeypatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("no connection may be attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)


# --- Reading what a page says of itself ------------------------------------------------------


@pytest.mark.django_db
def test_open_graph_meta_make_the_preview(site):
    preview = fetch_preview(f"{site.url}/og")

    assert preview.is_ok
    assert preview.site_name == "Business Insider"
    assert preview.title == "ChatGPT en panne & le chaos continue"
    assert preview.description == "Le robot répond par un message d'erreur. <b>"
    assert preview.image_url == "https://cdn.example/image.png"
    assert LinkPreview.objects.get(url=f"{site.url}/og") == preview
    assert site.requests == [("/og", site.netloc)]


@pytest.mark.django_db
def test_twitter_meta_are_the_fallback_and_the_host_names_the_site(site):
    preview = fetch_preview(f"{site.url}/twitter")

    assert (preview.title, preview.description) == ("Par Twitter", "Description Twitter")
    assert preview.site_name == "127.0.0.1"


@pytest.mark.django_db
def test_the_title_and_description_tags_are_the_last_fallback_decoded_once(site):
    preview = fetch_preview(f"{site.url}/title-only")

    assert preview.title == "Une page &amp; simple"
    assert preview.description == "Dite élégante"


@pytest.mark.django_db
def test_the_declared_charset_is_honoured(site):
    assert fetch_preview(f"{site.url}/latin1").title == "Été"


@pytest.mark.django_db
def test_fields_are_cut_to_fit(site, monkeypatch):
    monkeypatch.setattr(previews, "TITLE_MAX_LENGTH", 10)

    assert fetch_preview(f"{site.url}/og").title == "ChatGPT e…"


@pytest.mark.django_db
def test_bidi_and_control_characters_are_stripped_from_every_text_a_card_shows(site):
    preview = fetch_preview(f"{site.url}/bidi")

    assert preview.site_name == "Banque Sûre"
    assert preview.title == "Facture fdp.exe urgente"
    assert preview.description == "Payez vite ici [31m."
    stored = LinkPreview.objects.get(url=f"{site.url}/bidi")
    for text in (stored.site_name, stored.title, stored.description):
        assert not set(text) & set(INVISIBLE)
    card = card_html(stored)
    assert not set(card) & set(INVISIBLE)
    assert "Facture fdp.exe urgente" in card


@pytest.mark.django_db
def test_a_title_made_of_invisible_characters_makes_no_card(site):
    preview = fetch_preview(f"{site.url}/invisible-title")

    assert preview.title == ""
    assert not preview.is_ok
    assert card_html(preview) == ""


@pytest.mark.django_db
def test_only_the_first_megabyte_is_read(site):
    assert fetch_preview(f"{site.url}/big-head").title == "Grosse page"

    beyond = fetch_preview(f"{site.url}/big-tail")

    assert not beyond.is_ok
    assert beyond.title == ""


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/slow", "/stalled"])
def test_a_slow_server_is_given_up(site, monkeypatch, path):
    monkeypatch.setattr(previews, "TIMEOUT_SECONDS", 0.3)

    preview = fetch_preview(f"{site.url}{path}")

    assert not preview.is_ok
    assert LinkPreview.objects.filter(url=f"{site.url}{path}", is_ok=False).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/json", "/missing"])
def test_only_html_pages_that_exist_make_a_preview(site, path):
    assert not fetch_preview(f"{site.url}{path}").is_ok


# --- Redirects --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_redirect_is_followed(site):
    preview = fetch_preview(f"{site.url}/redirect-to?/og")

    assert preview.title == "ChatGPT en panne & le chaos continue"
    assert preview.url == f"{site.url}/redirect-to?/og"
    assert [path for path, _host in site.requests] == ["/redirect-to?/og", "/og"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:1/og",  # same machine, a port nobody allowed
        "http://localhost/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "file:///etc/passwd",
        "ftp://example.com/",
    ],
)
def test_a_redirect_to_a_refused_address_is_not_followed(site, connections, target):
    preview = fetch_preview(f"{site.url}/redirect-to?{target}")

    assert not preview.is_ok
    assert connections == [("127.0.0.1", int(site.netloc.split(":")[1]))]


@pytest.mark.django_db
def test_redirects_are_limited(site):
    assert not fetch_preview(f"{site.url}/loop").is_ok
    assert len(site.requests) == previews.MAX_REDIRECTS + 1


# --- Addresses that must never be fetched -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://172.16.0.1/",
        "http://192.168.1.1/admin",
        "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1/",
        "http://127.1/",
        "http://2130706433/",
        "http://0.0.0.0/",
        "http://localhost:8000/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://[::1]:8000/",
        "http://[::]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[ff02::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2002:7f00:1::]/",
        "https://[2001:db8::1]/",
        "ftp://example.com/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://membre:secret@example.com/",
        "http:///sans-hote",
        "http://[::1/",
    ],
)
def test_private_and_odd_addresses_are_refused_without_connecting(no_connection, url):
    preview = fetch_preview(url)

    assert not preview.is_ok


@pytest.mark.django_db
def test_a_local_server_is_refused_unless_allowed(site, no_connection, settings):
    settings.KIOSQUE_PREVIEW_ALLOWED_HOSTS = []

    assert not fetch_preview(f"{site.url}/og").is_ok
    assert site.requests == []


def fake_dns(monkeypatch, answers: dict[str, list[str]]) -> list[str]:
    """Answer name lookups from `answers`; return the list of names looked up."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in answers:
            return real(host, port, *args, **kwargs)
        asked.append(host)
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port),
            )
            for ip in answers[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


@pytest.mark.django_db
@pytest.mark.parametrize(
    "addresses", [["10.0.0.5"], ["93.184.215.14", "127.0.0.1"], ["2606:2800::1", "fd00::1"]]
)
def test_a_name_resolving_to_any_private_address_is_refused(monkeypatch, no_connection, addresses):
    fake_dns(monkeypatch, {"intranet.example": addresses})

    assert not fetch_preview("https://intranet.example/").is_ok


@pytest.mark.django_db
def test_the_checked_address_is_the_one_connected_to(site, monkeypatch, connections, settings):
    port = int(site.netloc.split(":")[1])
    settings.KIOSQUE_PREVIEW_ALLOWED_HOSTS = [f"journal.example:{port}"]
    asked = fake_dns(monkeypatch, {"journal.example": ["127.0.0.1"]})

    preview = fetch_preview(f"http://journal.example:{port}/og")

    assert preview.is_ok
    assert asked == ["journal.example"]  # resolved once: no second answer to trust
    assert connections == [("127.0.0.1", port)]
    assert site.requests == [("/og", f"journal.example:{port}")]


# --- Stored previews --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_recent_preview_is_reused_without_fetching(no_connection):
    LinkPreview.objects.create(
        url="https://example.com/a",
        title="Déjà vu",
        is_ok=True,
        fetched_at=timezone.now() - timedelta(days=6),
    )

    assert fetch_preview("https://example.com/a").title == "Déjà vu"


@pytest.mark.django_db
def test_a_recent_failure_is_not_retried(no_connection):
    LinkPreview.objects.create(url="https://example.com/b", is_ok=False)

    assert not fetch_preview("https://example.com/b").is_ok


@pytest.mark.django_db
def test_an_old_preview_is_fetched_again(site):
    url = f"{site.url}/og"
    LinkPreview.objects.create(
        url=url, title="Ancien", is_ok=True, fetched_at=timezone.now() - timedelta(days=8)
    )

    assert fetch_preview(url).title == "ChatGPT en panne & le chaos continue"
    assert LinkPreview.objects.count() == 1


@pytest.mark.django_db
def test_a_post_fetches_a_few_previews_at_most(no_connection):
    for n in range(5):
        LinkPreview.objects.create(url=f"https://example.com/{n}", title=f"{n}", is_ok=True)

    found = fetch_previews(f"https://example.com/{n}" for n in [0, 0, 1, 2, 3, 4])

    assert list(found) == [f"https://example.com/{n}" for n in range(previews.PREVIEWS_PER_POST)]


# --- Cards ------------------------------------------------------------------------------------


def a_preview(**fields: Any) -> LinkPreview:
    values: dict[str, Any] = {
        "url": "https://www.businessinsider.com/chatgpt?a=1&b=2",
        "site_name": "Business Insider",
        "title": "ChatGPT suffers <b>outage</b>",
        "description": "OpenAI's bot is responding with an error.",
        "image_url": "https://cdn.example/pic.png",
        "is_ok": True,
    }
    values.update(fields)
    return LinkPreview(**values)


def test_a_card_shows_site_title_and_description_escaped():
    html = card_html(a_preview())

    assert html.startswith('<aside class="link-card">')
    assert (
        '<a href="https://www.businessinsider.com/chatgpt?a=1&amp;b=2" '
        'rel="nofollow ugc noopener">ChatGPT suffers &lt;b&gt;outage&lt;/b&gt;</a>'
    ) in html
    assert "Business Insider" in html
    assert "OpenAI&#x27;s bot is responding with an error." in html


def test_a_card_never_loads_another_sites_image():
    assert "<img" not in card_html(a_preview())


@pytest.mark.parametrize(
    "image_url", ["/media/previews/a.png", "http://127.0.0.1:8000/media/a.png"]
)
def test_a_card_shows_an_image_kept_on_our_own_media(settings, image_url):
    settings.SITE_URL = "http://127.0.0.1:8000"

    html = card_html(a_preview(image_url=image_url))

    assert '<img class="link-card__image" src="/media/' in html


def test_no_card_for_a_failed_preview_or_a_strange_address():
    assert card_html(a_preview(is_ok=False)) == ""
    assert card_html(a_preview(url="javascript:alert(1)")) == ""


def test_a_link_alone_on_its_line_is_replaced_by_its_card():
    url = "https://www.businessinsider.com/chatgpt?a=1&b=2"
    rendered = render_post(f"ChatGPT est en panne :\n{url}\nEncore.")

    html = attach_previews(rendered.html, {url: a_preview()})

    assert html.count('<aside class="link-card">') == 1
    assert "ChatGPT est en panne :" in html and "Encore." in html
    assert f'<p><a href="{url.replace("&", "&amp;")}"' not in html


def test_a_link_keeps_its_plain_form_without_a_good_preview():
    url = "https://example.com/x"
    rendered = render_post(f"{url}\n\nVoir aussi {url} ici.")

    assert attach_previews(rendered.html, {}) == rendered.html
    assert attach_previews(rendered.html, {url: a_preview(url=url, is_ok=False)}) == (rendered.html)
    with_card = attach_previews(rendered.html, {url: a_preview(url=url)})
    assert with_card.count('<aside class="link-card">') == 1
    assert "Voir aussi" in with_card


# --- HTTPS ------------------------------------------------------------------------------------


@pytest.fixture
def tls_site(tmp_path, monkeypatch, settings) -> Iterator[Site]:
    """The local site over TLS, with a certificate for journal.example that the fetcher trusts."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=journal.example",
         "-addext", "subjectAltName=DNS:journal.example"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    holder: list[Site] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(holder))
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    port = server.server_address[1]
    holder.append(Site(url=f"https://journal.example:{port}", netloc=f"journal.example:{port}"))
    settings.KIOSQUE_PREVIEW_ALLOWED_HOSTS = [f"journal.example:{port}", f"autre.example:{port}"]
    fake_dns(monkeypatch, {"journal.example": ["127.0.0.1"], "autre.example": ["127.0.0.1"]})
    trusting = ssl.create_default_context

    def create_default_context(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        return trusting(cafile=str(cert))

    monkeypatch.setattr(ssl, "create_default_context", create_default_context)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield holder[0]
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_https_connects_to_the_checked_address_and_verifies_the_host_name(tls_site):
    preview = fetch_preview(f"{tls_site.url}/og")

    assert preview.title == "ChatGPT en panne & le chaos continue"
    assert tls_site.requests == [("/og", tls_site.netloc)]


@pytest.mark.django_db
def test_https_with_a_certificate_for_another_name_is_refused(tls_site):
    port = tls_site.netloc.split(":")[1]

    assert not fetch_preview(f"https://autre.example:{port}/og").is_ok
    assert tls_site.requests == []

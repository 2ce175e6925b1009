"""Fixtures of the forum's tests: a local web page to preview."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class PageWithCard(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def do_GET(self):
        if self.path != "/article":
            self.send_error(404)
            return
        body = (
            b'<meta property="og:site_name" content="Le Journal">'
            b'<meta property="og:title" content="Un titre de carte">'
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def local_site(settings) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), PageWithCard)
    port = server.server_address[1]
    settings.KIOSQUE_PREVIEW_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()

"""The Python ceiling: an ASGI app that answers every request with the same bytes from memory.

Run under the same server as `kiosque serve` (uvicorn, httptools, uvloop), it is what no
Python application can beat on this machine. BARE_ASGI_BODY names the file whose bytes it
sends; BARE_ASGI_ENCODING, when set, is sent as Content-Encoding (the file is then a gzip or
brotli form of the page).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

BODY = Path(os.environ["BARE_ASGI_BODY"]).read_bytes()
HEADERS = [
    (b"content-type", b"text/html; charset=utf-8"),
    (b"content-length", str(len(BODY)).encode()),
]
if encoding := os.environ.get("BARE_ASGI_ENCODING"):
    HEADERS += [(b"content-encoding", encoding.encode()), (b"vary", b"Accept-Encoding")]
START = {"type": "http.response.start", "status": 200, "headers": HEADERS}
RESPONSE = {"type": "http.response.body", "body": BODY}


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send(START)
    await send(RESPONSE)

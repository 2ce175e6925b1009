"""`kiosque serve`: the production server, DEBUG off, static files with far-future headers."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

KIOSQUE = [sys.executable, "-m", "kiosque.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def site_environment(var: Path) -> dict[str, str]:
    """The environment of the served site (SQLite in `var`), for the server and commands."""
    return {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "KIOSQUE_VAR_DIR": str(var),
        "SECRET_KEY": "kiosque-test-" + "s" * 50,  # five different characters at least (W009)
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",  # served over plain HTTP: no redirect to HTTPS
        "DJANGO_SETTINGS_MODULE": "kiosque.settings",
    }


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    var = tmp_path_factory.mktemp("var")
    port = free_port()
    env = site_environment(var)
    subprocess.run([*KIOSQUE, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    server = subprocess.Popen(
        [*KIOSQUE, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert server.stdout is not None
    for line in server.stdout:  # the server says when it listens; bounded by its own output
        if "Uvicorn running" in line or server.poll() is not None:
            break
    yield f"http://127.0.0.1:{port}", Path(var)
    server.terminate()
    server.wait(timeout=10)


def test_serve_answers_the_home_page_with_hashed_static_files(served):
    base, _var = served
    status, _headers, html = get(base + "/")
    assert status == 200
    stylesheet = re.search(r'href="(/static/kiosque/css/kiosque\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "static files are referenced by content-hashed names"
    status, headers, _ = get(base + stylesheet.group(1))
    assert status == 200
    cache_control = {k.lower(): v for k, v in headers.items()}["cache-control"]
    assert "immutable" in cache_control and "max-age=315360000" in cache_control


def test_serve_runs_with_debug_off(served):
    base, _var = served
    status, _headers, html = get(base + "/nexiste-pas/")
    assert status == 404
    assert "Cette page n’existe pas" in html
    assert "Traceback" not in html and "URLconf" not in html


def test_serve_answers_readers_from_the_page_cache_compressed_and_with_304(served):
    base, _var = served
    request = urllib.request.Request(base + "/", headers={"Accept-Encoding": "br"})
    with urllib.request.urlopen(request, timeout=10) as response:
        first = response.read()
        etag = response.headers["ETag"]
        assert response.headers["Content-Encoding"] == "br"
        assert response.headers["Vary"] == "Accept-Encoding"
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.read() == first, "the same stored bytes"
    request.add_header("If-None-Match", etag)
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(request, timeout=10)
    assert not_modified.value.code == 304


def test_serve_refuses_several_processes_without_redis():
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    refused = subprocess.run(
        [*KIOSQUE, "serve", "--workers", "2", "--no-collectstatic"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2
    assert "several worker processes need REDIS_URL" in refused.stderr
    assert "Traceback" not in refused.stderr


PUBLISH_IN_ANOTHER_PROCESS = """
from kiosque.newsroom.actions import publish_article
from kiosque.newsroom.models import Article, Section
section = Section.objects.create(name="Réseaux", slug="reseaux")
article = Article(title="Annoncé depuis un autre processus", slug="autre-processus",
                  lead="Chapeau.", body="Texte.", section=section)
publish_article(article, by=None)
"""


def test_a_change_made_by_another_process_reaches_the_servers_pages(served):
    """The worker and commands announce to the one server of the embedded default."""
    base, var = served
    assert "Annoncé depuis un autre processus" not in get(base + "/")[2]  # now stored
    environment = site_environment(var)
    command = [*KIOSQUE, "shell", "-c", PUBLISH_IN_ANOTHER_PROCESS]
    subprocess.run(command, env=environment, check=True)
    published_at = time.monotonic()
    deadline = published_at + 30  # generous for a busy machine: the test waits, never sleeps
    while "Annoncé depuis un autre processus" not in get(base + "/")[2]:
        assert time.monotonic() < deadline, "the front page never showed the new article"
        time.sleep(0.05)
    print(f"visible {time.monotonic() - published_at:.3f} s after the command returned")

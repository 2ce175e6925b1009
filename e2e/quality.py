"""Quality gates for rendered pages: the Nu HTML checker and axe-core.

Both tools come from the npm test dependencies in package.json (`npm install` puts them in
node_modules/); nothing of theirs is committed. When a tool is missing the calling test skips,
naming what to install.

The Nu checker runs as a local web service, started once per test process and asked about each
document: started for each check, Java spent seconds of CPU loading and compiling the checker
before reading a line, and a busy 2-core machine made that tens of seconds of waiting.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
VNU_JAR = REPO_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]
AXE_FAILING_IMPACTS = {"serious", "critical"}
# The checker needs a couple of seconds to start and validate; a hang must not stall the run.
VNU_TIMEOUT_SECONDS = 120


def require_nu_checker() -> None:
    """Skip the calling test when Java or the Nu checker is not installed."""
    if shutil.which("java") is None:
        pytest.skip("java not found: the Nu HTML checker needs a JRE (apt install default-jre)")
    if not VNU_JAR.is_file():
        pytest.skip(f"{VNU_JAR.relative_to(REPO_DIR)} missing: run `npm install` at the repo root")


def require_axe() -> None:
    """Skip the calling test when axe-core is not installed."""
    if not AXE_JS.is_file():
        pytest.skip(f"{AXE_JS.relative_to(REPO_DIR)} missing: run `npm install` at the repo root")


def assert_valid_html(html: str, name: str) -> None:
    """Fail when the Nu checker finds an error in `html` (warnings and info are ignored)."""
    assert_valid_documents({name: html})


def assert_valid_documents(documents: Mapping[str, str]) -> None:
    """Fail when the Nu checker finds an error in any of the named documents, listing every
    error of every document."""
    require_nu_checker()
    problems: list[str] = []
    for name, html in documents.items():
        sources = html.splitlines()
        for message in NU_CHECKER.messages(html):
            if message.get("type") not in {"error", "non-document-error"}:
                continue
            line = message.get("lastLine")
            where = f"line {line}" if line else "document"
            source = ""
            if line and line <= len(sources):
                source = f"\n      source: {sources[line - 1].strip()[:200]}"
            extract = message.get("extract", "").replace("\n", "⏎")
            problems.append(
                f"  [{name}] {where}: {message.get('message')}\n      extract: {extract}{source}"
            )
    if problems:
        pytest.fail(
            f"the Nu HTML checker found {len(problems)} error(s):\n" + "\n".join(problems),
            pytrace=False,
        )


class NuChecker:
    """The Nu checker's web service (vnu.jar's servlet) on a free local port, for this process.

    `start` returns at once (the service gets ready while the browser and the demo do);
    `messages` waits for it to answer, starting it if needed. It stops with the process.
    """

    # C1 alone: the service checks a few dozen pages per process, and full optimisation of the
    # checker's code would cost more CPU than it saves.
    JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._url = ""
        self._ready = False
        atexit.register(self.stop)

    def start(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        # The service's output, read when it fails; open as long as it runs (closed by stop).
        self._log = tempfile.TemporaryFile(prefix="kiosque-vnu-")  # noqa: SIM115
        self._process = subprocess.Popen(
            [
                "java",
                *self.JAVA_OPTIONS,
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._url = f"http://127.0.0.1:{port}/"
        self._ready = False

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def messages(self, html: str) -> list[dict[str, Any]]:
        """The checker's messages (errors, warnings, info) about the document `html`."""
        self._wait_until_ready()
        request = urllib.request.Request(
            f"{self._url}?out=json",
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=VNU_TIMEOUT_SECONDS) as answer:
            report = answer.read().decode("utf-8")
        try:
            messages: list[dict[str, Any]] = json.loads(report)["messages"]
        except (ValueError, KeyError) as error:
            pytest.fail(f"the Nu checker gave no JSON report ({error}):\n{report}")
        return messages

    def _wait_until_ready(self) -> None:
        self.start()
        assert self._process is not None
        give_up_at = time.monotonic() + VNU_TIMEOUT_SECONDS
        while not self._ready:
            if self._process.poll() is not None:
                self._fail(f"stopped (exit code {self._process.returncode})")
            if time.monotonic() > give_up_at:
                self._fail(f"did not answer within {VNU_TIMEOUT_SECONDS} s")
            try:
                with urllib.request.urlopen(self._url, timeout=5) as answer:
                    self._ready = answer.status == 200
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)  # the service is starting: ask again in a moment

    def _fail(self, what: str) -> None:
        output = ""
        if self._log is not None:
            self._log.seek(0)
            output = self._log.read().decode("utf-8", "replace")[-4000:]
        self.stop()
        pytest.fail(f"the Nu checker's service {what}:\n{output}", pytrace=False)


NU_CHECKER = NuChecker()


def assert_accessible(page: Any, name: str) -> None:
    """Fail when axe-core finds a serious or critical violation on `page` as it stands now.

    axe is injected from the installed npm package at test time; the site never ships it. It
    is evaluated through the DevTools protocol, which the page's Content-Security-Policy does
    not govern (a script tag would be refused: the site allows no inline script).
    """
    require_axe()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"(() => {{ {AXE_JS.read_text(encoding='utf-8')}\n }})()")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            raise AssertionError("axe-core did not load into the page")
    results = page.evaluate(
        """async (tags) => await window.axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        AXE_TAGS,
    )
    violations = [
        violation
        for violation in results["violations"]
        if violation.get("impact") in AXE_FAILING_IMPACTS
    ]
    if not violations:
        return
    lines = [f"axe-core found {len(violations)} serious/critical violation(s) on {name}:"]
    for violation in violations:
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']} "
            f"— {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"      at {target}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"         {summary[:300]}")
    pytest.fail("\n".join(lines), pytrace=False)


# The widths every page is looked at: a phone and a laptop.
SCREEN_WIDTHS = (390, 1366)


def screenshots(page: Any, name: str) -> None:
    """The page at each of SCREEN_WIDTHS, into KIOSQUE_SCREENS_DIR when it is set (a reviewer
    looks at them; tests assert on the page itself)."""
    folder = os.environ.get("KIOSQUE_SCREENS_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in SCREEN_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=Path(folder) / f"{name}-{width}.png", full_page=True)
    if size:
        page.set_viewport_size(size)

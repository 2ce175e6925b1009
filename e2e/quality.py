"""Quality gates for rendered pages: the Nu HTML checker and axe-core.

Both tools come from the npm test dependencies in package.json (`npm install` puts them in
node_modules/); nothing of theirs is committed. When a tool is missing the calling test skips,
naming what to install.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

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
    """Check several named documents in one start of the Nu checker; fail listing every error."""
    require_nu_checker()
    with tempfile.TemporaryDirectory(prefix="kiosque-vnu-") as tmp:
        names_by_file: dict[str, str] = {}
        sources: dict[str, list[str]] = {}
        for index, (name, html) in enumerate(documents.items()):
            slug = re.sub(r"[^\w-]+", "-", name).strip("-") or "page"
            path = Path(tmp) / f"{index:02d}-{slug}.html"
            path.write_text(html, encoding="utf-8")
            names_by_file[path.name] = name
            sources[name] = html.splitlines()
        completed = subprocess.run(
            [
                "java",
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--exit-zero-always",
                "--stdout",
                *(str(Path(tmp) / file) for file in names_by_file),
            ],
            capture_output=True,
            text=True,
            timeout=VNU_TIMEOUT_SECONDS,
            check=False,
        )
    try:
        messages = json.loads(completed.stdout)["messages"]
    except (ValueError, KeyError) as error:
        pytest.fail(
            f"the Nu checker gave no JSON report ({error}):\n{completed.stdout}{completed.stderr}"
        )
    problems: list[str] = []
    for message in messages:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        url = message.get("url", "?")
        name = names_by_file.get(url.rsplit("/", 1)[-1], url)
        line = message.get("lastLine")
        where = f"line {line}" if line else "document"
        source = ""
        if line and name in sources and line <= len(sources[name]):
            source = f"\n      source: {sources[name][line - 1].strip()[:200]}"
        extract = message.get("extract", "").replace("\n", "⏎")
        problems.append(
            f"  [{name}] {where}: {message.get('message')}\n      extract: {extract}{source}"
        )
    if problems:
        pytest.fail(
            f"the Nu HTML checker found {len(problems)} error(s):\n" + "\n".join(problems),
            pytrace=False,
        )


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

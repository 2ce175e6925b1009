"""The dependency arrows of docs/architecture.md, checked on every import in the code."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Each app may import from the apps listed here, and from the project's shared modules.
ALLOWED = {
    "accounts": set(),
    "community": {"accounts"},
    "moderation": {"accounts", "community"},
    "media": {"accounts"},
    "newsroom": {"accounts", "community", "media"},
    "desk": {"accounts", "community", "media", "newsroom"},
    "discovery": {"accounts", "community", "media", "newsroom"},
    "demo": {"accounts", "community", "media", "newsroom", "moderation"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name.split(".")[1] for name in names if name.startswith("kiosque.") and name.count(".")}


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_app_imports_follow_the_dependency_arrows(app):
    offences = []
    for path in (ROOT / app).rglob("*.py"):
        for imported in imported_apps(path) & set(ALLOWED):
            if imported != app and imported not in ALLOWED[app]:
                offences.append(f"{path.relative_to(ROOT)} imports kiosque.{imported}")
    assert not offences, "\n".join(offences)


def test_templates_hold_no_inline_script_or_event_handler():
    """A Content-Security-Policy will forbid them: JavaScript lives in static files."""
    offences = []
    for path in ROOT.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if "<script>" in text or "<script " in text.replace("<script src=", ""):
            offences.append(f"{path.relative_to(ROOT)}: inline <script>")
        for handler in ("onclick=", "onload=", "onsubmit=", "onchange=", "onerror="):
            if handler in text:
                offences.append(f"{path.relative_to(ROOT)}: {handler}")
    assert not offences, "\n".join(offences)

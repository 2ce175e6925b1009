"""The dependency arrows of docs/architecture.md, checked on every import in the code."""

import ast
from pathlib import Path

import pytest
from django.db.models import Model

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


def _app_of(model: type[Model]) -> str:
    return model._meta.app_label


def reverse_accessors() -> dict[str, set[str]]:
    """For each name by which a row reaches the rows of another app that point at it
    (`user.posts`, `topic.article`), the apps owning the pointing models."""
    from django.apps import apps

    names: dict[str, set[str]] = {}
    for model in apps.get_models():
        for relation in model._meta.related_objects:
            accessor = relation.get_accessor_name()
            pointing = _app_of(relation.related_model)
            if accessor and pointing in ALLOWED and pointing != _app_of(model):
                names.setdefault(accessor, set()).add(pointing)
    return names


# Reaches up the arrows that docs/architecture.md names: an article's discussion shows its
# article's head, read from the row selected with the topic.
ALLOWED_REACHES = {("community", "article")}


def reached_names(path: Path) -> set[str]:
    """Attribute names read in `path`, and relation names given to select_related,
    prefetch_related, getattr and _meta.get_field as strings."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if called in {"select_related", "prefetch_related", "getattr", "get_field"}:
                for argument in node.args:
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        names.update(argument.value.split("__"))
    return names


@pytest.mark.django_db(databases=[])
@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_apps_reach_no_app_above_them_at_run_time(app):
    """No `apps.get_model()` in an app's code (migrations and tests aside), and no reverse
    relation into an app that it may not import (`member.posts` in accounts would reach the
    forum through the ORM)."""
    accessors = reverse_accessors()
    allowed = ALLOWED_REACHES
    offences = []
    for path in (ROOT / app).rglob("*.py"):
        relative = path.relative_to(ROOT)
        if {"migrations", "tests"} & set(relative.parts):
            continue
        text = path.read_text(encoding="utf-8")
        if "get_model(" in text:
            offences.append(f"{relative} calls get_model()")
        for name in reached_names(path) & set(accessors):
            above = {
                owner
                for owner in accessors[name]
                if owner != app and owner not in ALLOWED[app] and (app, name) not in allowed
            }
            if above:
                offences.append(f"{relative} reaches {', '.join(sorted(above))} through .{name}")
    assert not offences, "\n".join(sorted(offences))

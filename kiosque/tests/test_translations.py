"""Every French catalogue is complete, and its compiled .mo says what the .po says."""

import ast
import gettext
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(ROOT.rglob("locale/fr/LC_MESSAGES/django.po"))


def entries(po: Path) -> list[dict[str, object]]:
    """A small reader for the .po files makemessages writes: msgid, plural, msgstr(s), flags."""
    found: list[dict[str, object]] = []
    current: dict[str, object] = {}
    field = ""
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in current:
                found.append(current)
            current, field = {}, ""
        elif line.startswith("#,"):
            current["flags"] = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[field] = str(current[field]) + ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            current[field] = ast.literal_eval(value)
    return [entry for entry in found if entry["msgid"]]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_french_catalogue_is_complete_and_compiled(po: Path):
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    untranslated, stale = [], []
    for entry in entries(po):
        msgid = str(entry["msgid"])
        if "fuzzy" in str(entry.get("flags", "")):
            untranslated.append(f"fuzzy: {msgid}")
            continue
        if "msgid_plural" in entry:
            forms = [str(entry.get("msgstr[0]", "")), str(entry.get("msgstr[1]", ""))]
            if not all(forms):
                untranslated.append(msgid)
            elif compiled.ngettext(msgid, str(entry["msgid_plural"]), 1) != forms[0]:
                stale.append(msgid)
        elif not entry.get("msgstr"):
            untranslated.append(msgid)
        elif "msgctxt" in entry:
            if compiled.pgettext(str(entry["msgctxt"]), msgid) != entry["msgstr"]:
                stale.append(msgid)
        elif compiled.gettext(msgid) != entry["msgstr"]:
            stale.append(msgid)
    assert not untranslated, f"untranslated in {po}: {untranslated}"
    assert not stale, f"{po.with_suffix('.mo')} is older than its .po: {stale}"


def test_there_is_a_french_catalogue_per_app_with_strings():
    apps = {po.relative_to(ROOT).parts[0] for po in CATALOGUES}
    assert {"locale", "accounts", "community", "newsroom"} <= apps

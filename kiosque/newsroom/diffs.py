"""What changed between two revisions of an article, as a journalist reads it: the words of
the text struck out and inserted, and the other fields named with their values.

Texts are compared paragraph by paragraph first (lines, cheap), then word by word inside the
paragraphs that changed, so a 5,000-word article with a few edits is diffed in milliseconds
rather than matching every word against every other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kiosque.media.models import Image

from .actions.revisions import normal_fields
from .models import Author, Section, Story, Tag

# A word (letters, digits, apostrophes and hyphens inside it) or one other character
# (punctuation), each with the spaces after it: a comma added after a word is shown as just
# that comma, and spaces, which are everywhere, are not matched on their own (fewer pieces to
# match, and no match made of a space alone).
_TOKEN = re.compile(r"\s+|[\w'’-]+\s*|[^\w\s]\s*")
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class TextDiff:
    """Two texts compared: the HTML showing both (`<del>`, `<ins>`), and the words counted."""

    html: SafeString
    added: int
    removed: int

    @property
    def is_changed(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs, in words: "Rubrique: IA → Hardware"."""

    label: str
    before: str
    after: str


def tokens(text: str) -> list[str]:
    """`text` cut into words, spaces and punctuation marks (joined again, they give `text`)."""
    return _TOKEN.findall(text)


def count_words(pieces: Iterable[str]) -> int:
    """How many of `pieces` are words (not spaces, not punctuation)."""
    return sum(1 for piece in pieces if _WORD.search(piece))


def diff_text(old: str, new: str) -> TextDiff:
    """Compare `old` with `new`: escaped HTML with `<del>`/`<ins>`, and words removed/added."""
    parts: list[str] = []
    added = removed = 0
    for kind, before, after in _changed_runs(old, new):
        if kind == "equal":  # the same words; spaces as they are now
            parts.append(escape(after))
            continue
        if before:
            removed += count_words(tokens(before))
            parts.append(f"<del>{escape(before)}</del>")
        if after:
            added += count_words(tokens(after))
            parts.append(f"<ins>{escape(after)}</ins>")
    return TextDiff(html=mark_safe("".join(parts)), added=added, removed=removed)


def count_changes(old: str, new: str) -> tuple[int, int]:
    """The words added and removed from `old` to `new` (the revision list's "+12 / −3")."""
    added = removed = 0
    for kind, before, after in _changed_runs(old, new):
        if kind != "equal":
            added += count_words(tokens(after))
            removed += count_words(tokens(before))
    return added, removed


def _changed_runs(old: str, new: str) -> Iterator[tuple[str, str, str]]:
    """(kind, old piece, new piece) in order, kind "equal" or "change": paragraphs kept whole
    where they are the same, then sentences, then words compared where they differ."""
    if old == new:
        yield "equal", old, new
        return
    # Most saves change a few places: the lines before the first change and after the last
    # are set aside by comparing strings (fast), and only what lies between is matched.
    start = _same_start(old, new)
    start = old.rfind("\n", 0, start) + 1
    end = _same_start(old[start:][::-1], new[start:][::-1])
    end -= len(old[len(old) - end :].split("\n", 1)[0]) if "\n" in old[len(old) - end :] else end
    if start:
        yield "equal", old[:start], new[:start]
    yield from _runs(old[start : len(old) - end], new[start : len(new) - end], level=0)
    if end:
        yield "equal", old[len(old) - end :], new[len(new) - end :]


def _same_start(old: str, new: str) -> int:
    """How many characters `old` and `new` share at their start (by halves: string
    comparisons run in C)."""
    low, high = 0, min(len(old), len(new))
    while low < high:
        middle = (low + high + 1) // 2
        if old[:middle] == new[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _runs(old: str, new: str, *, level: int) -> Iterator[tuple[str, str, str]]:
    split = _LEVELS[level]
    old_pieces, new_pieces = split(old), split(new)
    is_words = level == len(_LEVELS) - 1
    # Matching every word against every other is quadratic: past _EXACT_WORD_PAIRS (a text
    # rewritten at length) difflib's own heuristic, which ignores the most frequent words as
    # anchors, keeps it fast at the cost of a less tidy diff.
    autojunk = is_words and len(old_pieces) * len(new_pieces) > _EXACT_WORD_PAIRS
    # Words are compared without the spaces after them: "co" at the end of a line is the
    # same word as "co" followed by more text.
    compared = (_bare(old_pieces), _bare(new_pieces)) if is_words else (old_pieces, new_pieces)
    matcher = SequenceMatcher(None, *compared, autojunk=autojunk)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_pieces[i1:i2]), "".join(new_pieces[j1:j2])
        if tag == "equal":
            yield "equal", before, after
        elif before and after and not is_words:
            yield from _runs(before, after, level=level + 1)
        elif before and after:
            # "chat " → "chien ": the space after both is not part of the change.
            kept = _common_trailing_space(before, after)
            yield "change", before[: len(before) - kept], after[: len(after) - kept]
            if kept:
                yield "equal", before[len(before) - kept :], after[len(after) - kept :]
        else:
            yield "change", before, after


def _bare(pieces: list[str]) -> list[str]:
    return [piece.rstrip() or piece for piece in pieces]


def _common_trailing_space(before: str, after: str) -> int:
    """How many characters of spaces both end with."""
    count = 0
    while (
        count < min(len(before), len(after)) - 1
        and before[-1 - count] == after[-1 - count]
        and before[-1 - count].isspace()
    ):
        count += 1
    return count


# A sentence ends at ".", "!", "?" or "…" followed by spaces (kept with the sentence).
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_EXACT_WORD_PAIRS = 1_000_000


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        pieces.append(text[start : end.end()])
        start = end.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


_LEVELS: list[Callable[[str], list[str]]] = [
    lambda text: text.splitlines(keepends=True),
    _sentences,
    tokens,
]


# The fields a revision keeps besides its text, in the order the desk shows them.
_FIELD_LABELS = {
    "section": lambda: _("Section"),
    "story": lambda: _("Running story"),
    "hero": lambda: _("Hero image"),
    "tags": lambda: _("Tags"),
    "authors": lambda: _("Authors"),
    "seo_title": lambda: _("Title for search engines"),
    "seo_description": lambda: _("Description for search engines"),
    "source_name": lambda: _("Source"),
    "source_url": lambda: _("Source URL"),
    "video_url": lambda: _("Video"),
    "video_title": lambda: _("Video title"),
}
_RELATED = {"section": Section, "story": Story, "hero": Image, "tags": Tag, "authors": Author}


def field_changes(old: Mapping[str, object], new: Mapping[str, object]) -> list[FieldChange]:
    """The fields (besides the text) that differ from `old` to `new` (revisions' `fields`),
    each with its values named as the desk names them; one query per kind of related row."""
    old, new = normal_fields(old), normal_fields(new)
    changed = [
        name
        for name in _FIELD_LABELS
        if _ids_or_value(old.get(name)) != _ids_or_value(new.get(name))
    ]
    names = _names_of(
        {name: [old.get(name), new.get(name)] for name in changed if name in _RELATED}
    )
    return [
        FieldChange(
            label=_FIELD_LABELS[name](),
            before=_shown(name, old.get(name), names),
            after=_shown(name, new.get(name), names),
        )
        for name in changed
    ]


def _ids_or_value(value: object) -> object:
    if isinstance(value, list | tuple):
        return [_as_id(item) for item in value] or None
    return _as_id(value) if value not in ("", None) else None


def _as_id(value: object) -> object:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _names_of(values: Mapping[str, Sequence[object]]) -> dict[tuple[str, object], str]:
    """The names of the related rows named in `values`, by (field, id)."""
    names: dict[tuple[str, object], str] = {}
    for field, pair in values.items():
        ids = {
            _as_id(item)
            for value in pair
            for item in (value if isinstance(value, list | tuple) else [value])
            if item not in ("", None)
        }
        model = _RELATED[field]
        for row in model.objects.filter(pk__in=ids):  # type: ignore[attr-defined]  # each model has its default manager
            names[field, row.pk] = _name_of(row)
    return names


def _name_of(row: object) -> str:
    if isinstance(row, Image):
        return row.alt or (row.file.name or "").rsplit("/", 1)[-1]
    if isinstance(row, Story):
        return row.title
    return str(getattr(row, "name", row))


def _shown(field: str, value: object, names: Mapping[tuple[str, object], str]) -> str:
    if value in ("", None, [], ()):
        return _("(none)")
    if field not in _RELATED:
        return str(value)
    items = value if isinstance(value, list | tuple) else [value]
    return ", ".join(
        names.get((field, _as_id(item)), _("deleted (no. %(id)s)") % {"id": item}) for item in items
    )

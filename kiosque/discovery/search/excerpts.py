"""Excerpts cut from the original text around the words found, those words in `<mark>`.

The same code for both databases (neither `snippet()` nor `ts_headline`): a word is marked when
its key (`kiosque.wordforms.key`) is one the query looked for, so "licenciements" is marked for
a search of "licencié", and everything else is escaped.
"""

from __future__ import annotations

from collections import deque

from django.utils.html import escape

from kiosque import wordforms

# About this many characters of text in an excerpt, and this many words shown before the first
# word found.
EXCERPT_LENGTH = 240
WORDS_BEFORE = 8
ELLIPSIS = "…"


def _first_match(text: str, keys: frozenset[str], language: str) -> int | None:
    """Where the excerpt starts: a few words before the first word found (None: none found)."""
    recent: deque[int] = deque(maxlen=WORDS_BEFORE + 1)
    for match in wordforms.words(text):
        recent.append(match.start())
        if wordforms.key(match.group(), language) in keys:
            return recent[0]
    return None


def mark(text: str, keys: frozenset[str], *, language: str = "fr") -> str:
    """`text` escaped, the words found in `<mark>`."""
    parts: list[str] = []
    done = 0
    for match in wordforms.words(text):
        if wordforms.key(match.group(), language) in keys:
            parts.append(escape(text[done : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            done = match.end()
    parts.append(escape(text[done:]))
    return "".join(parts)


def excerpt(
    texts: list[str], keys: frozenset[str], *, language: str = "fr", length: int = EXCERPT_LENGTH
) -> str:
    """An excerpt of the first of `texts` holding a word found (the first text's beginning when
    none does), as HTML."""
    texts = [text for text in texts if text]
    if not texts:
        return ""
    chosen, start = texts[0], 0
    for text in texts:
        found = _first_match(text, keys, language)
        if found is not None:
            chosen, start = text, found
            break
    end = start + length
    if end < len(chosen):
        # At the end of a word.
        space = chosen.find(" ", end)
        end = len(chosen) if space < 0 else space
    else:
        end = len(chosen)
    body = mark(chosen[start:end].strip(), keys, language=language)
    before = f"{ELLIPSIS} " if start > 0 else ""
    after = f" {ELLIPSIS}" if end < len(chosen) else ""
    return f"{before}{body}{after}"

"""What a reader typed, understood: the words and phrases to find, or why there are none.

Nothing typed is syntax for the database: quotes make phrases, every other sign (`*`, `-`, `:`,
`(`, `^`…) separates words, and `OR`, `AND`, `NEAR` are words like others. Each backend gets the
same structure (`Clause`s, all required, each one of a few alternatives, each a word or a
phrase as keys) and writes it in its own syntax with every key quoted.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kiosque import wordforms

from . import MAX_QUERY_LENGTH, MAX_QUERY_WORDS

# A phrase whose words may each stand for several keys is tried in at most this many spellings.
MAX_PHRASE_SPELLINGS = 8

# Alternatives of one clause: each a sequence of keys (one key: a word; more: a phrase).
Alternative = tuple[str, ...]


@dataclass(frozen=True)
class Clause:
    alternatives: tuple[Alternative, ...]


@dataclass
class Query:
    text: str  # what was typed, cleaned and cut
    clauses: list[Clause] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the words looked for, as typed
    keys: frozenset[str] = frozenset()  # every key an excerpt highlights
    notes: list[str] = field(default_factory=list)  # what was changed in the query
    problem: str | None = None  # why nothing can be looked for


def _clean(text: str) -> str:
    """Control and format characters (NUL included) become spaces; the rest stays."""
    return "".join(
        " " if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"} else char
        for char in text
    )


def parse(typed: str, *, language: str = "fr") -> Query:
    text = re.sub(r"\s+", " ", _clean(typed or "")).strip()
    query = Query(text=text)
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[:MAX_QUERY_LENGTH]
        # At a space if there is one near the end, so that no word is cut in two.
        space = cut.rfind(" ", MAX_QUERY_LENGTH - 40)
        query.text = text = (cut[:space] if space > 0 else cut).strip()
        query.notes.append(
            _("Your search was shortened to its first %(count)d characters.")
            % {"count": MAX_QUERY_LENGTH}
        )
    if not text:
        query.problem = _("Type one or more words to search for.")
        return query
    pieces = text.split('"')
    if len(pieces) % 2 == 0:
        # An odd number of quotes: the last one opens nothing.
        pieces[-2:] = [pieces[-2] + " " + pieces[-1]]
    words_clauses: list[tuple[str, Clause, bool]] = []  # (as typed, clause, all stop words)
    phrase_clauses: list[tuple[str, Clause]] = []
    for index, piece in enumerate(pieces):
        found = [match.group() for match in wordforms.words(piece)]
        if not found:
            continue
        if index % 2 == 1 and len(found) > 1:
            phrase_clauses.append((" ".join(found), _phrase(found, language)))
            continue
        for word in found:
            keys = wordforms.query_keys(word, language)
            # A word in quotes is wanted, however common.
            stop = index % 2 == 0 and all(wordforms.is_stop_word(k, language) for k in keys)
            words_clauses.append((word, Clause(tuple((key,) for key in keys)), stop))
    if not words_clauses and not phrase_clauses:
        query.problem = _("Type one or more words to search for: signs alone find nothing.")
        return query
    wanted = [(word, clause) for word, clause, stop in words_clauses if not stop]
    if not wanted and not phrase_clauses:
        query.problem = _(
            "These words are too common to search for on their own: add a more precise word, "
            'or put them in quotes ("…") to find them as a phrase.'
        )
        return query
    chosen = [*phrase_clauses, *_unique(wanted)]
    if len(chosen) > MAX_QUERY_WORDS:
        chosen = chosen[:MAX_QUERY_WORDS]
        query.notes.append(
            ngettext(
                "Only the first %(count)d word was searched for.",
                "Only the first %(count)d words were searched for.",
                MAX_QUERY_WORDS,
            )
            % {"count": MAX_QUERY_WORDS}
        )
    query.words = [word for word, _clause in chosen]
    query.clauses = [clause for _word, clause in chosen]
    query.keys = frozenset(
        key
        for clause in query.clauses
        for alternative in clause.alternatives
        for key in alternative
    )
    return query


def _unique(clauses: list[tuple[str, Clause]]) -> list[tuple[str, Clause]]:
    seen: set[Clause] = set()
    kept = []
    for word, clause in clauses:
        if clause not in seen:
            seen.add(clause)
            kept.append((word, clause))
    return kept


def _phrase(words: list[str], language: str) -> Clause:
    """A phrase's spellings: every combination of its words' keys, or its own keys alone when
    there would be too many."""
    options = [wordforms.query_keys(word, language) for word in words]
    count = 1
    for keys in options:
        count *= len(keys)
    if count > MAX_PHRASE_SPELLINGS:
        options = [keys[:1] for keys in options]
    return Clause(tuple(itertools.product(*options)))

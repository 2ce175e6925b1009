"""French word analysis, shared by search and related articles: one definition of "the same word".

A word's *key* is its Snowball stem with the accents then removed: the stem is taken on the word
as written ("licencié" → "licenci", like "licenciement"), then folded ("été" → "ete", like
"ete"). Stemming after folding would lose word forms ("licencie" → "licenc", not "licenciement"'s
"licenci"): PostgreSQL's `unaccent` then `french_stem` does exactly that, which is why both search
backends index the keys made here rather than the database's own analysis.

A reader who types without accents still finds the participles the accent marks: `query_keys`
also tries the accented endings of a bare word ("licencie" → "licencié", "salaries" → "salariés").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

import Stemmer

# A word: letters and digits, split at apostrophes, hyphens and everything else ("l'été" is
# "l", "été"; "porte-parole" is "porte", "parole").
WORD = re.compile(r"[^\W_]+")

# The Snowball algorithm of each language the site speaks.
_ALGORITHMS = {"fr": "french", "en": "english"}

# Letters NFKD does not take apart, as PostgreSQL's unaccent rules write them.
_LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O"}
)

# Words too common to say anything on their own: left out of the words a query requires (they
# still count inside a quoted phrase). Keys, as `key()` makes them.
_STOP_WORDS_FR = """
a à ai aie aient aies ait as au aucun aussi autre aux avec avez avoir avons ayant c ça car ce ceci
cela celle celles celui ces cet cette ceux chaque ci comme d dans de des deja donc dont du elle
elles en encore est et etaient etait etant etre eu eux il ils j je l la le les leur leurs
lui m ma mais me meme mes moi mon n ne ni nos notre nous on ont ou où par pas peu plus pour qu que
quel quelle qui s sa sans se ses si son sont sur t ta te tes toi ton tous tout toute toutes tres tu
un une vos votre vous y
"""
_STOP_WORDS_EN = """
a an and are as at be but by for from has have he her his i in is it its of on or she that the
their them they this to was we were what which who will with you your
"""

MAX_WORD_LENGTH = 60


def fold(text: str) -> str:
    """`text` in lowercase without accents, compatibility forms made plain: "Été" → "ete"."""
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return unicodedata.normalize("NFKC", text.lower())


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_ALGORITHMS.get(language, "french"))


@lru_cache(maxsize=200_000)
def _key(word: str, language: str) -> str:
    word = unicodedata.normalize("NFKC", word).lower()[:MAX_WORD_LENGTH]
    return fold(_stemmer(language).stemWord(word))


def key(word: str, language: str = "fr") -> str:
    """The key of one word: its folded Snowball stem ("Licenciés" → "licenci")."""
    return _key(word, language)


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of `text` as matches, with their place in it (for highlighting)."""
    return WORD.finditer(text)


def stems(text: str, language: str = "fr") -> list[str]:
    """The keys of the words of `text`, in order: folded Snowball stems."""
    return [_key(match.group(), language) for match in WORD.finditer(text)]


def is_stop_word(word_key: str, language: str = "fr") -> bool:
    """Whether a key names a word too common to be required on its own."""
    return word_key in _stop_words(language)


@cache
def _stop_words(language: str) -> frozenset[str]:
    listed = _STOP_WORDS_EN if language == "en" else _STOP_WORDS_FR
    return frozenset(_key(word, language) for word in listed.split())


# Endings a bare word may have lost its accent on: French participles and nouns in -é(e)(s).
_BARE_ENDINGS = (("ees", "ées"), ("ee", "ée"), ("es", "és"), ("e", "é"))


def query_keys(word: str, language: str = "fr") -> tuple[str, ...]:
    """The keys a word typed in a query may stand for: its own, and, when it is written without
    any accent in French, the key of its accented ending ("licencie" → "licenc", "licenci")."""
    own = _key(word, language)
    found = [own]
    lowered = unicodedata.normalize("NFKC", word).lower()
    if language == "fr" and fold(lowered) == lowered:
        for bare, accented in _BARE_ENDINGS:
            if lowered.endswith(bare) and len(lowered) > len(bare) + 2:
                other = _key(lowered[: -len(bare)] + accented, language)
                if other not in found:
                    found.append(other)
                break
    return tuple(found)

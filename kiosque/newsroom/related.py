"""Related articles by meaning: which released articles speak of the same things.

Each article is a vector of its words (`kiosque.wordforms` keys: folded Snowball stems, stop
words left out), weighted by tf-idf — a word counts more the more the article uses it (three
times in the title, twice in the lead, once in the body) and the fewer articles use it — cut to
its `TERMS_KEPT` heaviest words and made of unit length. Two articles' similarity is the cosine
of their vectors (0 to 1). Each article keeps its `RELATED_KEPT` nearest (`RelatedArticle`),
read by `ArticleQuerySet.related_ids_to` beside the story, tag and section signals: nothing is
computed while a reader waits.

When an article is published or edited (`actions.related.relate_article`, on commit, from the
newsroom's workflow) its vector is made again and compared with the others through the words it has
(`ArticleTerm`, indexed by word): only the articles sharing one of its heavy words are read,
whatever the size of the archive. The pairs are updated both ways: the new article may become
the nearest of older ones. How common each word is (`TermCount`) is counted once per article
when it is first related, and counted again exactly by `relate_all` (`kiosque relate`), which
computes every pair from scratch (the demo does at its end).
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Mapping

from django.utils.html import strip_tags

from kiosque.wordforms import is_stop_word, stems

from .models import Article

# The words of an article's vector: enough to say what it is about, few enough to find its
# neighbours through a handful of index lookups.
TERMS_KEPT = 40
# The nearest articles kept for each: "On the same subject" shows six, the rest are spares for
# those that go unpublished.
RELATED_KEPT = 10
# Below this, two articles only share common words: not the same subject.
MIN_SCORE = 0.05
# Where a word is says how much it tells: the title is the article's own summary.
FIELD_WEIGHTS = (("title", 3), ("lead", 2), ("body", 1))
# Keys shorter than this are initials and numbers' pieces ("l", "3"): no subject.
MIN_TERM_LENGTH = 3
# Neighbours are looked for through the words a few articles share: a word used by more than
# this share of the articles (and more than COMMON_FLOOR of them) weighs little in any cosine,
# and reading its long list of articles would cost more than all the others together.
COMMON_SHARE = 0.02
COMMON_FLOOR = 50
# How many articles are read at a time by `relate_all`.
BATCH_SIZE = 500

Vector = dict[str, float]


def words_of(article: Article) -> Counter[str]:
    """The keys of the article's words, each counted as often as it is used, title and lead
    counting more."""
    texts = {
        "title": article.title,
        "lead": article.lead,
        "body": html.unescape(strip_tags(article.body_html)),
    }
    counts: Counter[str] = Counter()
    for field, weight in FIELD_WEIGHTS:
        for key in stems(texts[field]):
            if len(key) >= MIN_TERM_LENGTH and not key.isdigit() and not is_stop_word(key):
                counts[key] += weight
    return counts


def vector_of(counts: Mapping[str, int], *, used_by: Mapping[str, int], articles: int) -> Vector:
    """The tf-idf vector of an article's word counts, its `TERMS_KEPT` heaviest words, of unit
    length; `used_by[word]` is how many of the `articles` use the word (a word all use weighs
    next to nothing, never less: an article always has a vector)."""
    weights = {
        term: count * math.log((1 + articles) / max(used_by.get(term, 1), 1))
        for term, count in counts.items()
        # A word said once, in this article alone, is no subject and can match no other.
        if count > 1 or used_by.get(term, 1) > 1
    }
    heaviest = sorted(
        ((weight, term) for term, weight in weights.items() if weight > 0), reverse=True
    )
    kept = {term: weight for weight, term in heaviest[:TERMS_KEPT]}
    length = math.sqrt(sum(weight * weight for weight in kept.values()))
    return {term: weight / length for term, weight in kept.items()} if length else {}


def nearest(scores: Mapping[int, float]) -> list[tuple[int, float]]:
    """The `RELATED_KEPT` best (id, score) at or above MIN_SCORE, best first (then newest id)."""
    ranked = sorted(
        ((pk, score) for pk, score in scores.items() if score >= MIN_SCORE),
        key=lambda pair: (pair[1], pair[0]),
        reverse=True,
    )
    return ranked[:RELATED_KEPT]


def telling(vector: Vector, *, used_by: Mapping[str, int], articles: int) -> list[str]:
    """The words of `vector` its neighbours are looked for through: all but the common ones."""
    limit = max(COMMON_FLOOR, articles * COMMON_SHARE)
    return [term for term in vector if used_by.get(term, 1) <= limit]

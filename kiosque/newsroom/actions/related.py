"""Related articles by meaning: each released article's nearest articles kept up to date
(the vectors and their comparison are `kiosque.newsroom.related`'s).

`relate_article` runs when an article is published, edited or taken back (on commit, from
`articles`), `relate_all` for the whole archive (`kiosque relate`, the end of `kiosque demo`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F

from kiosque.announcements import SITE, announce

from ..models import Article, ArticleTerm, RelatedArticle, TermCount
from ..related import (
    BATCH_SIZE,
    MIN_SCORE,
    RELATED_KEPT,
    Vector,
    nearest,
    telling,
    vector_of,
    words_of,
)

if TYPE_CHECKING:
    from kiosque.accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def relate_article(article: Article, *, by: User | None) -> int:
    """Compute the nearest articles of a released article, and put it in theirs where it now
    belongs; an article no longer released leaves every list. Returns how many articles it
    is near. The articles whose list changed are announced (their page shows the list).

    Cost: a fixed number of queries whatever the archive (its words, the articles sharing
    them, their lists), reading only the rows of the words it has.
    """
    stored = (
        Article.objects.filter(pk=article.pk).only("status", "title", "lead", "body_html").first()
    )
    listed_in = set(
        RelatedArticle.objects.filter(related_id=article.pk).values_list("article_id", flat=True)
    )
    RelatedArticle.objects.filter(related_id=article.pk).delete()
    if stored is None or not stored.is_released:
        ArticleTerm.objects.filter(article_id=article.pk).delete()
        RelatedArticle.objects.filter(article_id=article.pk).delete()
        announce(*(f"article:{pk}" for pk in listed_in))
        return 0
    counts = words_of(stored)
    if not ArticleTerm.objects.filter(article_id=article.pk).exists():
        _count_words(counts)  # first related: one more article uses these words
    used_by = dict(TermCount.objects.filter(term__in=list(counts)).values_list("term", "articles"))
    total = Article.objects.published().count()
    vector = vector_of(counts, used_by=used_by, articles=total)
    ArticleTerm.objects.filter(article_id=article.pk).delete()
    ArticleTerm.objects.bulk_create(
        ArticleTerm(article_id=article.pk, term=term, weight=weight)
        for term, weight in vector.items()
    )

    scores: defaultdict[int, float] = defaultdict(float)
    looked_up = telling(vector, used_by=used_by, articles=total)
    sharing = ArticleTerm.objects.filter(term__in=looked_up).exclude(article_id=article.pk)
    for other_id, term, weight in sharing.values_list("article_id", "term", "weight"):
        scores[other_id] += vector[term] * weight
    mine = nearest(scores)
    RelatedArticle.objects.filter(article_id=article.pk).delete()
    RelatedArticle.objects.bulk_create(
        RelatedArticle(article_id=article.pk, related_id=pk, score=score) for pk, score in mine
    )
    entered = _enter_their_lists(article.pk, scores)
    announce(*(f"article:{pk}" for pk in listed_in | entered))
    return len(mine)


def _count_words(terms: Iterable[str]) -> None:
    """One more article uses each of these words."""
    terms = list(terms)
    TermCount.objects.bulk_create(
        (TermCount(term=term, articles=0) for term in terms), ignore_conflicts=True
    )
    TermCount.objects.filter(term__in=terms).update(articles=F("articles") + 1)


def _enter_their_lists(article_id: int, scores: Mapping[int, float]) -> set[int]:
    """Put `article_id` in the list of each article it is near enough to, pushing out the
    last of a full list (one read of their lists, one delete, one insert); returns the
    articles whose list it entered."""
    near = {pk: score for pk, score in scores.items() if score >= MIN_SCORE}
    if not near:
        return set()
    lists: defaultdict[int, list[tuple[float, int]]] = defaultdict(list)
    rows = RelatedArticle.objects.filter(article_id__in=list(near))
    for row_id, owner_id, score in rows.values_list("pk", "article_id", "score"):
        lists[owner_id].append((score, row_id))
    entering: list[RelatedArticle] = []
    leaving: list[int] = []
    for owner_id, score in near.items():
        kept = sorted(lists[owner_id], reverse=True)
        if len(kept) >= RELATED_KEPT and kept[RELATED_KEPT - 1][0] >= score:
            continue  # its list holds nearer ones
        entering.append(RelatedArticle(article_id=owner_id, related_id=article_id, score=score))
        leaving += [row_id for _score, row_id in kept[RELATED_KEPT - 1 :]]
    RelatedArticle.objects.filter(pk__in=leaving).delete()
    RelatedArticle.objects.bulk_create(entering)
    return {row.article_id for row in entering}


@transaction.atomic
def relate_all(*, by: User | None) -> int:
    """Every released article's vector and nearest articles from scratch, with the exact count
    of the articles using each word; every page is announced. Returns how many pairs it wrote.

    Two passes over the articles, `BATCH_SIZE` at a time (the words are counted, then weighed);
    the vectors (`TERMS_KEPT` words each) are held in memory to compare them.
    """
    released = Article.objects.published().only("title", "lead", "body_html").order_by("pk")
    used_by: dict[str, int] = defaultdict(int)
    for article in released.iterator(chunk_size=BATCH_SIZE):
        for term in words_of(article):
            used_by[term] += 1
    total = released.count()

    TermCount.objects.all().delete()
    TermCount.objects.bulk_create(
        (TermCount(term=term, articles=count) for term, count in used_by.items()),
        batch_size=BATCH_SIZE,
    )
    ArticleTerm.objects.all().delete()
    RelatedArticle.objects.all().delete()

    vectors: dict[int, Vector] = {}
    postings: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
    for article in released.iterator(chunk_size=BATCH_SIZE):
        vector = vector_of(words_of(article), used_by=used_by, articles=total)
        vectors[article.pk] = vector
        for term, weight in vector.items():
            postings[term].append((article.pk, weight))
    ArticleTerm.objects.bulk_create(
        (
            ArticleTerm(article_id=pk, term=term, weight=weight)
            for pk, vector in vectors.items()
            for term, weight in vector.items()
        ),
        batch_size=BATCH_SIZE,
    )

    pairs: list[RelatedArticle] = []
    for pk, vector in vectors.items():
        scores: defaultdict[int, float] = defaultdict(float)
        for term in telling(vector, used_by=used_by, articles=total):
            weight = vector[term]
            for other_id, other_weight in postings[term]:
                if other_id != pk:
                    scores[other_id] += weight * other_weight
        pairs += (
            RelatedArticle(article_id=pk, related_id=other_id, score=score)
            for other_id, score in nearest(scores)
        )
    RelatedArticle.objects.bulk_create(pairs, batch_size=BATCH_SIZE)
    announce(SITE)
    return len(pairs)


def relate_on_commit(article: Article) -> None:
    """`relate_article` once the current change is committed. A failure is logged, not
    raised: the article is saved, and its next change or `kiosque relate` relates it again."""

    def relate() -> None:
        try:
            relate_article(article, by=None)
        except Exception:
            logger.exception("related articles of article %s not computed", article.pk)

    transaction.on_commit(relate)

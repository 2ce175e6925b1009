"""Related articles by meaning: computed when an article is published or edited, both ways,
never while a reader waits; ranked after the running story with tags and section (the demo's
quality: test_related_demo.py)."""

from __future__ import annotations

import io
import math
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kiosque.newsroom.actions import publish_article, save_article, unpublish_article
from kiosque.newsroom.actions.related import relate_all, relate_article
from kiosque.newsroom.models import Article, ArticleTerm, RelatedArticle, TermCount
from kiosque.newsroom.related import MIN_SCORE, RELATED_KEPT, TERMS_KEPT, vector_of, words_of
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

CHIPS = (
    "Les puces gravées en trois nanomètres",
    "La fonderie taïwanaise grave ses puces en trois nanomètres",
    "La fonderie annonce des puces gravées plus finement, des transistors plus denses et une "
    "gravure en trois nanomètres pour les processeurs des téléphones.",
)
CHIPS_AGAIN = (
    "Nanomètres : la course à la gravure des puces s'accélère",
    "Après la fonderie taïwanaise, un rival grave à son tour des puces en trois nanomètres",
    "Les transistors de ces puces gravées en trois nanomètres consomment moins : la fonderie "
    "promet des processeurs plus sobres pour les téléphones.",
)
VOICE = (
    "Deepfakes vocaux : les arnaques au faux conseiller bancaire se multiplient",
    "Des escrocs imitent la voix de conseillers bancaires grâce à l'intelligence artificielle",
    "Les banques mettent en garde leurs clients contre ces appels frauduleux où une voix "
    "clonée réclame un virement urgent.",
)
FOOTBALL = (
    "Le club de football de la ville recrute un entraîneur",
    "Un entraîneur venu d'Espagne prend la tête de l'équipe première",
    "Les supporters du club attendent des résultats rapides au championnat cette saison.",
)


def draft(text: tuple[str, str, str], **fields: object) -> Article:
    title, lead, body = text
    return ArticleFactory.create(draft=True, title=title, lead=lead, body=body, **fields)


def publish(article: Article) -> Article:
    return publish_article(article, by=None)


def related_pairs(article: Article) -> dict[int, float]:
    return dict(RelatedArticle.objects.filter(article=article).values_list("related_id", "score"))


# --- The vectors -------------------------------------------------------------------------------


def test_words_count_more_in_the_title_and_lead_and_stop_words_not_at_all():
    article = Article(title="Puces", lead="Puces et fonderie", body_html="<p>Le puces.</p>")
    counts = words_of(article)
    assert counts["puc"] == 3 + 2 + 1
    assert counts["fonder"] == 2
    assert "le" not in counts and "et" not in counts


def test_a_vector_keeps_the_heaviest_words_with_unit_length_and_no_common_word():
    counts = Counter({f"mot{n}": n for n in range(1, 100)} | {"partout": 50})
    vector = vector_of(
        counts, used_by={"partout": 10} | {f"mot{n}": 2 for n in range(1, 100)}, articles=10
    )
    assert len(vector) == TERMS_KEPT
    assert "partout" not in vector  # in every article: says nothing
    assert "mot99" in vector and "mot1" not in vector
    assert math.isclose(sum(weight * weight for weight in vector.values()), 1.0)


# --- Through the actions, on commit ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_publishing_relates_an_article_both_ways_and_unpublishing_takes_it_out():
    for text in (VOICE, FOOTBALL):
        publish(draft(text))
    first = publish(draft(CHIPS))
    assert related_pairs(first) == {} or max(related_pairs(first).values()) < 0.2

    second = publish(draft(CHIPS_AGAIN))
    assert list(related_pairs(second))[:1] == [first.pk]
    assert first.pk in related_pairs(second)
    assert second.pk in related_pairs(first)  # the older one hears of the newer
    assert related_pairs(second)[first.pk] == pytest.approx(related_pairs(first)[second.pk])
    assert related_pairs(second)[first.pk] > 0.3

    unpublish_article(second, by=None)
    assert related_pairs(second) == {}
    assert second.pk not in related_pairs(first)
    assert not ArticleTerm.objects.filter(article=second).exists()


@pytest.mark.django_db(transaction=True)
def test_editing_a_published_article_relates_it_again():
    chips = publish(draft(CHIPS))
    publish(draft(VOICE))
    other = publish(draft(FOOTBALL))
    assert chips.pk not in related_pairs(other)

    other.title, other.lead, other.body = CHIPS_AGAIN
    save_article(other, by=None)
    assert chips.pk in related_pairs(other)
    assert other.pk in related_pairs(chips)


@pytest.mark.django_db(transaction=True)
def test_a_draft_saved_is_not_related():
    publish(draft(CHIPS))
    article = draft(CHIPS_AGAIN)
    save_article(article, by=None)
    assert related_pairs(article) == {}
    assert not ArticleTerm.objects.filter(article=article).exists()


@pytest.mark.django_db
def test_each_article_keeps_its_nearest_only():
    articles = [ArticleFactory(title=CHIPS[0], lead=CHIPS[1], body=CHIPS[2]) for _ in range(14)]
    ArticleFactory(title=VOICE[0], lead=VOICE[1], body=VOICE[2])
    relate_all(by=None)
    for article in articles:
        pairs = related_pairs(article)
        assert len(pairs) == RELATED_KEPT
        assert all(score >= MIN_SCORE for score in pairs.values())


@pytest.mark.django_db
def test_relating_an_article_costs_the_same_queries_in_a_small_and_a_large_archive():
    def cost() -> int:
        article = ArticleFactory.create(
            title=CHIPS_AGAIN[0], lead=CHIPS_AGAIN[1], body=CHIPS_AGAIN[2]
        )
        with CaptureQueriesContext(connection) as queries:
            relate_article(article, by=None)
        assert related_pairs(article)
        return len(queries.captured_queries)

    for text in (CHIPS, VOICE, FOOTBALL):
        ArticleFactory(title=text[0], lead=text[1], body=text[2])
    relate_all(by=None)
    small = cost()
    for number in range(30):
        ArticleFactory(title=f"{CHIPS[0]} {number}", lead=VOICE[1], body=FOOTBALL[2])
    relate_all(by=None)
    large = cost()
    # One delete more once neighbours' lists are full (the one pushed out of them).
    assert small <= large <= small + 1, (small, large)


@pytest.mark.django_db
def test_kiosque_relate_computes_every_pair_with_exact_word_counts():
    chips, again, voice = (
        ArticleFactory(title=t[0], lead=t[1], body=t[2]) for t in (CHIPS, CHIPS_AGAIN, VOICE)
    )
    ArticleFactory(draft=True, title=CHIPS[0], lead=CHIPS[1], body=CHIPS[2])
    out = io.StringIO()
    call_command("relate", stdout=out)
    assert "pairs of related articles computed" in out.getvalue()
    assert again.pk in related_pairs(chips) and chips.pk in related_pairs(again)
    assert TermCount.objects.get(term="nanometr").articles == 2  # the draft is not counted
    assert set(ArticleTerm.objects.values_list("article_id", flat=True)) == {
        chips.pk,
        again.pk,
        voice.pk,
    }


# --- Ranking "On the same subject" -------------------------------------------------------------


@pytest.mark.django_db
def test_a_close_text_ranks_above_a_recent_unrelated_article_and_the_story_stays_first():
    section, other_section = SectionFactory(), SectionFactory()
    story = StoryFactory()
    article = ArticleFactory(
        section=section, story=story, title=CHIPS[0], lead=CHIPS[1], body=CHIPS[2]
    )
    close = ArticleFactory(
        section=other_section, title=CHIPS_AGAIN[0], lead=CHIPS_AGAIN[1], body=CHIPS_AGAIN[2]
    )
    in_story = ArticleFactory(
        section=other_section, story=story, title=FOOTBALL[0], lead=FOOTBALL[1], body=FOOTBALL[2]
    )
    ArticleFactory(section=other_section, title=VOICE[0], lead=VOICE[1], body=VOICE[2])
    for number in range(10):  # newer, unrelated: today they would fill the list
        ArticleFactory(
            section=other_section, title=f"Football {number}", lead=FOOTBALL[1], body=FOOTBALL[2]
        )
    relate_all(by=None)

    related = Article.objects.published().related_ids_to(article)
    assert related[:2] == [in_story.pk, close.pk]


@pytest.mark.django_db
def test_an_unpublished_neighbour_is_never_shown():
    article = ArticleFactory(title=CHIPS[0], lead=CHIPS[1], body=CHIPS[2])
    close = ArticleFactory(title=CHIPS_AGAIN[0], lead=CHIPS_AGAIN[1], body=CHIPS_AGAIN[2])
    relate_all(by=None)
    Article.objects.filter(pk=close.pk).update(status=Article.Status.UNPUBLISHED)
    assert close.pk not in Article.objects.published().related_ids_to(article)


@pytest.mark.django_db
def test_related_articles_cost_the_queries_they_did():
    """The similarity is read in the query that ranks the candidates: no query more."""
    tag = TagFactory()
    article = ArticleFactory(tags=[tag], title=CHIPS[0], lead=CHIPS[1], body=CHIPS[2])
    ArticleFactory(tags=[tag], title=CHIPS_AGAIN[0], lead=CHIPS_AGAIN[1], body=CHIPS_AGAIN[2])
    relate_all(by=None)
    article = Article.objects.get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        Article.objects.published().related_ids_to(article)
    # tags, same section, same tags, recent, candidates: as before related by meaning
    assert len(queries.captured_queries) == 5

"""The search page (/recherche/): the form, its results, its pages, its filters, its refusals.

The page's own behaviour is tested against a stand-in for the engine that records what it was
asked (what the page sends and shows); the end of the module asks the real engine, on whichever
database the suite runs, through the real index (`reindex`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from kiosque.discovery import views
from kiosque.discovery.search import SearchFilters, SearchHit, SearchPage, reindex
from kiosque.newsroom.tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

SEARCH = "/recherche/"
MOMENT = datetime(2023, 11, 20, 16, 19, tzinfo=UTC)  # 17h19 in Paris


def hit(number: int, *, kind: str = "article") -> SearchHit:
    return SearchHit(
        kind=kind,  # type: ignore[arg-type]  # the tests name both kinds
        pk=number,
        url=f"/ia/resultat-{number}-{number}/",
        title=f"Résultat <{number}>",
        excerpt_html=f"… les <mark>salariés</mark> n°{number} &amp; leurs droits …",
        published_at=MOMENT,
        section_name="IA" if kind == "article" else "Matériel",
        author_name="Gaëtan Rivière" if kind == "article" else "rose",
    )


class FakeEngine:
    """Answers like `search()`: `total` hits cut in pages, and what it was asked."""

    def __init__(self, total: int = 3, message: str | None = None) -> None:
        self.total = total
        self.message = message
        self.calls: list[dict[str, Any]] = []

    def __call__(
        self, query: str, *, filters: SearchFilters, page: int, per_page: int, **kw: Any
    ) -> SearchPage:
        self.calls.append({"query": query, "filters": filters, "page": page, **kw})
        page_count = max(1, -(-self.total // per_page))
        page = min(page, page_count)
        first = (page - 1) * per_page
        numbers = range(first + 1, min(self.total, first + per_page) + 1)
        return SearchPage(
            hits=[hit(n, kind="post" if n % 2 == 0 else "article") for n in numbers],
            total=self.total,
            page=page,
            page_count=page_count,
            query=query,
            message=self.message,
        )


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    fake = FakeEngine()
    monkeypatch.setattr(views, "search", fake)
    return fake


def text_of(html: str) -> str:
    """The words a reader sees: tags out, entities read, spaces made one."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --- The form ----------------------------------------------------------------------------------


def test_without_a_query_the_page_shows_the_form_and_asks_no_cache_to_keep_it(client, engine):
    response = client.get(SEARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert engine.calls == []


def test_an_empty_or_blank_query_shows_the_form_without_searching(client, engine):
    for query in ("", "   ", "\t"):
        response = client.get(SEARCH, {"q": query, "type": "articles"})
        assert response.status_code == 200
        assert "Rechercher" in response.content.decode()
    assert engine.calls == []


def test_the_page_is_in_english_under_en(client, engine):
    response = client.get("/en/recherche/", {"q": "salariés"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "3 results for “salariés”" in text_of(html)
    assert "By Gaëtan Rivière" in text_of(html)
    assert "November 20, 2023" in text_of(html) or "20 November 2023" in text_of(html)


def test_the_search_box_of_the_header_leads_to_the_page(client, engine):
    html = client.get("/").content.decode()
    assert f'action="{SEARCH}"' in html
    assert reverse("search:page") == SEARCH


# --- Results -----------------------------------------------------------------------------------


def test_results_show_kind_title_excerpt_section_author_and_french_date(client, engine):
    response = client.get(SEARCH, {"q": "  salariés   licenciés "})
    assert response.status_code == 200
    assert engine.calls[0]["query"] == "salariés licenciés"
    html = response.content.decode()
    seen = text_of(html)
    assert (
        "3 résultats pour « salariés licenciés »"
        in seen.replace("\u202f", " ").replace("\xa0", " ")
        or "3 résultats pour “salariés licenciés”" in seen
    )
    assert '<a href="/ia/resultat-1-1/">Résultat &lt;1&gt;</a>' in html  # titles escaped
    assert "… les <mark>salariés</mark> n°1 &amp; leurs droits …" in html  # excerpt as given
    assert "Article · IA" in seen and "Discussion · Matériel" in seen
    assert "Par Gaëtan Rivière" in seen and "Par rose" in seen
    assert "20 novembre 2023 à 17h19" in seen
    assert 'datetime="2023-11-20T17:19:00+01:00"' in html


def test_no_result_says_so_and_helps(client, engine):
    engine.total = 0
    response = client.get(SEARCH, {"q": "zzyzx", "rubrique": ""})
    assert response.status_code == 200
    seen = text_of(response.content.decode())
    assert "Aucun résultat pour" in seen and "zzyzx" in seen
    assert "orthographe" in seen  # a tip


def test_no_result_with_filters_offers_the_search_without_them(client, engine):
    engine.total = 0
    SectionFactory(slug="ia", name="IA")
    html = client.get(SEARCH, {"q": "zzyzx", "rubrique": "ia"}).content.decode()
    assert f'href="{SEARCH}?q=zzyzx"' in html


def test_the_engine_s_message_is_shown(client, engine):
    engine.message = (
        "Votre recherche était trop longue : seuls ses 200 premiers caractères ont compté."
    )
    html = client.get(SEARCH, {"q": "a" * 10_000}).content.decode()
    assert "seuls ses 200 premiers caractères" in html
    assert "a" * 10_000 in html  # the query stays in the box


# --- Filters -----------------------------------------------------------------------------------


def test_filters_are_passed_to_the_engine(client, engine):
    SectionFactory(slug="ia", name="IA")
    author = AuthorFactory(slug="gaetan-riviere", name="Gaëtan Rivière")
    ArticleFactory(authors=[author])
    response = client.get(
        SEARCH,
        {
            "q": "puces",
            "type": "articles",
            "rubrique": "ia",
            "auteur": "gaetan-riviere",
            "du": "2023-11-01",
            "au": "20/11/2023",
        },
    )
    assert response.status_code == 200
    assert engine.calls[0]["filters"] == SearchFilters(
        kind="articles",
        section="ia",
        author="gaetan-riviere",
        since=date(2023, 11, 1),
        until=date(2023, 11, 20),
    )
    html = response.content.decode()
    assert '<option value="ia" selected>IA</option>' in html
    assert '<option value="gaetan-riviere" selected>Gaëtan Rivière</option>' in html
    assert 'value="2023-11-01"' in html and 'value="2023-11-20"' in html
    assert '<details class="search-form__filters" open>' in html


def test_only_authors_of_released_articles_are_offered(client, engine):
    ArticleFactory(authors=[AuthorFactory(name="Publiée")])
    ArticleFactory(draft=True, authors=[AuthorFactory(name="En brouillon")])
    html = client.get(SEARCH).content.decode()
    assert ">Publiée</option>" in html
    assert "En brouillon" not in html


def test_discussions_only(client, engine):
    client.get(SEARCH, {"q": "puces", "type": "discussions"})
    assert engine.calls[0]["filters"].kind == "discussions"


# --- Pagination --------------------------------------------------------------------------------


def test_pages_keep_the_query_and_the_filters(client, engine):
    engine.total = 205  # 11 pages of 20
    SectionFactory(slug="ia", name="IA")
    html = client.get(SEARCH, {"q": "puces", "rubrique": "ia", "page": "6"}).content.decode()
    assert engine.calls[0]["page"] == 6
    seen = text_of(html)
    assert "205 résultats" in seen and "page 6 sur 11" in seen
    links = re.findall(r'href="\?([^"]*)"', html)
    assert links, "no page link"
    for query in links:
        assert "q=puces" in query and "rubrique=ia" in query
    pages = [int(m) for m in re.findall(r'href="\?[^"]*page=(\d+)"', html)]
    assert {1, 4, 5, 6, 7, 8, 11} <= set(pages)
    assert 2 not in pages and 10 not in pages  # a window, not every page
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert 'aria-current="page"' in html
    assert '<ol class="search-results" start="101">' in html


def test_a_page_past_the_end_shows_the_last_one(client, engine):
    engine.total = 25
    response = client.get(SEARCH, {"q": "puces", "page": "999"})
    assert response.status_code == 200
    assert "page 2 sur 2" in text_of(response.content.decode())


def test_a_single_page_has_no_pager(client, engine):
    html = client.get(SEARCH, {"q": "puces"}).content.decode()
    assert "search-pagination" not in html


@pytest.mark.parametrize(
    ("current", "count", "shown"),
    [
        (1, 1, [1]),
        (1, 0, []),
        (1, 3, [1, 2, 3]),
        (6, 11, [1, None, 4, 5, 6, 7, 8, None, 11]),
        (1, 11, [1, 2, 3, None, 11]),
        (4, 11, [1, 2, 3, 4, 5, 6, None, 11]),
    ],
)
def test_page_numbers(current, count, shown):
    assert views.page_numbers(current, count) == shown


# --- Bad input: a clear message, never a 500 --------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "puces", "du": "hier"}, "Ce n’est pas une date"),
        ({"q": "puces", "du": "2023-13-45"}, "Ce n’est pas une date"),
        ({"q": "puces", "au": "99999-01-01"}, "Ce n’est pas une date"),
        ({"q": "puces", "du": "2023-11-20", "au": "2023-11-01"}, "avant la première"),
        ({"q": "puces", "page": "abc"}, "n’est pas un nombre"),
        ({"q": "puces", "page": "0"}, "à partir de 1"),
        ({"q": "puces", "page": "-3"}, "à partir de 1"),
        ({"q": "puces", "page": "9" * 30}, "pas autant de pages"),
        ({"q": "puces", "type": "videos"}, "pas dans la liste"),
        ({"q": "puces", "rubrique": "nulle-part"}, "pas dans la liste"),
        ({"q": "puces", "auteur": "personne"}, "pas dans la liste"),
        ({"q": "pu\x00ces"}, "caractères de contrôle"),
        ({"q": "pu\x1bces\x7f"}, "caractères de contrôle"),
    ],
)
def test_bad_input_is_refused_with_its_reason_and_the_query_kept(client, engine, params, message):
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html.replace("'", "’")
    assert 'role="alert"' in html
    assert engine.calls == []
    kept = re.search(r'<input type="search" name="q" value="([^"]*)"', html)
    assert kept is not None and unescape(kept.group(1)).replace(" ", "") == "puces"
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        '"unmatched',
        "*",
        "NEAR(a b)",
        "-",
        ":",
        "a OR b",
        "a AND NOT b",
        "(",
        ")",
        "^",
        "title:x",
        "'; DROP TABLE x; --",
        "<script>alert(1)</script>",
        "🦊" * 50,
        "l’été\tà\nParis",
    ],
)
def test_odd_queries_reach_the_engine_and_come_back_escaped(client, engine, query):
    engine.total = 0
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert escape(" ".join(query.split())) in html


# --- The 404 page ------------------------------------------------------------------------------


def test_the_404_page_offers_a_search_with_the_words_of_the_address(client):
    response = client.get("/ia/openai-lance-puces-1234/introuvable/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'id="search-404-q"' in html
    assert 'value="openai lance puces introuvable"' in html
    assert f'action="{SEARCH}"' in html


# --- With the real engine ----------------------------------------------------------------------


def _articles(count: int, *, word: str) -> None:
    section = SectionFactory(slug="ia", name="IA")
    authors = [AuthorFactory() for _ in range(3)]
    for number in range(count):
        ArticleFactory(
            title=f"Les puces numéro {number}",
            lead=f"Les {word} de la fonderie parlent.",
            section=section,
            authors=[authors[number % 3]],
        )
    reindex()


def test_the_real_engine_finds_a_word_form_with_highlighting(client):
    _articles(2, word="salariés")
    ArticleFactory(draft=True, title="Un brouillon", lead="Des salariés en brouillon.")
    reindex()
    response = client.get(SEARCH, {"q": "salarie"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 résultats" in text_of(html)
    assert "<mark>" in html
    assert "Un brouillon" not in html


def _queries_of(client: Any, params: dict[str, str]) -> tuple[int, str]:
    client.get(SEARCH, params)  # what a process remembers (the menus) is read once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH, params)
    assert response.status_code == 200
    return len(queries.captured_queries), text_of(response.content.decode())


def test_a_page_of_results_costs_the_same_queries_whatever_their_number(client):
    _articles(3, word="salariés")
    params = {"q": "salaries", "type": "articles", "rubrique": "ia"}
    few, seen = _queries_of(client, params)
    assert seen.count("Les puces numéro") == 3
    _articles(40, word="salariés")
    many, seen = _queries_of(client, params)
    assert seen.count("Les puces numéro") == views.RESULTS_PER_PAGE
    assert few == many, (few, many)


def test_the_page_is_valid_html_with_results_errors_and_nothing(client):
    from e2e.quality import assert_valid_documents

    _articles(25, word="salariés")
    documents = {
        "form": client.get(SEARCH).content.decode(),
        "results": client.get(SEARCH, {"q": "salariés", "page": "2"}).content.decode(),
        "filters": client.get(
            SEARCH, {"q": "puces", "rubrique": "ia", "du": "2020-01-01"}
        ).content.decode(),
        "nothing": client.get(SEARCH, {"q": "zzyzx"}).content.decode(),
        "refused": client.get(SEARCH, {"q": "x\x00", "du": "hier"}).content.decode(),
        "english": client.get("/en/recherche/", {"q": "puces"}).content.decode(),
        "404": client.get("/nulle-part-ici/").content.decode(),
    }
    assert_valid_documents(documents)


def test_the_real_engine_s_nothing_and_its_last_page(client):
    _articles(25, word="salariés")
    seen = text_of(client.get(SEARCH, {"q": "zzyzx"}).content.decode())
    assert "Aucun résultat pour « zzyzx »" in seen.replace("\xa0", " ")
    assert "orthographe" in seen
    response = client.get(SEARCH, {"q": "salariés", "page": "7"})
    assert response.status_code == 200
    seen = text_of(response.content.decode())
    assert "page 2 sur 2" in seen
    assert seen.count("Les puces numéro") == 5
    for query in ('"', "*", "NEAR(a b)", "a OR", '"salariés', "-salariés", ":"):
        assert client.get(SEARCH, {"q": query}).status_code == 200, query

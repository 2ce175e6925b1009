"""Migration 0004 gives the rows SQLite indexed before it their pairs of neighbouring words, so
that their phrases are still found without a `kiosque reindex`; it takes them away when
reversed. PostgreSQL's documents have had their pairs since 0003: nothing changes there."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kiosque.discovery.search import SearchFilters, reindex, search
from kiosque.newsroom.tests.factories import ArticleFactory

BEFORE = [("discovery", "0003_search_heading")]
AFTER = [("discovery", "0004_search_pairs")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def found(query: str) -> list[str]:
    return [hit.title for hit in search(query, filters=SearchFilters()).hits]


@pytest.mark.django_db(transaction=True)
def test_phrases_indexed_before_the_pairs_are_found_after_migrating() -> None:
    ArticleFactory(title="Ensemble", body="Les réseaux sociaux changent la donne.")
    ArticleFactory(title="Séparés", body="Le réseau de la ville est social et gratuit.")
    reindex()
    try:
        migrate(BEFORE)
        # Words are found either way; on SQLite the phrase needs the pairs the index lost.
        assert sorted(found("réseau social")) == ["Ensemble", "Séparés"]
        assert found('"réseau social"') == ([] if connection.vendor == "sqlite" else ["Ensemble"])
    finally:
        migrate(AFTER)
    assert found('"réseau social"') == ["Ensemble"]
    assert found('"réseaux sociaux changent"') == ["Ensemble"]
    assert sorted(found("réseau social")) == ["Ensemble", "Séparés"]

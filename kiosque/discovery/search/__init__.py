"""Search: articles and forum posts, in French, the same on SQLite and on PostgreSQL.

The words are analysed once, in Python (`kiosque.wordforms`: folded Snowball stems), for the
index and for the query alike; each database only stores and matches those keys (SQLite: an
FTS5 table, `sqlite.py`; PostgreSQL: a `tsvector` column with a GIN index, `postgres.py`), so
the two answer the same. Excerpts are cut and highlighted in Python from the original text
(`excerpts.py`), the same way for both.

Only what readers may see is indexed: rows are read through the gates
(`Article.objects.published()`, `Post.objects.visible()` in topics of `Topic.objects.visible()`),
with the time from which they are visible kept beside them and checked at query time (a
scheduled article is not found before its second), and every hit is read again through the
gates' predicates. The index follows the announcements (`indexing.on_announcement`, a listener
named in `KIOSQUE_ANNOUNCEMENT_LISTENERS`); `reindex()` (`kiosque reindex`) rebuilds it.

Ranking: title, then lead, then body (FTS5 `bm25` weights 10/4/1; `ts_rank` weights A/B/C),
then the newest for equal relevance. A search ranks the 1,000 newest entries that match (every
match for all but the commonest words) and counts up to 1,000 ("more than 1,000 results"): its
cost follows what it shows, not how common its words are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from kiosque.accounts.models import User

Kind = Literal["all", "articles", "discussions"]

# Longer queries are cut (with a message) rather than refused: what a reader pasted still finds.
MAX_QUERY_LENGTH = 200
# At most this many words count in a query (after the stop words are left out).
MAX_QUERY_WORDS = 12
MAX_PER_PAGE = 50


@dataclass(frozen=True)
class SearchFilters:
    kind: Kind = "all"
    section: str | None = None  # a Section's slug
    author: str | None = None  # an Author's slug
    since: date | None = None  # published on or after this day (the site's time zone)
    until: date | None = None  # published on or before this day


@dataclass(frozen=True)
class SearchHit:
    kind: Literal["article", "post"]
    pk: int
    url: str
    title: str  # the article's title, or the post's topic title
    excerpt_html: str  # escaped text, the matching words in <mark>
    published_at: datetime
    section_name: str  # an article's section, a post's category
    author_name: str  # the article's bylines ("A et B"), or the post's author's username
    title_html: str = ""  # the title escaped, the matching words in <mark>
    section_url: str = ""
    hero_id: int | None = None  # an article's hero image (media.Image pk)
    topic_title: str = ""  # a post's topic
    topic_url: str = ""
    comment_count: int = 0  # an article's comments (its topic's counter)


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    total: int
    page: int
    page_count: int
    query: str  # the query as understood (cleaned, cut to MAX_QUERY_LENGTH)
    message: str | None = None  # why there is nothing, or what was changed in the query
    words: list[str] = field(default_factory=list)  # the words looked for, for the page


def search(
    query: str,
    *,
    filters: SearchFilters = SearchFilters(),
    page: int = 1,
    per_page: int = 20,
    language: str = "fr",
) -> SearchPage:
    """One page of what readers may see matching `query`, best first.

    Never raises for what a reader can type: an empty, too long or meaningless query, a page
    past the end, an unknown section or author give a page with a `message`.
    """
    from .engine import run_search

    return run_search(query, filters=filters, page=page, per_page=per_page, language=language)


def reindex(*, by: User | None = None) -> int:
    """Rebuild the whole index from what readers may see; returns how many rows it holds."""
    from .indexing import rebuild

    return rebuild(by=by)

"""The search itself: the query understood, the filters resolved, the backend asked, the hits
made from the rows read again through the gates (an entry the index still holds for something
no longer visible is left out), with their excerpts.

A search costs a bounded number of queries however many hits it shows: the section and the
author named (when filtered on), one page of entry ids with their count (on PostgreSQL, the
newest id, then one to four windows of ids, fewer the commoner the words), the articles, their
bylines, the posts.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from kiosque.community.models import Post
from kiosque.newsroom.models import Article, Author, Section

from . import MAX_PER_PAGE, SearchFilters, SearchHit, SearchPage
from .backend import ARTICLE, POST, Conditions, Found, get_backend
from .excerpts import excerpt, mark
from .indexing import INDEX_LANGUAGE, microseconds
from .query import Query, parse
from .text import plain_text

# Counting stops here, and so does ranking: the 1,000 newest matches are ranked (every match,
# for all but the commonest words); "more than 1,000 results" is all a reader needs, and it
# bounds the cost of a common word. Pages go as far as the count.
COUNT_LIMIT = 1000
_KINDS = {"all": None, "articles": ARTICLE, "discussions": POST}


def _day_start(day: date) -> int:
    return microseconds(timezone.make_aware(datetime.combine(day, time.min)))


def run_search(
    query: str, *, filters: SearchFilters, page: int, per_page: int, language: str
) -> SearchPage:
    # The content is French: a search from the English pages looks for French words too.
    parsed = parse(query, language=INDEX_LANGUAGE)
    per_page = max(1, min(per_page, MAX_PER_PAGE))

    def empty(message: str) -> SearchPage:
        return SearchPage(
            hits=[],
            total=0,
            page=1,
            page_count=1,
            query=parsed.text,
            message=" ".join([*parsed.notes, message]),
            words=parsed.words,
        )

    if parsed.problem:
        return empty(parsed.problem)
    conditions, problem = _conditions(filters)
    if conditions is None:
        return empty(problem)
    backend = get_backend()
    page = max(1, page)
    # The page and the count in one walk of the matches; a page past the last one is counted
    # apart, and the last page read instead.
    total, found = backend.page(
        parsed.clauses,
        conditions,
        candidates=COUNT_LIMIT,
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    if total is None:
        total = backend.count(parsed.clauses, conditions, limit=COUNT_LIMIT)
    if total == 0:
        return empty(_("Nothing found. Try other words, or fewer of them."))
    page_count = math.ceil(total / per_page)
    notes = list(parsed.notes)
    if page > page_count:
        notes.append(_("There is no page %(page)d: here is the last one.") % {"page": page})
        page = page_count
        found = backend.find(
            parsed.clauses,
            conditions,
            candidates=COUNT_LIMIT,
            offset=(page - 1) * per_page,
            limit=per_page,
        )
    hits = _hits(found, parsed)
    if total >= COUNT_LIMIT:
        notes.append(
            _("More than %(count)s results: add words or filters to narrow them.")
            % {"count": number_format(COUNT_LIMIT, force_grouping=True)}
        )
    return SearchPage(
        hits=hits,
        total=total,
        page=page,
        page_count=page_count,
        query=parsed.text,
        message=" ".join(notes) or None,
        words=parsed.words,
    )


def _conditions(filters: SearchFilters) -> tuple[Conditions | None, str]:
    """The filters as the index stores them, or why they cannot match anything."""
    section_id = author_id = member_id = None
    if filters.kind not in _KINDS:
        return None, _("Unknown kind of result.")
    if filters.section:
        section_pk = Section.objects.filter(slug=filters.section).values_list("pk", flat=True)
        section_id = section_pk.first()
        if section_id is None:
            return None, _("There is no such section.")
    if filters.author:
        author = Author.objects.filter(slug=filters.author).values_list("pk", "user_id").first()
        if author is None:
            return None, _("There is no such author.")
        author_id, member_id = author
    since, until = filters.since, filters.until
    if since and until and since > until:
        since, until = until, since
    return (
        Conditions(
            visible_at=microseconds(timezone.now()),
            kind=_KINDS[filters.kind],
            section_id=section_id,
            author_id=author_id,
            author_member_id=member_id,
            since=_day_start(since) if since else None,
            before=_day_start(until + timedelta(days=1)) if until else None,
        ),
        "",
    )


def _hits(found: list[Found], parsed: Query) -> list[SearchHit]:
    article_ids = [pk for kind, pk in found if kind == ARTICLE]
    post_ids = [pk for kind, pk in found if kind == POST]
    articles = {}
    if article_ids:
        # Published: the article's own predicate on the row (`published()` of a few ids lets
        # SQLite's planner walk the publication index instead of the primary key: 20-30 ms on
        # 100,000 articles).
        articles = {
            article.pk: article
            for article in Article.objects.filter(pk__in=article_ids)
            .select_related("section", "topic")
            .prefetch_related("bylines__author")
            if article.is_published()
        }
    posts = {}
    if post_ids:
        # Readable: visible, in a topic visible now (the topic's own predicate on the row
        # loaded with it; `readable()` of a few posts costs SQLite a pass over every topic).
        posts = {
            post.pk: post
            for post in Post.objects.visible()
            .filter(pk__in=post_ids)
            .select_related("topic__category", "author")
            if post.topic.is_visible()
        }
    keys = parsed.keys
    hits = []
    for kind, pk in found:
        if kind == ARTICLE and pk in articles:
            hits.append(_article_hit(articles[pk], keys))
        elif kind == POST and pk in posts:
            hits.append(_post_hit(posts[pk], keys))
    return hits


def _article_hit(article: Article, keys: frozenset[str]) -> SearchHit:
    authors = [author.name for author in article.byline_authors]
    assert article.published_at is not None  # released
    return SearchHit(
        kind="article",
        pk=article.pk,
        url=article.get_absolute_url(),
        title=article.title,
        title_html=mark(article.title, keys, language=INDEX_LANGUAGE),
        excerpt_html=excerpt(
            [article.lead, plain_text(article.body_html)], keys, language=INDEX_LANGUAGE
        ),
        published_at=article.published_at,
        section_name=article.section.name,
        section_url=article.section.get_absolute_url(),
        author_name=str(get_text_list(authors, _("and"))),
        hero_id=article.hero_id,
        comment_count=article.comment_count,
    )


def _post_hit(post: Post, keys: frozenset[str]) -> SearchHit:
    topic = post.topic
    return SearchHit(
        kind="post",
        pk=post.pk,
        url=post.get_absolute_url(),
        title=topic.title,
        title_html=mark(topic.title, keys, language=INDEX_LANGUAGE),
        excerpt_html=excerpt(
            [plain_text(post.html, without_quotes=True)], keys, language=INDEX_LANGUAGE
        ),
        published_at=post.created_at,
        section_name=topic.category.name,
        section_url=topic.category.get_absolute_url(),
        author_name=post.author.public_name,
        topic_title=topic.title,
        topic_url=topic.get_absolute_url(),
    )

"""`kiosque generate`: a large, realistic site to measure pages against.

Fills the database with published articles (sections, tags, bylines, a few running stories),
members who can sign in, and comments under the articles, spread over the past: comments per
article follow a power law, so most discussions are short and a few are huge; with a hot
article, the newest one gets exactly the number of comments asked. Replies, quotes, @mentions,
likes and the notifications they cause are there too.

The rows are written in bulk (COPY on PostgreSQL) rather than through the actions, which would
take hours, so this module is responsible for them being what the actions would have written:
each article published with its one discussion topic in the "Articles" category, visible from
its publication, its hero one of its section's few illustrations uploaded to the media library
through the library's action (renditions by the worker); stored HTML equal to what the
renderers give for the Markdown (the texts are assembled from pieces rendered once, see
`kiosque.demo.prose`, and a sample is checked against the renderers on every run);
`post_count`, `last_post`, `last_posted_at` and `like_count` exact, so that
`kiosque check-counts` finds nothing; comment times after their article's publication,
increasing within a topic, and before the run.

It adds to what the database holds (the demo, an earlier run) without reusing a username, an
e-mail address, a slug or an id, and is meant for databases made to be measured or thrown away:
every generated member has the password GENERATED_PASSWORD. The whole run is one transaction:
it writes everything or nothing, and other writers wait for it (on PostgreSQL, when it rebuilds
indexes, readers of posts, likes and notifications too).

A seed fixes every choice: two runs with the same arguments on empty databases write the same
rows, whatever the hour of the run. Times are taken back from the run: the newest article
NEWEST_ARTICLE_AGE before it, the others on the days before, so a later run writes the same
site moved by whole days.
"""

from __future__ import annotations

import bisect
import heapq
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any, NamedTuple

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone, translation
from django.utils.text import slugify

from kiosque.accounts.adapter import RESERVED_USERNAMES
from kiosque.accounts.models import User
from kiosque.community.actions import get_article_discussions_category
from kiosque.community.models import Like, Notification, Post, Topic
from kiosque.markup import render_article_body, render_post
from kiosque.media.models import Image
from kiosque.newsroom.models import Article, Author, Byline, Section, Story, Tag

from . import images, lexicon, prose
from .bulk_load import EPOCH, TableLoader, to_microseconds
from .content import SECTIONS
from .content.base import ILLUSTRATION_CREDIT, SectionData
from .media import add_to_library

# Published with the command (README): generated data is for test and benchmark databases.
GENERATED_PASSWORD = "kiosque-generate"

# Without --members, one member per this many comments: regulars and occasional posters mix.
COMMENTS_PER_MEMBER = 50
# ...within these bounds: enough names for a small run to look like a crowd, and no more rows
# of members than a big community has.
DEFAULT_MEMBERS_MIN = 20
DEFAULT_MEMBERS_MAX = 100_000

# A busy French tech site publishes about this many articles a day; it sets how far back the
# articles go...
ARTICLES_PER_DAY = 50
# ...but never less than two months of news, so that a small run looks like a living site.
MIN_SPAN_DAYS = 60
# Articles come out between these hours, UTC: 6h or 7h to 22h or 23h in Paris. Days are UTC
# days, and every article but the newest comes out, and is commented, before the day of the
# run: so the rows are the same whatever the hour of the run, only moved by whole days.
NEWSROOM_HOURS_UTC = (5, 21)
DAY = timedelta(days=1)
# The newest article (the hot one, with --hot-comments) came out this long before the run; its
# comments fill that time.
NEWEST_ARTICLE_AGE = timedelta(hours=3)
# If the database already has an article newer than that, the generated newest comes after it,
# but still with at least this much time for its comments.
NEWEST_ARTICLE_MIN_AGE = timedelta(minutes=10)
# Nothing generated is later than this before the run.
END_MARGIN = timedelta(minutes=1)

# Shape of the Pareto (Lomax) weights of comments per article and of posts per member: below
# 2, a few articles or members gather a hundred times the average while most get a handful.
DISCUSSION_TAIL = 1.6
MEMBER_ACTIVITY_TAIL = 1.6
# An article's comments come between these delays after its publication, log-uniformly: half
# of them within about three hours, a few weeks later for the last ones.
FIRST_COMMENT_DELAY = timedelta(minutes=1)
DISCUSSION_LENGTH = timedelta(days=30)

# Of comments in a discussion that has some already: those answering a recent one...
REPLY_SHARE = 0.2
# ...of which these quote it, and these name its author (« @nom, … ») instead...
QUOTE_SHARE = 0.35
NAMED_REPLY_SHARE = 0.35
# ...and those naming someone in the discussion without answering a post.
MENTION_SHARE = 0.03
# A reply answers one of the last few posts, more often the latest.
RECENT_POSTS = 6
# Paragraphs of a comment (1 to 6) and how often a comment is only a short reaction.
PARAGRAPH_WEIGHTS = (50, 28, 14, 5, 2, 1)
REACTION_SHARE = 0.12
# Off-topic: a comment that talks about another section's subjects.
OFF_TOPIC_SHARE = 0.1

# Share of posts liked at all; the number of likes of a liked post has a heavy tail.
LIKED_SHARE = 0.22
LIKES_TAIL = 1.8
MAX_LIKES_PER_POST = 200
# Likes come this long after the post, log-uniformly.
LIKE_DELAYS = (timedelta(seconds=30), timedelta(days=2))
# Notifications older than this were read by their recipient, within this delay.
NOTIFICATIONS_READ_AFTER = timedelta(days=2)
NOTIFICATION_READING_DELAYS = (timedelta(minutes=5), timedelta(days=2))

# Articles: bylines, tags, featured, later updates, sources.
AUTHORS_PER_SECTION = 4
SECOND_AUTHOR_SHARE = 0.2
FEATURED_ARTICLES = 4
# Each section's articles share a few illustrations of the media library, as a newsroom reuses
# its own: enough for a front page without twins side by side, few enough to render quickly.
HEROES_PER_SECTION = 3
HERO_WORDS = ("Analyse", "Enquête", "Décryptage")
FEATURED_AMONG_NEWEST = 20
UPDATED_SHARE = 0.08
SOURCED_SHARE = 0.35
# A running story per this many articles, at most MAX_STORIES, each of 4 to 10 articles.
ARTICLES_PER_STORY = 15
MAX_STORIES = 6

# Rows sent per COPY statement (or executemany): bounds memory, and the foreign-key checks
# PostgreSQL holds until the statement ends.
BATCH_ROWS = 20_000
# On PostgreSQL, from this many comments (and at least as many as the posts already there), the
# indexes and foreign keys of posts, likes and notifications are built after the load, not
# row by row: twice as fast at a million rows, and the gap grows with the table.
REBUILD_MIN_COMMENTS = 100_000
# The tables whose indexes are rebuilt: the ones that grow with the comments.
REBUILT_TABLES: tuple[type[Model], ...] = (Post, Like, Notification)
# Posts and articles whose stored HTML is compared with the renderers' on every run.
RENDER_CHECKS = 300


# A row for TableLoader: values in the order of the fields named with it.
Row = tuple[Any, ...]


class GenerationRefused(Exception):
    """Arguments or a database `generate` cannot work with; the message says what to change."""


@dataclass
class GenerationReport:
    """What a run wrote, for the command to print."""

    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    hot_comments: int | None = None
    seconds: float = 0.0

    def summary(self) -> str:
        listing = ", ".join(f"{count:,} {name}" for name, count in self.counts.items())
        hot = f"; the newest article has {self.hot_comments:,}" if self.hot_comments else ""
        return (
            f"Generated {listing}{hot}, in {self.seconds:.1f} s (seed {self.seed}). "
            f'Every generated member signs in with the password "{GENERATED_PASSWORD}".'
        )


def default_member_count(comments: int) -> int:
    """How many members write `comments` comments when --members is not given."""
    return min(max(comments // COMMENTS_PER_MEMBER, DEFAULT_MEMBERS_MIN), DEFAULT_MEMBERS_MAX)


def check_arguments(
    *, articles: int, comments: int, hot_comments: int | None, members: int
) -> None:
    """Raise GenerationRefused, saying what to change, for arguments that make no site."""
    for name, value in (("articles", articles), ("comments", comments), ("members", members)):
        if value < 0:
            raise GenerationRefused(f"--{name} must be 0 or more (got {value}).")
    if hot_comments is not None:
        if hot_comments < 0:
            raise GenerationRefused(f"--hot-comments must be 0 or more (got {hot_comments}).")
        if hot_comments > comments:
            raise GenerationRefused(
                f"--hot-comments ({hot_comments}) cannot exceed --comments ({comments}): the "
                "hot article's comments are part of the total."
            )
        if articles == 0:
            raise GenerationRefused("--hot-comments needs at least one article (--articles).")
        if articles == 1 and hot_comments != comments:
            raise GenerationRefused(
                "With one article, it is the hot article: --hot-comments must equal --comments."
            )
    if comments and not articles:
        raise GenerationRefused("Comments need articles: pass --articles 1 or more.")
    if comments and not members:
        raise GenerationRefused("Comments need members to write them: pass --members 1 or more.")


# The tables written in bulk; `generate` locks them and moves their id sequences.
BULK_TABLES: tuple[type[Model], ...] = (
    User,
    EmailAddress,
    Topic,
    Article,
    Byline,
    Article.tags.through,
    Post,
    Like,
    Notification,
)


def generate(
    *,
    articles: int,
    comments: int,
    hot_comments: int | None = None,
    members: int | None = None,
    seed: int,
    now: datetime | None = None,
    progress: Callable[[str], None] = lambda line: None,
    rebuild_indexes: bool | None = None,
) -> GenerationReport:
    """Add `articles` published articles and `comments` comments by `members` new members.

    With `hot_comments`, the newest article has exactly that many (counted in `comments`).
    Raises GenerationRefused for impossible arguments or an unmigrated database. `progress`
    receives a line per step. `rebuild_indexes` forces (or prevents) building the indexes of
    the big tables after the load on PostgreSQL (see REBUILD_MIN_COMMENTS). See the module
    docstring for what the rows hold.
    """
    members = default_member_count(comments) if members is None else members
    check_arguments(
        articles=articles, comments=comments, hot_comments=hot_comments, members=members
    )
    _check_database()
    now = now or timezone.now()
    started = time.monotonic()
    report = GenerationReport(seed=seed, hot_comments=hot_comments)
    loader = TableLoader(connection)
    now_us = to_microseconds(now) - to_microseconds(now) % 1_000_000
    with transaction.atomic():
        loader.begin(BULK_TABLES)
        if rebuild_indexes is None:
            rebuild_indexes = comments >= max(REBUILD_MIN_COMMENTS, Post.objects.count())
        rebuild_indexes = rebuild_indexes and loader.is_postgresql
        if rebuild_indexes:
            loader.drop_indexes(REBUILT_TABLES)
        run = _Run(
            loader=loader,
            seed=seed,
            articles=articles,
            now_us=now_us,
            newest_us=_newest_publication(now_us),
            progress=progress,
            started=started,
            report=report,
        )
        run.write_members(members)
        run.write_newsroom(articles, comments=comments, hot_comments=hot_comments)
        run.write_comments()
        if rebuild_indexes:
            loader.rebuild_indexes()
            run.say("Indexes and foreign keys of posts, likes and notifications rebuilt")
        loader.end(BULK_TABLES)
    step = time.monotonic()
    loader.analyze(BULK_TABLES)
    if loader.is_postgresql:
        progress(f"Planner statistics refreshed (ANALYZE) in {time.monotonic() - step:.1f} s.")
    report.seconds = time.monotonic() - started
    return report


def _check_database() -> None:
    if connection.vendor not in ("postgresql", "sqlite"):
        raise GenerationRefused(
            f"Only PostgreSQL and SQLite are supported, not {connection.vendor}."
        )
    tables = set(connection.introspection.table_names())
    if not {model._meta.db_table for model in BULK_TABLES} <= tables:
        raise GenerationRefused(
            "The database has no Kiosque tables yet: run `kiosque migrate` first."
        )


class _ArticlePlan(NamedTuple):
    """What the comment stage needs to know of an article, kept for every article."""

    topic_id: int
    published_us: int
    end_us: int  # nothing happens in its discussion after this
    comments: int
    theme: int


@dataclass(slots=True)
class _Discussion:
    """An article's discussion while its comments are written, in time order.

    Times are `comments` sorted draws, made one after the other (each the next order statistic
    of what remains), mapped log-uniformly between the first delay and the discussion's end.
    """

    topic_id: int
    theme: int
    remaining: int
    start_us: int
    end_us: int
    first_delay_us: float
    log_span: float
    last_us: int = 0
    position: float = 0.0
    recent: list[tuple[int, int, int]] = field(default_factory=list)  # (post, author, paragraph)
    last_post_id: int = 0
    numbered: int = 0  # posts written: the last one's number in the topic (`Post.position`)

    def next_time(self, rng: random.Random) -> int | None:
        if self.remaining == 0:
            return None
        self.position += (1.0 - self.position) * (1.0 - rng.random() ** (1.0 / self.remaining))
        self.remaining -= 1
        at = self.start_us + int(self.first_delay_us * math.exp(self.log_span * self.position))
        self.last_us = max(at, self.last_us + 1)  # strictly increasing within a topic
        return self.last_us


class _Run:
    """One generation: the choices made so far, and the ids handed out."""

    def __init__(
        self,
        *,
        loader: TableLoader,
        seed: int,
        articles: int,
        now_us: int,
        newest_us: int,
        progress: Callable[[str], None],
        started: float,
        report: GenerationReport,
    ) -> None:
        self.loader = loader
        self.seed = seed
        self.articles = articles
        self.now_us = now_us
        self.newest_us = newest_us
        # The start of the run's day: every other article and its discussion come before it.
        self.day_start_us = newest_us - newest_us % _us(DAY)
        self.progress = progress
        self.started = started
        self.report = report
        self.usernames: list[str] = []
        self.first_member_id = 0
        self.plans: list[_ArticlePlan] = []
        self.articles_checked = 0

    def _rng(self, purpose: str) -> random.Random:
        # One stream per stage: a change in one stage leaves the others' choices as they were.
        return random.Random(f"{self.seed}:{purpose}")

    def say(self, text: str) -> None:
        """Report a step, with the time since the run started."""
        self.progress(f"{text} ({time.monotonic() - self.started:.1f} s)")

    # --- Members ------------------------------------------------------------------------------

    def write_members(self, count: int) -> None:
        """Members with a verified primary address, all with the same (hashed once) password."""
        rng = self._rng("members")
        taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
        taken |= {
            email.lower().partition("@")[0]
            for email in EmailAddress.objects.filter(email__iendswith="@example.org").values_list(
                "email", flat=True
            )
        }
        taken |= set(RESERVED_USERNAMES)
        # Letters, digits and underscores: never "membre-supprime-…", the deleted members' names.
        self.usernames = names = prose.make_usernames(rng, count, taken=taken)
        self.first_member_id = first = self.loader.next_id(User)
        first_email = self.loader.next_id(EmailAddress)
        password = make_password(GENERATED_PASSWORD)  # hashed once: the hash is slow by design
        # Members joined in the year before the oldest article they may comment on.
        span_us = _span_days(self.articles) * _us(DAY)
        moment = self.loader.moment
        users: list[Row] = []
        for index, name in enumerate(names):
            joined = self.day_start_us - span_us - rng.randrange(365 * _us(DAY))
            users.append(
                (
                    first + index, password, name, f"{name.lower()}@example.org", True,
                    moment(joined), prose.member_bio(rng),
                )
            )  # fmt: skip
        user_fields = ("id", "password", "username", "email", "is_active", "date_joined", "bio")
        defaults = {
            "last_login": None, "is_superuser": False, "first_name": "", "last_name": "",
            "is_staff": False, "avatar": "", "is_deleted": False, "deleted_at": None,
            "email_on_reply": False, "email_on_quote": False, "email_on_mention": False,
            "email_on_like": False, "email_on_watched": False, "follow_on_create": 3,
            "follow_on_reply": 2, "new_topics_since": None, "trust_level": 1,
            "is_trust_level_locked": False,
            "silenced_until": None, "suspended_until": None, "days_visited_count": 0,
            "last_visited_on": None, "posts_read_count": 0,
        }  # fmt: skip
        # Their example.org addresses reach nobody: e-mail notifications off, as for the demo.
        for batch in _batches(users):
            self.loader.insert(
                User,
                (*user_fields, *defaults),
                (row + tuple(defaults.values()) for row in batch),
            )
        for batch in _batches(users):
            self.loader.insert(
                EmailAddress,
                ("id", "user", "email", "verified", "primary"),
                ((first_email + row[0] - first, row[0], row[3], True, True) for row in batch),
            )
        self.report.counts["members"] = count
        self.say(f"Members: {count:,} written")

    # --- Newsroom -----------------------------------------------------------------------------

    def write_newsroom(self, count: int, *, comments: int, hot_comments: int | None) -> None:
        """Articles, each with its discussion topic, bylines and tags; a few running stories."""
        rng = self._rng("articles")
        sections = _ensure_sections()
        themes = lexicon.THEMES
        tags = [_ensure_tags(theme) for theme in themes]
        authors = [_ensure_authors(rng, theme, sections[theme.section]) for theme in themes]
        section_heroes = {data.slug: _ensure_heroes(data) for data in SECTIONS}
        hero_rng = self._rng("heroes")
        category = get_article_discussions_category()
        times = self._publication_times(rng, count)
        counts = _comment_counts(rng, count, comments=comments, hot_comments=hot_comments)
        theme_weights = [theme.share for theme in themes]
        article_themes = rng.choices(range(len(themes)), weights=theme_weights, k=count)
        companies = [rng.choice(lexicon.COMPANIES) for _ in range(count)]
        products = [rng.choice(themes[theme].products) for theme in article_themes]
        stories = self._stories(rng, times, article_themes, companies, products)
        featured = set(rng.sample(range(max(count - FEATURED_AMONG_NEWEST, 0), count),
                                  min(FEATURED_ARTICLES, count)))  # fmt: skip
        writer = prose.ArticleWriter(self.seed)
        first_article = self.loader.next_id(Article)
        first_topic = self.loader.next_id(Topic)
        next_byline = self.loader.next_id(Byline)
        next_tagging = self.loader.next_id(Article.tags.through)
        moment = self.loader.moment
        for start in range(0, count, BATCH_ROWS):
            topic_rows: list[Row] = []
            article_rows: list[Row] = []
            byline_rows: list[Row] = []
            tag_rows: list[Row] = []
            for index in range(start, min(start + BATCH_ROWS, count)):
                theme_index = article_themes[index]
                theme = themes[theme_index]
                company, product = companies[index], products[index]
                article_id, topic_id = first_article + index, first_topic + index
                published_us = times[index]
                end_us = self._discussion_end(published_us)
                published = moment(published_us)
                title = writer.title(rng, theme=theme, company=company, product=product)
                slug = slugify(title)[:200]
                topic_slug = slug or "discussion"  # as open_discussion_topic names it
                lead = writer.lead(rng, theme=theme, company=company, product=product)
                body, body_html = writer.body(
                    rng, theme_index=theme_index, company=company, product=product
                )
                self._check_article(body, body_html)
                updated_us = None
                if rng.random() < UPDATED_SHARE:
                    updated_us = published_us + rng.randint(1, 30) * 3_600_000_000
                    updated_us = updated_us if updated_us < end_us else None
                source_name = source_url = ""
                if rng.random() < SOURCED_SHARE:
                    source_name = prose.fill(
                        rng, rng.choice(lexicon.SOURCE_NAMES), theme=theme, company=company
                    )
                    source_url = f"https://presse.{slugify(company)}.example/{slug[:60]}"
                created_us = published_us - rng.randint(5, 180) * 60_000_000
                topic_rows.append(
                    (
                        topic_id, category.pk, title, topic_slug, published, counts[index],
                        _view_count(rng, counts[index]), published,
                    )
                )  # fmt: skip
                article_rows.append(
                    (
                        article_id, title, slug, lead, body, body_html, source_name, source_url,
                        sections[theme.section].pk, stories.get(index), topic_id, published,
                        moment(updated_us) if updated_us else None, index in featured,
                        moment(created_us), moment(updated_us or published_us),
                        hero_rng.choice(section_heroes[theme.section]),
                    )
                )  # fmt: skip
                bylined = [rng.choice(authors[theme_index])]
                if rng.random() < SECOND_AUTHOR_SHARE:
                    other = rng.choice(authors[rng.randrange(len(themes))])
                    if other != bylined[0]:
                        bylined.append(other)
                for position, author in enumerate(bylined):
                    byline_rows.append((next_byline, article_id, author, position))
                    next_byline += 1
                for tag in rng.sample(tags[theme_index], rng.randint(1, 3)):
                    tag_rows.append((next_tagging, article_id, tag))
                    next_tagging += 1
                self.plans.append(
                    _ArticlePlan(topic_id, published_us, end_us, counts[index], theme_index)
                )
            self._insert_articles(topic_rows, article_rows, byline_rows, tag_rows)
            self.say(f"Articles: {min(start + BATCH_ROWS, count):,} of {count:,}")
        self.report.counts["articles"] = count
        self.report.counts["running stories"] = len(set(stories.values()))

    def _insert_articles(
        self,
        topic_rows: list[Row],
        article_rows: list[Row],
        byline_rows: list[Row],
        tag_rows: list[Row],
    ) -> None:
        # The topic first: the article points to it. Topics, like those publish_article opens,
        # have no author; `last_post` and `last_posted_at` are set once the comments exist.
        self.loader.insert(
            Topic,
            ("id", "category", "title", "slug", "visible_from", "post_count", "view_count",
             "created_at", "author", "is_pinned", "is_closed", "is_hidden", "last_posted_at",
             "last_post", "moderation", "discussion_mode", "closes_at"),
            ((*row, None, False, False, False, None, None, "shown", "open", None)
             for row in topic_rows),
        )  # fmt: skip
        self.loader.insert(
            Article,
            ("id", "title", "slug", "lead", "body", "body_html", "source_name", "source_url",
             "section", "story", "topic", "published_at", "updated_at", "is_featured",
             "created_at", "modified_at", "hero", "status", "video_url", "video_title",
             "seo_title", "seo_description", "version"),
            ((*row, Article.Status.PUBLISHED.value, "", "", "", "", 1) for row in article_rows),
        )  # fmt: skip
        self.loader.insert(Byline, ("id", "article", "author", "position"), byline_rows)
        self.loader.insert(Article.tags.through, ("id", "article", "tag"), tag_rows)

    def _publication_times(self, rng: random.Random, count: int) -> list[int]:
        """Publication times, oldest first: newsroom hours on the days before the run's day,
        then the newest article."""
        if not count:
            return []
        span_days = _span_days(count)
        low, high = (hour * 60 for hour in NEWSROOM_HOURS_UTC)
        times = [
            self.day_start_us
            - rng.randint(1, span_days) * _us(DAY)
            + rng.randrange(low, high) * 60_000_000
            for _ in range(count - 1)
        ]
        times.sort()
        times.append(self.newest_us)
        return times

    def _discussion_end(self, published_us: int) -> int:
        """When the discussion of an article published then stops: DISCUSSION_LENGTH later, and
        before the run's day (the newest article's, before the run)."""
        if published_us >= self.day_start_us:
            return self.now_us - _us(END_MARGIN)
        return min(published_us + _us(DISCUSSION_LENGTH), self.day_start_us - _us(END_MARGIN))

    def _stories(
        self,
        rng: random.Random,
        times: list[int],
        article_themes: list[int],
        companies: list[str],
        products: list[str],
    ) -> dict[int, int]:
        """A few running stories, each told by articles of one section a few days apart.

        Their articles are about the story's company. Returns the story id of each article
        index in a story.
        """
        count = len(times)
        chosen: dict[int, int] = {}
        for _ in range(min(MAX_STORIES, count // ARTICLES_PER_STORY)):
            size = rng.randint(4, 10)
            gap = max(1, count // 400)
            start = rng.randrange(0, max(count - size * gap - 1, 1))
            members = [
                index for index in range(start, min(start + size * gap, count - 1), gap)
                if index not in chosen
            ]  # fmt: skip
            if len(members) < 2:
                continue
            theme_index = article_themes[members[0]]
            theme = lexicon.THEMES[theme_index]
            company, product = companies[members[0]], products[members[0]]
            template, summary = rng.choice(lexicon.STORY_TITLES)
            title = prose.fill(rng, template, theme=theme, company=company, product=product)
            summary = prose.fill(rng, summary, theme=theme, company=company, product=product)
            story = Story.objects.create(
                title=title,
                slug=_free_slug(Story, slugify(title)[:150]),
                summary=prose.newsroom_typography(summary),
                created_at=_from_us(times[members[0]]),
            )
            for index in members:
                chosen[index] = story.pk
                article_themes[index] = theme_index
                companies[index], products[index] = company, product
        return chosen

    def _check_article(self, body: str, body_html: str) -> None:
        """The stored HTML must be what Article.save would store: checked on the first ones."""
        if self.articles_checked >= RENDER_CHECKS:
            return
        self.articles_checked += 1
        if render_article_body(body) != body_html:
            raise _renderer_changed(body, body_html, render_article_body(body))

    # --- Comments -----------------------------------------------------------------------------

    def write_comments(self) -> None:
        """Every article's comments, in time order across the site, with likes and
        notifications; then each topic's last post."""
        rng = self._rng("comments")
        total = sum(plan.comments for plan in self.plans)
        writer = prose.CommentWriter(self.seed)
        heap: list[tuple[int, int]] = []
        discussions: list[_Discussion] = []
        for index, plan in enumerate(self.plans):
            length = max(plan.end_us - plan.published_us, 2)
            first = min(float(_us(FIRST_COMMENT_DELAY)), length / 10)
            discussion = _Discussion(
                topic_id=plan.topic_id,
                theme=plan.theme,
                remaining=plan.comments,
                start_us=plan.published_us,
                end_us=plan.end_us,
                first_delay_us=first,
                log_span=math.log(length / first),
                last_us=plan.published_us,
            )
            discussions.append(discussion)
            at = discussion.next_time(rng)
            if at is not None:
                heap.append((at, index))
        heapq.heapify(heap)
        posts = _PostWriter(self, rng, writer, total)
        while heap:
            at, index = heap[0]
            discussion = discussions[index]
            posts.write(discussion, at)
            following = discussion.next_time(rng)
            if following is None:
                heapq.heappop(heap)
            else:
                heapq.heapreplace(heap, (following, index))
        posts.flush()
        self.report.counts["comments"] = total
        self.report.counts["likes"] = posts.like_count
        self.report.counts["notifications"] = posts.notification_count
        self.loader.update(
            Topic,
            ("last_post", "last_posted_at"),
            (
                (d.topic_id, d.last_post_id, self.loader.moment(d.last_us))
                for d in discussions
                if d.last_post_id
            ),
        )
        self.say("Topics: last posts set")


class _PostWriter:
    """Writes posts one by one, in time order, with their likes and notifications, in batches."""

    def __init__(
        self, run: _Run, rng: random.Random, writer: prose.CommentWriter, total: int
    ) -> None:
        self.run = run
        self.rng = rng
        self.writer = writer
        self.total = total
        self.loader = run.loader
        self.usernames = run.usernames
        self.first_member = run.first_member_id
        self.next_post = self.loader.next_id(Post)
        self.next_like = self.loader.next_id(Like)
        self.next_notification = self.loader.next_id(Notification)
        weights = _pareto_weights(rng, len(self.usernames), MEMBER_ACTIVITY_TAIL)
        self.activity = list(_running_sums(weights))
        self.posts: list[Row] = []
        self.likes: list[Row] = []
        self.notifications: list[Row] = []
        self.written = 0
        self.like_count = 0
        self.notification_count = 0
        self.checks_left = RENDER_CHECKS
        self.known_usernames = {name.lower(): name for name in self.usernames}
        self.read_before_us = run.now_us - _us(NOTIFICATIONS_READ_AFTER)
        self.next_report = self.report_every = max(total // 20, BATCH_ROWS)
        self.paragraph_counts = list(_running_sums([float(w) for w in PARAGRAPH_WEIGHTS]))
        self.paragraph_choices = list(range(1, len(PARAGRAPH_WEIGHTS) + 1))

    def _author(self) -> int:
        """A member index, the regulars more often."""
        return bisect.bisect(self.activity, self.rng.random() * self.activity[-1])

    def write(self, discussion: _Discussion, at: int) -> None:
        rng, writer = self.rng, self.writer
        post_id = self.next_post
        self.next_post += 1
        author = min(self._author(), len(self.usernames) - 1)
        sources: list[str] = []
        htmls: list[str] = []
        reply_to = None
        notified: dict[int, str] = {}  # recipient (member index) → kind; quote > reply > mention
        recent = discussion.recent
        roll = rng.random()
        if recent and roll < REPLY_SHARE:
            target_id, target_author, target_paragraph = recent[
                len(recent) - 1 - int(rng.random() ** 2 * len(recent))
            ]
            if target_author != author:
                reply_to = target_id
                how = rng.random()
                if how < QUOTE_SHARE and target_paragraph >= 0:
                    source, html = writer.quote(
                        username=self.usernames[target_author],
                        post_id=target_id,
                        paragraph=target_paragraph,
                    )
                    sources.append(source.rstrip("\n"))
                    htmls.append(html)
                    notified[target_author] = Notification.Kind.QUOTE.value
                else:
                    if how < QUOTE_SHARE + NAMED_REPLY_SHARE:
                        source, html = writer.opener(rng, self.usernames[target_author])
                        sources.append(source)
                        htmls.append(html)
                    notified[target_author] = Notification.Kind.REPLY.value
        elif recent and roll < REPLY_SHARE + MENTION_SHARE:
            named = recent[rng.randrange(len(recent))][1]
            if named != author:
                source, html = writer.opener(rng, self.usernames[named])
                sources.append(source)
                htmls.append(html)
                notified[named] = Notification.Kind.MENTION.value
        first_paragraph = self._body(discussion.theme, sources, htmls)
        source, html = prose.join_post(sources, htmls)
        if self.checks_left:
            self._check(source, html)
        like_count = self._likes(post_id, author, at, discussion.end_us)
        author_id = self.first_member + author
        moment = self.loader.moment
        discussion.numbered += 1
        self.posts.append(
            (post_id, discussion.topic_id, author_id, reply_to, source, html, moment(at),
             like_count, discussion.numbered)
        )  # fmt: skip
        for recipient, kind in notified.items():
            self._notify(recipient, author, kind, post_id, at)
        recent.append((post_id, author, first_paragraph))
        if len(recent) > RECENT_POSTS:
            del recent[0]
        discussion.last_post_id = post_id
        self.written += 1
        if len(self.posts) >= BATCH_ROWS:
            self.flush()
        if self.written >= self.next_report:
            self.next_report += self.report_every
            share = self.written / self.total
            self.run.say(
                f"Comments: {self.written:,} of {self.total:,} ({share:.0%}), "
                f"{self.like_count:,} likes"
            )

    def _body(self, theme: int, sources: list[str], htmls: list[str]) -> int:
        """Append the comment's own paragraphs; returns the first one's number, or -1 when it
        is not worth quoting."""
        rng, writer = self.rng, self.writer
        if rng.random() < REACTION_SHARE:
            number = rng.randrange(writer.reaction_count)
            sources.append(writer.paragraph_source(number))
            htmls.append(writer.paragraph_html(number))
            return -1
        if rng.random() < OFF_TOPIC_SHARE:
            theme = rng.randrange(len(lexicon.THEMES))
        pool = writer.theme_range(theme)
        count = self.paragraph_choices[
            bisect.bisect(self.paragraph_counts, rng.random() * self.paragraph_counts[-1])
        ]
        first = -1
        for position in range(count):
            number = pool[rng.randrange(len(pool))]
            sources.append(writer.paragraph_source(number))
            htmls.append(writer.paragraph_html(number))
            if position == 0 and writer.is_quotable(number):
                first = number
        return first

    def _likes(self, post_id: int, author: int, at: int, end_us: int) -> int:
        """Likes of the new post by other members (before `end_us`), each with its
        notification."""
        rng = self.rng
        members = len(self.usernames)
        room = end_us - at
        if rng.random() >= LIKED_SHARE or members < 2 or room <= _us(LIKE_DELAYS[0]):
            return 0
        extra = (1.0 - rng.random()) ** (-1.0 / LIKES_TAIL) - 1.0
        count = min(1 + int(extra), members - 1, MAX_LIKES_PER_POST)
        likers = [m for m in rng.sample(range(members), count + 1) if m != author][:count]
        low = _us(LIKE_DELAYS[0])
        log_span = math.log(min(_us(LIKE_DELAYS[1]), room) / low)
        for liker in likers:
            liked_at = at + int(low * math.exp(log_span * rng.random()))
            self.likes.append(
                (self.next_like, post_id, self.first_member + liker, self.loader.moment(liked_at))
            )
            self.next_like += 1
            self._notify(author, liker, Notification.Kind.LIKE.value, post_id, liked_at)
        self.like_count += len(likers)
        return len(likers)

    def _notify(self, recipient: int, actor: int, kind: str, post_id: int, at: int) -> None:
        low, high = (_us(delay) for delay in NOTIFICATION_READING_DELAYS)
        reading = self.rng.randint(low, high)  # drawn even if unread: same choices at any hour
        read_at = None
        if at < self.read_before_us:
            read_at = self.loader.moment(min(at + reading, self.run.now_us))
        self.notifications.append(
            (
                self.next_notification, self.first_member + recipient, self.first_member + actor,
                kind, post_id, self.loader.moment(at), read_at,
            )
        )  # fmt: skip
        self.next_notification += 1
        self.notification_count += 1

    def _check(self, source: str, html: str) -> None:
        """The stored HTML must be what post_reply would store: checked on the first posts."""
        self.checks_left -= 1
        known = self.known_usernames
        with translation.override(settings.LANGUAGE_CODE):
            expected = render_post(
                source, known_usernames=lambda names: {known[n] for n in names if n in known}
            ).html
        if expected != html:
            raise _renderer_changed(source, html, expected)

    def flush(self) -> None:
        loader = self.loader
        loader.insert(
            Post,
            ("id", "topic", "author", "reply_to", "source", "html", "created_at", "like_count",
             "position", "edited_at", "moderation", "is_deleted", "hold_reason", "author_address"),
            ((*row, None, "shown", False, "", None) for row in self.posts),
        )  # fmt: skip
        loader.insert(Like, ("id", "post", "user", "created_at"), self.likes)
        loader.insert(
            Notification,
            (
                "id",
                "recipient",
                "actor",
                "kind",
                "post",
                "created_at",
                "read_at",
                "summary",
                "link",
            ),
            ((*row, "", "") for row in self.notifications),
        )
        self.posts, self.likes, self.notifications = [], [], []


# --- Helpers ----------------------------------------------------------------------------------


def _us(delay: timedelta) -> int:
    return delay // timedelta(microseconds=1)


def _renderer_changed(source: str, assembled: str, rendered: str) -> GenerationRefused:
    """Pieces rendered apart no longer add up to the renderer's output: nothing is written."""
    return GenerationRefused(
        "The HTML assembled for a generated text differs from what the renderer gives (did "
        "kiosque/markup.py change? see kiosque/demo/prose.py). Nothing was written.\n"
        f"Markdown:\n{source}\nAssembled:\n{assembled}\nRendered:\n{rendered}"
    )


def _from_us(microseconds: int) -> datetime:
    return EPOCH + timedelta(microseconds=microseconds)


def _newest_publication(now_us: int) -> int:
    """When the newest article comes out: NEWEST_ARTICLE_AGE before the run, or after the
    latest article the site has already published."""
    newest = now_us - _us(NEWEST_ARTICLE_AGE)
    latest = Article.objects.published(at=_from_us(now_us)).aggregate(at=Max("published_at"))
    if latest["at"] is not None:
        newest = max(newest, to_microseconds(latest["at"]) + 1_000_000)
        newest = min(newest, now_us - _us(NEWEST_ARTICLE_MIN_AGE))
    return newest


def _span_days(articles: int) -> int:
    """How many days back the articles go."""
    return max(MIN_SPAN_DAYS, math.ceil(articles / ARTICLES_PER_DAY))


def _batches(rows: list[Row]) -> Iterator[list[Row]]:
    for start in range(0, len(rows), BATCH_ROWS):
        yield rows[start : start + BATCH_ROWS]


def _pareto_weights(rng: random.Random, count: int, tail: float) -> list[float]:
    """Lomax (Pareto II) draws: heavy-tailed, starting at 0."""
    return [(1.0 - rng.random()) ** (-1.0 / tail) - 1.0 for _ in range(count)]


def _running_sums(values: list[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def _comment_counts(
    rng: random.Random, articles: int, *, comments: int, hot_comments: int | None
) -> list[int]:
    """Comments per article, oldest first: exactly `comments` in all, power-law distributed,
    the newest article having `hot_comments` when given (largest remainders keep the total)."""
    if not articles:
        return []
    others = articles - 1 if hot_comments is not None else articles
    budget = comments - (hot_comments or 0)
    weights = _pareto_weights(rng, others, DISCUSSION_TAIL)
    total_weight = sum(weights) or 1.0
    shares = [budget * weight / total_weight for weight in weights]
    if not any(weights):
        shares = [budget / others] * others if others else []
    counts = [int(share) for share in shares]
    missing = budget - sum(counts)
    by_remainder = sorted(range(others), key=lambda i: (counts[i] - shares[i], i))
    for index in by_remainder[:missing]:
        counts[index] += 1
    if hot_comments is not None:
        counts.append(hot_comments)
    return counts


def _view_count(rng: random.Random, posts: int) -> int:
    """Views a discussion would have had: readers far outnumber commenters."""
    return posts * rng.randint(15, 40) + rng.randint(20, 400)


def _ensure_sections() -> dict[str, Section]:
    """The demo's sections, created when missing (a generated site has the same rubrics)."""
    return {
        data.slug: Section.objects.get_or_create(
            slug=data.slug,
            defaults={
                "name": data.name,
                "description": data.description,
                "position": data.position,
            },
        )[0]
        for data in SECTIONS
    }


def _ensure_heroes(section: SectionData) -> list[int]:
    """Ids of the section's illustrations in the media library, found by their alternative
    text, else drawn and uploaded as a journalist would (the worker makes their renditions
    once the run commits)."""
    ids = []
    for word in HERO_WORDS[:HEROES_PER_SECTION]:
        key = f"generated-{section.slug}-{slugify(word)}"
        alt = images.hero_alt(key=key, motif=section.motif, word=word)
        image = Image.objects.filter(alt=alt, credit=ILLUSTRATION_CREDIT).first()
        if image is None:
            draw = partial(
                images.hero_jpeg,
                key=key,
                motif=section.motif,
                word=word,
                label=f"Kiosque · {section.name}",
            )
            image = add_to_library(
                name=f"{key}.jpg", draw=draw, alt=alt, caption="", credit=ILLUSTRATION_CREDIT
            )
        ids.append(image.pk)
    return ids


def _ensure_tags(theme: lexicon.Theme) -> list[int]:
    """Ids of the theme's tags, found by slug or name, created when missing."""
    ids = []
    for slug, name in theme.tags:
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=name).first()
        if tag is None:
            tag = Tag.objects.create(slug=slug, name=name)
        ids.append(tag.pk)
    return ids


def _ensure_authors(rng: random.Random, theme: lexicon.Theme, section: Section) -> list[int]:
    """Ids of the section's journalists: made-up people, reused when their slug exists."""
    ids: list[int] = []
    while len(ids) < AUTHORS_PER_SECTION:
        name, job, bio = prose.author_identity(rng, theme, section.name)
        author, _created = Author.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "job_title": job, "bio": bio}
        )
        if author.pk not in ids:
            ids.append(author.pk)
    return ids


def _free_slug(model: type[Story], slug: str) -> str:
    """`slug`, or `slug-2`, `slug-3`…: the first that no row of `model` has."""
    candidate, number = slug, 1
    while model.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{slug[:140]}-{number}"
    return candidate

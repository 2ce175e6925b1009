"""No N+1: every reading page costs the same number of queries in a small world and a large one.

Each test builds a small world, counts the queries of one request by each reader, rolls the
world back, builds a large world (more sections, articles, comments, authors, tags, topics,
categories, posts, notifications: `SMALL` and `LARGE`) and counts again. The two counts must be
equal, for an anonymous reader and for a signed-in member (whose page also loads their personal
blocks: notification bell, liked posts, visit), and stay under the page's ceiling in
`CEILINGS`, so that a slow creep shows up too. Worlds are built with the actions, as the site
builds them, once for both readers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.community import actions as community
from kiosque.community.models import Post, Topic, TopicVisit
from kiosque.community.tests.factories import CategoryFactory
from kiosque.media.models import Image, Rendition
from kiosque.moderation import actions as moderation
from kiosque.moderation.models import HouseRule
from kiosque.moderation.tests.conftest import make_moderator
from kiosque.newsroom import roles
from kiosque.newsroom.actions import publish_article
from kiosque.newsroom.actions.corrections import add_correction, report_error
from kiosque.newsroom.actions.pages import save_page
from kiosque.newsroom.actions.stories import save_story
from kiosque.newsroom.models import Article, Author, Page, Section, Story, Tag
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Size:
    """How much of everything a world holds."""

    name: str
    sections: int
    articles: int  # in a listing (section, tag, author, story, feeds, sitemap), related ones
    authors: int  # credited on one article
    tags: int  # on one article
    comments: int  # under one article, each from a different member
    categories: int
    topics: int  # in a category
    posts: int  # in a topic
    notifications: int  # for the member


SMALL = Size(
    "small",
    sections=2,
    articles=3,
    authors=2,
    tags=2,
    comments=2,
    categories=2,
    topics=3,
    posts=4,
    notifications=2,
)
LARGE = Size(
    "large",
    sections=12,
    articles=30,
    authors=4,
    tags=6,
    comments=20,
    categories=12,
    topics=30,
    posts=45,
    notifications=20,
)

# What each page costs, found equal in both worlds on SQLite and PostgreSQL, is its ceiling.
# Every page reads the menu's sections; a member's request also reads the session, the member
# and the bell's unread count, and a page with posts reads which of them the member liked.
# Before the home page's sections became one query, the home page cost 11 queries with 2
# sections and 31 with 12 (14 and 34 for a member), and a member's topic page read its posts
# twice (18 queries on a first visit, 15 on a return).
CEILINGS: dict[str, dict[str, int]] = {
    # Every page with the site's footer also reads the site pages the footer links (one query,
    # remembered with the page cache on: newsroom/remembered.footer_pages), counted below.
    # featured, latest, the time of each section's 4th newest article and the articles since
    # (two indexed queries, whatever the archive), then the cards; the sections and the next
    # scheduled release, each read twice here: with the page cache on, these lists are
    # remembered until the newsroom publishes (pagecache/generations.py), and a page rendered
    # again after a comment reads the cards alone; the renditions of the cards' pictures (one
    # query for all)
    "home": {"anonymous": 12, "member": 15},
    # the article and its bylines, story box, tags, related articles (the newest of the same
    # story, sharing tags, of the section, overall: indexed queries whose cost does not grow
    # with the archive, remembered with the page cache on), their cards, comments, the next
    # release (twice here, remembered in production); the renditions of the hero, and of the
    # cards' pictures (one query each); a member: session, account, notification count, liked
    # comments
    # (a member: their level of the discussion, for "Follow the discussion")
    "article": {"anonymous": 17, "member": 22},
    # the section, tag, author or story; the count and page of articles (cards show no
    # authors), the renditions of their pictures; the next scheduled release
    "section": {"anonymous": 7, "member": 10},
    "tag": {"anonymous": 7, "member": 10},
    "author": {"anonymous": 7, "member": 10},
    "story": {"anonymous": 7, "member": 10},
    # categories with their counts and last activity; the next topic to become visible
    # and the latest topics across categories; a member: their visits of those topics with the
    # unread counts, and their levels of the topics and categories (community/following.py)
    "forum": {"anonymous": 5, "member": 10},
    # the category, the count and page of topics (authors, last posters)
    # a member: visits with unread counts and levels of the topics shown, their level of the
    # category (the follow control)
    "category": {"anonymous": 6, "member": 12},
    # the topic, its posts (authors, answered posts), a neighbour for the pager (anonymous views
    # are counted in memory); a member: their visit read and recorded, and their participation
    # (posts read, days visited: one UPDATE, from which trust levels are earned)
    # (their level of the topic and its category, for the follow control; the notifications of
    # the watched posts they read, read: one UPDATE)
    "topic": {"anonymous": 5, "member": 19},
    "topic-after": {"anonymous": 5, "member": 17},
    "topic-before": {"anonymous": 5, "member": 17},
    # the post (topic, author), the posts before it: a redirect, nobody's session read
    "post-permalink": {"anonymous": 2, "member": 2},
    # the member, their post count and recent posts (topics)
    "profile": {"anonymous": 5, "member": 8},
    # the notifications grouped (likes of one post, new posts of one topic: one line), their
    # count for the pager, the newest of each group (actors, posts, topics): members only
    "notifications": {"member": 8},
    # the articles, their heroes' renditions, their bylines (and the section; the pictures of
    # their texts in two more when they have any); the sitemap index: each child's newest
    # change and count (8 children); the articles' child: count, page, heroes' renditions
    "feed-rss": {"anonymous": 3, "member": 3},
    "feed-atom": {"anonymous": 3, "member": 3},
    "feed-section": {"anonymous": 4, "member": 4},
    "sitemap": {"anonymous": 16, "member": 16},
    "sitemap-articles": {"anonymous": 3, "member": 3},
    # Moderation (kiosque/moderation/views.py), each with the footer's site pages. The queue:
    # the reported and the held posts with their open reports and reporters, their counts,
    # the open appeals and their count; the moderator's session, account, second factor, bell
    "moderation-queue": {"moderator": 16},
    # the log's count and page (moderator, member, post, topic)
    "moderation-log": {"moderator": 11},
    # readers' log (when the site publishes it): count and page with the topics
    "moderation-public-log": {"anonymous": 4, "member": 10},
    # a member's reports (count, page with posts and topics), appealable decisions, held posts
    "my-reports": {"member": 12},
    # The corrections feed: the corrections with their articles, in one query
    "feed-corrections": {"anonymous": 1, "member": 1},
    # The desk's lists (kiosque/desk/views/): the editor's session, account, groups and second
    # factor, the menu's count of open error reports; then the list's count and page with what
    # it shows (articles, readers), or the site's pages, or the stories with their articles
    "desk-corrections": {"editor": 10},
    "desk-error-reports": {"editor": 10},
    "desk-pages": {"editor": 9},
    "desk-stories": {"editor": 9},
}

READERS = ("anonymous", "member")


# --- Counting ---------------------------------------------------------------------------------


@dataclass
class Visit:
    """One request in one world: its queries, and the response to check what the page shows."""

    size: Size
    queries: list[str]
    status: int
    html: str


def visit_both_worlds_as(
    readers: dict[str, Client], build: Callable[[Size], str]
) -> dict[str, list[Visit]]:
    """For each size, build the world (`build` returns the URL to read), read the URL once as
    each reader in turn while counting queries, and roll the world back. A world is built
    once for all its readers: reading a page writes nothing another reader reads (an
    anonymous view is counted in memory; a member's visit is theirs alone)."""
    visits: dict[str, list[Visit]] = {who: [] for who in readers}
    for size in (SMALL, LARGE):
        with transaction.atomic():
            url = build(size)
            for who, client in readers.items():
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                visits[who].append(
                    Visit(
                        size=size,
                        queries=[query["sql"] for query in captured.captured_queries],
                        status=response.status_code,
                        html=response.content.decode(),
                    )
                )
            transaction.set_rollback(True)
    return visits


def visit_both_worlds(client: Client, build: Callable[[Size], str]) -> list[Visit]:
    """The visits of one reader, `client`, to the URL in each world."""
    (visits,) = visit_both_worlds_as({"": client}, build).values()
    return visits


def assert_fixed_cost(page: str, reader: str, visits: list[Visit]) -> None:
    """The same number of queries in both worlds, and no more than the page's ceiling."""
    small, large = visits
    counts = f"{page} ({reader}): {len(small.queries)} queries in a small world, "
    counts += f"{len(large.queries)} in a large one"
    if len(small.queries) != len(large.queries):
        pytest.fail(f"{counts}\n{listing(small)}\n{listing(large)}")
    ceiling = CEILINGS[page][reader]
    assert len(large.queries) <= ceiling, f"{counts}; the ceiling is {ceiling}"


def listing(visit: Visit) -> str:
    queries = "\n".join(f"  {n}. {sql[:160]}" for n, sql in enumerate(visit.queries, 1))
    return f"{visit.size.name} world:\n{queries}"


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Members here are signed in by `force_login`: their passwords need no costly hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def readers(client: Client, member: User) -> dict[str, Client]:
    """Who reads, by name: an anonymous reader, and `member` signed in."""
    signed_in = Client()
    signed_in.force_login(member)
    return dict(zip(READERS, (client, signed_in), strict=True))


# --- Building worlds --------------------------------------------------------------------------


def ago(**delta: float) -> datetime:
    return timezone.now() - timedelta(**delta)


def publish(*, at: datetime, authors: list[Author] | None = None, **fields: object) -> Article:
    """An article published at `at` through the newsroom's action (its discussion opens),
    credited to `authors` (by default two new ones), with a hero image of its own."""
    authors = authors or [AuthorFactory.create() for _ in range(2)]
    fields.setdefault("hero", library_image())
    return publish_article(
        ArticleFactory.create(draft=True, authors=authors, **fields), by=None, at=at
    )


def library_image() -> Image:
    """An image of the media library with the renditions the worker makes: rows only (pages
    name the files, they never open them)."""
    image = Image.objects.create(file="library/une.jpg", width=1600, height=900, alt="Une vue")
    Rendition.objects.bulk_create(
        Rendition(
            image=image,
            use=use,
            format=format,
            width=width,
            height=round(width * 9 / 16),
            file=f"renditions/une-{use}-{width}.{format}",
        )
        for use, widths in (("hero", (480, 800, 1200, 1600)), ("card", (360, 720)))
        for width in widths
        for format in ("avif", "webp")
    )
    return image


def discuss(topic: Topic, count: int, *, member: User, start: datetime) -> list[Post]:
    """`count` posts in `topic`, each by a different member, the first by `member`: every
    other one answers the post before it, the rest quote it; `member` likes the others' posts
    and is notified of the answers to theirs."""
    posts: list[Post] = []
    for n in range(count):
        author = member if n == 0 else UserFactory.create()
        source = f"Avis numéro {n} sur la question."
        previous = posts[-1] if posts else None
        if previous is not None and n % 2 == 0:
            quoted = previous.author.username
            source = (
                f'[quote="{quoted}, post:{previous.pk}"]\n{previous.source}\n[/quote]\n\n{source}'
            )
        post = community.post_reply(
            topic,
            author=author,
            source=source,
            reply_to=previous if n % 2 else None,
            at=start + timedelta(minutes=n),
        )
        if author != member:
            community.like_post(post, user=member)
        posts.append(post)
    return posts


def commented(article: Article, comments: int, *, member: User) -> list[Post]:
    assert article.topic is not None and article.published_at is not None
    return discuss(article.topic, comments, member=member, start=article.published_at)


# --- Newsroom ---------------------------------------------------------------------------------


def test_home(readers, member):
    def world(size: Size) -> str:
        sections = [SectionFactory.create() for _ in range(size.sections)]
        for n in range(size.articles):
            article = publish(
                at=ago(hours=n + 1),
                section=sections[n % size.sections],
                is_featured=n % 5 == 0,
                tags=[TagFactory.create()],
            )
            if n < 3:
                commented(article, 1, member=member)
        return reverse("newsroom:home")

    for reader, visits in visit_both_worlds_as(readers, world).items():
        for visit in visits:
            assert visit.status == 200
            assert visit.html.count('<article class="card') > visit.size.articles // 2
            assert visit.html.count('<source type="image/webp"') == visit.html.count("<article")
        assert_fixed_cost("home", reader, visits)


def test_article(readers, member):
    def world(size: Size) -> str:
        section = SectionFactory.create()
        story = StoryFactory.create()
        tags = [TagFactory.create() for _ in range(size.tags)]
        for n in range(size.articles):
            publish(
                at=ago(days=1, hours=n),
                section=SectionFactory.create() if n % 2 else section,
                story=story if n % 3 == 0 else None,
                tags=tags[: 1 + n % size.tags],
            )
        authors = [AuthorFactory.create() for _ in range(size.authors)]
        article = publish(at=ago(hours=5), section=section, story=story, tags=tags, authors=authors)
        commented(article, size.comments, member=member)
        return article.get_absolute_url()

    for reader, visits in visit_both_worlds_as(readers, world).items():
        for visit in visits:
            assert visit.status == 200
            assert visit.html.count('<article class="post"') == visit.size.comments
            assert visit.html.count('class="byline"') == visit.size.authors
            assert 'class="story-box"' in visit.html and 'class="related"' in visit.html
        assert_fixed_cost("article", reader, visits)


def listing_world(kind: str, *, member: User) -> Callable[[Size], str]:
    """A section, tag, author or story with `size.articles` published articles (three pages in
    a large world), each credited to two authors, some commented."""

    def world(size: Size) -> str:
        listed: Section | Tag | Author | Story
        if kind == "section":
            listed = SectionFactory.create()
            fields: dict[str, Any] = {"section": listed}
        elif kind == "tag":
            listed = TagFactory.create()
            fields = {"tags": [listed, TagFactory.create()]}
        elif kind == "story":
            listed = StoryFactory.create()
            fields = {"story": listed}
        else:
            listed = AuthorFactory.create()
            fields = {"authors": [listed, AuthorFactory.create()]}
        for n in range(size.articles):
            article = publish(at=ago(hours=n + 1), **fields)
            if n < 2:
                commented(article, 1, member=member)
        return listed.get_absolute_url()

    return world


@pytest.mark.parametrize("kind", ["section", "tag", "author", "story"])
def test_listing(readers, member, kind):
    for reader, visits in visit_both_worlds_as(readers, listing_world(kind, member=member)).items():
        for visit in visits:
            assert visit.status == 200
            shown = min(visit.size.articles, 12)
            marker = 'class="timeline__item"' if kind == "story" else '<article class="card'
            assert visit.html.count(marker) == shown
        assert_fixed_cost(kind, reader, visits)


# --- Forum ------------------------------------------------------------------------------------


def test_forum_index(readers, member):
    def world(size: Size) -> str:
        for n in range(size.categories):
            category = CategoryFactory.create(position=n)
            community.start_topic(
                author=UserFactory.create(),
                category=category,
                title=f"Sujet {n}",
                source="Bonjour.",
            )
        publish(at=ago(hours=1))  # and the articles' category
        return reverse("community:index")

    for reader, visits in visit_both_worlds_as(readers, world).items():
        for visit in visits:
            assert visit.status == 200
            assert visit.html.count('class="category-list__item"') == visit.size.categories + 1
        assert_fixed_cost("forum", reader, visits)


def test_category(readers, member):
    def world(size: Size) -> str:
        category = CategoryFactory.create()
        for n in range(size.topics):
            topic = community.start_topic(
                author=UserFactory.create(),
                category=category,
                title=f"Sujet {n}",
                source="Bonjour.",
                at=ago(hours=n + 2),
            )
            community.post_reply(
                topic, author=UserFactory.create(), source="Réponse.", at=ago(hours=n + 1)
            )
        return category.get_absolute_url()

    for reader, visits in visit_both_worlds_as(readers, world).items():
        for visit in visits:
            assert visit.status == 200
            assert visit.html.count('class="topic-list__item') == visit.size.topics
        assert_fixed_cost("category", reader, visits)


def topic_world(window: str, *, member: User) -> Callable[[Size], str]:
    """A topic of `size.posts` posts by as many members. `window`: the first page (the
    member's first visit), or the page `after` the first post / `before` the last but a few
    (a returning member who has read half of it: "new" marks)."""

    def world(size: Size) -> str:
        topic = community.start_topic(
            author=UserFactory.create(),
            category=CategoryFactory.create(),
            title="Quel SSD choisir ?",
            source="Je cherche un SSD.",
            at=ago(days=2),
        )
        posts = discuss(topic, size.posts - 1, member=member, start=ago(days=1))
        if window == "first":
            return topic.get_absolute_url()
        TopicVisit.objects.create(
            user=member, topic=topic, last_read_post_id=posts[len(posts) // 2].pk
        )
        if window == "after":
            return f"{topic.get_absolute_url()}?after={posts[0].pk}"
        return f"{topic.get_absolute_url()}?before={posts[-2].pk}"

    return world


@pytest.mark.parametrize("window", ["first", "after", "before"])
def test_topic(readers, member, window):
    for reader, visits in visit_both_worlds_as(readers, topic_world(window, member=member)).items():
        for visit in visits:
            assert visit.status == 200
            shown = visit.size.posts if window == "first" else visit.size.posts - 2
            assert visit.html.count('<article class="post"') == min(shown, 20)
        page = "topic" if window == "first" else f"topic-{window}"
        assert_fixed_cost(page, reader, visits)


def test_post_permalink(readers, member):
    def world(size: Size) -> str:
        topic = community.start_topic(
            author=UserFactory.create(),
            category=CategoryFactory.create(),
            title="Un sujet",
            source="Bonjour.",
        )
        posts = discuss(topic, size.posts, member=member, start=ago(days=1))
        return reverse("community:post-permalink", args=[posts[-1].pk])

    for reader, visits in visit_both_worlds_as(readers, world).items():
        for visit in visits:
            assert visit.status == 302
        assert_fixed_cost("post-permalink", reader, visits)


def test_profile(readers, member):
    def world(size: Size) -> str:
        author = UserFactory.create()
        categories = [CategoryFactory.create() for _ in range(size.categories)]
        for n in range(size.posts):
            community.start_topic(
                author=author,
                category=categories[n % size.categories],
                title=f"Sujet {n}",
                source=f"Message {n}.",
                at=ago(hours=n + 1),
            )
        return author.get_absolute_url()

    for reader, visits in visit_both_worlds_as(readers, world).items():
        for visit in visits:
            assert visit.status == 200
            assert visit.html.count('class="profile-post"') == min(visit.size.posts, 10)
        assert_fixed_cost("profile", reader, visits)


def test_notifications(client):
    # A regular: a newer member's limits would refuse twenty topics in a day.
    member = UserFactory.create(regular=True)
    client.force_login(member)

    def world(size: Size) -> str:
        category = CategoryFactory.create()
        start = timezone.now() - timedelta(days=1)
        for n in range(size.notifications):
            # A topic every ten minutes: the member's posting limits allow it.
            topic = community.start_topic(
                author=member,
                category=category,
                title=f"Sujet {n}",
                source="Bonjour.",
                at=start + timedelta(minutes=10 * n),
            )
            opening = topic.posts.get()
            community.post_reply(
                topic, author=UserFactory.create(), source="Oui.", reply_to=opening
            )
        return reverse("community:notifications")

    visits = visit_both_worlds(client, world)
    for visit in visits:
        assert visit.status == 200
        assert visit.html.count('<li class="notification') == visit.size.notifications
    assert_fixed_cost("notifications", "member", visits)


# --- Feeds and sitemap ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "feed", ["feed-rss", "feed-atom", "feed-section", "sitemap", "sitemap-articles"]
)
def test_feeds_and_sitemap(readers, member, feed):
    def world(size: Size) -> str:
        sections = [SectionFactory.create() for _ in range(2)]
        for n in range(size.articles):
            article = publish(at=ago(hours=n + 1), section=sections[0], tags=[TagFactory.create()])
            if n < 2:
                commented(article, 1, member=member)
        publish(at=ago(days=3), section=sections[1])
        if feed == "feed-section":
            return reverse("discovery:feed-section", args=[sections[0].slug])
        if feed == "sitemap-articles":
            return reverse("discovery:sitemap-section", args=["articles"])
        return reverse(f"discovery:{feed}")

    for reader, visits in visit_both_worlds_as(readers, world).items():
        for visit in visits:
            assert visit.status == 200
            total = visit.size.articles + (0 if feed == "feed-section" else 1)
            if feed == "sitemap":
                assert visit.html.count("<sitemap>") == 8
            elif feed == "sitemap-articles":  # each article in French and in English
                assert visit.html.count("<url>") == 2 * total
            else:
                marker = "<entry>" if feed == "feed-atom" else "<item>"
                assert visit.html.count(marker) == min(total, 30)
        assert_fixed_cost(feed, reader, visits)


# --- Moderation -------------------------------------------------------------------------------


def reported_posts(count: int, *, reporters: list[User]) -> list[Post]:
    """`count` posts by as many members in one topic, each reported by every one of
    `reporters` (not enough weight to hide them: they wait in the queue)."""
    topic = community.start_topic(
        author=UserFactory.create(),
        category=CategoryFactory.create(),
        title="Un sujet animé",
        source="Bonjour.",
        at=ago(days=2),
    )
    posts = []
    for n in range(count):
        post = community.post_reply(
            topic, author=UserFactory.create(), source=f"Avis {n}.", at=ago(days=1, minutes=-n)
        )
        for reporter in reporters:
            moderation.report_post(post, reporter=reporter, reason="spam")
        posts.append(post)
    return posts


def decisions(count: int, *, moderator: User, appealed: bool) -> None:
    """`count` posts hidden by `moderator`, each by a different member; each member appeals
    when `appealed`."""
    for post in reported_posts(count, reporters=[]):
        decision = moderation.hide_post(post, moderator=moderator, rule=HouseRule.NO_SPAM)
        assert decision is not None
        if appealed:
            moderation.appeal_decision(decision, member=post.author, text="Je conteste.")


def test_moderation_queue(client):
    moderator = make_moderator()
    client.force_login(moderator)

    def world(size: Size) -> str:
        reported_posts(size.posts // 3, reporters=[UserFactory.create()])
        decisions(size.notifications // 2, moderator=make_moderator(), appealed=True)
        return reverse("moderation:queue")

    visits = visit_both_worlds(client, world)
    for visit in visits:
        assert visit.status == 200
        assert f"Avis {visit.size.posts // 3 - 1}." in visit.html
    assert_fixed_cost("moderation-queue", "moderator", visits)


def test_moderation_log(client):
    moderator = make_moderator()
    client.force_login(moderator)

    def world(size: Size) -> str:
        decisions(size.notifications, moderator=moderator, appealed=False)
        return reverse("moderation:log")

    visits = visit_both_worlds(client, world)
    for visit in visits:
        assert visit.status == 200
    assert_fixed_cost("moderation-log", "moderator", visits)


def test_public_moderation_log(readers, settings):
    settings.KIOSQUE_PUBLIC_MODERATION_LOG = True

    def world(size: Size) -> str:
        decisions(size.notifications, moderator=make_moderator(), appealed=False)
        return reverse("moderation:public-log")

    for reader, visits in visit_both_worlds_as(readers, world).items():
        for visit in visits:
            assert visit.status == 200
        assert_fixed_cost("moderation-public-log", reader, visits)


def test_my_reports(client, member):
    client.force_login(member)

    def world(size: Size) -> str:
        reported_posts(size.posts // 3, reporters=[member])
        return reverse("moderation:my-reports")

    visits = visit_both_worlds(client, world)
    for visit in visits:
        assert visit.status == 200
    assert_fixed_cost("my-reports", "member", visits)


# --- The corrections feed and the desk's lists ------------------------------------------------


def corrected_articles(count: int) -> list[Article]:
    """`count` published articles, each with a correction and a reader's error report."""
    articles = []
    for n in range(count):
        article = publish(at=ago(days=2, hours=n))
        add_correction(article, by=None, kind="correction", note=f"Chiffre corrigé ({n}).")
        report_error(article, by=None, passage="un passage", message=f"Erreur numéro {n}.")
        articles.append(article)
    return articles


def test_corrections_feed(readers):
    def world(size: Size) -> str:
        corrected_articles(size.articles // 3)
        return reverse("discovery:feed-corrections")

    for reader, visits in visit_both_worlds_as(readers, world).items():
        for visit in visits:
            assert visit.status == 200
            assert visit.html.count("<item>") == visit.size.articles // 3
        assert_fixed_cost("feed-corrections", reader, visits)


def desk_editor() -> User:
    editor = UserFactory.create(second_factor=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    return editor


@pytest.mark.parametrize(
    ("page", "url_name", "marker"),
    [
        ("desk-corrections", "desk:correction-list", "Chiffre corrigé"),
        ("desk-error-reports", "desk:error-report-list", "Erreur numéro"),
        ("desk-pages", "desk:page-list", "Page numéro"),
        ("desk-stories", "desk:story-list", "Feuilleton numéro"),
    ],
)
def test_desk_lists(client, page, url_name, marker):
    client.force_login(desk_editor())

    def world(size: Size) -> str:
        shown = size.articles // 3
        if page in ("desk-corrections", "desk-error-reports"):
            corrected_articles(shown)
        elif page == "desk-pages":
            for n in range(shown):
                save_page(Page(title=f"Page numéro {n}", slug=f"page-{n}", body="Texte."), by=None)
        else:
            for n in range(shown):
                save_story(
                    Story(title=f"Feuilleton numéro {n}", slug=f"feuilleton-{n}"),
                    by=None,
                    articles=[publish(at=ago(days=1, hours=n)) for _ in range(2)],
                )
        return reverse(url_name)

    visits = visit_both_worlds(client, world)
    for visit in visits:
        assert visit.status == 200
        assert visit.html.count(marker) >= visit.size.articles // 3
    assert_fixed_cost(page, "editor", visits)

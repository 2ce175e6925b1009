"""Bad input never gets a 5xx, anywhere.

Every URL pattern of the site is walked (the resolver, recursively) and sent, by an anonymous
reader and by a signed-in member, hostile query strings, impossible path parameters, broken
bodies and uploads, and every HTTP method. Whatever arrives, the answer is below 500 and a
redirect never leaves the site. Where a form comes back with errors, it says so with a 4xx and
what the visitor typed is still in it.

One small world of content serves the whole module: it is written once, inside a transaction
that is rolled back at the end, and every test runs in a savepoint of its own.

The probes send every hostile value to every page that reads it, and no more: each visitor's
requests to a page note what the page read of them (query parameters by name, asked for
whether present or not; the whole query; the body), whoever reads (middleware, view, form,
template). The hostile shapes of a query string (bytes that are not UTF-8, 10,000 characters,
off-site `next`) go everywhere; the hostile values of a parameter only where it is read; and
once a page has left a posted body unread, the other bodies would meet the same door and are
not sent (those that bring headers of their own still are).
"""

from __future__ import annotations

import io
import json
import re
import struct
import zlib
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape
from itertools import zip_longest
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.contrib.admin import ModelAdmin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.http import HttpRequest, QueryDict
from django.test import Client
from django.test.client import BOUNDARY
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils.functional import cached_property
from PIL import Image

from conftest import as_in_every_test, rolled_back_after
from kiosque.accounts.models import User
from kiosque.accounts.tests.factories import UserFactory
from kiosque.accounts.unsubscribe import token_for
from kiosque.community import actions as community_actions
from kiosque.community.models import Category, Post, Topic
from kiosque.community.tests.factories import CategoryFactory, PostFactory, TopicFactory
from kiosque.media.tests.factories import ImageFactory
from kiosque.moderation import actions as moderation_actions
from kiosque.moderation.models import HouseRule
from kiosque.moderation.tests.conftest import make_moderator
from kiosque.newsroom import actions as newsroom_actions
from kiosque.newsroom import roles
from kiosque.newsroom.actions import corrections as correction_actions
from kiosque.newsroom.actions import previews as preview_actions
from kiosque.newsroom.models import Article, Author, Correction, Page, Section, Story, Tag
from kiosque.newsroom.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    StoryFactory,
    TagFactory,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

PASSWORD = "un mot de passe solide"  # UserFactory's
HOST = "testserver"

# --- The routes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # a path converter ("int", "slug", "str", "path") or "re:<regex>"


@dataclass(frozen=True)
class Route:
    """One URL pattern of the site, as a path template with `{name}` holes."""

    name: str  # "namespace:name", or the pattern itself when it has no name
    template: str
    params: tuple[Param, ...]
    callback: Callable[..., Any]
    is_localized: bool

    @property
    def is_admin(self) -> bool:
        return self.template.startswith("/admin/")

    @property
    def model_admin(self) -> ModelAdmin[Any] | None:
        return getattr(self.callback, "model_admin", None)

    def __str__(self) -> str:
        return self.template


_CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>\w+)>")


def _regex_template(regex: str) -> tuple[str, list[Param]]:
    """`^a/(?P<key>[-:\\w]+)/$` as `a/{key}/`, each named group replaced by a hole."""
    regex = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    out, params, index = [], [], 0
    while (start := regex.find("(?P<", index)) >= 0:
        out.append(regex[index:start])
        name_end = regex.index(">", start)
        depth, end = 0, start
        for end in range(start, len(regex)):
            depth += {"(": 1, ")": -1}.get(regex[end], 0) if regex[end - 1] != "\\" else 0
            if depth == 0:
                break
        name = regex[start + 4 : name_end]
        params.append(Param(name, "re:" + regex[name_end + 1 : end]))
        out.append("{" + name + "}")
        index = end + 1
    out.append(regex[index:])
    return "".join(out).replace("\\", ""), params


def _piece(pattern: Any) -> tuple[str, list[Param]]:
    if isinstance(pattern, LocalePrefixPattern):
        return "", []  # French at the root; the /en/ variants are probed on purpose
    if isinstance(pattern, RoutePattern):
        text = str(pattern)
        params = [Param(m["name"], m["kind"] or "str") for m in _CONVERTER.finditer(text)]
        return _CONVERTER.sub(lambda m: "{" + m["name"] + "}", text), params
    assert isinstance(pattern, RegexPattern), pattern
    return _regex_template(str(pattern))


def _walk(
    resolver: URLResolver, prefix: str, params: list[Param], namespace: str, localized: bool
) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        text, found = _piece(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            is_locale = isinstance(entry.pattern, LocalePrefixPattern)
            yield from _walk(
                entry, prefix + text, params + found, inner.strip(":"), localized or is_locale
            )
        else:
            assert isinstance(entry, URLPattern)
            template = "/" + prefix + text
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else template
            yield Route(name, template, tuple(params + found), entry.callback, localized)


def _answering(routes: Iterator[Route]) -> list[Route]:
    """The routes Django resolves: a pattern shadowed by an earlier one with the same address
    (the admin's own login, replaced by the site's throttled sign-in) answers nothing."""
    seen: set[str] = set()
    answering = []
    for route in routes:
        if route.template not in seen:
            seen.add(route.template)
            answering.append(route)
    return answering


ROUTES = _answering(_walk(get_resolver(), "", [], "", False))
SITE_ROUTES = [route for route in ROUTES if not route.is_admin]
ADMIN_ROUTES = [route for route in ROUTES if route.is_admin]
ROUTES_WITH_PARAMS = [route for route in ROUTES if route.params]


# --- The world ------------------------------------------------------------------------------


@dataclass
class World:
    """The content every probe can reach, and the people who probe."""

    member: User
    other: User
    editor: User
    section: Section
    article: Article
    draft_article: Article
    category: Category
    topic: Topic
    own_post: Post
    others_post: Post
    hidden_post: Post
    hidden_topic: Topic
    other_topic_post: Post
    media_path: str
    values: dict[str, str] = field(default_factory=dict)

    def value(self, route: Route, param: Param) -> str:
        """A path value that reaches the view's happy path for this route."""
        if route.model_admin is not None and param.name == "object_id":
            first = route.model_admin.model._default_manager.order_by("pk").first()
            return str(first.pk) if first else "1"
        fallback = "1" if param.kind == "int" else "inconnu"
        return self.values.get(f"{route.name}.{param.name}") or self.values.get(
            param.name, fallback
        )


def _png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg(width: int = 400, height: int = 300) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header announces `width`×`height` (a decompression bomb's); no pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Written once for the module, rolled back after it."""
    media = tmp_path_factory.mktemp("media")
    with rolled_back_after(django_db_blocker), as_in_every_test(MEDIA_ROOT=media):
        yield _build_world()


def _build_world() -> World:
    # Regulars: the pages are attacked, not the posting limits (their own tests).
    # With an authenticator app: its pages (deactivate, recovery codes) answer them too.
    member: User = UserFactory.create(username="lecteur", regular=True, second_factor=True)
    RecoveryCodes.activate(member)
    other: User = UserFactory.create(username="alice", regular=True)
    editor: User = UserFactory.create(username="redaction", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="newsroom"))
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    section: Section = SectionFactory.create()
    tag: Tag = TagFactory.create()
    author: Author = AuthorFactory.create()
    story: Story = StoryFactory.create()
    article = ArticleFactory.create(section=section, story=story, authors=[author], tags=[tag])
    newsroom_actions.ensure_discussion_topic(article)
    newsroom_actions.retire_slug(section, old_slug="ancienne-rubrique")
    draft_article = ArticleFactory.create(draft=True, section=section)
    site_page = Page.objects.create(title="À propos", slug="a-propos", body="Qui nous sommes.")
    library_image = ImageFactory.create()
    revision = newsroom_actions.save_article(draft_article, by=editor).revisions.first()
    assert revision is not None
    preview_link = preview_actions.create_preview_link(
        draft_article, by=editor, valid_for=timedelta(days=1)
    )
    correction = correction_actions.add_correction(
        article, by=editor, kind=Correction.Kind.UPDATE, note="Précision ajoutée."
    )
    error_report = correction_actions.report_error(
        article, by=member, passage="Un paragraphe", message="Une coquille.", email="", address=None
    )
    category: Category = CategoryFactory.create()
    topic = community_actions.start_topic(
        author=other, category=category, title="Quel écran choisir ?", source="Je cherche."
    )
    others_post = community_actions.post_reply(topic, author=other, source="Un avis, @lecteur ?")
    own_post = community_actions.post_reply(
        topic, author=member, source="Le mien.", reply_to=others_post
    )
    community_actions.post_reply(topic, author=other, source="Merci !", reply_to=own_post)
    community_actions.like_post(others_post, user=member)
    hidden_post: Post = PostFactory.create(topic=topic, author=other, hidden=True)
    hidden_topic: Topic = TopicFactory.create(hidden=True, category=category)
    PostFactory.create(topic=hidden_topic, author=other)
    assert article.topic is not None
    other_topic_post = community_actions.post_reply(
        article.topic, author=other, source="Un commentaire."
    )
    moderated_post = community_actions.post_reply(
        topic, author=member, source="Un message qu'un modérateur masque."
    )
    decision = moderation_actions.hide_post(
        moderated_post, moderator=make_moderator(), rule=HouseRule.RESPECT
    )
    assert decision is not None
    image = community_actions.upload_post_image(
        by=member,
        upload=SimpleUploadedFile("capture.png", _png(), content_type="image/png"),
    )
    article_type = ContentType.objects.get_for_model(Article)
    world = World(
        member=member,
        other=other,
        editor=editor,
        section=section,
        article=article,
        draft_article=draft_article,
        category=category,
        topic=topic,
        own_post=own_post,
        others_post=others_post,
        hidden_post=hidden_post,
        hidden_topic=hidden_topic,
        other_topic_post=other_topic_post,
        media_path=str(image.image.name),
    )
    world.values = {
        "pk": str(own_post.pk),
        "slug": section.slug,
        "username": other.username,
        "path": world.media_path,
        "key": "cle-inconnue",
        "uidb36": "1",
        "id": str(member.pk),
        "content_type_id": str(article_type.pk),
        "object_id": str(article.pk),
        "app_label": "newsroom",
        "newsroom:article-detail.pk": str(article.pk),
        "newsroom:article-detail.slug": article.slug,
        "newsroom:tag-detail.slug": tag.slug,
        "newsroom:author-detail.slug": author.slug,
        "newsroom:story-detail.slug": story.slug,
        "newsroom:page-detail.slug": "a-propos",
        "newsroom:report-error.pk": str(article.pk),
        "newsroom:article-preview.signed": preview_actions.preview_path(preview_link)
        .rstrip("/")
        .rsplit("/", 1)[-1],
        "desk:article-edit.pk": str(draft_article.pk),
        "desk:article-autosave.pk": str(draft_article.pk),
        "desk:revision-list.pk": str(draft_article.pk),
        "desk:revision-compare.pk": str(draft_article.pk),
        "desk:revision-restore.pk": str(draft_article.pk),
        "desk:revision-restore.revision_pk": str(revision.pk),
        "desk:preview-links.pk": str(draft_article.pk),
        "desk:preview-link-revoke.pk": str(draft_article.pk),
        "desk:preview-link-revoke.link_pk": str(preview_link.pk),
        "desk:correction-add.pk": str(article.pk),
        "desk:correction-delete.pk": str(correction.pk),
        "desk:error-report-resolve.pk": str(error_report.pk),
        "desk:story-edit.pk": str(story.pk),
        "desk:story-attach.pk": str(story.pk),
        "desk:story-detach.pk": str(story.pk),
        "desk:story-move.pk": str(story.pk),
        "desk:page-edit.pk": str(site_page.pk),
        "desk:page-delete.pk": str(site_page.pk),
        "media:image.pk": str(library_image.pk),
        "media:delete.pk": str(library_image.pk),
        "community:category-detail.slug": category.slug,
        "community:topic-new.slug": category.slug,
        "community:topic-detail.pk": str(topic.pk),
        "moderation:decision.pk": str(decision.pk),
        "community:topic-detail.slug": topic.slug,
        "community:topic-reply.pk": str(topic.pk),
        "community:notification-open.pk": str(member.notifications.values_list("pk")[0][0]),
        "newsroom:article-comments.pk": str(article.pk),
        "newsroom:article-comments.slug": article.slug,
        "discovery:feed-tag.slug": tag.slug,
        "discovery:feed-tag-atom.slug": tag.slug,
        "discovery:feed-author.slug": author.slug,
        "discovery:feed-author-atom.slug": author.slug,
        "discovery:feed-story.slug": story.slug,
        "discovery:feed-story-atom.slug": story.slug,
        "discovery:feed-comments.pk": str(article.pk),
        "discovery:feed-comments-atom.pk": str(article.pk),
        "discovery:feed-topic.pk": str(topic.pk),
        "discovery:feed-topic-atom.pk": str(topic.pk),
        "discovery:sitemap-section.section": "articles",
        "accounts:unsubscribe.token": token_for(member, "email_on_reply"),
        "accounts:resubscribe.token": token_for(member, "email_on_reply"),
    }
    return world


def url_of(route: Route, world: World, **override: str) -> str:
    values = {p.name: world.value(route, p) for p in route.params}
    return route.template.format(**{**values, **override})


# --- What a request reads ----------------------------------------------------------------------


@dataclass
class Reads:
    """What a visitor's requests to one page read of what they sent."""

    parameters: set[str] = field(default_factory=set)  # asked for by name, present or not
    whole_query: bool = False  # iterated, copied or encoded again: every parameter counts
    body: bool = False

    def any_of(self, query: str) -> bool:
        """Whether the page read a parameter of `query` (or the whole query)."""
        names = {name for name, _value in parse_qsl(query, keep_blank_values=True)}
        return self.whole_query or bool(names & self.parameters)


_noting: list[Reads] = []  # the probe sending a request now (the test client is synchronous)


def _note_parameter(name: str) -> None:
    if _noting:
        _noting[-1].parameters.add(name)


def _note_whole_query() -> None:
    if _noting:
        _noting[-1].whole_query = True


def _note_body() -> None:
    if _noting:
        _noting[-1].body = True


class NotingQueryDict(QueryDict):
    """`request.GET`, noting what is read of it once it is made (making it reads it all)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.made = False
        super().__init__(*args, **kwargs)
        self.made = True

    def _note(self, key: object) -> None:
        if getattr(self, "made", False):
            _note_parameter(str(key))

    def __getitem__(self, key: str) -> Any:  # get() and the templates' lookups come here
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return super().__contains__(key)

    def getlist(self, key: str, default: Any = None) -> Any:
        self._note(key)
        return super().getlist(key, default)

    def __iter__(self) -> Iterator[str]:  # items(), values(), dict()
        _note_whole_query()
        return super().__iter__()

    def keys(self) -> Any:
        _note_whole_query()
        return super().keys()

    def lists(self) -> Any:  # urlencode()
        _note_whole_query()
        return super().lists()

    def __deepcopy__(self, memo: MutableMapping[int, Any]) -> Self:  # copy()
        _note_whole_query()
        return super().__deepcopy__(memo)


def _noting_get(request: WSGIRequest) -> QueryDict:
    raw = get_bytes_from_wsgi(request.environ, "QUERY_STRING", "")
    return NotingQueryDict(raw, encoding=request.encoding)


def _noting_body_access(method: Callable[..., Any]) -> Callable[..., Any]:
    def noted(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        _note_body()
        return method(request, *args, **kwargs)

    return noted


@pytest.fixture(scope="module", autouse=True)
def requests_note_what_they_read() -> Iterator[None]:
    noting_get = cached_property(_noting_get)
    noting_get.__set_name__(WSGIRequest, "GET")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WSGIRequest, "GET", noting_get)
        for name in ("_load_post_and_files", "read", "readline", "readlines", "__iter__"):
            patch.setattr(HttpRequest, name, _noting_body_access(getattr(HttpRequest, name)))
        body = HttpRequest.body
        assert isinstance(body, property) and body.fget is not None
        patch.setattr(HttpRequest, "body", property(_noting_body_access(body.fget)))
        yield


# --- Probing --------------------------------------------------------------------------------


def stays_on_site(location: str) -> bool:
    """Whether a browser following `location` stays on this site (however long the URL)."""
    if "\\" in location or any(ord(c) < 32 for c in location):
        return False  # browsers read a backslash as a slash; a control character is a trick
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == HOST
    return not location.startswith("//")  # a relative path stays where it is


def _shows_form_errors(url: str, response: Response) -> bool:
    """Whether the page is a form sent back with its errors. Django's admin is left out: it
    answers 200 to refused forms, its own convention for its own staff-only pages."""
    if url.startswith("/admin/") or not response["Content-Type"].startswith("text/html"):
        return False
    html = response.content.decode(errors="replace")
    return 'aria-invalid="true"' in html or 'class="errorlist' in html


class Probe:
    """Send requests as one visitor; remember every answer that breaks a rule."""

    def __init__(self, world: World, who: str) -> None:
        self.world, self.who = world, who
        self.client = Client(raise_request_exception=False)
        self.problems: list[str] = []
        self.reads = Reads()
        self.sign_in()

    def sign_in(self) -> None:
        user = {"member": self.world.member, "editor": self.world.editor}.get(self.who)
        if user is not None:
            self.client.force_login(user)

    def __call__(self, method: str, url: str, **kwargs: Any) -> Response:
        session = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        if self.who != "anonymous" and not (session and session.value):
            self.sign_in()  # a probe of the sign-out page signed us out
        _noting.append(self.reads)
        try:
            if isinstance(kwargs.get("data"), bytes | str):
                # Sent as they are: the test client would encode a str in the declared charset.
                response = self.client.generic(method, url, **kwargs)
            else:
                response = getattr(self.client, method.lower())(url, **kwargs)
        finally:
            _noting.pop()
        label = f"{self.who}: {method} {url[:160]}"
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            cause = f"{error[0].__name__}: {error[1]}" if error else ""
            self.problems.append(f"{label} -> {response.status_code} {cause[:300]}")
        elif response.status_code == 200 and method == "POST" and _shows_form_errors(url, response):
            self.problems.append(f"{label} -> a form with errors, answered 200")
        elif 300 <= response.status_code < 400 and "Location" in response:
            location = response["Location"]
            if not stays_on_site(location):
                self.problems.append(f"{label} -> redirect off-site to {location[:200]!r}")
        return response

    def check(self) -> None:
        assert self.problems == [], "\n".join(self.problems)


def probes(world: World, *, editor: bool = False) -> list[Probe]:
    return [Probe(world, who) for who in ("anonymous", "member", *(("editor",) if editor else ()))]


def is_newsroom_page(route: Route) -> bool:
    """The desk and the media library: only the newsroom gets past their door, so the editor
    probes them too (the others are turned away before their input is read)."""
    return route.name.partition(":")[0] in NEWSROOM_ONLY_NAMESPACES and ":" in route.name


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """allauth counts failed sign-ins in the cache: each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


# --- Hostile query strings --------------------------------------------------------------------

LONG = "x" * 10_000
OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http:evil.example",
    " https://evil.example",
    "https://testserver@evil.example/",
    "/../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
]


def hostile_shapes() -> list[str]:
    """Query strings whose shape is hostile (bytes that are not UTF-8, 10,000 characters, a
    repeated or bracketed name, off-site `next`): every page gets each, read or not, since a
    page may echo its whole address."""
    odd = [
        f"page={LONG}",
        f"q={LONG}",
        "page=1&page=2&page=abc",
        "after=1&before=2",
        "after=1&after=x",
        "%FF%FE=%C3%28",  # a name and a value that are not UTF-8
        "a=%00%01%1b%7f",
        "&&&==&=",
        "page[]=1&page[x]=2",
        "page=%E2%80%AE1",
    ]
    nexts = [quote(url, safe="") for url in [*OFF_SITE, LONG]]
    return [f"next={n}&{o}" for n, o in zip_longest(nexts, odd, fillvalue="x=")]


def hostile_values(world: World) -> list[str]:
    """Values no page expects, for the parameters pages read (a page gets those it reads).
    Parameters that different views read travel together (`after` and `before` apart:
    `before` wins), so every page gets each value once."""
    hidden, foreign = world.hidden_post.pk, world.other_topic_post.pk
    numbers = ["0", "-1", "99999999", "abc", "1e9", "%00", str(2**63), str(10**40), "1.5", ""]
    queries = [f"page={n}&after={n}&reply_to={n}" for n in numbers]
    queries += [f"before={n}" for n in numbers]
    queries += [f"after={pk}&reply_to={pk}" for pk in (hidden, foreign)]
    queries += [f"before={pk}" for pk in (hidden, foreign)]
    return queries


def hostile_queries(world: World) -> list[str]:
    return hostile_values(world) + hostile_shapes()


# Anonymous readers and members meet the same redirect to the sign-in page on every admin URL:
# one combined probe per admin URL is enough for them (the editor probes the admin below).
ADMIN_QUERY = "p=abc&o=x.-1&q=%00&all=&e=1&_changelist_filters=%FF&next=%2F%2Fevil.example"


@pytest.mark.parametrize("route", SITE_ROUTES, ids=str)
def test_hostile_query_strings_never_break_a_page(world: World, route: Route) -> None:
    url = url_of(route, world)
    for probe in probes(world, editor=is_newsroom_page(route)):
        for query in hostile_shapes():
            probe("GET", f"{url}?{query}")
        for query in hostile_values(world):
            if probe.reads.any_of(query):
                probe("GET", f"{url}?{query}")
        probe.check()


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=str)
def test_admin_urls_turn_readers_and_members_away_cleanly(world: World, route: Route) -> None:
    url = url_of(route, world)
    for probe in probes(world):
        probe("GET", url)
        probe("GET", f"{url}?{ADMIN_QUERY}")
        probe("POST", url, data={"next": "//evil.example", "username": "\x00"})
        probe.check()


# --- Impossible path parameters -----------------------------------------------------------

HOSTILE_VALUES: dict[str, list[str]] = {
    "int": ["0", "999999999", str(2**63), str(2**64 + 1), str(10**40), "0000000000001"],
    "slug": ["inexistant", "a" * 600, "-", "_-_", "caf%C3%A9", "%E2%80%AE", "%00"],
    "str": [
        "inexistant",
        "caf%C3%A9",
        "%00",
        "%FF%FE",
        "%E2%80%AE",
        "..",
        "%2E%2E",
        "a" * 600,
        "%25",
        "%3Cscript%3E",
        "' OR 1=1 --",
    ],
    "path": [
        "inexistant.png",
        "../../../etc/passwd",
        "%2E%2E/%2E%2E/etc/passwd",
        "..%5C..%5Cwindows",
        "%00",
        "a%00.png",
        "%FF.png",
        "/etc/passwd",
        "",
        "a" * 600,
    ],
    "re": ["x", "%FF", "%00", "a" * 600, "é" * 50, "-:-", "99999999999999999999999999"],
}


def hidden_ids(world: World) -> list[str]:
    """Numbers of things that exist but readers may not see."""
    hidden = (world.hidden_post, world.hidden_topic, world.draft_article)
    return [str(thing.pk) for thing in hidden]


@pytest.mark.parametrize("route", ROUTES_WITH_PARAMS, ids=str)
def test_impossible_path_parameters_are_not_found(world: World, route: Route) -> None:
    who = probes(world, editor=route.is_admin or is_newsroom_page(route))
    if route.is_admin:
        who = who[-1:]  # the others are turned away before the parameters matter
    for probe in who:
        for param in route.params:
            kind = param.kind.split(":")[0]
            for value in HOSTILE_VALUES[kind] + (hidden_ids(world) if kind == "int" else []):
                probe("GET", url_of(route, world, **{param.name: value}))
        probe.check()


# --- Hostile bodies -------------------------------------------------------------------------

TEXT_FIELDS = [
    "source",
    "title",
    "bio",
    "password",
    "login",
    "username",
    "email",
    "password1",
    "password2",
    "oldpassword",
    "key",
    "language",
    "q",
    "action_add",
    "action_remove",
    "action_primary",
    "action_send",
]
NUMBER_FIELDS = [
    "reply_to",
    "topic",
    "like",
    "remember",
    "email_on_reply",
    "email_on_quote",
    "remove_avatar",
]
CONTROL = "début\x00\x01\x07\x08\x0b\x1b[31m\x7f\x85\u202e\ufeff\ud7ff fin"


def _multipart(parts: list[tuple[str, bytes]], boundary: str = BOUNDARY) -> bytes:
    """A multipart body from raw parts: the bytes go as they are, broken or not."""
    lines = []
    for name, value in parts:
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            value,
        ]
    return b"\r\n".join([*lines, f"--{boundary}--".encode(), b""])


def _upload(name: str, content: bytes, content_type: str = "image/png") -> dict[str, Any]:
    files = {f: SimpleUploadedFile(name, content, content_type) for f in ("image", "avatar")}
    return {**files, "source": "Mon brouillon.", "bio": "Ma bio.", "topic": "0"}


def hostile_bodies(world: World) -> list[tuple[str, dict[str, Any]]]:
    """(label, keyword arguments for the test client's post())."""
    jpeg = _jpeg()
    topic, own = str(world.topic.pk), str(world.own_post.pk)
    uploads_ = {
        "not an image": _upload("photo.jpg", b"<html><script>alert(1)</script>", "image/jpeg"),
        "truncated JPEG": _upload("photo.jpg", jpeg[: len(jpeg) // 2], "image/jpeg"),
        "1x50000 PNG": _upload("long.png", _png(1, 50_000)),
        "decompression bomb": _upload("bomb.png", _png_header_only(60_000, 60_000)),
        "over the pixel limit": _upload("big.png", _png_header_only(10_000, 5_000)),
        "empty file": _upload("vide.png", b""),
        "evil file name": _upload("../../" + "é" * 300 + "\u202egnp.png", _png()),
        "upload with a topic": {**_upload("photo.jpg", b"GIF89a", "image/gif"), "topic": topic},
    }
    bodies: list[tuple[str, dict[str, Any]]] = [
        ("empty", {"data": {}}),
        ("missing fields", {"data": {"next": "/"}}),
        (
            "wrong types",
            {
                "data": {
                    **{f: ["1", "2"] for f in TEXT_FIELDS},
                    **{f: "peut-être" for f in NUMBER_FIELDS},
                }
            },
        ),
        ("numbers too big", {"data": {f: str(2**70) for f in NUMBER_FIELDS} | {"source": "Ok"}}),
        (
            "hidden and foreign posts",
            {
                "data": {
                    "reply_to": str(world.hidden_post.pk),
                    "topic": str(world.hidden_topic.pk),
                    "source": "Ok",
                }
            },
        ),
        ("100 kB fields", {"data": {f: "é" * 50_000 for f in TEXT_FIELDS}}),
        ("control characters", {"data": {f: CONTROL for f in TEXT_FIELDS + NUMBER_FIELDS}}),
        (
            "invalid UTF-8 in multipart",
            {
                "data": _multipart(
                    [(f, b"caf\xc3\x28 \xff\xfe") for f in TEXT_FIELDS] + [("\xff", b"\xff")]
                ),
                "content_type": f"multipart/form-data; boundary={BOUNDARY}",  # not encoded again
            },
        ),
        (
            "multipart without a boundary",
            {"data": _multipart([("source", b"x")]), "content_type": "multipart/form-data"},
        ),
        (
            "multipart with a wrong boundary",
            {"data": b"--autre\r\nbazar", "content_type": "multipart/form-data; boundary=x"},
        ),
        (
            "JSON where a form is expected",
            {
                "data": json.dumps({"source": "Bonjour", "like": 1, "reply_to": [1]}),
                "content_type": "application/json",
            },
        ),
        (
            "unknown charset",
            {
                "data": b"source=caf%E9&title=\xe9",
                "content_type": "application/x-www-form-urlencoded; charset=klingon",
            },
        ),
        (
            "Latin-1 declared, bytes sent",
            {
                "data": b"source=caf\xe9&title=%FF",
                "content_type": "application/x-www-form-urlencoded; charset=latin-1",
            },
        ),
        ("plain text", {"data": b"source=\x00", "content_type": "text/plain"}),
        ("too many fields", {"data": {f"champ{i}": "x" for i in range(1_500)}}),
        *(
            (
                f"off-site next {url!r}",
                {
                    "data": {
                        "next": url,
                        "like": "1",
                        "source": "Ok",
                        "topic": topic,
                        "reply_to": own,
                    }
                },
            )
            for url in OFF_SITE[:4]
        ),
        *((label, {"data": data}) for label, data in uploads_.items()),
        (
            "not an image, for the page's script",
            {"data": uploads_["not an image"], "HTTP_ACCEPT": "application/json"},
        ),
        (
            "a like, for the page's script",
            {"data": {"like": "x"}, "HTTP_ACCEPT": "application/json"},
        ),
    ]
    return bodies


def _post_all(probe: Probe, url: str, bodies: list[tuple[str, dict[str, Any]]]) -> None:
    for index, (label, kwargs) in enumerate(bodies):
        brings_headers = any(name.startswith("HTTP_") for name in kwargs)
        if index and not probe.reads.body and not brings_headers:
            continue  # nothing read the bodies sent: this one would meet the same door
        before = len(probe.problems)
        probe("POST", url, **kwargs)
        if len(probe.problems) > before:
            probe.problems[-1] += f"  [{label}]"


@pytest.mark.parametrize("route", SITE_ROUTES, ids=str)
def test_hostile_bodies_never_break_a_form(world: World, route: Route) -> None:
    url = url_of(route, world)
    bodies = hostile_bodies(world)
    for probe in probes(world, editor=is_newsroom_page(route)):
        _post_all(probe, url, bodies)
        probe.check()


# --- Hostile headers ---------------------------------------------------------------------------

HOSTILE_HEADERS: list[dict[str, str]] = [
    {"HTTP_ACCEPT_LANGUAGE": "\x00;q=abc, ../../etc;q=2, " + "x" * 5_000},
    {"HTTP_COOKIE": "sessionid=\x00%FF; django_language=../../etc; csrftoken=" + "é" * 100},
    {"HTTP_IF_MODIFIED_SINCE": "hier", "HTTP_IF_NONE_MATCH": "\x00*", "HTTP_RANGE": "bytes=-1-x"},
    {"HTTP_ACCEPT": "application/json, */*;q=abc", "HTTP_X_REQUESTED_WITH": "\x00"},
    {"HTTP_HOST": "evil.example"},
    {"HTTP_REFERER": "javascript:alert(1)", "HTTP_USER_AGENT": "\x00" * 1_000},
]


@pytest.mark.parametrize("route", SITE_ROUTES, ids=str)
def test_hostile_headers_never_break_a_page(world: World, route: Route) -> None:
    url = url_of(route, world)
    for probe in probes(world, editor=is_newsroom_page(route)):
        for headers in HOSTILE_HEADERS:
            probe("GET", url, **headers)
        probe.check()


# --- Every method ---------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_method_is_answered_without_an_error(world: World, route: Route) -> None:
    url = url_of(route, world)
    for probe in probes(world, editor=is_newsroom_page(route)):
        for method in ("GET", "HEAD", "OPTIONS", "DELETE", "PATCH"):
            probe(method, url)
        probe("PUT", url, data="source=Bonjour", content_type="application/x-www-form-urlencoded")
        if probe.reads.body:
            probe("PUT", url, data=b"\xff\x00", content_type="application/octet-stream")
        probe.check()


# --- English pages --------------------------------------------------------------------------

ENGLISH_SAMPLE = [
    "newsroom:home",
    "newsroom:article-detail",
    "newsroom:section-detail",
    "community:topic-detail",
    "community:topic-reply",
    "community:post-quote",
    "community:image-upload",
    "accounts:settings",
    "accounts:profile",
    "account_login",
    "account_signup",
]


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.name in ENGLISH_SAMPLE], ids=lambda r: r.name
)
def test_english_pages_take_hostile_input_too(world: World, route: Route) -> None:
    assert route.is_localized
    url = "/en" + url_of(route, world)
    bodies = hostile_bodies(world)[:9]
    for probe in probes(world):
        for query in hostile_queries(world)[::3]:
            probe("GET", f"{url}?{query}")
        _post_all(probe, url, bodies)
        probe.check()


# --- The probes reach the views ---------------------------------------------------------------


# The moderators' pages: a member is refused them (their own tests open them as moderators).
# The newsroom's own pages (the desk, the media library): a member outside it is refused.
NEWSROOM_ONLY_NAMESPACES = {"desk", "media"}
MODERATORS_ONLY = {
    "moderation:queue",
    "moderation:decide-post",
    "moderation:decide-appeal",
    "moderation:member",
    "moderation:discussion",
    "moderation:log",
}


def test_every_url_pattern_is_probed_at_an_address_its_view_answers(world: World) -> None:
    assert len(SITE_ROUTES) >= 40 and len(ADMIN_ROUTES) >= 60
    member, editor = Probe(world, "member"), Probe(world, "editor")
    for route in ROUTES:
        url = url_of(route, world)
        hint = f"{url}: give {route.name}'s parameters values in World.values"
        assert resolve(url).func == route.callback, hint
        if not route.is_admin:
            status = member("GET", url).status_code
            if is_newsroom_page(route):
                assert status in (403, 405), f"{status} for {hint}"
                editor_status = editor("GET", url).status_code
                assert editor_status < 400 or editor_status == 405, f"editor: {status} for {hint}"
                continue
            if route.name in MODERATORS_ONLY:
                # The member does not moderate (405: POST-only, asked before who asks).
                assert status in (403, 405), f"{status} for {hint}"
                continue
            if route.name == "moderation:public-log":
                assert status == 404, "the public moderation log is off unless the site says"
                continue
            assert status < 400 or status == 405, f"{status} for {hint}"  # 405: POST-only
    assert member("GET", "/membres/reglages/").status_code == 200, "the member is signed in"
    member.check()
    editor.check()


def test_the_probes_see_what_a_page_reads(world: World) -> None:
    """Hostile values are spared only to pages that read nothing of them: the reads must be
    seen, from a form bound to the query to a posted body."""
    searcher = Probe(world, "anonymous")
    searcher("GET", "/recherche/?q=ete")
    assert "q" in searcher.reads.parameters and searcher.reads.any_of("q=1&x=2")
    reader = Probe(world, "anonymous")
    reader("GET", f"/forum/t/{world.topic.pk}-{world.topic.slug}/?inconnu=1")
    assert "page" in reader.reads.parameters, "the topic's pages"
    assert "inconnu" not in reader.reads.parameters and not reader.reads.whole_query
    assert not reader.reads.any_of("inconnu=1") and not reader.reads.body
    member = Probe(world, "member")
    member("POST", f"/forum/t/{world.topic.pk}/repondre/", data={"source": ""})
    assert member.reads.body
    member.check()


def test_a_media_name_longer_than_the_file_system_allows_is_not_found(world: World) -> None:
    assert Probe(world, "anonymous")("GET", "/media/" + "a" * 600).status_code == 404


def test_a_profile_name_with_a_nul_byte_is_not_found(world: World) -> None:
    # SQLite looks it up and finds no one; PostgreSQL refused to look it up at all (a 500).
    assert Probe(world, "anonymous")("GET", "/membres/a%00b/").status_code == 404


# --- The admin, as the newsroom uses it -----------------------------------------------------

ADMIN_QUERIES = [
    "p=abc&o=abc",
    "p=-1&o=1.-99.x",
    f"p={2**63}&q=%00%01",
    f"q={LONG}&all=",
    "e=1&_changelist_filters=%FF%FE",
    "_to_field=password&_popup=1",
    "id__exact=abc&status__exact=zzz&is_featured__exact=2",
    f"section__id__exact={2**70}&story__id__exact=-1",
    "published_at__year=abc&published_at__month=13&published_at__day=99",
    "published_at__gte=pas-une-date&_facets=x",
]
CHANGELISTS = [r for r in ADMIN_ROUTES if r.name.endswith("_changelist")]


@pytest.mark.parametrize("route", CHANGELISTS, ids=str)
def test_the_admin_lists_take_hostile_queries(world: World, route: Route) -> None:
    editor = Probe(world, "editor")
    for query in ADMIN_QUERIES:
        editor("GET", f"{url_of(route, world)}?{query}")
    editor.check()


NEWSROOM_FORMS = [
    r for r in ADMIN_ROUTES if r.name.startswith("admin:newsroom_") and r.name.endswith("_add")
] + [r for r in ADMIN_ROUTES if r.name == "admin:newsroom_article_change"]


@pytest.mark.parametrize("route", NEWSROOM_FORMS, ids=str)
def test_the_newsroom_forms_take_hostile_bodies(world: World, route: Route) -> None:
    editor = Probe(world, "editor")
    bodies = hostile_bodies(world)
    # A hero is chosen from the media library by number (uploads are the library's: its tests
    # send the pixel bombs): numbers of no image, and what is no number.
    bodies += [
        (f"article with {hero!r} for a hero", {"data": {**article_form(world), "hero": hero}})
        for hero in ("99999999999999999999", "-1", "1e3", "０", "1 OR 1=1")
    ]
    _post_all(editor, url_of(route, world), bodies)
    editor.check()


def article_form(world: World) -> dict[str, str]:
    """What the article admin form sends when everything is filled in well."""
    return {
        "title": "Un titre",
        "slug": "un-titre",
        "section": str(world.section.pk),
        "lead": "Un chapeau.",
        "body": "Un corps.",
        "status": "published",
        "published_at_0": "01/01/2025",
        "published_at_1": "10:00:00",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
    }


# --- Forms come back with what was typed --------------------------------------------------------

TYPED = "Texte tapé <b>&</b> « gardé » 🙂"


def page_text(response: Response) -> str:
    return unescape(response.content.decode()).replace("\xa0", " ")


def _image(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def refused_forms(world: World) -> list[tuple[str, str, str, dict[str, Any], str]]:
    """(case, who, url, data, text that must come back)."""
    topic_new = f"/forum/c/{world.category.slug}/nouveau-sujet/"
    reply = f"/forum/t/{world.topic.pk}/repondre/"
    edit = f"/forum/p/{world.own_post.pk}/modifier/"
    return [
        ("topic without a message", "member", topic_new, {"title": TYPED, "source": ""}, TYPED),
        ("topic without a title", "member", topic_new, {"title": "", "source": TYPED}, TYPED),
        ("title too long", "member", topic_new, {"title": "t" * 201, "source": TYPED}, TYPED),
        ("title with NUL", "member", topic_new, {"title": "a\x00b", "source": TYPED}, TYPED),
        ("reply to a word", "member", reply, {"source": TYPED, "reply_to": "abc"}, TYPED),
        ("reply with NUL", "member", reply, {"source": f"{TYPED}\x00"}, TYPED),
        ("reply of 100 kB", "member", reply, {"source": TYPED + "é" * 100_000}, TYPED),
        ("edit of 100 kB", "member", edit, {"source": TYPED + "é" * 100_000}, TYPED),
        ("edit with controls", "member", edit, {"source": f"{TYPED}\x1b[31m"}, TYPED),
        (
            "image that is not one",
            "member",
            "/forum/images/",
            {"image": _image("a.png", b"<svg/>"), "topic": str(world.topic.pk), "source": TYPED},
            TYPED,
        ),
        (
            "image bomb",
            "member",
            "/forum/images/",
            {
                "image": _image("b.png", _png_header_only(60_000, 60_000)),
                "topic": str(world.topic.pk),
                "source": TYPED,
            },
            TYPED,
        ),
        ("bio too long", "member", "/membres/reglages/", {"bio": TYPED + "b" * 2_000}, TYPED),
        (
            "avatar that is not a picture",
            "member",
            "/membres/reglages/",
            {"bio": TYPED, "avatar": _image("a.png", _jpeg()[:200])},
            TYPED,
        ),
        (
            "avatar bomb",
            "member",
            "/membres/reglages/",
            {"bio": TYPED, "avatar": _image("a.png", _png_header_only(60_000, 60_000))},
            TYPED,
        ),
        (
            "sign-in refused",
            "anonymous",
            "/compte/login/",
            {"login": TYPED, "password": "x"},
            TYPED,
        ),
        (
            "sign-in with a 100 kB login",
            "anonymous",
            "/compte/login/",
            {"login": TYPED + "é" * 50_000, "password": "x"},
            TYPED,
        ),
        (
            "sign-up with a wrong address",
            "anonymous",
            "/compte/signup/",
            {"username": "nouveau", "email": "pas-une-adresse", "password1": "a", "password2": "b"},
            "pas-une-adresse",
        ),
        (
            "sign-up with an impossible username",
            "anonymous",
            "/compte/signup/",
            {"username": TYPED, "email": "n@example.org", "password1": "a", "password2": "a"},
            TYPED,
        ),
        ("reset for no address", "anonymous", "/compte/password/reset/", {"email": TYPED}, TYPED),
        (
            "new address that is not one",
            "member",
            "/compte/email/",
            {"action_add": "", "email": "pas-une-adresse"},
            "pas-une-adresse",
        ),
    ]


def test_refused_forms_answer_4xx_with_the_typed_text(world: World) -> None:
    visitors = {who: Probe(world, who) for who in ("anonymous", "member")}
    wrong = []
    for case, who, url, data, kept in refused_forms(world):
        response = visitors[who]("POST", url, data=data)
        if not 400 <= response.status_code < 500 or kept not in page_text(response):
            wrong.append(
                f"{case}: {response.status_code}, typed text kept: {kept in page_text(response)}"
            )
    for probe in visitors.values():
        probe.check()
    assert wrong == []


def test_refusals_say_why_in_french(world: World) -> None:
    member = Probe(world, "member")
    response = member("POST", "/forum/images/", data={"image": _image("a.png", b"<svg/>")})
    assert response.status_code == 400
    assert "Ce fichier n’est pas une image JPEG, PNG, GIF ou WebP" in page_text(response)
    anonymous = Probe(world, "anonymous")
    response = anonymous("POST", "/compte/login/", data={"login": "é" * 50_000, "password": "x"})
    assert response.status_code == 400
    assert "mot de passe" in page_text(response)


# --- Redirects stay on the site -----------------------------------------------------------------


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_signing_in_never_sends_a_member_off_the_site(world: World, next_url: str) -> None:
    anonymous = Probe(world, "anonymous")
    data = {"login": world.member.username, "password": PASSWORD, "next": next_url}
    response = anonymous("POST", "/compte/login/", data=data)
    assert response.status_code == 302
    anonymous("POST", "/compte/logout/", data={"next": next_url})
    anonymous("POST", "/i18n/setlang/", data={"language": "en", "next": next_url})
    member = Probe(world, "member")
    like = f"/forum/p/{world.others_post.pk}/aimer/"
    member("POST", like, data={"like": "1", "next": next_url})
    member("GET", f"/forum/p/{world.others_post.pk}/citer/?next={quote(next_url)}")
    reply = f"/forum/t/{world.topic.pk}/repondre/"
    member("POST", reply, data={"source": f"Réponse vers {next_url}", "next": next_url})
    upload = {"image": _image("c.png", _png()), "topic": str(world.topic.pk), "next": next_url}
    response = member("POST", "/forum/images/", data=upload)
    assert response.status_code == 302
    assert "evil" not in member("GET", response["Location"]).content.decode()
    anonymous.check()
    member.check()


# --- Forms that expired ---------------------------------------------------------------------


@pytest.mark.parametrize("route", SITE_ROUTES, ids=str)
def test_hostile_bodies_without_a_csrf_token_are_refused_cleanly(
    world: World, route: Route
) -> None:
    url = url_of(route, world)
    bodies = [body for body in hostile_bodies(world) if body[0] in CSRF_BODIES]
    for probe in probes(world):
        probe.client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        probe.sign_in()
        _post_all(probe, url, bodies)
        probe.check()


CSRF_BODIES = {
    "empty",
    "100 kB fields",
    "control characters",
    "invalid UTF-8 in multipart",
    "multipart without a boundary",
    "multipart with a wrong boundary",
    "JSON where a form is expected",
    "unknown charset",
    "too many fields",
    "not an image",
}

"""Spam rules, run by the community's posting gate (`KIOSQUE_POSTING_CHECKS`) on every post of
a member who is not staff. Each check returns a Verdict: hold the post for a moderator, rewrite
its text (a blocked term replaced), or nothing; a refusal raises PostingRefused.

- blocked terms and domains, which moderators edit (`BlockedTerm`): refuse, hold or replace;
- the same text posted again, in any topic, within REPEAT_WINDOW: held;
- a new member's post made mostly of links: held;
- an Akismet-compatible checker, when a key is set (off by default): spam is held.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from kiosque.accounts.models import TrustLevel, User
from kiosque.community.models import Post, Topic
from kiosque.community.posting_rules import Hold, PostingRefused, Verdict
from kiosque.markup import RenderedPost

from .models import BlockedTerm

logger = logging.getLogger(__name__)

# A text posted again by its author within this window, anywhere, is held: spammers paste.
REPEAT_WINDOW = timedelta(days=7)
# Texts shorter than this are not compared ("+1", "Merci !" are said often, honestly).
REPEAT_MIN_CHARS = 40
# A new member's post with at least this many links and little else is held.
LINK_HEAVY_MIN_LINKS = 2
LINK_HEAVY_MAX_WORDS_PER_LINK = 15
# How long the blocked terms are kept in each process (moderators' edits bump the version).
BLOCKED_TERMS_VERSION_KEY = "kiosque:blocked-terms-version"
AKISMET_TIMEOUT_SECONDS = 3.0

_HREF = re.compile(r'href="(https?://[^"]+)"', re.IGNORECASE)
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lowercased, without accents: "Éléphant" and "elephant" match the same term."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# --- Blocked terms ------------------------------------------------------------------------


def check_blocked_terms(
    *, author: User, source: str, rendered: RenderedPost, topic: Topic | None, at: datetime
) -> Verdict:
    terms, domains = _blocked_terms(_blocked_terms_version())
    folded = fold(source)
    hold = ""
    replaced = source
    for blocked in terms:
        if not blocked.pattern.search(folded):
            continue
        if blocked.effect == BlockedTerm.Effect.BLOCK:
            raise PostingRefused(
                _("Your message contains a word this site does not accept: “%(term)s”.")
                % {"term": blocked.term},
                code="blocked_term",
            )
        if blocked.effect == BlockedTerm.Effect.HOLD:
            hold = Hold.BLOCKED_TERM
        else:
            replaced = _replace(replaced, blocked)
    for host in _link_hosts(rendered):
        for blocked in domains:
            if host == blocked.term or host.endswith("." + blocked.term):
                if blocked.effect == BlockedTerm.Effect.BLOCK:
                    raise PostingRefused(
                        _("Links to %(domain)s are not accepted on this site.")
                        % {"domain": blocked.term},
                        code="blocked_term",
                    )
                hold = Hold.BLOCKED_TERM
    return Verdict(hold=hold, source=replaced if replaced != source else None)


class _Compiled:
    def __init__(self, term: BlockedTerm) -> None:
        self.term = term.term
        self.effect = term.effect
        self.replacement = term.replacement
        self.pattern = re.compile(rf"(?<!\w){re.escape(fold(term.term))}(?!\w)")


@lru_cache(maxsize=2)
def _blocked_terms(version: int) -> tuple[tuple[_Compiled, ...], tuple[_Compiled, ...]]:
    """Every blocked term, compiled once per version (an edit bumps the version)."""
    rows = list(BlockedTerm.objects.all())
    terms = tuple(_Compiled(row) for row in rows if not row.is_domain)
    domains = tuple(_Compiled(row) for row in rows if row.is_domain)
    for domain in domains:
        domain.term = fold(domain.term).strip(".")
    return terms, domains


def _replace(source: str, blocked: _Compiled) -> str:
    """Replace each occurrence of the term in `source`, whatever its case and accents.

    Folding keeps one character per character for the letters that matter here, so positions
    found in the folded text are those of the source; where it does not, the source is kept.
    """
    folded = fold(source)
    if len(folded) != len(source):
        return source
    pieces, last = [], 0
    for match in blocked.pattern.finditer(folded):
        pieces.append(source[last : match.start()])
        pieces.append(blocked.replacement)
        last = match.end()
    pieces.append(source[last:])
    return "".join(pieces)


def bump_blocked_terms() -> None:
    """Blocked terms changed: every process reads them again at its next post."""
    try:
        cache.incr(BLOCKED_TERMS_VERSION_KEY)
    except ValueError:
        cache.set(BLOCKED_TERMS_VERSION_KEY, time.time_ns(), timeout=None)


def _blocked_terms_version() -> int:
    # A version lost with the cache (a restart, an eviction) comes back as one never used
    # before: counting again from 0 would meet a process's terms compiled long ago at 0.
    return int(cache.get_or_set(BLOCKED_TERMS_VERSION_KEY, time.time_ns, timeout=None) or 0)


def _link_hosts(rendered: RenderedPost) -> set[str]:
    return {fold(urlsplit(url).hostname or "") for url in _HREF.findall(rendered.html)}


# --- Repeated text, links -------------------------------------------------------------------


def check_repeated_text(
    *, author: User, source: str, rendered: RenderedPost, topic: Topic | None, at: datetime
) -> Verdict:
    """The same text posted again by its author within REPEAT_WINDOW, in any topic: held.

    (The same text in the same topic within seconds is a double submit: the action returns the
    first post before asking the gate.)"""
    text = source.strip()
    if len(text) < REPEAT_MIN_CHARS:
        return Verdict()
    posted_before = Post.objects.filter(
        author=author, source=source, is_deleted=False, created_at__gt=at - REPEAT_WINDOW
    ).exists()
    return Verdict(hold=Hold.REPEATED_TEXT if posted_before else "")


def check_link_heavy(
    *, author: User, source: str, rendered: RenderedPost, topic: Topic | None, at: datetime
) -> Verdict:
    """A new member's post that is mostly links: held."""
    if author.trust_level > TrustLevel.NEW:
        return Verdict()
    links = len(_HREF.findall(rendered.html))
    if links < LINK_HEAVY_MIN_LINKS:
        return Verdict()
    words = len(_WORD.findall(re.sub(r"https?://\S+", " ", source)))
    if words <= links * LINK_HEAVY_MAX_WORDS_PER_LINK:
        return Verdict(hold=Hold.LINKS)
    return Verdict()


# --- An Akismet-compatible checker ----------------------------------------------------------


def check_with_akismet(
    *, author: User, source: str, rendered: RenderedPost, topic: Topic | None, at: datetime
) -> Verdict:
    """Ask an Akismet-compatible service (`KIOSQUE_AKISMET_KEY`, `KIOSQUE_AKISMET_URL`) whether
    the post is spam: held if it says so. Off without a key; a service that does not answer
    in time lets the post through (logged): the other rules still apply."""
    if not settings.KIOSQUE_AKISMET_KEY:
        return Verdict()
    url = settings.KIOSQUE_AKISMET_URL.rstrip("/") + "/comment-check"
    data = {
        "api_key": settings.KIOSQUE_AKISMET_KEY,
        "blog": settings.SITE_URL,
        "comment_type": "reply" if topic is not None else "forum-post",
        "comment_author": author.username,
        "comment_author_email": author.email,
        "comment_content": source,
        "comment_date_gmt": at.isoformat(),
        "user_role": "user",
        "blog_lang": settings.LANGUAGE_CODE,
    }
    request = urllib.request.Request(
        url,
        data=urlencode(data).encode(),
        headers={"User-Agent": f"Kiosque | {settings.SITE_NAME}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=AKISMET_TIMEOUT_SECONDS) as response:
            answer = response.read(100).decode("utf-8", "replace").strip()
            debug = response.headers.get("X-akismet-debug-help", "")
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        logger.warning("The spam checker did not answer: %s", error)
        return Verdict()
    if answer not in {"true", "false"}:
        logger.warning("The spam checker answered %r (%s)", answer, debug)
        return Verdict()
    return Verdict(hold=Hold.SPAM_CHECKER if answer == "true" else "")

"""Markdown to safe HTML, rendered once when text is saved and stored beside its source.

Raw HTML in the source is never interpreted: `<br />` typed by a writer stays visible text.
Every output goes through an nh3 allow-list as a second line of defence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

import nh3
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

ARTICLE_TAGS = {
    "p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "a", "em", "strong", "code", "pre",
    "figure", "figcaption", "img", "br", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ARTICLE_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "loading", "decoding", "data-image"},
    "th": {"scope"},
}
# `![alt](image:42 "caption")`: picture 42 of the media library, stored as a placeholder
# (`<img data-image="42" alt="alt">`) that `media.templatetags.pictures.expand_images` turns into
# its responsive <picture> when the page is shown, so that new renditions need no re-rendering.
_LIBRARY_IMAGE_RE = re.compile(r"image:(\d{1,18})\Z")


def _article_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.core.ruler.push("figures_and_headings", _figures_and_headings)
    md.add_render_rule("image", _render_image)
    return md


def _figures_and_headings(state: Any) -> None:
    """Article titles are the page's h1, so `#` in a body becomes h2; lone images become figures."""
    tokens: list[Token] = state.tokens
    for index, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 1, 4) if token.tag == "h1" else int(token.tag[1])
            token.tag = f"h{max(level, 2)}"
        if token.type == "paragraph_open" and index + 2 < len(tokens):
            inline = tokens[index + 1]
            children = inline.children or []
            if len(children) == 1 and _is_picture(children[0]):
                token.tag = tokens[index + 2].tag = "figure"


def _is_picture(token: Token) -> bool:
    source = str(token.attrGet("src") or "")
    return token.type == "image" and (
        not source.startswith("image:") or bool(_LIBRARY_IMAGE_RE.match(source))
    )


def _render_image(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    source = str(token.attrGet("src") or "")
    alt = escape(self.renderInlineAsText(token.children or [], options, env))
    caption = token.attrGet("title")
    if source.startswith("image:"):
        library_image = _LIBRARY_IMAGE_RE.match(source)
        if library_image is None:
            return alt
        img = f'<img data-image="{library_image[1]}" alt="{alt}">'
    else:
        img = f'<img src="{escape(source)}" alt="{alt}" loading="lazy" decoding="async">'
    if caption:
        return f"{img}<figcaption>{escape(str(caption))}</figcaption>"
    return img


_ARTICLE_PARSER = _article_parser()


def render_article_body(source: str) -> str:
    """Render a newsroom-written Markdown body to sanitised HTML."""
    html = _ARTICLE_PARSER.render(source or "")
    return nh3.clean(
        html,
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


# --- Members' posts -------------------------------------------------------------------------
# A post is written by anyone with an account, so it gets a stricter treatment than an article:
# no headings (they would break the page's outline), images only from our own media storage,
# links marked as user content, and an allow-list without a single free-form attribute.

# Beyond this many different names, a post is a mass notification: later @names stay text.
MENTIONS_PER_POST = 10
# Quotes nested deeper than this are left as text (a real conversation never gets there, and it
# bounds the work spent looking for each `[/quote]`).
QUOTE_DEPTH_MAX = 6

POST_TAGS = {
    "p", "br", "strong", "em", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img",
    "span", "hr",
}  # fmt: skip
POST_ATTRIBUTES = {
    "a": {"href", "rel", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "blockquote": {"cite"},
    "ol": {"start"},
}
POST_CLASSES = {
    "a": {"mention", "post-image"},
    "p": {"quote__attribution", "post-heading"},
    "span": {"post-image__info"},
    "blockquote": {"quote"},
}
POST_URL_SCHEMES = {"http", "https", "mailto"}
USER_CONTENT_REL = "nofollow ugc noopener"

# C0/C1 controls except tab and newline, and the bidi embedding/override/isolate marks that can
# make a link's text read differently from where it goes.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_USERNAME = r"\w(?:[\w.\-]*\w)?"
_USERNAME_RE = re.compile(rf"{_USERNAME}\Z")
# `@name` not preceded by what would make it part of an e-mail address, a path or a word.
_MENTION_RE = re.compile(rf"(?<![\w.+\-@/]|&)@({_USERNAME})")
_QUOTE_OPEN_RE = re.compile(r'\[quote(?:="([^"\n\]]{0,200})")?\]\Z', re.IGNORECASE)
_QUOTE_CLOSE_RE = re.compile(r"\[/quote\]\Z", re.IGNORECASE)
_QUOTED_POST_RE = re.compile(r"post:\s*(\d{1,18})\Z")
_MEDIA_PATH_RE = re.compile(r"[A-Za-z0-9_\-][A-Za-z0-9_\-./]*\Z")
_URL_SCHEME_RE = re.compile(r"([^/?#]*):")

ImageInfo = Callable[[str], "tuple[int, int, int] | None"]
UsernameResolver = Callable[[set[str]], set[str]]


@dataclass(frozen=True)
class RenderedPost:
    """A post's HTML, stored beside its source, and what the writing action needs to know."""

    html: str
    mentions: frozenset[str] = frozenset()  # existing usernames, lowercased
    quoted_post_ids: frozenset[int] = frozenset()
    link_urls: tuple[str, ...] = ()  # bare links alone on their line: preview card candidates


def render_post(
    source: str,
    *,
    known_usernames: UsernameResolver | None = None,
    image_info: ImageInfo | None = None,
) -> RenderedPost:
    """Render a member's Markdown to sanitised HTML.

    `known_usernames` receives the lowercased names written as `@name` and returns those that
    belong to a member (any case); it defaults to a lookup of active members. Only those become
    links and count as mentions. `image_info` maps a media path ("posts/2026/11/a.jpg") to
    (width, height, bytes) to size an uploaded image and caption it; without it, no caption.
    Wording (quote attributions, sizes) follows the active language; links are the site's
    unprefixed URLs, since the stored HTML serves readers of every language.
    """
    text = _CONTROL_CHARACTERS.sub("", (source or "").replace("\r\n", "\n").replace("\r", "\n"))
    env: dict[str, Any] = {"image_info": image_info}
    tokens = _POST_PARSER.parse(text, env)
    tokens = _split_standalone_links(tokens)
    candidates = _mention_candidates(tokens)
    resolve = known_usernames or _active_usernames
    found = {name.lower(): name for name in resolve(set(candidates))} if candidates else {}
    mentions = {name: found[name] for name in candidates if name in found}
    _link_mentions(tokens, mentions)
    html = _POST_PARSER.renderer.render(tokens, _POST_PARSER.options, env)
    return RenderedPost(
        html=_sanitise_post_html(html),
        mentions=frozenset(mentions),
        quoted_post_ids=frozenset(
            token.meta["post_id"]
            for token in tokens
            if token.type == "quote_open" and token.meta.get("post_id")
        ),
        link_urls=tuple(dict.fromkeys(_standalone_link_urls(tokens))),
    )


def quote_markdown(*, username: str, post_id: int, text: str) -> str:
    """The Markdown block that quotes `text` from post `post_id` by `username`."""
    username = username if _USERNAME_RE.match(username) else ""
    header = f'[quote="{username}, post:{int(post_id)}"]' if username else "[quote]"
    return f"{header}\n{text.strip()}\n[/quote]\n\n"


def _post_parser() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark", {"html": False, "breaks": True, "linkify": True, "typographer": False}
    ).enable(["linkify", "strikethrough"])
    md.block.ruler.before(
        "fence", "quote", _quote_block, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.add_render_rule("quote_open", _render_quote_open)
    md.add_render_rule("quote_close", _render_quote_close)
    md.add_render_rule("heading_open", _render_heading_open)
    md.add_render_rule("heading_close", _render_heading_close)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("image", _render_post_image)
    return md


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].strip()


def _quote_close_line(state: StateBlock, start_line: int, end_line: int) -> int | None:
    """The line of the `[/quote]` matching the opening on `start_line`, counting nested quotes."""
    depth = 1
    for line in range(start_line + 1, end_line):
        if state.sCount[line] < state.blkIndent and not state.isEmpty(line):
            return None  # the enclosing list item ended first
        text = _line_text(state, line)
        if _QUOTE_OPEN_RE.match(text):
            depth += 1
            if depth > QUOTE_DEPTH_MAX:
                return None
        elif _QUOTE_CLOSE_RE.match(text):
            depth -= 1
            if depth == 0:
                return line
    return None


def _quote_block(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """`[quote="alice, post:123"]` … `[/quote]`, each on its own line, around any Markdown."""
    if state.is_code_block(startLine):
        return False
    opening = _QUOTE_OPEN_RE.match(_line_text(state, startLine))
    if opening is None:
        return False
    close_line = _quote_close_line(state, startLine, endLine)
    if close_line is None:
        return False
    if silent:
        return True
    username, post_id = _quote_source(opening.group(1) or "")
    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "blockquote"
    state.lineMax = close_line  # lazy continuation lines must not run past `[/quote]`
    token = state.push("quote_open", "blockquote", 1)
    token.block = True
    token.map = [startLine, close_line + 1]
    token.meta = {"username": username, "post_id": post_id}
    state.md.block.tokenize(state, startLine + 1, close_line)
    token = state.push("quote_close", "blockquote", -1)
    token.block = True
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = close_line + 1
    return True


def _quote_source(value: str) -> tuple[str, int | None]:
    """("alice", 123) from `alice, post:123`; anything unexpected is dropped, not shown."""
    parts = [part.strip() for part in value.split(",")]
    username = parts[0] if parts and _USERNAME_RE.match(parts[0]) else ""
    post_id = None
    for part in parts[1:]:
        if match := _QUOTED_POST_RE.match(part):
            post_id = int(match.group(1))
    return username, post_id


def _site_path(viewname: str, fallback: str, **kwargs: Any) -> str:
    """An unprefixed site URL; the fallback covers a URLconf that does not name it yet."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return reverse(viewname, kwargs=kwargs)
    except NoReverseMatch:
        return fallback


def _render_quote_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    username, post_id = tokens[idx].meta["username"], tokens[idx].meta["post_id"]
    url = (
        _site_path("community:post-permalink", f"/forum/p/{post_id}/", pk=post_id)
        if post_id
        else ""
    )
    cite = f' cite="{escape(url)}"' if url else ""
    html = f'<blockquote class="quote"{cite}>\n'
    if username:
        words = escape(_("%(username)s wrote:") % {"username": username})
        if url:
            words = f'<a href="{escape(url)}">{words}</a>'
        html += f'<p class="quote__attribution">{words}</p>\n'
    return html


def _render_quote_close(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return "</blockquote>\n"


def _render_heading_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    # A post is a section of a page whose outline belongs to the page: a heading typed in a
    # comment would jump levels, so it becomes a bold paragraph.
    return '<p class="post-heading"><strong>'


def _render_heading_close(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return "</strong></p>\n"


def _is_relative_url(url: str) -> bool:
    return _URL_SCHEME_RE.match(url) is None and not url.startswith("//")


def _render_link_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if not _is_relative_url(str(token.attrGet("href") or "")):
        token.attrSet("rel", USER_CONTENT_REL)
    return str(self.renderToken(tokens, idx, options, env))


def own_media_path(src: str) -> str | None:
    """The storage name of one of our own media files, or None for anything else."""
    prefix = settings.MEDIA_URL
    if not prefix or not src.startswith(prefix):
        return None
    path = src[len(prefix) :]
    if not _MEDIA_PATH_RE.match(path) or ".." in path or "//" in path:
        return None
    return path


def _render_post_image(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env).strip()
    path = own_media_path(src)
    if path is None:
        # Someone else's image would be loaded from their server by every reader: a link only.
        scheme = _URL_SCHEME_RE.match(src)
        if scheme and scheme.group(1).lower() not in {"http", "https"}:
            return escape(alt)
        rel = "" if _is_relative_url(src) else f' rel="{USER_CONTENT_REL}"'
        return f'<a href="{escape(src)}"{rel}>{escape(alt or src)}</a>'
    info = env["image_info"](path) if env.get("image_info") else None
    alt = alt or _("image")
    size = f' width="{int(info[0])}" height="{int(info[1])}"' if info else ""
    html = (
        f'<a class="post-image" href="{escape(src)}">'
        f'<img src="{escape(src)}" alt="{escape(alt)}"{size} loading="lazy"></a>'
    )
    if info:
        from django.template.defaultfilters import filesizeformat

        width, height, byte_size = info
        html += (
            f'<span class="post-image__info">{int(width)}\u00d7{int(height)} '
            f"{escape(filesizeformat(byte_size))}</span>"
        )
    return html


def _split_lines(children: list[Token]) -> tuple[list[list[Token]], list[Token]]:
    """An inline's children cut at its line breaks: the lines, and the breaks between them."""
    lines: list[list[Token]] = [[]]
    breaks: list[Token] = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            breaks.append(child)
            lines.append([])
        else:
            lines[-1].append(child)
    return lines, breaks


def _standalone_link(line: list[Token]) -> str | None:
    """The URL if this line is nothing but a bare web address."""
    meaningful = [t for t in line if not (t.type == "text" and not t.content.strip())]
    if len(meaningful) != 3:
        return None
    opening, label, closing = meaningful
    if opening.type != "link_open" or opening.info != "auto" or label.type != "text":
        return None
    if closing.type != "link_close":
        return None
    href = str(opening.attrGet("href") or "")
    return href if href.lower().startswith(("http://", "https://")) else None


def _paragraph(children: list[Token]) -> list[Token]:
    opening = Token("paragraph_open", "p", 1)
    opening.block = True
    inline = Token("inline", "", 0)
    inline.children = children
    inline.level = 1
    closing = Token("paragraph_close", "p", -1)
    closing.block = True
    return [opening, inline, closing]


def _split_standalone_links(tokens: list[Token]) -> list[Token]:
    """Give a bare link alone on its line its own top-level paragraph, where a card may go."""
    result: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "paragraph_open" and token.level == 0 and not token.hidden:
            lines, breaks = _split_lines(tokens[index + 1].children or [])
            if len(lines) > 1 and any(_standalone_link(line) for line in lines):
                group: list[Token] = []
                for number, line in enumerate(lines):
                    if _standalone_link(line):
                        if group:
                            result += _paragraph(group)
                        result += _paragraph(line)
                        group = []
                    else:
                        if group:
                            group.append(breaks[number - 1])
                        group += line
                if group:
                    result += _paragraph(group)
                index += 3
                continue
        result.append(token)
        index += 1
    return result


def _standalone_link_urls(tokens: list[Token]) -> list[str]:
    urls = []
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0 and not token.hidden:
            lines, _breaks = _split_lines(tokens[index + 1].children or [])
            if len(lines) == 1 and (url := _standalone_link(lines[0])):
                urls.append(url)
    return urls


def _mention_candidates(tokens: list[Token]) -> list[str]:
    """Lowercased `@names` in text outside links and code, in order, at most MENTIONS_PER_POST."""
    names: dict[str, None] = {}
    for token in tokens:
        if token.type != "inline":
            continue
        link_depth = 0
        for child in token.children or []:
            link_depth += child.type == "link_open"
            link_depth -= child.type == "link_close"
            if child.type == "text" and not link_depth:
                for match in _MENTION_RE.finditer(child.content):
                    if len(names) < MENTIONS_PER_POST:
                        names.setdefault(match.group(1).lower())
    return list(names)


def _link_mentions(tokens: list[Token], usernames: dict[str, str]) -> None:
    """Turn each `@name` of an existing member (lowercased → username) into a profile link."""
    if not usernames:
        return
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        link_depth = 0
        for child in token.children:
            link_depth += child.type == "link_open"
            link_depth -= child.type == "link_close"
            if child.type != "text" or link_depth:
                children.append(child)
                continue
            position = 0
            for match in _MENTION_RE.finditer(child.content):
                username = usernames.get(match.group(1).lower())
                if username is None:
                    continue
                children.append(_text(child.content[position : match.start()]))
                href = _site_path(
                    "accounts:profile", f"/membres/{quote(username)}/", username=username
                )
                opening = Token("link_open", "a", 1)
                opening.attrs = {"class": "mention", "href": href}
                children += [opening, _text(match.group(0)), Token("link_close", "a", -1)]
                position = match.end()
            children.append(_text(child.content[position:]))
        token.children = [child for child in children if child.type != "text" or child.content]


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _active_usernames(candidates: set[str]) -> set[str]:
    """The default mention resolver: members with an active account among `candidates`."""
    from django.contrib.auth import get_user_model
    from django.db.models.functions import Lower

    return set(
        get_user_model()
        .objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=candidates, is_active=True, is_deleted=False)
        .values_list("username", flat=True)
    )


def _is_safe_url(value: str) -> bool:
    """A relative URL or one of the allowed schemes, read the way a browser would read it."""
    scheme = _URL_SCHEME_RE.match(re.sub(r"[\x00-\x20\x7f]", "", value))
    return scheme is None or scheme.group(1).lower() in POST_URL_SCHEMES


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # nh3 checks the scheme of href and src but not of cite: one rule for all three here.
    if attribute in ("href", "src", "cite") and not _is_safe_url(value):
        return None
    return value


def _sanitise_post_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=POST_TAGS,
        attributes=POST_ATTRIBUTES,
        allowed_classes=POST_CLASSES,
        attribute_filter=_filter_attribute,
        url_schemes=POST_URL_SCHEMES,
        link_rel=None,
    ).strip()


_POST_PARSER = _post_parser()

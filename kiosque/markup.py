"""Markdown to safe HTML, rendered once when text is saved and stored beside its source.

Raw HTML in the source is never interpreted: `<br />` typed by a writer stays visible text.
Every output goes through an nh3 allow-list as a second line of defence.
"""

from __future__ import annotations

from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

ARTICLE_TAGS = {
    "p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "a", "em", "strong", "code", "pre",
    "figure", "figcaption", "img", "br", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ARTICLE_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "loading", "decoding"},
    "th": {"scope"},
}


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
            if len(children) == 1 and children[0].type == "image":
                token.tag = tokens[index + 2].tag = "figure"


def _render_image(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = self.escapeHtml(str(token.attrGet("src") or ""))
    alt = self.escapeHtml(self.renderInlineAsText(token.children or [], options, env))
    caption = token.attrGet("title")
    img = f'<img src="{src}" alt="{alt}" loading="lazy" decoding="async">'
    if caption:
        return f"{img}<figcaption>{self.escapeHtml(str(caption))}</figcaption>"
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

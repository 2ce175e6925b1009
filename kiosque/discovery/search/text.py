"""The text of stored HTML as readers read it: what is indexed, and what excerpts are cut from."""

from __future__ import annotations

import html
import re

# A post's quotes of other posts (`<blockquote class="quote">`, nested or not) are the quoted
# member's words: found in the quoted post, not in every post that quotes it.
_QUOTE = re.compile(
    r'<blockquote class="quote"[^>]*>(?:(?!<blockquote[\s>]).)*?</blockquote>', re.DOTALL
)
# Elements that end a word where they start or stop (paragraphs, list items, cells, breaks).
_BREAK = re.compile(
    r"</?(?:p|br|li|ul|ol|h[1-6]|blockquote|pre|div|figure|figcaption|table|tr|td|th|hr)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


def plain_text(stored_html: str, *, without_quotes: bool = False) -> str:
    """The words of `stored_html` (our own sanitised output), tags removed, entities decoded,
    spaces collapsed; without the quoted posts when asked."""
    if without_quotes:
        previous = None
        while previous != stored_html:
            previous, stored_html = stored_html, _QUOTE.sub(" ", stored_html)
    text = _TAG.sub("", _BREAK.sub(" ", stored_html))
    return _SPACES.sub(" ", html.unescape(text)).strip()

"""French typography, applied when a page is shown: the stored text is left as typed.

`french_spacing(html)` walks stored HTML (an article's body, a post) text node by text node and
puts the spaces French typesetting wants where line breaks must not fall:

- U+202F (narrow no-break space) before ``; : ! ?`` and inside « », replacing an ordinary or
  no-break space that is there, or adding one;
- U+00A0 (no-break space) between a number and its unit ("10 km", "3 Go", "20 %"), only where
  the text already has a space between them; the groups of a long number ("10 000 km") are
  held together by U+202F, the French thousands separator.

Never touched: tags and their attributes (hrefs included), character references (``&amp;``),
the content of ``<code>``, ``<pre>``, ``<kbd>``, ``<samp>``, ``<script>``, ``<style>`` and
``<textarea>``, addresses written in the text (``https://…``, ``www.…``, ``mailto:…``), times
and ratios ("17:30", "16:9"), emoji shortcodes (":tada:") and smileys (":)", ";-)", ":D"):
a colon or semicolon is spaced only where it ends a clause, before a space or the end of a
text. One pass of a tokenizer over the tags and one regular expression per text: about a
millisecond for a 5,000-word article (bench in the docstring of `tests/test_typography.py`).
"""

from __future__ import annotations

import re
from html import unescape

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

# Elements whose text is code or not text at all: left exactly as stored.
VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})

# A tag (quoted attribute values may hold ">"), a comment, or a doctype; everything else is text.
_TAG = re.compile(r"""<!--.*?-->|<[!/]?[A-Za-z][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""", re.S)
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")

# Spaces that may stand before the punctuation: replaced by the narrow no-break space.
_SPACE = "[ \u00a0\u202f\t]"
# Units the text may write after a number.
_UNITS = (
    "%|‰|€|\\$|£|°C|°F|°|"
    "km/h|km|m²|m³|m|cm|mm|µm|nm|kg|g|mg|t|l|L|ml|mL|cl|"
    "[kMGTP]?o|[kMGTP]?B|[kMGTP]?b|[kMGTP]?bit/s|[kMGTP]?o/s|[kMGTP]?B/s|"
    "[kMG]?Hz|[km]?W|[kM]?Wh|kWh|mAh|Ah|V|mV|"
    "ms|µs|ns|s|min|h|"
    "px|Mpx|dpi|ppp|fps|ips|pouces|FPS"
)
_TEXT = re.compile(
    # Kept as they are: addresses, shortcodes, smileys, times and ratios.
    r"(?P<keep>(?:https?|ftp)://[^\s<]+|www\.[^\s<]+|mailto:[^\s<]+"
    r"|:[a-z0-9_+-]+:"
    r"|(?<![\w])[:;]['-]?[()\[\]DPpOo/|*3]+(?![\w])"
    r"|\d+[:h]\d+)"
    # « followed by its space, or by none.
    r"|(?P<open>«)" + _SPACE + "?"
    # A space, or none, before », ; : ! ?
    r"|(?:" + _SPACE + r"|(?<=[^\s!?;:«(\[]))"
    r"(?P<mark>»|[!?](?![!?]*\w)|[;:](?=\s|$|»))"
    # A number, its space, its unit.
    r"|(?P<number>(?<![\w.,])\d{1,3}(?:[ \u202f]\d{3})+(?:[.,]\d+)?|(?<![\w.,])\d+(?:[.,]\d+)?)"
    r"[ \u00a0](?P<unit>(?:" + _UNITS + r"))(?![\w²³/])",
    re.S,
)
# What a text node must escape again once its character references are read.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def french_spacing(html: str) -> str:
    """`html` with French spacing in its text (see the module's docstring); tags untouched."""
    if not html:
        return html
    parts: list[str] = []
    verbatim = 0
    position = 0
    for tag in _TAG.finditer(html):
        text = html[position : tag.start()]
        if text:
            parts.append(text if verbatim else _space_text(text))
        parts.append(tag.group())
        position = tag.end()
        name = _TAG_NAME.match(tag.group())
        if name is not None and name.group(2).lower() in VERBATIM:
            if name.group(1):
                verbatim = max(verbatim - 1, 0)
            elif not tag.group().endswith("/>"):
                verbatim += 1
    rest = html[position:]
    if rest:
        parts.append(rest if verbatim else _space_text(rest))
    return "".join(parts)


def _space_text(text: str) -> str:
    """A text node spaced: read as characters (`&nbsp;` is a space like any other), written
    back escaped only if it changed, so that text without anything to space stays as stored."""
    plain = unescape(text) if "&" in text else text
    spaced = _TEXT.sub(_replace, plain)
    if spaced == plain:
        return text
    return spaced.translate(_ESCAPES)


def _replace(found: re.Match[str]) -> str:
    if found.group("keep") is not None:
        return found.group("keep")
    if found.group("open") is not None:
        return "«" + NARROW_NBSP
    if found.group("mark") is not None:
        return NARROW_NBSP + found.group("mark")
    number = found.group("number").replace(" ", NARROW_NBSP)
    return number + NBSP + found.group("unit")

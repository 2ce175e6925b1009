"""What the search box may suggest: the words of a missing page's address (404.html)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from django import template

register = template.Library()

# The words of an address worth searching for: letters, at least three (not "en", ids, "html").
_WORD = re.compile(r"[^\W\d_]{3,}")
_NOT_WORDS = {"html", "htm", "php", "www", "forum", "recherche"}
# A suggestion is a handful of words, never the whole of a long address.
SUGGESTED_WORDS = 6


@register.filter
def words_of_path(path: str) -> str:
    """ "ia openai lance gpt" for "/ia/openai-lance-gpt-5-1234/": a query to suggest."""
    words = [word for word in _WORD.findall(unquote(path)) if word.lower() not in _NOT_WORDS]
    return " ".join(words[:SUGGESTED_WORDS])

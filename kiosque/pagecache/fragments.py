"""Parts of shared pages remembered by what they show: `{% memo value … %}…{% endmemo %}`.

A comment or an article card looks the same on every page render until something it shows
changes. `{% memo %}` keeps its rendered HTML in this process, keyed by the values the block
shows (listed in the tag: the post's own fields, its author's name…), the language and the
block's place in its template. Nothing is ever invalidated: a change in any listed value is a
new key, and the old entry ages out. So the list must name everything the block shows.

Only shared renders are remembered (`personal.SHARED_RENDER`): a block rendered for one member
(their like button, their CSRF token) is rendered afresh every time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from django import template
from django.conf import settings
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .personal import SHARED_RENDER


class FragmentMemo:
    """Rendered fragments by key, the least recently used dropped beyond `max_entries`."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, html: str) -> None:
        with self._lock:
            self._entries[key] = html
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


memo = FragmentMemo(max_entries=settings.KIOSQUE_FRAGMENT_MEMO_ENTRIES)


class MemoNode(Node):
    def __init__(self, values: list[FilterExpression], body: NodeList) -> None:
        self.values = values
        self.nodelist = body

    def render(self, context: Context) -> SafeString:
        if not context.get(SHARED_RENDER) or not settings.KIOSQUE_FRAGMENT_MEMO:
            return mark_safe(self.nodelist.render(context))
        place = (self.origin.name if self.origin else "", self.token.position if self.token else 0)
        key = (place, get_language(), *(value.resolve(context) for value in self.values))
        html = memo.get(key)
        if html is None:
            html = self.nodelist.render(context)
            memo.put(key, html)
        return mark_safe(html)


def do_memo(parser: Parser, token: Token) -> MemoNode:
    """`{% memo value … %}…{% endmemo %}`: every value the block shows, listed."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% memo %} needs the values the block shows")
    body = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode([parser.compile_filter(bit) for bit in bits], body)

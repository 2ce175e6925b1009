"""Personal parts of a shared page: `{% personal "name" arg=value … %}…{% endpersonal %}`.

A shared page is rendered once for everyone, as an anonymous reader sees it. What differs for a
member (the member menu, the composer, like buttons, "new" marks, messages) is written inside
a `{% personal %}` block whose content depends only on the block's arguments, on `user`,
`request`, `csrf_token`, and on the extras a view or a preparer supplies. In the shared
document each block leaves a marker around its anonymous content:

    <!--personal community/_post.html#like {"post": 12, "likes": 3}-->…<!--/personal-->

`personalize(html, request)` renders each marked block again for the reader making the request
(the same template nodes, with the marker's arguments) and splices it in. The shared document
is never changed and never holds anything personal; the member's page is the shared page plus
their parts. Outside a shared render (a preview, a form page) the block simply renders its
content with its arguments.

Preparers load, in one query per page, what many blocks of one name need (which of the posts
shown the member liked): `PREPARERS[name](request, [arguments, …])` returns extra context.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from django import template
from django.http import HttpRequest
from django.template import Context, RequestContext
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.loader import get_template
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

# Context variable set while a shared document is rendered: blocks then leave markers.
SHARED_RENDER = "kiosque_shared_render"

# Batch loaders by block name, as dotted paths (imported on first use).
PREPARERS: dict[str, str] = {
    "like": "kiosque.community.personal.liked_posts",
    "topic-marks": "kiosque.community.following.prepare_marks",
    "follow": "kiosque.community.following.prepare_levels",
    "follow-discussion": "kiosque.community.following.prepare_levels",
}

_MARKER = re.compile(r"<!--personal ([\w/.-]+)#([\w-]+) (\{[^>]*\})-->(.*?)<!--/personal-->", re.S)
# Characters a marker's JSON must not carry inside an HTML comment.
_COMMENT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "-": "\\u002d"})

Arguments = dict[str, Any]
Preparer = Callable[[HttpRequest, Sequence[Arguments]], Mapping[str, Any]]


class PersonalNode(Node):
    def __init__(
        self, name: str, template_name: str, arguments: dict[str, FilterExpression], body: NodeList
    ) -> None:
        self.name = name
        self.template_name = template_name
        self.arguments = arguments
        self.nodelist = body

    def render(self, context: Context) -> SafeString:
        arguments = {name: value.resolve(context) for name, value in self.arguments.items()}
        with context.push(**arguments):
            inner = self.nodelist.render(context)
        if not context.get(SHARED_RENDER):
            return mark_safe(inner)
        payload = json.dumps(arguments, ensure_ascii=True, default=str).translate(_COMMENT_SAFE)
        return mark_safe(
            f"<!--personal {self.template_name}#{self.name} {payload}-->{inner}<!--/personal-->"
        )


def do_personal(parser: Parser, token: Token) -> PersonalNode:
    """`{% personal "name" arg=value … %}…{% endpersonal %}`"""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% personal "name" arg=value … %} needs a name')
    name = bits[1][1:-1]
    if not re.fullmatch(r"[\w-]+", name):
        raise template.TemplateSyntaxError(f"personal block name {name!r}: letters and dashes")
    arguments: dict[str, FilterExpression] = {}
    for bit in bits[2:]:
        key, equals, value = bit.partition("=")
        if not equals or not key.isidentifier():
            raise template.TemplateSyntaxError(f"personal block argument {bit!r}: use name=value")
        arguments[key] = parser.compile_filter(value)
    body = parser.parse(("endpersonal",))
    parser.delete_first_token()
    template_name = parser.origin.template_name if parser.origin else None
    if not template_name or not re.fullmatch(r"[\w/.-]+", str(template_name)):
        raise template.TemplateSyntaxError("personal blocks live in named templates")
    return PersonalNode(name, str(template_name), arguments, body)


def personalize(html: str, request: HttpRequest, extras: Mapping[str, Any] | None = None) -> str:
    """`html` (a shared document) with every personal block rendered for `request`'s reader."""
    found = list(_MARKER.finditer(html))
    if not found:
        return html
    blocks = [(m, _node(m.group(1), m.group(2)), json.loads(m.group(3))) for m in found]
    context = RequestContext(request, dict(extras or {}))
    by_name: dict[str, list[Arguments]] = {}
    for match, _found_node, arguments in blocks:
        by_name.setdefault(match.group(2), []).append(arguments)
    for name, all_arguments in by_name.items():
        if name in PREPARERS:
            context.update(dict(_preparer(name)(request, all_arguments)))
    parts: list[str] = []
    position = 0
    with context.bind_template(_node_template(found[0].group(1))):
        for match, node, arguments in blocks:
            parts.append(html[position : match.start()])
            if node is None:
                parts.append(match.group(4))  # a template changed since: keep the shared part
            else:
                with context.push(**arguments):
                    parts.append(node.nodelist.render(context))
            position = match.end()
    parts.append(html[position:])
    return "".join(parts)


@cache
def _node_template(template_name: str) -> template.base.Template:
    found: template.base.Template = get_template(template_name).template  # type: ignore[attr-defined]  # Django backend
    return found


@cache
def _node(template_name: str, name: str) -> PersonalNode | None:
    try:
        compiled = _node_template(template_name)
    except template.TemplateDoesNotExist:
        return None
    for node in compiled.nodelist.get_nodes_by_type(PersonalNode):
        if isinstance(node, PersonalNode) and node.name == name:
            return node
    return None


@cache
def _preparer(name: str) -> Preparer:
    preparer: Preparer = import_string(PREPARERS[name])
    return preparer

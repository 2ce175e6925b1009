"""The desk's badge of readers' error reports waiting for an editor."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from kiosque.newsroom import roles
from kiosque.newsroom.models import ErrorReport

register = template.Library()


@register.simple_tag(takes_context=True)
def open_error_reports_badge(context: template.Context) -> SafeString | str:
    """How many reports are open (one COUNT), for editors only; nothing when none is."""
    request = context.get("request")
    if request is None or not roles.can_keep_lists(request.user):
        return ""
    count = ErrorReport.objects.filter(state=ErrorReport.State.OPEN).count()
    if not count:
        return ""
    label = ngettext("%(count)d open", "%(count)d open", count) % {"count": count}
    return format_html(
        ' <span class="badge" aria-hidden="true">{}</span>'
        '<span class="visually-hidden"> ({})</span>',
        count,
        label,
    )

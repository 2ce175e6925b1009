"""A member's page's metadata in its `<head>`: `{% load member_metadata %}{% profile_metadata %}`
(`structured_data.py`)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from kiosque import metadata

from .. import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def profile_metadata(context: template.Context) -> SafeString:
    """`{% profile_metadata %}`: a member's profile (member, post_count)."""
    built = structured_data.profile_metadata(
        context["request"], context["member"], post_count=context.get("post_count") or 0
    )
    return metadata.render(built)

"""What a member's public page says of itself: canonical and alternates, Open Graph, Twitter
card and a `ProfilePage` whose `mainEntity` is the member as a `Person` (from the page's context:
no query). Shared machinery: `kiosque/metadata.py`; template tag:
`templatetags/member_metadata.py`."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from kiosque import metadata
from kiosque.metadata import CONTEXT, PageMetadata, absolute, iso

from .models import User


def profile_metadata(request: HttpRequest, member: User, *, post_count: int) -> PageMetadata:
    """A member's profile: og:type profile, and Google's `ProfilePage` (mainEntity: a Person
    with their name, bio, avatar and how many posts they wrote)."""
    canonical = metadata.canonical_url(request)
    description = metadata.description_of(
        member.bio,
        _("%(name)s, member of %(site)s") % {"name": member.username, "site": metadata.site_name()},
    )
    person = {
        "@type": "Person",
        "name": member.username,
        "alternateName": f"@{member.username}",
        "url": canonical,
        "agentInteractionStatistic": {
            "@type": "InteractionCounter",
            "interactionType": "https://schema.org/WriteAction",
            "userInteractionCount": post_count,
        },
    }
    if member.bio:
        person["description"] = member.bio
    if member.avatar:
        person["image"] = absolute(member.avatar.url)
    profile = {
        "@context": CONTEXT,
        "@type": "ProfilePage",
        "url": canonical,
        "name": member.username,
        "dateCreated": iso(member.date_joined),
        "mainEntity": person,
    }
    return metadata.build(
        request,
        title=member.username,
        description=description,
        og_type="profile",
        structured_data=[profile],
    )

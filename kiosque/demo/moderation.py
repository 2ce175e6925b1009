"""Load the demo's moderation: the moderators' group and account, reported and held posts,
blocked terms and an appeal (kiosque/demo/content/moderation.py says what and why).

Runs after the community loader, whose members report and whose discussions hold the staged
posts. Every post, report, appeal and blocked term goes through the actions
(`community.actions`, `moderation.actions`), so the queue, the statements of reasons and the log
are what the site itself would have made. Keys: the group and members by name, a blocked term by
its text, a staged post by its author and text in its topic (its reports and appeal come with
it). Running the load twice changes nothing.

The moderator is not staff: the group's permission alone lets her moderate. Like everyone who
moderates she has a second factor: an authenticator app whose secret is the demo's own
(DEMO_TOTP_SECRET, printed with her password), so that whoever tries the demo can add it to an
app and sign in as her.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from kiosque.accounts.models import User
from kiosque.community import actions as community
from kiosque.community.models import Post, Topic
from kiosque.moderation import actions
from kiosque.moderation.models import BlockedTerm, Decision
from kiosque.moderation.spam import bump_blocked_terms
from kiosque.newsroom.models import Article

from .community import DEMO_PASSWORD, ensure_member
from .content.moderation import (
    BLOCKED_TERMS,
    DEMO_TOTP_SECRET,
    MODERATOR,
    MODERATORS_GROUP,
    NEWCOMERS,
    STAGED_POSTS,
    StagedPost,
)
from .report import LoadReport

# A staged post's reports come this long after it, one after the other.
REPORT_INTERVAL = timedelta(hours=1)
# Its author's appeal comes this long before the load.
APPEAL_LEAD = timedelta(minutes=30)


@transaction.atomic
def load_moderation(*, now: datetime | None = None) -> LoadReport:
    """Create what is missing of the demo's moderation, leaving the rest alone."""
    now = now or timezone.now()
    report = LoadReport(
        label="Demo moderation",
        totals={
            "moderators": 1,
            "newcomers": len(NEWCOMERS),
            "blocked terms": len(BLOCKED_TERMS),
            "staged posts": len(STAGED_POSTS),
            "reports": sum(len(staged.reports) for staged in STAGED_POSTS),
            "appeals": sum(1 for staged in STAGED_POSTS if staged.appeal),
        },
        details={
            "moderators": (
                f'sign in as {MODERATOR.username}, password "{DEMO_PASSWORD}", then the code '
                f"of an authenticator app set up with the secret {DEMO_TOTP_SECRET}"
            ),
        },
    )
    password = make_password(DEMO_PASSWORD)
    moderator = ensure_member(MODERATOR, password, now, report)
    report.created["moderators"] = report.created.pop("members", 0)
    _ensure_moderators_group(moderator)
    _ensure_second_factor(moderator)
    for data in NEWCOMERS:
        ensure_member(data, password, now, report)
    report.created["newcomers"] = report.created.pop("members", 0)
    for term in BLOCKED_TERMS:
        if BlockedTerm.objects.filter(term=term.term, is_domain=term.is_domain).exists():
            continue
        actions.add_blocked_term(
            moderator=moderator,
            term=term.term,
            effect=term.effect,
            is_domain=term.is_domain,
            replacement=term.replacement,
        )
        report.created["blocked terms"] += 1
    if report.created["blocked terms"]:
        # The staged posts below pass the posting gate in this same transaction: it must read
        # the new terms now, not when the commit tells every process.
        bump_blocked_terms()
    for staged in STAGED_POSTS:
        _stage(staged, now=now, report=report)
    return report


def _ensure_second_factor(moderator: User) -> None:
    if not Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(moderator, DEMO_TOTP_SECRET)


def _ensure_moderators_group(moderator: User) -> None:
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(codename="moderate", content_type__app_label="moderation")
    )
    moderator.groups.add(group)


def _stage(staged: StagedPost, *, now: datetime, report: LoadReport) -> None:
    """Post `staged` with its reports and appeal, unless its topic has it already."""
    topic = _topic(staged.where, now=now)
    author = User.objects.get(username=staged.author)
    if Post.objects.filter(topic=topic, author=author, source=staged.text).exists():
        return
    posted_at = now - timedelta(hours=staged.hours_ago)
    post = community.post_reply(topic, author=author, source=staged.text, at=posted_at)
    report.created["staged posts"] += 1
    for number, data in enumerate(staged.reports, start=1):
        actions.report_post(
            post,
            reporter=User.objects.get(username=data.reporter),
            reason=data.reason,
            note=data.note,
            at=posted_at + number * REPORT_INTERVAL,
        )
        report.created["reports"] += 1
    if staged.appeal:
        decision = Decision.objects.filter(post=post, is_appealable=True).latest("created_at")
        actions.appeal_decision(decision, member=author, text=staged.appeal, at=now - APPEAL_LEAD)
        report.created["appeals"] += 1


def _topic(where: str, *, now: datetime) -> Topic:
    """An article's discussion by the article's slug, else a forum topic by its title."""
    article = Article.objects.published(at=now).select_related("topic").filter(slug=where).first()
    if article is not None and article.topic is not None:
        return article.topic
    return Topic.objects.get(slug=slugify(where)[:200], category__is_article_discussions=False)

"""Load the demo's newsroom team: one account per role, each with the byline they sign, and
articles in every state of the desk (kiosque/demo/content/newsroom_team.py says which).

Runs after the newsroom loader, whose sections the articles go in. Accounts are demo members
(password DEMO_PASSWORD, same as everyone's) put in the role's group; the articles are written,
submitted and scheduled through `newsroom.actions` by the member whose role does each step, so
the desk shows them as it would have made them. Keys: the username, the byline's slug, the
article's slug. Running the load twice changes nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from kiosque.accounts.models import User
from kiosque.newsroom import actions, roles
from kiosque.newsroom.models import Article, Author, Section, Tag

from .community import DEMO_PASSWORD, ensure_member
from .content.base import AuthorData
from .content.newsroom_team import DESK_ARTICLES, EDITOR, TEAM, DeskArticle
from .newsroom import PARIS
from .report import LoadReport


@transaction.atomic
def load_newsroom_team(*, now: datetime | None = None) -> LoadReport:
    """Create what is missing of the demo's newsroom team and its articles in the works."""
    now = now or timezone.now()
    usernames = ", ".join(team_member.member.username for team_member in TEAM)
    report = LoadReport(
        label="Demo newsroom team",
        totals={"accounts": len(TEAM), "articles in the works": len(DESK_ARTICLES)},
        details={
            "accounts": f'{usernames} (contributor, author, editor), password "{DEMO_PASSWORD}"',
            "articles in the works": "a draft, one in review, one scheduled",
        },
    )
    roles.ensure_role_groups()
    password = make_password(DEMO_PASSWORD)
    team: dict[str, User] = {}
    for team_member in TEAM:
        user = ensure_member(team_member.member, password, now, report)
        user.groups.add(Group.objects.get(name=team_member.role))
        _ensure_byline(team_member.byline, user)
        team[user.username] = user
    report.created["accounts"] = report.created.pop("members", 0)
    for data in DESK_ARTICLES:
        if not Article.objects.filter(slug=data.slug).exists():
            _write(data, team=team, now=now)
            report.created["articles in the works"] += 1
    return report


def _ensure_byline(data: AuthorData, user: User) -> Author:
    author, _created = Author.objects.get_or_create(
        slug=data.slug,
        defaults={"name": data.name, "job_title": data.job_title, "bio": data.bio, "user": user},
    )
    return author


def _write(data: DeskArticle, *, team: dict[str, User], now: datetime) -> Article:
    writer = team[data.writer]
    article = Article(
        title=data.title,
        slug=data.slug,
        lead=data.lead,
        body=data.body,
        section=Section.objects.get(slug=data.section),
    )
    actions.save_article(article, by=writer, tags=list(Tag.objects.filter(slug__in=data.tags)))
    if data.state in ("in_review", "scheduled"):
        actions.submit_for_review(article, by=writer)
    if data.state == "scheduled":
        actions.schedule_article(
            article, by=team[EDITOR.member.username], at=_release_time(data, now=now)
        )
    return article


def _release_time(data: DeskArticle, *, now: datetime) -> datetime:
    hour, minute = (int(part) for part in data.time.split(":"))
    day = timezone.localtime(now, PARIS).date() + timedelta(days=data.days_ahead)
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)

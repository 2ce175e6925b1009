"""What moderation keeps of a member: in their data export, and forgotten when they leave
(named in `accounts/export.py: SECTIONS` and `accounts/erasure.py: ERASERS`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kiosque.accounts.models import User

from .models import Appeal, Decision, Report


def reports(user: User) -> Iterator[dict[str, Any]]:
    """The posts the member reported, why, and what came of it."""
    for report in Report.objects.filter(reporter=user).order_by("created_at", "pk"):
        yield {
            "post": report.post_id,
            "reason": report.reason,
            "legal_ground": report.legal_ground,
            "note": report.note,
            "outcome": report.outcome,
            "reported_at": report.created_at,
            "decided_at": report.decided_at,
        }


def decisions(user: User) -> Iterator[dict[str, Any]]:
    """The decisions about the member's posts or account (their statements of reasons)."""
    concerning = Decision.objects.filter(member=user).order_by("created_at", "pk")
    for decision in concerning:
        yield {
            "decision": decision.verb,
            "rule": decision.rule,
            "note": decision.note,
            "detail": decision.detail,
            "automated": decision.is_automated,
            "post": decision.post_id,
            "topic": decision.topic_id,
            "decided_at": decision.created_at,
        }


def appeals(user: User) -> Iterator[dict[str, Any]]:
    for appeal in Appeal.objects.filter(member=user).order_by("created_at", "pk"):
        yield {
            "decision": appeal.decision_id,
            "text": appeal.text,
            "outcome": appeal.outcome,
            "answer": appeal.answer,
            "appealed_at": appeal.created_at,
            "decided_at": appeal.decided_at,
        }


def forget_member(user: User) -> None:
    """Erase what a member who leaves wrote to the moderators: their reports' explanations and
    addresses, their appeals' text. The reports' weight and outcomes stay (the posts' history
    stays true), and the log stays: it is the record of what moderators did."""
    Report.objects.filter(reporter=user).update(note="", legal_ground="", reporter_address=None)
    Appeal.objects.filter(member=user).update(text="")

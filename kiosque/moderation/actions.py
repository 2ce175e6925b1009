"""Every moderation write has its home here: reports, decisions, restrictions, appeals.

Each decision writes one `Decision` row (the log: who, what, on what, why, when) in the same
transaction as its effect, and the member it concerns gets a statement of reasons (under their
bell and by e-mail: what, the rule, whether the site's rules decided it, how to appeal). The
effects on posts and topics go through the community's own actions, which keep the counters
and announce the change. Each function returns what it did, or False when there was nothing to
do (a post already hidden), as Misago's moderation verbs do.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import override

from kiosque.accounts.models import TrustLevel, User
from kiosque.community import actions as community
from kiosque.community.models import DiscussionMode, Moderation, Post, Topic
from kiosque.community.posting_rules import may_take_part

from .models import RULE_OF_REASON, Appeal, BlockedTerm, Decision, HouseRule, Report, ReportReason
from .spam import bump_blocked_terms

# How many reports one member may send in a day: reports are cheap to send, not to read.
REPORTS_PER_DAY = 20
# A member has this long to appeal a decision.
APPEAL_WINDOW = timedelta(days=30)


class ReportRefused(ValidationError):
    """A report the rules do not take; `code` names why."""


class AppealRefused(ValidationError):
    """An appeal the rules do not take; `code` names why."""


def can_moderate(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("moderation.moderate"))


def can_set_discussion_rules(user: User) -> bool:
    """Moderators, and the editors who publish the articles (an article's discussion is
    theirs to open, watch or close)."""
    return can_moderate(user) or bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("newsroom.change_article")
    )


def _check_moderator(user: User) -> None:
    if not can_moderate(user):
        raise PermissionDenied(_("Only moderators can do this."))


# --- Reports --------------------------------------------------------------------------------


def report_post(
    post: Post,
    *,
    reporter: User,
    reason: str,
    legal_ground: str = "",
    note: str = "",
    address: str | None = None,
    at: datetime | None = None,
) -> Report:
    """`reporter` reports `post`. Its weight follows their trust level; when the open reports
    of a shown post weigh KIOSQUE_REPORT_HIDE_WEIGHT, the post is hidden until a moderator
    decides, and its author gets a statement saying the site's rules did it.

    Raises ReportRefused: "account_inactive", "own_post", "post_not_visible",
    "already_reported", "too_many_reports", "legal_ground_missing", "note_missing".
    """
    at = at or timezone.now()
    if not may_take_part(reporter, at=at):
        raise ReportRefused(_("Your account cannot report messages."), code="account_inactive")
    if post.author_id == reporter.pk:
        raise ReportRefused(_("You cannot report your own message."), code="own_post")
    if reason == ReportReason.ILLEGAL and not legal_ground.strip():
        raise ReportRefused(
            _("Say which law or which right this message breaks: the moderators need it."),
            code="legal_ground_missing",
        )
    if reason == ReportReason.OTHER and not note.strip():
        raise ReportRefused(_("Say what is wrong with this message."), code="note_missing")
    return _insert_report(
        post,
        reporter=reporter,
        reason=reason,
        legal_ground=legal_ground.strip(),
        note=note.strip(),
        address=address,
        at=at,
    )


@transaction.atomic
def _insert_report(
    post: Post,
    *,
    reporter: User,
    reason: str,
    legal_ground: str,
    note: str,
    address: str | None,
    at: datetime,
) -> Report:
    current = Post.objects.select_for_update().filter(pk=post.pk).first()
    if current is None or current.is_deleted or current.moderation == Moderation.HIDDEN:
        raise ReportRefused(_("This message is no longer available."), code="post_not_visible")
    if Report.objects.filter(post=current, reporter=reporter).exists():
        raise ReportRefused(
            _("You have already reported this message: the moderators will look at it."),
            code="already_reported",
        )
    sent_today = Report.objects.filter(reporter=reporter, created_at__gt=at - timedelta(days=1))
    if not reporter.is_staff and sent_today.count() >= REPORTS_PER_DAY:
        raise ReportRefused(
            _("You have sent many reports today: the moderators will read them first."),
            code="too_many_reports",
        )
    report = Report.objects.create(
        post=current,
        reporter=reporter,
        reason=reason,
        legal_ground=legal_ground,
        note=note,
        weight=report_weight(reporter),
        reporter_address=address or None,
        created_at=at,
    )
    weight = current.reports.open().aggregate(total=Sum("weight"))["total"] or 0
    if current.moderation == Moderation.SHOWN and weight >= settings.KIOSQUE_REPORT_HIDE_WEIGHT:
        community.set_post_moderation(current, state=Moderation.REPORTED, moderator=None)
        decision = _log(
            Decision.Verb.HIDE_BY_REPORTS,
            moderator=None,
            rule=RULE_OF_REASON[ReportReason(_heaviest_reason(current))],
            post=current,
            member=current.author,
            detail=_("reports weighing %(weight)d") % {"weight": weight},
            is_appealable=True,
            at=at,
        )
        _state_reasons(decision)
    return report


def report_weight(reporter: User) -> int:
    weights = settings.KIOSQUE_REPORT_WEIGHTS
    if reporter.is_staff:
        return int(weights[-1])
    return int(weights[min(reporter.trust_level, len(weights) - 1)])


def _heaviest_reason(post: Post) -> str:
    totals = (
        post.reports.open()
        .values("reason")
        .annotate(total=Sum("weight"))
        .order_by("-total", "reason")
    )
    first = totals.first()
    return str(first["reason"]) if first else ReportReason.OTHER


# --- Decisions on posts ---------------------------------------------------------------------


@transaction.atomic
def approve_post(post: Post, *, moderator: User, note: str = "") -> Decision | None:
    """Show a held or reported post; its open reports are dismissed. None if it was shown and
    had no open report."""
    _check_moderator(moderator)
    current = Post.objects.select_for_update().get(pk=post.pk)
    open_reports = current.reports.open()
    was_waiting = current.moderation in (Moderation.PENDING, Moderation.REPORTED)
    if not was_waiting and not open_reports.exists() and current.moderation == Moderation.SHOWN:
        return None
    community.set_post_moderation(current, state=Moderation.SHOWN, moderator=moderator)
    had_reports = open_reports.update(outcome=Report.Outcome.DISMISSED, decided_at=timezone.now())
    verb = Decision.Verb.APPROVE if was_waiting or not had_reports else Decision.Verb.DISMISS
    decision = _log(verb, moderator=moderator, note=note, post=current, member=current.author)
    if was_waiting:
        _tell(
            current.author,
            _("Your message in “%(topic)s” was approved: it is now shown.")
            % {"topic": _topic_title(current)},
            link=current.get_absolute_url(),
        )
    return decision


@transaction.atomic
def hide_post(post: Post, *, moderator: User, rule: str, note: str = "") -> Decision | None:
    """Hide `post` by a moderator's decision; its open reports are upheld, its author gets the
    statement of reasons. None if it was hidden already."""
    _check_moderator(moderator)
    current = Post.objects.select_for_update().get(pk=post.pk)
    if current.moderation == Moderation.HIDDEN:
        return None
    community.set_post_moderation(current, state=Moderation.HIDDEN, moderator=moderator)
    return _uphold_reports(
        current, verb=Decision.Verb.HIDE, moderator=moderator, rule=rule, note=note
    )


@transaction.atomic
def delete_post(post: Post, *, moderator: User, rule: str, note: str = "") -> Decision | None:
    """Delete `post` for good (it leaves the page like a post its author deleted); reports are
    upheld, the author gets the statement. None if it was deleted already."""
    _check_moderator(moderator)
    current = Post.objects.select_for_update().get(pk=post.pk)
    if current.is_deleted:
        return None
    community.set_post_deleted(current, is_deleted=True, moderator=moderator)
    return _uphold_reports(
        current, verb=Decision.Verb.DELETE, moderator=moderator, rule=rule, note=note
    )


def _uphold_reports(post: Post, *, verb: str, moderator: User, rule: str, note: str) -> Decision:
    """After a post was taken away: its open reports upheld, the decision logged (appealable),
    its author told why."""
    post.reports.open().update(outcome=Report.Outcome.UPHELD, decided_at=timezone.now())
    decision = _log(
        verb,
        moderator=moderator,
        rule=rule,
        note=note,
        post=post,
        member=post.author,
        is_appealable=True,
    )
    _state_reasons(decision)
    return decision


# --- Decisions on members -------------------------------------------------------------------


@transaction.atomic
def restrict_member(
    member: User,
    *,
    moderator: User,
    verb: str,
    until: datetime,
    rule: str,
    note: str = "",
    post: Post | None = None,
) -> Decision:
    """Make `member` read-only (verb "silence") or suspend them (verb "suspend": no sign-in)
    until `until`. The member gets the statement of reasons with the end date."""
    _check_moderator(moderator)
    if member.pk == moderator.pk:
        raise PermissionDenied(_("You cannot restrict your own account."))
    if member.is_staff and not moderator.is_superuser:
        raise PermissionDenied(_("Only an administrator can restrict a staff account."))
    if until <= timezone.now():
        raise ValidationError(_("Choose an end date in the future."), code="until_past")
    field: dict[str, str] = {
        Decision.Verb.SILENCE: "silenced_until",
        Decision.Verb.SUSPEND: "suspended_until",
    }
    if verb not in field:
        raise ValidationError(_("Unknown restriction."), code="unknown_verb")
    User.objects.filter(pk=member.pk).update(**{field[verb]: until})
    setattr(member, field[verb], until)
    decision = _log(
        verb,
        moderator=moderator,
        rule=rule,
        note=note,
        post=post,
        member=member,
        detail=_("until %(until)s") % {"until": _when(until)},
        is_appealable=True,
    )
    community.announce_member(member)
    _state_reasons(decision)
    return decision


@transaction.atomic
def reinstate_member(member: User, *, moderator: User, note: str = "") -> Decision | None:
    """Lift `member`'s read-only mode and suspension. None if they had neither."""
    _check_moderator(moderator)
    now = timezone.now()
    if not (member.is_silenced(now) or member.is_suspended(now)):
        return None
    User.objects.filter(pk=member.pk).update(silenced_until=None, suspended_until=None)
    member.silenced_until = member.suspended_until = None
    decision = _log(Decision.Verb.REINSTATE, moderator=moderator, note=note, member=member)
    _tell(
        member,
        _("The restrictions on your account were lifted."),
        link=decision_link(decision),
    )
    return decision


@transaction.atomic
def set_trust_level(member: User, *, moderator: User, level: int, note: str = "") -> Decision:
    """Set `member`'s trust level by hand: it no longer follows their participation."""
    _check_moderator(moderator)
    level = TrustLevel(level)
    User.objects.filter(pk=member.pk).update(trust_level=level, is_trust_level_locked=True)
    member.trust_level, member.is_trust_level_locked = level, True
    return _log(
        Decision.Verb.SET_TRUST,
        moderator=moderator,
        note=note,
        member=member,
        detail=str(level.label),
    )


# --- Decisions on discussions ---------------------------------------------------------------


@transaction.atomic
def set_discussion_rules(
    topic: Topic,
    *,
    moderator: User,
    is_closed: bool,
    discussion_mode: str,
    closes_at: datetime | None,
    note: str = "",
) -> list[Decision]:
    """Close or reopen a discussion, choose its mode (open, watched, pre-moderated) and when it
    closes by itself. One log line per change; [] when nothing changed."""
    if not can_set_discussion_rules(moderator):
        raise PermissionDenied(_("Only moderators and editors can do this."))
    before = Topic.objects.get(pk=topic.pk)
    if not community.set_topic_rules(
        topic,
        is_closed=is_closed,
        discussion_mode=discussion_mode,
        closes_at=closes_at,
        moderator=moderator,
    ):
        return []
    decisions = []
    if before.is_closed != is_closed:
        verb = Decision.Verb.LOCK_TOPIC if is_closed else Decision.Verb.UNLOCK_TOPIC
        decisions.append(_log(verb, moderator=moderator, note=note, topic=topic))
    if before.discussion_mode != discussion_mode or before.closes_at != closes_at:
        detail = str(DiscussionMode(discussion_mode).label)
        if closes_at is not None:
            detail += " — " + _("closes %(when)s") % {"when": _when(closes_at)}
        decisions.append(
            _log(Decision.Verb.SET_MODE, moderator=moderator, note=note, topic=topic, detail=detail)
        )
    return decisions


@transaction.atomic
def hide_topic(topic: Topic, *, moderator: User, rule: str, note: str = "") -> Decision | None:
    """Hide a whole topic (an article's discussion stays hidden whatever the article does)."""
    _check_moderator(moderator)
    if not community.set_topic_moderation(topic, state=Moderation.HIDDEN, moderator=moderator):
        return None
    decision = _log(
        Decision.Verb.HIDE_TOPIC,
        moderator=moderator,
        rule=rule,
        note=note,
        topic=topic,
        member=topic.author,
        is_appealable=topic.author is not None,
    )
    if topic.author is not None:
        _state_reasons(decision)
    return decision


@transaction.atomic
def show_topic(topic: Topic, *, moderator: User, note: str = "") -> Decision | None:
    _check_moderator(moderator)
    if not community.set_topic_moderation(topic, state=Moderation.SHOWN, moderator=moderator):
        return None
    return _log(Decision.Verb.SHOW_TOPIC, moderator=moderator, note=note, topic=topic)


# --- Appeals --------------------------------------------------------------------------------


def appeal_decision(
    decision: Decision, *, member: User, text: str, at: datetime | None = None
) -> Appeal:
    """`member` contests a decision about their post or account. It lands in the queue.

    Raises AppealRefused: "not_yours", "not_appealable", "already_appealed", "too_late",
    "empty"."""
    at = at or timezone.now()
    if decision.member_id != member.pk:
        raise AppealRefused(_("You can only appeal decisions about you."), code="not_yours")
    if not decision.is_appealable:
        raise AppealRefused(_("This decision cannot be appealed."), code="not_appealable")
    if at - decision.created_at > APPEAL_WINDOW:
        raise AppealRefused(_("The time to appeal this decision has passed."), code="too_late")
    if not text.strip():
        raise AppealRefused(_("Explain why the decision should change."), code="empty")
    with transaction.atomic():
        if Appeal.objects.filter(decision=decision).exists():
            raise AppealRefused(
                _("You have already appealed this decision."), code="already_appealed"
            )
        return Appeal.objects.create(
            decision=decision, member=member, text=text.strip(), created_at=at
        )


@transaction.atomic
def decide_appeal(appeal: Appeal, *, moderator: User, grant: bool, answer: str = "") -> Decision:
    """Grant an appeal (the decision is reversed: the post shown again, the restriction lifted)
    or refuse it. The member is told the outcome with the answer."""
    _check_moderator(moderator)
    current = Appeal.objects.select_for_update().select_related("decision").get(pk=appeal.pk)
    if current.outcome != Appeal.Outcome.OPEN:
        raise ValidationError(_("This appeal was already decided."), code="already_decided")
    if current.decision.moderator_id == moderator.pk and not moderator.is_superuser:
        raise PermissionDenied(_("Another moderator must decide on an appeal of your decision."))
    original = current.decision
    if grant:
        _reverse(original, moderator=moderator)
    current.outcome = Appeal.Outcome.GRANTED if grant else Appeal.Outcome.REFUSED
    current.answer = answer.strip()
    current.decided_at = timezone.now()
    current.save(update_fields=["outcome", "answer", "decided_at"])
    verb = Decision.Verb.GRANT_APPEAL if grant else Decision.Verb.REFUSE_APPEAL
    decision = _log(
        verb,
        moderator=moderator,
        note=current.answer,
        post=original.post,
        topic=original.topic,
        member=original.member,
        detail=_("appeal of decision %(id)d") % {"id": original.pk},
    )
    summary = (
        _("Your appeal was granted: the decision was reversed.")
        if grant
        else _("Your appeal was refused: the decision stands.")
    )
    assert original.member is not None
    _tell(original.member, summary, link=decision_link(original))
    return decision


def _reverse(decision: Decision, *, moderator: User) -> None:
    post, member = decision.post, decision.member
    if decision.verb in (Decision.Verb.HIDE, Decision.Verb.HIDE_BY_REPORTS) and post is not None:
        community.set_post_moderation(post, state=Moderation.SHOWN, moderator=moderator)
        post.reports.exclude(outcome=Report.Outcome.DISMISSED).update(
            outcome=Report.Outcome.DISMISSED, decided_at=timezone.now()
        )
    elif decision.verb == Decision.Verb.DELETE and post is not None:
        community.set_post_deleted(post, is_deleted=False, moderator=moderator)
    elif decision.verb in (Decision.Verb.SILENCE, Decision.Verb.SUSPEND) and member is not None:
        User.objects.filter(pk=member.pk).update(silenced_until=None, suspended_until=None)
    elif decision.verb == Decision.Verb.HIDE_TOPIC and decision.topic is not None:
        community.set_topic_moderation(decision.topic, state=Moderation.SHOWN, moderator=moderator)


# --- Blocked terms --------------------------------------------------------------------------


@transaction.atomic
def add_blocked_term(
    *, moderator: User, term: str, effect: str, is_domain: bool = False, replacement: str = ""
) -> BlockedTerm:
    _check_moderator(moderator)
    blocked = BlockedTerm.objects.create(
        term=term.strip(),
        effect=effect,
        is_domain=is_domain,
        replacement=replacement,
        created_by=moderator,
    )
    transaction.on_commit(bump_blocked_terms)
    return blocked


@transaction.atomic
def remove_blocked_term(blocked: BlockedTerm, *, moderator: User) -> bool:
    _check_moderator(moderator)
    deleted, _counts = BlockedTerm.objects.filter(pk=blocked.pk).delete()
    transaction.on_commit(bump_blocked_terms)
    return bool(deleted)


# --- Alerts ---------------------------------------------------------------------------------


def moderators() -> QuerySet[User]:
    """Active members who may moderate (directly, through a group, or as superusers)."""
    permission = Permission.objects.filter(
        codename="moderate", content_type__app_label="moderation"
    )
    return User.objects.filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=permission)
        | Q(groups__permissions__in=permission),
        is_active=True,
        is_deleted=False,
    ).distinct()


@transaction.atomic
def alert_surge(topic: Topic, *, posts: int, reports: int, minutes: int) -> Decision | None:
    """Tell moderators that a discussion is busier than usual (posts or reports). At most one
    alert per discussion an hour. None when one was sent already."""
    since = timezone.now() - timedelta(hours=1)
    if Decision.objects.filter(
        verb=Decision.Verb.SURGE, topic=topic, created_at__gt=since
    ).exists():
        return None
    detail = _("%(posts)d messages and %(reports)d reports in %(minutes)d minutes") % {
        "posts": posts,
        "reports": reports,
        "minutes": minutes,
    }
    decision = _log(Decision.Verb.SURGE, moderator=None, topic=topic, detail=detail)
    for moderator in moderators():
        with override(settings.LANGUAGE_CODE):
            summary = _("Busy discussion: “%(topic)s” — %(detail)s") % {
                "topic": Truncator(topic.title).chars(80),
                "detail": detail,
            }
        community.send_notice(moderator, summary=summary, link=queue_link(topic))
    return decision


# --- The log and the statements -------------------------------------------------------------


def _log(
    verb: str,
    *,
    moderator: User | None,
    rule: str = "",
    note: str = "",
    post: Post | None = None,
    topic: Topic | None = None,
    member: User | None = None,
    detail: str = "",
    is_appealable: bool = False,
    at: datetime | None = None,
) -> Decision:
    if topic is None and post is not None:
        topic = post.topic
    return Decision.objects.create(
        verb=verb,
        moderator=moderator,
        is_automated=moderator is None,
        rule=rule,
        note=note.strip(),
        post=post,
        topic=topic,
        member=member,
        detail=detail[:200],
        is_appealable=is_appealable,
        created_at=at or timezone.now(),
    )


def _state_reasons(decision: Decision) -> None:
    """The statement of reasons: the member concerned is told what was decided, under which
    rule, whether the site's rules decided, and that they can appeal (the page it links to)."""
    member = decision.member
    if member is None or member.is_deleted:
        return
    with override(settings.LANGUAGE_CODE):
        what = {
            Decision.Verb.HIDE_BY_REPORTS: _("Your message was hidden after members reported it"),
            Decision.Verb.HIDE: _("A moderator hid your message"),
            Decision.Verb.DELETE: _("A moderator deleted your message"),
            Decision.Verb.SILENCE: _("Your account was made read-only"),
            Decision.Verb.SUSPEND: _("Your account was suspended"),
            Decision.Verb.HIDE_TOPIC: _("A moderator hid your topic"),
        }.get(Decision.Verb(decision.verb), str(Decision.Verb(decision.verb).label))
        rule = HouseRule(decision.rule).label if decision.rule else ""
        summary = _("%(what)s (rule: %(rule)s). You can appeal.") % {"what": what, "rule": rule}
    _tell(member, summary, link=decision_link(decision))


def _tell(member: User, summary: str, *, link: str) -> None:
    if not member.is_deleted:
        community.send_notice(member, summary=summary, link=link)


def decision_link(decision: Decision) -> str:
    return reverse("moderation:decision", args=[decision.pk])


def queue_link(topic: Topic) -> str:
    return reverse("moderation:queue") + f"?topic={topic.pk}"


def _topic_title(post: Post) -> str:
    return Truncator(post.topic.title).chars(80)


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")

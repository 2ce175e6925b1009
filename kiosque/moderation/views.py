"""Moderation pages: a member's report and their reports' outcomes, statements of reasons and
appeals; for moderators, the queue, a member's standing, a discussion's rules and the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kiosque import ratelimits
from kiosque.accounts.models import User
from kiosque.community.models import Moderation, Post, Topic
from kiosque.security import client_address

from . import actions
from .forms import (
    AppealDecisionForm,
    AppealForm,
    DecisionForm,
    DiscussionRulesForm,
    LogFilterForm,
    ReportForm,
    TrustLevelForm,
)
from .models import RULE_OF_REASON, Appeal, Decision, HouseRule, Report, ReportReason

LOG_PAGE_SIZE = 50
QUEUE_PAGE_SIZE = 30
REFUSAL_STATUS = {
    "account_inactive": 403,
    "own_post": 403,
    "not_yours": 403,
    "post_not_visible": 404,
    "already_reported": 409,
    "already_appealed": 409,
    "already_decided": 409,
    "not_appealable": 409,
    "too_late": 409,
    "too_many_reports": 429,
    "rate_limited": 429,
}


def moderator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not actions.can_moderate(_member(request)):
            raise PermissionDenied(_("Only moderators can see this page."))
        return view(request, *args, **kwargs)

    return checked


# --- Members: reports, statements, appeals ----------------------------------------------------


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the report form for a post; POST: send the report (works without JavaScript)."""
    post = get_object_or_404(
        Post.objects.select_related("author", "topic").filter(
            is_deleted=False, topic__in=Topic.objects.visible()
        ),
        pk=pk,
    )
    form = ReportForm(request.POST or None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                _check_rate(request, "report")
                actions.report_post(
                    post,
                    reporter=_member(request),
                    address=client_address(request),
                    **form.cleaned_data,
                )
            except ValidationError as refusal:
                form.add_error(None, refusal)
                status = REFUSAL_STATUS.get(refusal.code or "", 409)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: your report was sent to the moderators. You can follow it "
                        "in “My reports”."
                    ),
                )
                # The report may have hidden the post: back to its discussion, which stays.
                return redirect(post.topic.get_absolute_url())
    context = {"post": post, "topic": post.topic, "form": form}
    return render(request, "moderation/report_form.html", context, status=status)


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    reports = Report.objects.filter(reporter=member).select_related("post__topic", "post__author")
    decisions = Decision.objects.filter(member=member, is_appealable=True).select_related(
        "post__topic", "topic"
    )
    held = Post.objects.filter(author=member, moderation=Moderation.PENDING, is_deleted=False)
    context = {
        "reports": Paginator(reports, QUEUE_PAGE_SIZE).get_page(request.GET.get("page")),
        "decisions": decisions[:50],
        "held_posts": held.select_related("topic")[:50],
    }
    return render(request, "moderation/my_reports.html", context)


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The statement of reasons: what was decided, on what, under which rule, by whom (a
    moderator or the site's rules), and the appeal form or the appeal's outcome."""
    decision = get_object_or_404(
        Decision.objects.select_related("post__topic", "topic", "member"), pk=pk
    )
    member = _member(request)
    if decision.member_id != member.pk and not actions.can_moderate(member):
        raise Http404
    appeal = Appeal.objects.filter(decision=decision).first()
    form = AppealForm(request.POST or None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                appeal = actions.appeal_decision(
                    decision, member=member, text=form.cleaned_data["text"]
                )
            except ValidationError as refusal:
                form.add_error(None, refusal)
                status = REFUSAL_STATUS.get(refusal.code or "", 409)
            else:
                messages.success(request, _("Your appeal was sent: a moderator will answer it."))
                return redirect("moderation:decision", decision.pk)
    can_appeal = (
        decision.member_id == member.pk
        and decision.is_appealable
        and appeal is None
        and timezone.now() - decision.created_at <= actions.APPEAL_WINDOW
    )
    context = {
        "decision": decision,
        "appeal": appeal,
        "form": form,
        "can_appeal": can_appeal,
        "rule": HouseRule(decision.rule).label if decision.rule else "",
        "appeal_deadline": decision.created_at + actions.APPEAL_WINDOW,
    }
    return render(request, "moderation/decision_detail.html", context, status=status)


def house_rules(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/house_rules.html", {"rules": HouseRule.choices})


# --- Moderators: the queue ------------------------------------------------------------------


@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    """Reported posts (heaviest first), held posts (oldest first), open appeals."""
    waiting = Q(moderation__in=[Moderation.PENDING, Moderation.REPORTED]) | Q(
        reports__outcome=Report.Outcome.OPEN
    )
    posts = (
        Post.objects.filter(waiting, is_deleted=False)
        .annotate(
            report_weight=Sum("reports__weight", filter=Q(reports__outcome=Report.Outcome.OPEN))
        )
        .select_related("author", "topic")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.open().select_related("reporter").order_by("created_at"),
                to_attr="open_reports",
            )
        )
    )
    topic_id = request.GET.get("topic", "")
    if topic_id.isdigit():
        posts = posts.filter(topic_id=int(topic_id))
    reported = posts.exclude(moderation=Moderation.PENDING).order_by("-report_weight", "created_at")
    held = posts.filter(moderation=Moderation.PENDING).order_by("created_at")
    appeals = Appeal.objects.open().select_related(
        "member", "decision__post__topic", "decision__topic", "decision__moderator"
    )
    context = {
        "reported": [_with_form(post) for post in reported[:QUEUE_PAGE_SIZE]],
        "held": [_with_form(post) for post in held[:QUEUE_PAGE_SIZE]],
        "appeals": appeals[:QUEUE_PAGE_SIZE],
        "reported_count": reported.count(),
        "held_count": held.count(),
        "appeal_count": appeals.count(),
    }
    return render(request, "moderation/queue.html", context)


HOLD_REASONS = {
    "premoderated": gettext_lazy("pre-moderated discussion"),
    "watched": gettext_lazy("new member in a watched discussion"),
    "quiet_hours": gettext_lazy("new member during quiet hours"),
    "blocked_term": gettext_lazy("contains a blocked term"),
    "repeated_text": gettext_lazy("the same text posted again"),
    "links": gettext_lazy("mostly links, from a new member"),
    "spam_checker": gettext_lazy("the spam checker says spam"),
}


def _with_form(post: Post) -> Post:
    reasons = [report.reason for report in getattr(post, "open_reports", [])]
    rule = RULE_OF_REASON[ReportReason(reasons[0])] if reasons else ""
    # Attributes for the queue's template only.
    post.decision_form = DecisionForm(initial={"rule": rule, "days": 7})  # type: ignore[attr-defined]  # template-only
    post.hold_label = HOLD_REASONS.get(post.hold_reason, post.hold_reason)  # type: ignore[attr-defined]  # template-only
    return post


@require_POST
@moderator_required
def decide_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("author", "topic"), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, status=400)
    moderator, data = _member(request), form.cleaned_data
    verb, rule, note = data["verb"], data["rule"], data["note"]
    try:
        if verb == "approve":
            done = actions.approve_post(post, moderator=moderator, note=note)
        elif verb == "hide":
            done = actions.hide_post(post, moderator=moderator, rule=rule, note=note)
        elif verb == "delete":
            done = actions.delete_post(post, moderator=moderator, rule=rule, note=note)
        else:
            if post.moderation == Moderation.REPORTED or post.reports.open().exists():
                actions.hide_post(post, moderator=moderator, rule=rule, note=note)
            done = actions.restrict_member(
                post.author,
                moderator=moderator,
                verb=verb,
                until=form.until(),
                rule=rule,
                note=note,
                post=post,
            )
    except ValidationError as refusal:
        form.add_error(None, refusal)
        return _refused(request, form, status=409)
    if done is None:
        messages.info(request, _("Nothing to do: it was done already."))
    else:
        messages.success(
            request, _("Done: “%(what)s”, written in the log.") % {"what": done.get_verb_display()}
        )
    return redirect(_back(request))


@require_POST
@moderator_required
def decide_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(Appeal, pk=pk)
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, form, status=400)
    try:
        actions.decide_appeal(
            appeal,
            moderator=_member(request),
            grant=form.cleaned_data["grant"],
            answer=form.cleaned_data["answer"],
        )
    except ValidationError as refusal:
        form.add_error(None, refusal)
        return _refused(request, form, status=409)
    messages.success(request, _("The appeal was decided; the member was told."))
    return redirect("moderation:queue")


def _back(request: HttpRequest) -> str:
    """Where the moderator was (a page of this site), or the queue."""
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return reverse("moderation:queue")


def _refused(request: HttpRequest, form: Any, *, status: int) -> HttpResponse:
    errors = [str(message) for errors in form.errors.values() for message in errors]
    context = {"errors": errors, "back_url": _back(request)}
    return render(request, "moderation/refused.html", context, status=status)


# --- Moderators: a member, a discussion -----------------------------------------------------


@moderator_required
def member_standing(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(User, username=username, is_deleted=False)
    moderator = _member(request)
    trust_form = TrustLevelForm(
        request.POST if request.POST.get("form") == "trust" else None,
        initial={"level": member.trust_level},
    )
    if trust_form.is_bound and trust_form.is_valid():
        actions.set_trust_level(
            member,
            moderator=moderator,
            level=trust_form.cleaned_data["level"],
            note=trust_form.cleaned_data["note"],
        )
        messages.success(request, _("Trust level set."))
        return redirect("moderation:member", member.username)
    if request.method == "POST" and request.POST.get("form") == "reinstate":
        if actions.reinstate_member(member, moderator=moderator) is None:
            messages.info(request, _("Nothing to do: it was done already."))
        return redirect("moderation:member", member.username)
    context = {
        "member": member,
        "trust_form": trust_form,
        "now": timezone.now(),
        "decisions": Decision.objects.filter(member=member).select_related("moderator")[:50],
        "recent_posts": Post.objects.filter(author=member)
        .select_related("topic")
        .order_by("-created_at")[:20],
        "reports_made": Report.objects.filter(reporter=member).count(),
    }
    status = 400 if trust_form.is_bound else 200
    return render(request, "moderation/member.html", context, status=status)


@login_required
def discussion_rules(request: HttpRequest, pk: int) -> HttpResponse:
    if not actions.can_set_discussion_rules(_member(request)):
        raise PermissionDenied(_("Only moderators and editors can see this page."))
    topic = get_object_or_404(Topic, pk=pk)
    initial = {"discussion_mode": topic.discussion_mode, "is_closed": topic.is_closed}
    form = DiscussionRulesForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        days = data["close_after_days"]
        closes_at = timezone.now() + timedelta(days=days) if days else topic.closes_at
        if request.POST.get("clear_closing"):
            closes_at = None
        actions.set_discussion_rules(
            topic,
            moderator=_member(request),
            is_closed=data["is_closed"],
            discussion_mode=data["discussion_mode"],
            closes_at=closes_at,
            note=data["note"],
        )
        messages.success(request, _("The discussion's rules were saved."))
        return redirect("moderation:discussion", topic.pk)
    status = 400 if form.is_bound else 200
    return render(
        request, "moderation/discussion_rules.html", {"topic": topic, "form": form}, status=status
    )


# --- The log ---------------------------------------------------------------------------------


@moderator_required
def log(request: HttpRequest) -> HttpResponse:
    form = LogFilterForm(request.GET or None)
    decisions = Decision.objects.select_related("moderator", "member", "post", "topic")
    if form.is_valid():
        decisions = _filtered(decisions, form.cleaned_data)
    page = Paginator(decisions, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(
        request,
        "moderation/log.html",
        context,
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


def _filtered(decisions: Any, data: dict[str, Any]) -> Any:
    if data.get("verb"):
        decisions = decisions.filter(verb=data["verb"])
    if data.get("moderator"):
        decisions = decisions.filter(moderator__username__iexact=data["moderator"])
    if data.get("member"):
        decisions = decisions.filter(member__username__iexact=data["member"])
    if data.get("since"):
        decisions = decisions.filter(created_at__date__gte=data["since"])
    if data.get("until"):
        decisions = decisions.filter(created_at__date__lte=data["until"])
    if data.get("automated") is not None:
        decisions = decisions.filter(is_automated=data["automated"])
    return decisions


def public_log(request: HttpRequest) -> HttpResponse:
    """The moderation log as readers may see it (as Lobsters has): what, which rule, when, and
    the discussion; never who moderated, who was concerned, nor the notes."""
    if not settings.KIOSQUE_PUBLIC_MODERATION_LOG:
        raise Http404
    public_verbs = [
        Decision.Verb.HIDE_BY_REPORTS,
        Decision.Verb.HIDE,
        Decision.Verb.DELETE,
        Decision.Verb.SILENCE,
        Decision.Verb.SUSPEND,
        Decision.Verb.LOCK_TOPIC,
        Decision.Verb.HIDE_TOPIC,
        Decision.Verb.GRANT_APPEAL,
    ]
    decisions = Decision.objects.filter(verb__in=public_verbs).select_related("topic")
    page = Paginator(decisions, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "moderation/public_log.html", {"page": page})


def _check_rate(request: HttpRequest, scope: str) -> None:
    try:
        ratelimits.check_request(request, scope)
    except ratelimits.RateLimited as limited:
        raise actions.ReportRefused(limited.message, code="rate_limited") from None


def _member(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user

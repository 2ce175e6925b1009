"""Reports, decisions (the append-only moderation log), appeals, and blocked terms.

What a decision does to a post or an account is written on that post or account
(`Post.moderation`, `User.silenced_until`…) by `moderation.actions`; the rows here say who asked
and who decided, why and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiosque.community.models import Post, Topic


class HouseRule(models.TextChoices):
    """The site's rules, which every decision names (the statement of reasons quotes it)."""

    RESPECT = "respect", _("Respect: no insults, harassment or hate")
    ON_TOPIC = "on_topic", _("Stay on topic")
    NO_SPAM = "no_spam", _("No spam or advertising")
    LAWFUL = "lawful", _("Nothing illegal")
    PRIVACY = "privacy", _("Respect others' privacy")
    IDENTITY = "identity", _("No impersonation")
    OTHER = "other", _("Other (see the note)")


class ReportReason(models.TextChoices):
    """Why a member reports a post (a notice in the sense of the EU Digital Services Act)."""

    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Off topic")
    HARASSMENT = "harassment", _("Harassment, insults or hate")
    ILLEGAL = "illegal", _("Illegal content")
    OTHER = "other", _("Something else")


# The rule a report points to, preselected for the moderator who decides on it.
RULE_OF_REASON = {
    ReportReason.SPAM: HouseRule.NO_SPAM,
    ReportReason.OFF_TOPIC: HouseRule.ON_TOPIC,
    ReportReason.HARASSMENT: HouseRule.RESPECT,
    ReportReason.ILLEGAL: HouseRule.LAWFUL,
    ReportReason.OTHER: HouseRule.OTHER,
}


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> ReportQuerySet:
        return self.filter(outcome=Report.Outcome.OPEN)


class Report(models.Model):
    """A member's report of a post. Its weight follows the reporter's trust level."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("waiting for a moderator")
        UPHELD = "upheld", _("upheld: the post was hidden or deleted")
        DISMISSED = "dismissed", _("dismissed: the post stays")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=ReportReason.choices)
    # For illegal content: the law or the ground, as a DSA notice asks.
    legal_ground = models.CharField(_("law or ground"), max_length=300, blank=True)
    note = models.TextField(_("explanation"), max_length=2000, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Where it was sent from, for abuse handling only: blanked after KIOSQUE_IP_RETENTION_DAYS.
    reporter_address = models.GenericIPAddressField(_("sent from"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_member_post")
        ]
        indexes = [models.Index(fields=["outcome", "post"], name="report_open_by_post")]
        permissions = [("moderate", _("Can moderate: reports, queue, decisions"))]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.post_id}"


class Decision(models.Model):
    """One line of the moderation log: who did what, on what, why, when. Never edited.

    `moderator` is empty for what the site decided by itself (reports' weight, spam rules):
    the statement of reasons then says it was automated.
    """

    class Verb(models.TextChoices):
        APPROVE = "approve", _("approved")
        HOLD = "hold", _("held for review")
        HIDE_BY_REPORTS = "hide_by_reports", _("hidden after reports")
        HIDE = "hide", _("hidden")
        DELETE = "delete", _("deleted")
        DISMISS = "dismiss", _("reports dismissed")
        SILENCE = "silence", _("made read-only")
        SUSPEND = "suspend", _("suspended")
        REINSTATE = "reinstate", _("restrictions lifted")
        SET_TRUST = "set_trust", _("trust level set")
        LOCK_TOPIC = "lock_topic", _("discussion closed")
        UNLOCK_TOPIC = "unlock_topic", _("discussion reopened")
        SET_MODE = "set_mode", _("discussion mode set")
        HIDE_TOPIC = "hide_topic", _("topic hidden")
        SHOW_TOPIC = "show_topic", _("topic shown")
        GRANT_APPEAL = "grant_appeal", _("appeal granted")
        REFUSE_APPEAL = "refuse_appeal", _("appeal refused")
        SURGE = "surge", _("surge alert")

    verb = models.CharField(_("action"), max_length=16, choices=Verb.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    is_automated = models.BooleanField(_("decided by the site's rules"), default=False)
    rule = models.CharField(_("rule"), max_length=10, choices=HouseRule.choices, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_decisions",
        verbose_name=_("member concerned"),
    )
    # What the decision set, in a few words (an end date, a level, a mode), for the log.
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    # A decision that restricts a member or their post can be appealed; its appeal, if any.
    is_appealable = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb}"


class AppealQuerySet(models.QuerySet["Appeal"]):
    def open(self) -> AppealQuerySet:
        return self.filter(outcome=Appeal.Outcome.OPEN)


class Appeal(models.Model):
    """A member contests a decision about their post or account; a moderator answers."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("waiting for a moderator")
        GRANTED = "granted", _("granted: the decision was reversed")
        REFUSED = "refused", _("refused: the decision stands")

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="appeal")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals"
    )
    text = models.TextField(_("your explanation"), max_length=4000)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("appealed at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"{self.member_id} → {self.decision_id}"


class BlockedTerm(models.Model):
    """A word, phrase or domain moderators do not want in posts, and what happens to a post
    that contains it."""

    class Effect(models.TextChoices):
        BLOCK = "block", _("refuse the post")
        HOLD = "hold", _("hold the post for a moderator")
        REPLACE = "replace", _("replace the term")

    term = models.CharField(
        _("word, phrase or domain"),
        max_length=200,
        help_text=_(
            "Matched as a whole word, ignoring case and accents; a domain matches its "
            "subdomains in links."
        ),
    )
    is_domain = models.BooleanField(_("domain of a link"), default=False)
    effect = models.CharField(_("effect"), max_length=8, choices=Effect.choices)
    replacement = models.CharField(_("replacement"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["term"]
        verbose_name = _("blocked term")
        verbose_name_plural = _("blocked terms")
        constraints = [
            models.UniqueConstraint(fields=["term", "is_domain"], name="one_blocked_term"),
            models.CheckConstraint(
                condition=~Q(effect="replace") | ~Q(replacement=""),
                name="replace_has_replacement",
            ),
        ]

    def __str__(self) -> str:
        return self.term

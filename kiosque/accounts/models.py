from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kiosque.links import link

# A deleted member becomes "membre-supprime-<id>": nobody may sign up with such a name.
DELETED_USERNAME_PREFIX = "membre-supprime-"


class TrustLevel(models.IntegerChoices):
    """How far the site trusts a member, as in Discourse: limits lift as they take part."""

    NEW = 0, _("new member")
    BASIC = 1, _("basic member")
    MEMBER = 2, pgettext_lazy("trust level", "member")
    REGULAR = 3, _("regular")


# The levels a member may choose for the topics they start or reply to (the numbers of
# community.models.FollowLevel: watching, tracking, normal).
FOLLOW_DEFAULTS = [
    (3, pgettext_lazy("follow level", "Watching")),
    (2, pgettext_lazy("follow level", "Tracking")),
    (1, pgettext_lazy("follow level", "Normal")),
]


class User(AbstractUser):
    """A member of the site: reader with an account, journalist or moderator."""

    bio = models.TextField(_("bio"), blank=True, max_length=1000)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/%Y/%m/", blank=True)
    is_deleted = models.BooleanField(
        _("deleted account"),
        default=False,
        help_text=_("The member left: their posts stay, signed “deleted member”."),
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    email_on_reply = models.BooleanField(_("e-mail me when someone replies to me"), default=True)
    email_on_quote = models.BooleanField(_("e-mail me when someone quotes me"), default=True)
    email_on_mention = models.BooleanField(_("e-mail me when someone mentions me"), default=True)
    email_on_like = models.BooleanField(_("e-mail me when someone likes my post"), default=False)
    email_on_watched = models.BooleanField(
        _("e-mail me of new posts in topics I watch"), default=True
    )
    # Following (community.models.FollowLevel, by number: accounts imports nothing above it):
    # what starting a topic and replying to one set, as in Discourse.
    follow_on_create = models.PositiveSmallIntegerField(
        _("level of the topics I start"), choices=FOLLOW_DEFAULTS, default=3
    )
    follow_on_reply = models.PositiveSmallIntegerField(
        _("level of the topics I reply to"), choices=FOLLOW_DEFAULTS, default=2
    )
    # "Mark all as read" from the forum index: topics created before are no longer new to them.
    new_topics_since = models.DateTimeField(_("topics new to me since"), null=True, blank=True)
    # Account standing: set by moderation, read by the posting gate and at sign-in.
    trust_level = models.PositiveSmallIntegerField(
        _("trust level"), choices=TrustLevel.choices, default=TrustLevel.NEW
    )
    is_trust_level_locked = models.BooleanField(
        _("trust level set by a moderator"),
        default=False,
        help_text=_("The level no longer follows the member's participation."),
    )
    silenced_until = models.DateTimeField(
        _("read-only until"), null=True, blank=True, help_text=_("Cannot post, like or report.")
    )
    suspended_until = models.DateTimeField(
        _("suspended until"), null=True, blank=True, help_text=_("Cannot sign in.")
    )
    # Participation, from which the trust level is earned.
    days_visited_count = models.PositiveIntegerField(_("days visited"), default=0)
    last_visited_on = models.DateField(_("last visit"), null=True, blank=True)
    posts_read_count = models.PositiveIntegerField(_("posts read"), default=0)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.username

    def get_absolute_url(self) -> str:
        return link("accounts:profile", username=self.username)

    def is_silenced(self, at: datetime) -> bool:
        return self.silenced_until is not None and self.silenced_until > at

    def is_suspended(self, at: datetime) -> bool:
        return self.suspended_until is not None and self.suspended_until > at

    @property
    def public_name(self) -> str:
        """The name shown on the member's posts: their username, or “deleted member”."""
        return gettext("deleted member") if self.is_deleted else self.username

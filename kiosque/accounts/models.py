from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kiosque.links import link

# A deleted member becomes "membre-supprime-<id>": nobody may sign up with such a name.
DELETED_USERNAME_PREFIX = "membre-supprime-"


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

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.username

    def get_absolute_url(self) -> str:
        return link("accounts:profile", username=self.username)

    @property
    def public_name(self) -> str:
        """The name shown on the member's posts: their username, or “deleted member”."""
        return gettext("deleted member") if self.is_deleted else self.username

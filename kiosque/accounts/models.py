from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of the site: reader with an account, journalist or moderator."""

    bio = models.TextField(_("bio"), blank=True, max_length=1000)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/%Y/%m/", blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"username": self.username})

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The newsroom's working area, /redaction/: where journalists and editors write, review,
    schedule and correct. Every page here acts through `newsroom.actions` and `media.actions`."""

    name = "kiosque.desk"
    label = "desk"
    verbose_name = _("Newsroom desk")

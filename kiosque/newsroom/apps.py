from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "kiosque.newsroom"
    label = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self) -> None:
        post_migrate.connect(_ensure_role_groups, sender=self, dispatch_uid="newsroom-roles")


def _ensure_role_groups(sender: AppConfig, *, using: str = "default", **kwargs: Any) -> None:
    """After migrating, and after a test database is flushed (which empties every table,
    migration 0004's groups too), the roles' groups with their permissions."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .roles import ensure_role_groups

    # auth's own handler may not have run yet for these apps in this round.
    for label in ("media", "newsroom"):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    ensure_role_groups(using=using)

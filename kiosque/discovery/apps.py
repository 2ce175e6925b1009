from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "kiosque.discovery"
    label = "discovery"
    verbose_name = _("Discovery")

    def ready(self) -> None:
        post_migrate.connect(_empty_search_index_after_flush, dispatch_uid="search-flush")


def _empty_search_index_after_flush(sender: AppConfig, **kwargs: Any) -> None:
    """`flush` (tests between transactional cases) empties the model tables and then sends
    post_migrate without a plan: the search index's own tables are emptied with them."""
    if sender.label != "newsroom" or "plan" in kwargs:
        return
    from kiosque.discovery.search.indexing import empty_index

    empty_index(using=kwargs.get("using", "default"))

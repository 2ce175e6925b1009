"""One announcement per change: what an action changed, said once, heard by everything that
keeps a copy of it.

Every action that changes what readers see calls `announce(...)` with the keys of what it
changed (`article:42`, `topic:17`, `home`…). When the transaction commits, and only then, the
keys are delivered:

1. once, in the process that made the change, to each listener named in
   `settings.KIOSQUE_ANNOUNCEMENT_LISTENERS` (the shared page cache's versions, CDN and Varnish
   purges; later the search index and webhooks);
2. in every serving process, through `kiosque.broadcast`, to what each process keeps for
   itself (its in-memory copies of pages, its live-comment streams).

No view, model `save()` or template calls a cache, a purge or a stream directly: they announce.

Keys name a kind and an id (`KIND:ID`), or a page that has no object of its own (`home`,
`forum`, `site`). `key_of(obj)` makes the key of a model instance.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import cache, partial

from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# What depends on every page: the site's name, its sections in the menu.
SITE = "site"
HOME = "home"
FORUM = "forum"

# The kind named in a key, by model (`user` is a member: `member:12`).
_KINDS = {"user": "member"}

Listener = Callable[[frozenset[str]], None]


def key_of(obj: models.Model) -> str:
    """The announcement key of a saved model instance: `article:42`, `member:12`…"""
    name = obj._meta.model_name or ""
    return f"{_KINDS.get(name, name)}:{obj.pk}"


def keys_of(objects: Iterable[models.Model | None]) -> set[str]:
    """The keys of `objects`, skipping None (a missing author, a post without a reply)."""
    return {key_of(obj) for obj in objects if obj is not None}


def announce(*keys: str, using: str | None = None) -> None:
    """Say that what `keys` name has changed, once the current transaction commits.

    Outside a transaction the keys are delivered at once. A rolled-back change announces
    nothing. A failing listener is logged and does not undo the change nor stop the others.
    """
    changed = frozenset(key for key in keys if key)
    if changed:
        transaction.on_commit(partial(deliver, changed), using=using, robust=True)


def deliver(keys: frozenset[str]) -> None:
    """Hand `keys` to every listener once, then to every serving process."""
    from kiosque import broadcast

    for listener in _listeners():
        try:
            listener(keys)
        except Exception:
            logger.exception("announcement listener %r failed for %s", listener, sorted(keys))
    broadcast.publish(keys)


@cache
def _listeners() -> tuple[Listener, ...]:
    return tuple(import_string(path) for path in settings.KIOSQUE_ANNOUNCEMENT_LISTENERS)


def reset_listeners() -> None:
    """Forget the listeners read from settings (tests that change the setting call this)."""
    _listeners.cache_clear()

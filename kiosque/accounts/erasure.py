"""What goes when a member leaves, beyond their own row (see `actions.delete_account`).

Each app erases what it keeps of the member through a function `(user) -> None` named by a
dotted path in ERASERS (accounts never imports the apps that build on it); each runs inside
the deletion's transaction. The member's sessions end in the worker (`end_sessions`): finding
them means reading every live session, too slow for the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import User

# Other apps add their own rows here (moderation: what it keeps of a member who leaves).
ERASERS: dict[str, str] = {
    "community": "kiosque.community.privacy.forget_member",
    "moderation": "kiosque.moderation.privacy.forget_member",
}
SESSION_ENGINES_IN_DATABASE = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}
SESSION_ENGINES_IN_CACHE = {
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
}


def erase_elsewhere(user: User) -> None:
    """Run every app's eraser for `user`, in the caller's transaction."""
    for path in ERASERS.values():
        eraser: Callable[[User], None] = import_string(path)
        eraser(user)


def end_sessions(user_id: int) -> int:
    """Delete every session of a member (signed in, or a draft kept for them); return how many.

    Their sessions no longer sign anyone in once the account is deleted, but they still hold
    what the member left in them (drafts) until they expire.
    """
    ended = 0
    if settings.SESSION_ENGINE in SESSION_ENGINES_IN_DATABASE:
        ended += _end_database_sessions(str(user_id))
    if settings.SESSION_ENGINE in SESSION_ENGINES_IN_CACHE:
        ended += _end_cached_sessions(str(user_id))
    return ended


def _store() -> SessionBase:
    store: SessionBase = import_module(settings.SESSION_ENGINE).SessionStore()
    return store


def _end_database_sessions(user_id: str) -> int:
    decoder = _store()
    live = Session.objects.filter(expire_date__gt=timezone.now()).order_by()
    theirs = [
        session.pk
        for session in live.iterator(chunk_size=1000)
        if decoder.decode(session.session_data).get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=theirs).delete()
    return len(theirs)


def _end_cached_sessions(user_id: str) -> int:
    cache = caches[settings.SESSION_CACHE_ALIAS]
    if not isinstance(cache, RedisCache):
        return 0  # an in-process cache dies with its process
    prefix = "django.contrib.sessions.cache"
    ended = 0
    for key in _cache_keys(cache, prefix):
        data = cache.get(key)
        if isinstance(data, dict) and data.get("_auth_user_id") == user_id:
            cache.delete(key)
            ended += 1
    return ended


def _cache_keys(cache: RedisCache, prefix: str) -> Iterator[str]:
    """The keys under `prefix`, as the cache API names them (without its own prefix)."""
    stored_prefix = cache.make_key(prefix)
    client = cache._cache.get_client()
    for raw in client.scan_iter(match=f"{stored_prefix}*", count=1000):
        name = raw.decode() if isinstance(raw, bytes) else str(raw)
        yield prefix + name.removeprefix(stored_prefix)

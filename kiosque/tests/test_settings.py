"""Settings come from the environment, with safe production defaults."""

import os
import socket
import subprocess
import sys

import pytest


def run_settings(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, "-c", f"import kiosque.settings as s; {code}"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({"KIOSQUE_ENV": "production", "SECRET_KEY": ""}, "pass")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_defaults_are_safe():
    result = run_settings(
        {"KIOSQUE_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "news.example"},
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.ALLOWED_HOSTS, s.STORAGES['staticfiles'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False True ['news.example']")
    assert "CompressedManifestStaticFilesStorage" in result.stdout


def test_without_any_variable_the_site_runs_on_sqlite_with_an_in_process_cache():
    result = run_settings(
        {}, "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_database_and_redis_urls_switch_the_backends():
    result = run_settings(
        {
            "DATABASE_URL": "postgres://kiosque@db.internal:5432/kiosque",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
        },
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)",
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cache",
    ]


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_answers(), reason="no Redis server on 127.0.0.1:6379 (README)")
def test_the_redis_cache_backend_talks_to_the_real_server(settings):
    from django.core.cache import caches

    settings.CACHES = {
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "KEY_PREFIX": "kiosque-test",
        }
    }
    cache = caches["redis"]
    cache.set("article:1", "« détruire »", 30)
    assert cache.get("article:1") == "« détruire »"
    cache.delete("article:1")


def test_postgresql_goes_through_a_bounded_pool_without_persistent_connections():
    result = run_settings(
        {"DATABASE_URL": "postgres://kiosque@db.internal:5432/kiosque"},
        "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['OPTIONS']['pool']['max_size'])",
    )
    assert result.stdout.split() == ["0", "10"]
    result = run_settings(
        {
            "DATABASE_URL": "postgres://kiosque@db.internal:5432/kiosque",
            "DATABASE_POOL_MAX_SIZE": "4",
            "DATABASE_POOL_MIN_SIZE": "1",
        },
        "p = s.DATABASES['default']['OPTIONS']['pool']; print(p['min_size'], p['max_size'])",
    )
    assert result.stdout.split() == ["1", "4"]


def test_a_persistent_connection_age_with_the_pool_is_refused_with_a_plain_message():
    env = {
        "DATABASE_URL": "postgres://kiosque@db.internal:5432/kiosque",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-m", "kiosque.cli", "check"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("kiosque: DATABASE_CONN_MAX_AGE cannot be used with the")
    assert "Traceback" not in result.stderr
    without_pool = run_settings(
        {**env, "DATABASE_POOL": "0"},
        "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], 'pool' in d.get('OPTIONS', {}))",
    )
    assert without_pool.stdout.split() == ["60", "False"]


def test_background_tasks_wait_in_the_database_by_default():
    result = run_settings({}, "print(s.TASKS['default']['BACKEND'])")
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend"

"""Settings come from the environment, with safe production defaults."""

import os
import re
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
DEVELOPMENT = {"KIOSQUE_ENV": "development"}
# What the test run's own environment sets, and every variable these tests choose themselves.
CHOSEN_HERE = {"DATABASE_URL", "REDIS_URL", "KIOSQUE_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}


def bare_environment() -> dict[str, str]:
    """This process's environment without anything that configures Kiosque or Django (the
    browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in the process they share with these tests)."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in CHOSEN_HERE
        and not name.startswith(("SECURE_", "TRUSTED_", "KIOSQUE_", "DJANGO_ALLOW_ASYNC"))
    }


def run_production_settings(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    """Runs `code` with the settings loaded from `env` alone: production's unless it asks."""
    return subprocess.run(
        [sys.executable, "-c", f"import kiosque.settings as s; {code}"],
        env={**bare_environment(), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_settings(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    """The same in development, as the test suite runs."""
    return run_production_settings({**DEVELOPMENT, **env}, code)


def a_secret_key() -> str:
    return secrets.token_urlsafe(50)


@pytest.mark.parametrize(
    "code",
    ["import kiosque.asgi", "import kiosque.wsgi", "import kiosque.settings"],
    ids=["asgi", "wsgi", "settings"],
)
def test_without_any_variable_every_entry_point_refuses_to_start_in_production(code):
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**bare_environment(), "DJANGO_SETTINGS_MODULE": "kiosque.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random string of at least 50 characters" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr  # how to make one
    assert "KIOSQUE_ENV=development" in result.stderr  # or how to ask for development


def test_a_management_command_refuses_with_the_message_and_no_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "kiosque.cli", "check"],
        env=bare_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("kiosque: SECRET_KEY must be set")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "x" * 49,
        "ab" * 30,  # long enough, but too few different characters (Django's W009)
        "kiosque-development-only-secret-key-never-use-in-production",
        "django-insecure-" + "k3y" * 20,
    ],
    ids=["too short", "too repetitive", "the committed development key", "django-insecure"],
)
def test_production_refuses_a_weak_key(key):
    result = run_production_settings({"SECRET_KEY": key}, "pass")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_defaults_are_safe():
    result = run_production_settings(
        {"SECRET_KEY": a_secret_key(), "ALLOWED_HOSTS": "news.example"},
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_PROXY_SSL_HEADER,"
        " s.ALLOWED_HOSTS, s.STORAGES['staticfiles']['BACKEND'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "None",  # no proxy is believed until TRUSTED_PROXIES names it
        "['news.example']",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_debug_cannot_be_turned_on_in_production():
    result = run_production_settings({"SECRET_KEY": a_secret_key(), "DEBUG": "1"}, "pass")
    assert result.returncode != 0
    assert "DEBUG=1" in result.stderr and "KIOSQUE_ENV=development" in result.stderr


def test_an_unknown_environment_name_is_refused():
    result = run_production_settings({"KIOSQUE_ENV": "prod"}, "pass")
    assert result.returncode != 0
    assert "KIOSQUE_ENV must be 'production'" in result.stderr


def test_development_only_when_asked_with_debug_the_committed_key_and_plain_http():
    result = run_settings(
        DEVELOPMENT,
        "print(s.DEBUG, len(s.SECRET_KEY) > 0, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "False", "False", "0"]


def test_a_site_served_over_plain_http_neither_redirects_nor_sends_hsts():
    result = run_production_settings(
        {"SECRET_KEY": a_secret_key(), "SECURE_COOKIES": "0"},
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)",
    )
    assert result.stdout.split() == ["False", "False", "False", "0"]


def test_behind_a_proxy_that_redirects_itself_the_redirect_alone_is_turned_off():
    result = run_production_settings(
        {"SECRET_KEY": a_secret_key(), "SECURE_SSL_REDIRECT": "0"},
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)",
    )
    assert result.stdout.split() == ["False", "31536000", "True"]


def test_trusted_proxies_make_the_forwarded_scheme_believed():
    result = run_production_settings(
        {"SECRET_KEY": a_secret_key(), "TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"},
        "print(s.TRUSTED_PROXIES, s.SECURE_PROXY_SSL_HEADER)",
    )
    assert result.stdout.strip() == (
        "['127.0.0.1', '10.0.0.0/8'] ('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_the_content_security_policy_can_be_made_report_only():
    code = (
        "print(hasattr(s, 'CONTENT_SECURITY_POLICY'), hasattr(s, "
        "'CONTENT_SECURITY_POLICY_REPORT_ONLY'))"
    )
    assert run_settings(DEVELOPMENT, code).stdout.split() == ["True", "False"]
    reporting = run_settings({**DEVELOPMENT, "KIOSQUE_CSP_REPORT_ONLY": "1"}, code)
    assert reporting.stdout.split() == ["False", "True"]


def readme_production_environment() -> dict[str, str]:
    """The environment README.md documents for production, with a real key for its
    placeholder."""
    text = README.read_text()
    block = re.search(r"```sh\n(   SECRET_KEY=.*?)```", text, re.DOTALL)
    assert block, "README.md documents the production environment in a sh block"
    env = {}
    for line in block.group(1).splitlines():
        name, _equals, value = line.strip().partition("=")
        if name:
            env[name] = value
    assert env["SECRET_KEY"].startswith("<")
    env["SECRET_KEY"] = a_secret_key()
    return env


def test_check_deploy_finds_nothing_with_the_readmes_production_environment(tmp_path):
    env = readme_production_environment()
    assert set(env) >= {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "TRUSTED_PROXIES"}
    result = subprocess.run(
        [sys.executable, "-m", "kiosque.cli", "check", "--deploy", "--fail-level", "DEBUG"],
        env={**bare_environment(), **env, "KIOSQUE_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_without_any_variable_the_site_runs_on_sqlite_with_an_in_process_cache():
    result = run_settings(
        DEVELOPMENT, "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_database_and_redis_urls_switch_the_backends():
    result = run_settings(
        {
            **DEVELOPMENT,
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
        {**DEVELOPMENT, "DATABASE_URL": "postgres://kiosque@db.internal:5432/kiosque"},
        "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['OPTIONS']['pool']['max_size'])",
    )
    assert result.stdout.split() == ["0", "10"]
    result = run_settings(
        {
            **DEVELOPMENT,
            "DATABASE_URL": "postgres://kiosque@db.internal:5432/kiosque",
            "DATABASE_POOL_MAX_SIZE": "4",
            "DATABASE_POOL_MIN_SIZE": "1",
        },
        "p = s.DATABASES['default']['OPTIONS']['pool']; print(p['min_size'], p['max_size'])",
    )
    assert result.stdout.split() == ["1", "4"]


def test_a_persistent_connection_age_with_the_pool_is_refused_with_a_plain_message():
    env = {
        **DEVELOPMENT,
        "DATABASE_URL": "postgres://kiosque@db.internal:5432/kiosque",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    result = subprocess.run(
        [sys.executable, "-m", "kiosque.cli", "check"],
        env={**bare_environment(), **env},
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
    result = run_settings(DEVELOPMENT, "print(s.TASKS['default']['BACKEND'])")
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend"

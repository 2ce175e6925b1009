"""Kiosque settings, read from the environment.

Without any variable the site runs in development mode on SQLite with an in-process cache.
`KIOSQUE_ENV=production` (which `kiosque serve` sets) turns DEBUG off and requires a real
SECRET_KEY. See README.md, "Production", for every variable.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("KIOSQUE_VAR_DIR", BASE_DIR.parent / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


IS_PRODUCTION = os.environ.get("KIOSQUE_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not IS_PRODUCTION)

_DEV_SECRET_KEY = "kiosque-development-only-secret-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if IS_PRODUCTION else _DEV_SECRET_KEY)
if IS_PRODUCTION and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 32 characters in production "
        '(for example: python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Kiosque")

INSTALLED_APPS = [
    "kiosque.accounts",
    "kiosque.community",
    "kiosque.newsroom",
    "kiosque.moderation",
    "kiosque.discovery",
    "kiosque.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "kiosque.pagecache.middleware.SharedPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kiosque.pagecache.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth re-displays a refused form with 200; we answer 400 (429 when logins are throttled).
    "kiosque.accounts.middleware.FormErrorStatusMiddleware",
]

ROOT_URLCONF = "kiosque.urls"
WSGI_APPLICATION = "kiosque.wsgi.application"
ASGI_APPLICATION = "kiosque.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kiosque.context_processors.site",
            ],
            "builtins": ["kiosque.site_tags"],
        },
    },
]

# Database: SQLite in var/ by default; DATABASE_URL (postgres://…) in production.
_SQLITE_PATH = VAR_DIR / "kiosque.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{_SQLITE_PATH}",
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each process borrows connections from its own psycopg pool and gives them back at the end
    # of every request: under ASGI a persistent connection (CONN_MAX_AGE) belongs to the request
    # that opened it and is never reused, so connections piled up until PostgreSQL refused all.
    # DATABASE_POOL=0 (behind PgBouncer, say) goes back to Django's own connections.
    _conn_max_age = os.environ.get("DATABASE_CONN_MAX_AGE", "").strip()
    if env_bool("DATABASE_POOL", default=True):
        if _conn_max_age not in ("", "0"):
            raise ImproperlyConfigured(
                "DATABASE_CONN_MAX_AGE cannot be used with the connection pool: unset it "
                "(connections are reused through the pool; size it with DATABASE_POOL_MAX_SIZE), "
                "or set DATABASE_POOL=0 to use persistent connections instead."
            )
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "2")),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "10")),
            # A request waiting longer than this for a connection fails rather than piling up.
            "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = int(_conn_max_age or "0")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] == str(_SQLITE_PATH):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while one writer commits; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue instead of failing with "database is locked" mid-way.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    # Tests use a file (one per process), not Django's shared-cache memory database whose
    # table locks fail at once instead of queueing: concurrency tests need SQLite's real locks.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"kiosque-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (`kiosque worker`): e-mails, link previews, clean-ups. Tasks wait in the
# database, so the worker needs nothing else, on SQLite as on PostgreSQL (kiosque/worker.py).
KIOSQUE_TASK_QUEUES = ["mail", "previews", "default"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": KIOSQUE_TASK_QUEUES}}

# Cache, sessions: Redis when REDIS_URL is set, otherwise in-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kiosque",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kiosque",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "kiosque.accounts.hashers.KiosqueArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "newsroom:home"

# allauth: sign-up by username + e-mail, e-mail confirmation mandatory.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# One address per member; a new one replaces it only once confirmed.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_ADAPTER = "kiosque.accounts.adapter.AccountAdapter"

# Internationalisation: French first, English under /en/.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"
FORMAT_MODULE_PATH = ["kiosque.formats"]

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: the console in development; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kiosque <noreply@kiosque.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Security: safe by default in production, relaxed only for local development.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=IS_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A reply whose form expired comes back with its text, not as Django's bare 403 page.
CSRF_FAILURE_VIEW = "kiosque.community.views.csrf_failure"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if IS_PRODUCTION else None
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Publication: follow links shown on article pages (hidden when unset).
KIOSQUE_GOOGLE_NEWS_URL = os.environ.get("KIOSQUE_GOOGLE_NEWS_URL", "")
KIOSQUE_WHATSAPP_URL = os.environ.get("KIOSQUE_WHATSAPP_URL", "")
# How many posts of an article's discussion the article page shows.
KIOSQUE_ARTICLE_COMMENTS_SHOWN = int(os.environ.get("KIOSQUE_ARTICLE_COMMENTS_SHOWN", "20"))
# The page cache (kiosque/pagecache/): reading pages rendered once for every anonymous reader,
# kept in each process's memory (and in Redis when REDIS_URL is set) until an announcement of
# something they show. Off only to measure rendering itself.
KIOSQUE_PAGE_CACHE = env_bool("KIOSQUE_PAGE_CACHE", default=True)
# Memory each process gives to pages (each holds its page three times: plain, gzip, brotli).
KIOSQUE_PAGE_CACHE_MEGABYTES = int(os.environ.get("KIOSQUE_PAGE_CACHE_MEGABYTES", "32"))
# A page is rendered again after this long even without an announcement: what no announcement
# covers (another article's "on the same subject" list) catches up within this time.
KIOSQUE_PAGE_CACHE_TTL = int(os.environ.get("KIOSQUE_PAGE_CACHE_TTL", "3600"))
# `s-maxage` and `stale-while-revalidate` of shared pages for a cache tier in front. Short by
# default, so that a CDN that is not purged shows a new comment within a second; a tier that
# the announcements purge (deploy/varnish/) keeps pages longer on its own terms.
KIOSQUE_PAGE_CACHE_SECONDS = int(os.environ.get("KIOSQUE_PAGE_CACHE_SECONDS", "1"))
KIOSQUE_PAGE_STALE_SECONDS = int(os.environ.get("KIOSQUE_PAGE_STALE_SECONDS", "0"))
# Comments and cards rendered once and remembered by what they show (pagecache/fragments.py),
# and the lists around them remembered until the next publication (pagecache/generations.py):
# a page rendered again after a new comment renders that comment alone. Off only to measure.
KIOSQUE_FRAGMENT_MEMO = env_bool("KIOSQUE_FRAGMENT_MEMO", default=True)
KIOSQUE_FRAGMENT_MEMO_ENTRIES = int(os.environ.get("KIOSQUE_FRAGMENT_MEMO_ENTRIES", "4000"))
# Readers one process keeps connected to live streams (kiosque/live.py); beyond, 503 and the
# browser tries again a few seconds later.
KIOSQUE_LIVE_READERS_MAX = int(os.environ.get("KIOSQUE_LIVE_READERS_MAX", "5000"))
# Anonymous topic views are counted in memory and added to the database this often (seconds);
# 0 leaves them to an explicit flush (tests).
KIOSQUE_VIEW_COUNTS_FLUSH_SECONDS = float(os.environ.get("KIOSQUE_VIEW_COUNTS_FLUSH_SECONDS", "5"))
# Called once per change with the keys an action announced (kiosque/announcements.py): the
# shared page cache, then purges of the cache tier in front (Varnish, a CDN).
KIOSQUE_ANNOUNCEMENT_LISTENERS = env_list(
    "KIOSQUE_ANNOUNCEMENT_LISTENERS", "kiosque.pagecache.store.bump_versions"
)
# Purges of the tier in front by announcement key (kiosque/pagecache/purge.py): the addresses
# of Varnish servers running deploy/varnish/kiosque.vcl, and/or the dotted path of a callable
# `(keys: frozenset[str]) -> None` calling a CDN's purge API. Either adds the purge listener,
# after the shared versions (a purged page must not come back from a process's old copy).
KIOSQUE_PURGE_URLS = env_list("KIOSQUE_PURGE_URLS", "")
KIOSQUE_PURGE_BACKEND = os.environ.get("KIOSQUE_PURGE_BACKEND", "")
if (KIOSQUE_PURGE_URLS or KIOSQUE_PURGE_BACKEND) and (
    "kiosque.pagecache.purge.purge" not in KIOSQUE_ANNOUNCEMENT_LISTENERS
):
    KIOSQUE_ANNOUNCEMENT_LISTENERS.append("kiosque.pagecache.purge.purge")
# Link previews never fetch private, loopback or link-local addresses, except these "host:port".
KIOSQUE_PREVIEW_ALLOWED_HOSTS = env_list("KIOSQUE_PREVIEW_ALLOWED_HOSTS", "")
# Members' images are refused above this size, before Pillow reads them.
KIOSQUE_POST_IMAGE_MAX_BYTES = 8 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

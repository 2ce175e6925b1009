"""Kiosque settings, read from the environment.

Production is the default, whatever imports this module (`kiosque serve`, `kiosque.asgi` or
`kiosque.wsgi` under any server, a management command): DEBUG off, a real SECRET_KEY required,
HTTPS enforced. Development mode (DEBUG on, a committed key, plain HTTP) only when asked:
`KIOSQUE_ENV=development` (the test suite sets it in pyproject.toml). Without any other variable
the site runs on SQLite with an in-process cache. See README.md, "Production", for every variable.
"""

import json
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


KIOSQUE_ENV = os.environ.get("KIOSQUE_ENV", "production").strip().lower()
if KIOSQUE_ENV not in {"production", "development"}:
    raise ImproperlyConfigured(
        f"KIOSQUE_ENV must be 'production' (the default) or 'development', not {KIOSQUE_ENV!r}."
    )
IS_PRODUCTION = KIOSQUE_ENV == "production"
DEBUG = not IS_PRODUCTION and env_bool("DEBUG", default=True)
if IS_PRODUCTION and env_bool("DEBUG", default=False):
    raise ImproperlyConfigured(
        "DEBUG=1 shows settings and code to anyone who meets an error: it is refused in "
        "production. For a development site set KIOSQUE_ENV=development."
    )

_DEV_SECRET_KEY = "kiosque-development-only-secret-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if IS_PRODUCTION else _DEV_SECRET_KEY)
# Django's own measure of a usable key (its check security.W009): long and varied enough.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
if IS_PRODUCTION and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY == _DEV_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters (production is "
        'the default). Make one with: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
        " — or, for a development site on your own machine, set KIOSQUE_ENV=development."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Kiosque")

INSTALLED_APPS = [
    "kiosque.accounts",
    "kiosque.community",
    "kiosque.media",
    "kiosque.newsroom",
    "kiosque.desk",
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
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "kiosque.pagecache.middleware.SharedPageMiddleware",
    # First: the client's address and scheme, believed from TRUSTED_PROXIES alone.
    "kiosque.security.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "kiosque.security.PermissionsPolicyMiddleware",
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
    # A suspended member is signed out (kiosque/accounts/standing.py).
    "kiosque.accounts.standing.SuspendedMemberMiddleware",
    # allauth re-displays a refused form with 200; we answer 400 (429 when logins are throttled).
    "kiosque.accounts.middleware.FormErrorStatusMiddleware",
    # Staff without a second factor are sent to set one up before reaching any page.
    "kiosque.accounts.middleware.StaffSecondFactorMiddleware",
    "kiosque.ratelimits.RateLimitMiddleware",
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
                "kiosque.community.context_processors.notifications",
            ],
            "builtins": ["kiosque.site_tags"],
            "libraries": {"honeypot": "kiosque.honeypot"},
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
# One backend, one password check per sign-in attempt whether or not the login names a member
# (Django's ModelBackend beside allauth's checked an existing e-mail's password three times).
AUTHENTICATION_BACKENDS = ["kiosque.accounts.backends.SignInBackend"]
PASSWORD_HASHERS = [
    "kiosque.accounts.hashers.KiosqueArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Password hashes one process runs at once (19 MiB each); the others wait their turn, at most
# KIOSQUE_PASSWORD_CHECK_WAIT_SECONDS, then are asked to try again (503): a burst of sign-ins
# cannot exhaust memory. 0: no cap.
KIOSQUE_PASSWORD_CHECKS_MAX = int(os.environ.get("KIOSQUE_PASSWORD_CHECKS_MAX", "4"))
KIOSQUE_PASSWORD_CHECK_WAIT_SECONDS = float(
    os.environ.get("KIOSQUE_PASSWORD_CHECK_WAIT_SECONDS", "10")
)
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
# Failed sign-ins are counted by kiosque/accounts/throttle.py (per address, per address and
# account, progressive waits, known devices exempt), not by allauth's "login_failed" limit,
# which let anyone lock a member out by naming them.
ACCOUNT_RATE_LIMITS: dict[str, str] = {}
# The owner of an account under attack still signs in with a code e-mailed to them.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Unconfirmed sign-ups are deleted after this long (accounts/tasks.py): their names are free again.
KIOSQUE_UNCONFIRMED_ACCOUNT_HOURS = int(os.environ.get("KIOSQUE_UNCONFIRMED_ACCOUNT_HOURS", "24"))
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 1  # the link dies with the unconfirmed account
# Second factor (allauth.mfa): required for staff (accounts/middleware.py), optional for members.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Browsers allow passkeys on http://localhost only in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# One address per member; a new one replaces it only once confirmed.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_ADAPTER = "kiosque.accounts.adapter.AccountAdapter"
# The sign-up form with the honeypot and the minimum fill time (kiosque/honeypot.py).
ACCOUNT_FORMS = {"signup": "kiosque.accounts.forms.SignupForm"}
# Sign-up and posting forms sent back sooner than this after being shown are refused: people
# read and type, programs do not (kiosque/honeypot.py). 0 turns the check off (the test suite).
KIOSQUE_MIN_FILL_SECONDS = float(os.environ.get("KIOSQUE_MIN_FILL_SECONDS", "3"))

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
# SECURE_COOKIES=0 says the site is reached over plain HTTP (`make run`, a test server): then
# no cookie is marked secure and nothing sends the browser to HTTPS.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=IS_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A reply whose form expired comes back with its text, not as Django's bare 403 page.
CSRF_FAILURE_VIEW = "kiosque.community.views.composers.csrf_failure"
# Off only behind a TLS-terminating proxy that already redirects plain HTTP itself.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
# A year, as browsers' preload lists ask; browsers heed it only on a page that came over HTTPS.
HSTS_ONE_YEAR = 365 * 24 * 3600
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", str(HSTS_ONE_YEAR if SESSION_COOKIE_SECURE else 0))
)
# Subdomains of the site's own host only (news.example.org: *.news.example.org), never its parent.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Preloading is the owner's commitment (submitting the domain to hstspreload.org), not a
    # default: Django's reminder about it is not a fault of the deployment.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Proxies (addresses or networks, "127.0.0.1,10.0.0.0/8") whose X-Forwarded-For and
# X-Forwarded-Proto are believed, and only when the request comes from one of them
# (kiosque/security.py). None by default: anyone can send those headers.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
# Read only once kiosque.security.TrustedProxyMiddleware removed it from untrusted peers.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None

# Content-Security-Policy (django-csp): the site loads nothing from elsewhere and has no inline
# script or style; images come from its own media (link cards show only images stored here);
# videos play in a frame of their host once the reader presses play (newsroom/video.py).
# KIOSQUE_CSP_IMAGE_SOURCES adds image hosts (a CDN serving /media/, say).
_VIDEO_HOSTS = [
    "https://www.youtube-nocookie.com",
    "https://www.dailymotion.com",
    "https://player.vimeo.com",
]
# The formats of the newsroom's image renditions, besides the social card's JPEG (kiosque/media/
# renditions.py): AVIF is smaller, slower to make (about 1 s of CPU per picture for all its
# sizes), and made only when the installed Pillow can.
KIOSQUE_IMAGE_FORMATS = env_list("KIOSQUE_IMAGE_FORMATS", "avif,webp")
# libwebp's effort (its `method`, 0 to 6): 4 makes files about 15 % smaller than 0 for
# two and a half times the CPU. The test suite, which makes thousands of renditions to look at
# their sizes and not their bytes, asks for 0 (pyproject.toml).
KIOSQUE_WEBP_EFFORT = min(max(int(os.environ.get("KIOSQUE_WEBP_EFFORT", "4")), 0), 6)

CSP_REPORT_URL = "/csp-report/"  # kiosque/urls.py: kiosque.security.csp_report
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *env_list("KIOSQUE_CSP_IMAGE_SOURCES", "")],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": _VIDEO_HOSTS,
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "report-uri": [CSP_REPORT_URL],
}
# On, enforced; KIOSQUE_CSP_REPORT_ONLY=1 only reports what it would block (to try a change).
KIOSQUE_CSP_REPORT_ONLY = env_bool("KIOSQUE_CSP_REPORT_ONLY", default=False)
if KIOSQUE_CSP_REPORT_ONLY:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}
# A violation report bigger than this is not a browser's: refused unread.
CSP_REPORT_MAX_BYTES = 16 * 1024
# Permissions-Policy (kiosque/security.py): every powerful feature off, except what a video's
# frame asks for (autoplay once pressed, fullscreen, picture-in-picture, protected media).
_VIDEO_FRAMES = "(self " + " ".join(f'"{host}"' for host in _VIDEO_HOSTS) + ")"
PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "autoplay": _VIDEO_FRAMES,
    "camera": "()",
    "display-capture": "()",
    "encrypted-media": _VIDEO_FRAMES,
    "fullscreen": _VIDEO_FRAMES,
    "geolocation": "()",
    "gyroscope": "()",
    "hid": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "picture-in-picture": _VIDEO_FRAMES,
    "serial": "()",
    "usb": "()",
    "xr-spatial-tracking": "()",
}

# Rate limits, counted in the cache (Redis with REDIS_URL: they hold across processes):
# "count/period/key" rules as allauth writes them, period s, m, h or d (with a number: 10m),
# key `user` (per account) or `ip` (per address, kiosque.security.client_address); every rule
# of a limit must hold. Each can be changed with KIOSQUE_RATE_LIMIT_<NAME> (kiosque/ratelimits.py).
KIOSQUE_RATE_LIMITS = {
    # A person writes a few replies a minute at most; a script writes fifty a second.
    # Above every trust level's own limit (community/trust.py): a guard against scripts.
    "post": "12/m/user,300/h/user,30/m/ip",
    # New topics are rarer than replies: a flood of them buries the forum.
    "topic": "3/10m/user,10/d/user,10/h/ip",
    # Liking a whole page quickly is human; liking hundreds a minute is not.
    "like": "30/m/user,300/h/user,60/m/ip",
    # Each upload is decoded and re-encoded: the costliest request a member can make.
    "upload": "10/m/user,60/h/user,20/m/ip",
    # Reports weigh on posts and fill the queue: a member has few reasons to send many.
    "report": "5/m/user,30/d/user,20/h/ip",
    # A reader reports an error in an article now and then; dozens an hour is a flood.
    "error_report": "5/10m/ip,20/d/ip,5/10m/user",
    # A search query is the most expensive reading request.
    "search": "20/m/user,20/m/ip",
    # Each CSP violation report is a log line: a page breaking sends a few, not hundreds.
    "csp_report": "30/m/ip",
}
KIOSQUE_RATE_LIMITS = {
    name: os.environ.get(f"KIOSQUE_RATE_LIMIT_{name.upper()}", rule)
    for name, rule in KIOSQUE_RATE_LIMITS.items()
}
# Sign-up, password reset and login are allauth's, counted in the same cache: only their
# numbers are set here (login failures are the sign-in block's, above).
ACCOUNT_RATE_LIMITS = {
    **ACCOUNT_RATE_LIMITS,
    # Sign-ups from one address: a family or an office, not a farm of accounts.
    "signup": os.environ.get("KIOSQUE_RATE_LIMIT_SIGNUP", "5/h/ip"),
    # Each request sends an e-mail: to an address (key), and from one address in all.
    "reset_password": os.environ.get("KIOSQUE_RATE_LIMIT_RESET_PASSWORD", "5/h/ip,3/h/key"),
    # The link of a reset e-mail, followed with guessed keys.
    "reset_password_from_key": os.environ.get(
        "KIOSQUE_RATE_LIMIT_RESET_PASSWORD_FROM_KEY", "20/h/ip"
    ),
    # Every attempt, failed or not, costs a password hash (19 MiB of memory).
    "login": os.environ.get("KIOSQUE_RATE_LIMIT_LOGIN", "30/m/ip"),
}

# Publication: the logo in the header and the icon of browser tabs, static paths
# (kiosque/static/… or a directory of STATICFILES_DIRS).
KIOSQUE_LOGO = os.environ.get("KIOSQUE_LOGO", "kiosque/img/logo.svg")
KIOSQUE_FAVICON = os.environ.get("KIOSQUE_FAVICON", "kiosque/img/favicon.svg")
# Publication: follow links shown on article pages (hidden when unset).
KIOSQUE_GOOGLE_NEWS_URL = os.environ.get("KIOSQUE_GOOGLE_NEWS_URL", "")
KIOSQUE_WHATSAPP_URL = os.environ.get("KIOSQUE_WHATSAPP_URL", "")
# How many posts of an article's discussion the article page shows.
KIOSQUE_ARTICLE_COMMENTS_SHOWN = int(os.environ.get("KIOSQUE_ARTICLE_COMMENTS_SHOWN", "20"))
# Feeds carry each article's whole text (with its pictures) after its lead; off: the lead alone.
KIOSQUE_FEED_FULL_TEXT = env_bool("KIOSQUE_FEED_FULL_TEXT", default=True)
# The mailbox of the mailto: part of List-Unsubscribe (RFC 8058); the sender's when empty.
KIOSQUE_UNSUBSCRIBE_MAILBOX = os.environ.get("KIOSQUE_UNSUBSCRIBE_MAILBOX", "")
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
# The search index follows every change too (kiosque/discovery/search/indexing.py), whatever
# else is listed: a search never finds what readers may no longer see.
KIOSQUE_SEARCH_LISTENER = "kiosque.discovery.search.indexing.on_announcement"
if KIOSQUE_SEARCH_LISTENER not in KIOSQUE_ANNOUNCEMENT_LISTENERS:
    KIOSQUE_ANNOUNCEMENT_LISTENERS.append(KIOSQUE_SEARCH_LISTENER)
# Link previews never fetch private, loopback or link-local addresses, except these "host:port".
KIOSQUE_PREVIEW_ALLOWED_HOSTS = env_list("KIOSQUE_PREVIEW_ALLOWED_HOSTS", "")
# IP addresses stored for abuse handling (kiosque/accounts/retention.py) are blanked after this
# many days: long enough to handle a report or a flood, not a record of where members live.
KIOSQUE_IP_RETENTION_DAYS = int(os.environ.get("KIOSQUE_IP_RETENTION_DAYS", "30"))
# Members' images are refused above this size, before Pillow reads them.
KIOSQUE_POST_IMAGE_MAX_BYTES = 8 * 1024 * 1024
# Decoding memory grows with pixels: 24 million is more than a phone's photo, and the cost of one
# decode is bounded besides (kiosque/images.py) so that an upload lifts a server process by less
# than 150 MB.
KIOSQUE_IMAGE_MAX_PIXELS = int(os.environ.get("KIOSQUE_IMAGE_MAX_PIXELS", 24_000_000))
KIOSQUE_IMAGE_DECODE_MAX_BYTES = int(os.environ.get("KIOSQUE_IMAGE_DECODE_MAX_BYTES", 112 << 20))
# Images are decoded in a helper process of each server process: the address space a decode may add
# to it (the budget above, with room for Pillow's and the codecs' own), and the time it may take;
# beyond either, the upload is refused as too costly.
KIOSQUE_IMAGE_DECODER_MEMORY_BYTES = int(
    os.environ.get("KIOSQUE_IMAGE_DECODER_MEMORY_BYTES", 256 << 20)
)
KIOSQUE_IMAGE_DECODE_TIMEOUT_SECONDS = float(
    os.environ.get("KIOSQUE_IMAGE_DECODE_TIMEOUT_SECONDS", "30")
)
# Stored bytes of a member's post images: in the last 24 hours (a flood fills no disk), and in all
# (unused ones are deleted after a day, so this counts what their posts show).
KIOSQUE_UPLOAD_QUOTA_BYTES_PER_DAY = int(
    os.environ.get("KIOSQUE_UPLOAD_QUOTA_BYTES_PER_DAY", 50 << 20)
)
KIOSQUE_UPLOAD_QUOTA_BYTES_TOTAL = int(
    os.environ.get("KIOSQUE_UPLOAD_QUOTA_BYTES_TOTAL", 500 << 20)
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Moderation and posting rules (kiosque/community/posting_rules.py, kiosque/moderation/) ---
# What members of each trust level may post (0 new, 1 basic, 2 member, 3 regular). Staff have no
# limit. New members' limits stop a fresh account from flooding a discussion (Discourse's are
# of the same order).
KIOSQUE_TRUST_LIMITS = {
    0: {
        "posts_per_minute": 3,
        "posts_per_day": 20,
        "topics_per_day": 3,
        "links_per_post": 2,
        "images_per_post": 1,
        "mentions_per_post": 2,
        "link_previews": False,
    },
    1: {
        "posts_per_minute": 5,
        "posts_per_day": 60,
        "topics_per_day": 10,
        "links_per_post": 5,
        "images_per_post": 5,
        "mentions_per_post": 5,
        "link_previews": True,
    },
    2: {
        "posts_per_minute": 8,
        "posts_per_day": 200,
        "topics_per_day": 20,
        "links_per_post": 20,
        "images_per_post": 10,
        "mentions_per_post": 10,
        "link_previews": True,
    },
    3: {
        "posts_per_minute": 10,
        "posts_per_day": 500,
        "topics_per_day": 40,
        "links_per_post": 30,
        "images_per_post": 20,
        "mentions_per_post": 20,
        "link_previews": True,
    },
}
# KIOSQUE_TRUST_LIMITS, as JSON, changes some of these numbers: {"0": {"posts_per_day": 10}}.
try:
    for _level, _numbers in json.loads(os.environ.get("KIOSQUE_TRUST_LIMITS") or "{}").items():
        if int(_level) not in KIOSQUE_TRUST_LIMITS or not set(_numbers) <= set(
            KIOSQUE_TRUST_LIMITS[0]
        ):
            raise ValueError(f"level {_level}: {sorted(_numbers)}")
        KIOSQUE_TRUST_LIMITS[int(_level)].update(_numbers)
except (ValueError, TypeError, AttributeError) as _error:
    raise ImproperlyConfigured(
        f'KIOSQUE_TRUST_LIMITS must be JSON such as {{"0": {{"posts_per_day": 10}}}}, with '
        f"levels 0 to 3 and the names of settings.KIOSQUE_TRUST_LIMITS: {_error}"
    ) from None
# What a member must have done to reach each level; checked when they post.
KIOSQUE_TRUST_REQUIREMENTS = {
    1: {"days_visited": 2, "posts_read": 30, "likes_received": 0, "days_since_sign_up": 1},
    2: {"days_visited": 15, "posts_read": 100, "likes_received": 5, "days_since_sign_up": 14},
    3: {"days_visited": 50, "posts_read": 500, "likes_received": 30, "days_since_sign_up": 60},
}
# In a "watched" discussion, a new member's posts wait for a moderator until this many of
# theirs have been approved.
KIOSQUE_WATCHED_APPROVALS_NEEDED = int(os.environ.get("KIOSQUE_WATCHED_APPROVALS_NEEDED", "3"))
# Quiet hours (site time, "HH:MM-HH:MM", empty: none): while the team is away, new members'
# posts wait for a moderator.
KIOSQUE_QUIET_HOURS = os.environ.get("KIOSQUE_QUIET_HOURS", "")
# Reports: each weighs by its reporter's trust level (staff: the last entry); a post whose open
# reports weigh this much is hidden until a moderator decides.
KIOSQUE_REPORT_WEIGHTS = [1, 2, 3, 4, 5]
KIOSQUE_REPORT_HIDE_WEIGHT = int(os.environ.get("KIOSQUE_REPORT_HIDE_WEIGHT", "5"))
# A surge alert when an article's discussion gets this many posts, or reports, in the window.
KIOSQUE_SURGE_WINDOW_MINUTES = int(os.environ.get("KIOSQUE_SURGE_WINDOW_MINUTES", "10"))
KIOSQUE_SURGE_POSTS = int(os.environ.get("KIOSQUE_SURGE_POSTS", "30"))
KIOSQUE_SURGE_REPORTS = int(os.environ.get("KIOSQUE_SURGE_REPORTS", "5"))
# A public, anonymised moderation log at /moderation/journal/ (as Lobsters has).
KIOSQUE_PUBLIC_MODERATION_LOG = env_bool("KIOSQUE_PUBLIC_MODERATION_LOG", default=False)
# Checks every post passes after the community's own rules, by dotted path: each takes
# (author, source, rendered, topic, at) and returns a `posting_rules.Verdict`
# (kiosque/moderation/spam.py).
KIOSQUE_POSTING_CHECKS = env_list(
    "KIOSQUE_POSTING_CHECKS",
    "kiosque.moderation.spam.check_blocked_terms,kiosque.moderation.spam.check_repeated_text,"
    "kiosque.moderation.spam.check_link_heavy,kiosque.moderation.spam.check_with_akismet",
)
# An Akismet-compatible spam checker (off unless a key is set).
KIOSQUE_AKISMET_KEY = os.environ.get("KIOSQUE_AKISMET_KEY", "")
KIOSQUE_AKISMET_URL = os.environ.get("KIOSQUE_AKISMET_URL", "https://rest.akismet.com/1.1/")

"""SIGORO settings: the one settings module, configured only from the environment.

Nothing set -> SQLite in the project folder, local ``media/``, development secret key.
Production differs by environment only (see ``.env.example``): ``DEBUG=0``,
``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL`` and friends; HTTPS is then on by default.
"""

import datetime
import os
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The fallback key is only for a laptop demo; `check --deploy` flags it (security.W009).
INSECURE_DEV_KEY = "django-insecure-sigoro-development-only-do-not-use-in-production"

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=INSECURE_DEV_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_filters",
    "django_tables2",
    "django_tasks_db",
    "crispy_forms",
    "crispy_bootstrap5",
    "sigoro",
    "notifikasi",
    "permasalahan",
    "open311",
    "kegiatan",
    "stakeholder",
    "laporan",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: a request above MAX_REQUEST_BODY_SIZE gets 413.
    "sigoro.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, except that a read never deletes the session cookie (sigoro/middleware.py).
    "sigoro.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sigoro.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "sigoro.middleware.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A view refused by a django-ratelimit decorator answers 429 (RATELIMIT_VIEW), not 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # An unreachable database or file storage met by a view: the 503 page (sigoro/unavailable.py).
    "sigoro.unavailable.ServiceUnavailableMiddleware",
    # Last, as django-axes asks: turns a locked sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sigoro.urls"
WSGI_APPLICATION = "sigoro.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sigoro.context_processors.navigation",
                "notifikasi.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Photo uploads and the task worker write at the same time as requests.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "sigoro.User"
# django-axes first: it refuses a locked sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sigoro.auth_backends.UsernameOrPhoneBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sign-in throttling (django-axes, database handler: one count for all app servers).
# LOGIN_FAILURE_LIMIT wrong passwords for one username from one address lock that pair for
# LOGIN_LOCKOUT_MINUTES after the last attempt; an admin can unlock it on the user's page.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_USERNAME_CALLABLE = "sigoro.auth.lockout_username"
AXES_LOCKOUT_CALLABLE = "sigoro.auth.lockout_response"
# The same visitor address as the public rate limits (BEHIND_PROXY decides what to trust).
AXES_CLIENT_IP_CALLABLE = "sigoro.http.client_ip"
# Our own audit trail (sigoro.models.AuthEvent) records sign-ins and sign-outs.
AXES_DISABLE_ACCESS_LOG = True
# No banner on every manage.py command.
AXES_VERBOSE = False
# A signed-in session idle longer than this many seconds is signed out (default 2 hours).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=2 * 60 * 60)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Forms are rendered by django-crispy-forms with the Bootstrap 5 pack.
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
# Each app keeps its own Indonesian catalogue (listed first, so `makemessages` run from the
# project root files every string under its app); the project catalogue holds sigoro/ and
# templates/.
LOCALE_PATHS = [
    BASE_DIR / app / "locale" for app in ("permasalahan", "stakeholder", "kegiatan", "laporan")
] + [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# MEDIA_ROOT holds photo renditions only, and nothing serves it directly: every photo goes
# through the view ``photo`` (/foto/<uuid>/<thumb|web>/), which asks the app that uses the
# photo whether the visitor may see it. In production set MEDIA_ACCEL_REDIRECT to nginx's
# internal location for MEDIA_ROOT (deploy/nginx/sigoro.conf: /protected-media/): the view
# then answers with X-Accel-Redirect and nginx sends the file; unset, Django streams it.
MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT", default="")
# How long browsers and proxies may keep a public photo (private ones are never stored).
PHOTO_PUBLIC_MAX_AGE = env.int("PHOTO_PUBLIC_MAX_AGE", default=60 * 60)
# Stage 4: an execution is entered "on time" when its attendance is in within this many
# days of the event (one item of its completeness checklist).
EXECUTION_ENTRY_DAYS = env.int("EXECUTION_ENTRY_DAYS", default=3)
STORAGES = {
    # Local folders that remove a half-written file when the disk fills (sigoro/storage.py).
    "default": {"BACKEND": "sigoro.storage.LocalStorage"},
    "public": {"BACKEND": "sigoro.storage.LocalStorage"},
    "staticfiles": {
        # Hashed, compressed file names need `collectstatic`; DEBUG and tests serve as-is.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
WHITENOISE_MANIFEST_STRICT = False

# --- Production profile: database connections, media storage, shared cache ----------------
# (deploy/, README "Production"). Everything here comes from the environment as well.
#
# Database connections: kept open CONN_MAX_AGE seconds (above) and checked before reuse, so
# an app server survives a PostgreSQL restart without being restarted itself: the first
# request after it gets a fresh connection (requests during the restart get the 503 page,
# sigoro.unavailable).
if not DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
#
# Media: two storages. "public" holds the photo renditions (metadata-free JPEGs, fit to be
# published), "default" the private files (generated documents, signed copies, letterhead
# logos). Both are still served only through the app's access-checked views (/foto/...,
# /laporan/dokumen/...): nothing is read from the storage by a visitor directly.
# MEDIA_STORAGE=local (default): both under MEDIA_ROOT (foto/ vs dokumen/ and kop/).
# MEDIA_STORAGE=s3: an S3-compatible object store (django-storages): bucket S3_BUCKET,
# objects under S3_PUBLIC_LOCATION/ and S3_PRIVATE_LOCATION/ (or a second bucket,
# S3_PUBLIC_BUCKET); the bucket stays private (no public ACL), the app streams the files.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "django.core.files.storage.FileSystemStorage":  # the earlier spelling
    MEDIA_STORAGE = "local"
if MEDIA_STORAGE in {"s3", "storages.backends.s3.S3Storage"}:
    MEDIA_STORAGE = "s3"
    _s3_options = {
        "bucket_name": env("S3_BUCKET"),
        "endpoint_url": env("S3_ENDPOINT_URL", default=None),
        "access_key": env("S3_ACCESS_KEY_ID", default=None),
        "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
        "region_name": env("S3_REGION", default=None),
        "addressing_style": env("S3_ADDRESSING_STYLE", default="path"),
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env.int("S3_URL_EXPIRE", default=300),
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3_options, "location": env("S3_PRIVATE_LOCATION", default="private")},
    }
    STORAGES["public"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options,
            "bucket_name": env("S3_PUBLIC_BUCKET", default=_s3_options["bucket_name"]),
            "location": env("S3_PUBLIC_LOCATION", default="public"),
        },
    }
    # nginx cannot send an object from the bucket: the photo view streams it.
    MEDIA_ACCEL_REDIRECT = ""
elif MEDIA_STORAGE != "local":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}.")
#
# Sessions: in the database (Django's default engine), so every app server reads the same
# session; SESSION_ENGINE=django.contrib.sessions.backends.cache with a Redis CACHE_URL is
# the alternative (never with a per-process cache).
SESSION_ENGINE = env("SESSION_ENGINE", default="django.contrib.sessions.backends.db")
# Seconds a request may wait before the 503 page asks the browser to try again.
UNAVAILABLE_RETRY_AFTER = env.int("UNAVAILABLE_RETRY_AFTER", default=30)
# --- end of the production profile --------------------------------------------------------

# Slow work (PDF rendering, photo batches) goes through Django's task API. The queue lives
# in the database (django-tasks-db): no extra server; run `manage.py db_worker`.
# Stage 6: the public address printed (as a QR code) on generated documents, e.g.
# https://sigoro.pangkalpinangkota.go.id; unset, the address of the request that asked for
# the document is used.
SITE_URL = env("SITE_URL", default="")
# A document still "being made" with no progress for this long is taken as stopped (its
# worker died) and may be made again.
DOCUMENT_STALLED_AFTER = env.int("DOCUMENT_STALLED_AFTER", default=15 * 60)
# Exports with more rows than this are made by the task worker and land in the archive.
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=2000)
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Photos (sigoro/photos.py).
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=20 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=50_000_000)
# All photos of one request together, read from their headers before any is decoded.
PHOTO_MAX_PIXELS_PER_REQUEST = env.int("PHOTO_MAX_PIXELS_PER_REQUEST", default=150_000_000)
# Uploads: a photo above this stays on disk (a temporary file) while it is processed.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Stage 1 service levels (SP4N-LAPOR!: verify within 3 working days, follow up within 5).
SLA_VERIFY_WORKING_DAYS = env.int("SLA_VERIFY_WORKING_DAYS", default=3)
SLA_FOLLOW_UP_WORKING_DAYS = env.int("SLA_FOLLOW_UP_WORKING_DAYS", default=5)
REOPEN_DAYS = env.int("REOPEN_DAYS", default=14)
PROBLEM_MAX_PHOTOS = env.int("PROBLEM_MAX_PHOTOS", default=5)
DUPLICATE_RADIUS_METRES = env.int("DUPLICATE_RADIUS_METRES", default=50)

# Request size. The largest legitimate request is a form with the most photos, each at the
# largest size, plus its text: anything above is refused with 413 before it is read
# (sigoro.middleware.RequestBodyLimitMiddleware; nginx's client_max_body_size in
# deploy/nginx/sigoro.conf must say the same).
REQUEST_BODY_MARGIN = 1024 * 1024
MAX_REQUEST_BODY_SIZE = env.int(
    "MAX_REQUEST_BODY_SIZE", default=PROBLEM_MAX_PHOTOS * PHOTO_MAX_BYTES + REQUEST_BODY_MARGIN
)
# The text fields of a form (files not counted) hold a few kilobytes: 1 MB is ample.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Files per request: a form takes at most PROBLEM_MAX_PHOTOS (its own message above that);
# far more is not a person choosing photos (400).
DATA_UPLOAD_MAX_NUMBER_FILES = PROBLEM_MAX_PHOTOS * 4
# Public reports per IP address (django-ratelimit syntax): abuse limit for /lapor/.
PUBLIC_REPORT_RATE = env("PUBLIC_REPORT_RATE", default="5/h")
PUBLIC_LOOKUP_RATE = env("PUBLIC_LOOKUP_RATE", default="60/m")
# Every POST to a public form (/lapor/ and the tracking page's forms), failed ones too,
# per IP address and per form (sigoro/ratelimit.py).
PUBLIC_POST_RATE = env("PUBLIC_POST_RATE", default="30/h")
# Photos an anonymous visitor may have decoded, per IP address: checked before decoding.
PUBLIC_PHOTO_RATE = env("PUBLIC_PHOTO_RATE", default="40/h")
# Photos of a failed public form kept for its next try, per browser session and per IP
# address (sigoro/kept_photos.py); beyond it the reporter chooses the photos again.
PUBLIC_KEPT_PHOTO_RATE = env("PUBLIC_KEPT_PHOTO_RATE", default="10/h")
# Photos a signed-in account may send ahead of its forms (POST /foto/unggah/), per account.
STAFF_UPLOAD_RATE = env("STAFF_UPLOAD_RATE", default="300/h")
# Rate-limit counters must be shared by every worker process and app server, or each one
# counts alone: the default is the database cache (its table is created by the migration
# sigoro/migrations/*_cache_table, i.e. by every `migrate`, and by `manage.py
# createcachetable`). CACHE_URL=redis://... switches to Redis later; never a per-process
# cache (locmemcache://) in production.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://sigoro_cache")}
if CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
    # Django's database cache culls a third of its rows once it holds MAX_ENTRIES (default
    # 300): rate-limit counters and cached pages would be thrown out long before they
    # expire. Redis (CACHE_URL=redis://...) is the cache for a city.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault(
        "MAX_ENTRIES", env.int("CACHE_MAX_ENTRIES", default=20_000)
    )
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "sigoro.views.rate_limited"

# The Open311 GeoReport v2 API (open311/): at most this many requests per answer (the
# spec's default cap; a client pages with ``page``), and the longest start_date..end_date
# window in days (the spec's 90). The contact named in the discovery document.
OPEN311_MAX_REQUESTS = env.int("OPEN311_MAX_REQUESTS", default=1000)
OPEN311_MAX_DAYS = env.int("OPEN311_MAX_DAYS", default=90)
OPEN311_CONTACT = env("OPEN311_CONTACT", default="Kantor kecamatan (admin SIGORO)")
# Its limits. A client system (a city system, an SP4N-LAPOR! adapter) files on behalf of
# many residents from one address, so a valid api_key is counted per key, not per address:
# every POST (failed ones too), the reports filed and the photos decoded. POSTs without a
# valid key are counted per address at PUBLIC_POST_RATE (guessing keys costs tries). Reads
# are counted per address.
OPEN311_CLIENT_POST_RATE = env("OPEN311_CLIENT_POST_RATE", default="600/h")
OPEN311_CLIENT_REPORT_RATE = env("OPEN311_CLIENT_REPORT_RATE", default="200/h")
OPEN311_CLIENT_PHOTO_RATE = env("OPEN311_CLIENT_PHOTO_RATE", default="400/h")
OPEN311_READ_RATE = env("OPEN311_READ_RATE", default="120/m")

# Map tiles: a city tile server or an offline tile folder works as well as OSM.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
MAP_CENTER = env.list("MAP_CENTER", cast=float, default=[-2.0921, 106.1389])

# HTTPS: on whenever DEBUG is off, so production is secure by default and passes
# `check --deploy`: HTTP->HTTPS redirect, secure session and CSRF cookies, HSTS for a year
# with subdomains and preload. DEBUG=1 (demo, development) keeps it off unless HTTPS=1.
# HTTPS=0 with DEBUG=0 is only for an office LAN without TLS: passwords and session cookies
# then cross the network readable by anyone on it, and `check --deploy` warns (W004, W008,
# W012, W016). Tests switch it off in tests/conftest.py (they speak plain http).
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
# BEHIND_PROXY=1: a reverse proxy in front terminates TLS and sets X-Forwarded-Proto and
# X-Forwarded-For itself; trust them (sigoro/http.py reads the visitor's address there).
# Without such a proxy a visitor could forge them, so it is off unless said: BEHIND_PROXY=1,
# or an explicit HTTPS=1 (which meant "TLS at the proxy" before HTTPS became the default).
BEHIND_PROXY = env.bool("BEHIND_PROXY", default="HTTPS" in os.environ and HTTPS)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
X_FRAME_OPTIONS = "DENY"


def csp_tile_source(tile_url: str) -> str | None:
    """Return the CSP source of the map's tile server (scheme, host and port of
    MAP_TILE_URL; a Leaflet ``{s}`` subdomain becomes ``*``), or None for tiles served by
    SIGORO itself (a relative URL: 'self' covers them)."""
    from urllib.parse import urlsplit

    parts = urlsplit(tile_url.replace("{s}", "s-placeholder"))
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.replace('s-placeholder', '*')}"


# Content-Security-Policy (Django's built-in middleware). Images only from SIGORO itself,
# data: URIs and the configured tile server; scripts and styles only from SIGORO's own
# files (no inline code); no <base> tag, no plugins, no framing; forms post only here.
SECURE_CSP = {
    "default-src": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
    "img-src": ["'self'", "data:"] + list(filter(None, [csp_tile_source(MAP_TILE_URL)])),
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
# Permissions-Policy (sigoro.middleware.PermissionsPolicyMiddleware): the report form may
# use the camera and the location, for this site only; every other powerful feature is off.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "geolocation": ["self"],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "bluetooth": [],
    "midi": [],
    "magnetometer": [],
    "gyroscope": [],
    "accelerometer": [],
    "display-capture": [],
    "fullscreen": ["self"],
    "browsing-topics": [],
}

ADMINS = [tuple(a.split(":", 1)) for a in env.list("ADMINS", default=[])]


def mailers_from_email_url(config: dict) -> dict:
    """Return Django's MAILERS from django-environ's ``email_url`` answer: the backend, and
    for SMTP its host, port, account and TLS/SSL."""
    options = {}
    if config["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
        options = {
            "host": config.get("EMAIL_HOST") or "localhost",
            "port": config.get("EMAIL_PORT") or 25,
            "username": config.get("EMAIL_HOST_USER") or "",
            "password": config.get("EMAIL_HOST_PASSWORD") or "",
            "use_tls": bool(config.get("EMAIL_USE_TLS")),
            "use_ssl": bool(config.get("EMAIL_USE_SSL")),
            "timeout": env.int("EMAIL_TIMEOUT", default=20),
        }
    elif config["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
        options = {"file_path": config.get("EMAIL_FILE_PATH") or str(BASE_DIR / "sent-mail")}
    return {"default": {"BACKEND": config["EMAIL_BACKEND"], "OPTIONS": options}}


# Outgoing mail (notifications, password notices): EMAIL_URL, e.g.
# smtp+tls://user:password@mail.example.go.id:587 or smtp://127.0.0.1:25; consolemail://
# prints them (the default with DEBUG=1). Django's MAILERS setting is built from it.
MAILERS = mailers_from_email_url(
    env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="sigoro@localhost")
# Notifications (notifikasi/): the delivery channels besides the in-app inbox (which always
# gets every notification), and the days after an event at which the RT heads still missing
# their attendance are reminded.
NOTIFICATION_CHANNELS = env.list("NOTIFICATION_CHANNELS", default=["email"])
EXECUTION_REMINDER_DAYS = env.int("EXECUTION_REMINDER_DAYS", default=2)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step at INFO; font subsetting logs at INFO too.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SIGORO_NAME = _("SIGORO")
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

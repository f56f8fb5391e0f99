"""The one settings module. Every variable is listed in .env.example; none is required."""

import ipaddress
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from nghedan.lib.env import env_bool, env_float, env_int, env_list, env_str
from nghedan.lib.secret_key import installation_secret

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("NGHEDAN_VAR_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("NGHEDAN_DEBUG", False)
# Unset: the installation's own random secret, made in VAR_DIR on first start.
SECRET_KEY = env_str("NGHEDAN_SECRET_KEY", "") or installation_secret(VAR_DIR)
# Earlier secrets still accepted for signatures and petition secrets while they age out.
SECRET_KEY_FALLBACKS = env_list("NGHEDAN_SECRET_KEY_FALLBACKS", [])
# Keys of the personal data encrypted at rest: the first encrypts, the others are old keys
# still read until `nghedan keys rotate` has moved every value. Unset: one key derived from
# SECRET_KEY (NGHEDAN_FIELD_ENCRYPTION_KEY is the earlier name of a single key).
FIELD_ENCRYPTION_KEYS = env_list(
    "NGHEDAN_FIELD_KEYS",
    [key] if (key := env_str("NGHEDAN_FIELD_ENCRYPTION_KEY", "")) else [],
)
ALLOWED_HOSTS = env_list("NGHEDAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("NGHEDAN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin on a site that requires the second sign-in step.
    "nghedan.accounts.admin_app.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "nghedan.audit",
    "nghedan.areas",
    "nghedan.agencies",
    "nghedan.accounts",
    "nghedan.petitions",
    "nghedan.deadlines",
    "nghedan.language",
    "nghedan.alerts",
    "nghedan.reception",
    "nghedan.consultations",
    "nghedan.scorecards",
    "nghedan.api",
    "nghedan.jobs",
    "nghedan.notifications",
    "nghedan.web",
    "nghedan.demo",
    "nghedan.ops",
]

MIDDLEWARE = [
    # Every request gets an id (X-Request-ID, and on its log lines) and is counted and
    # timed for /metrics, refusals included.
    "nghedan.ops.middleware.RequestIdMiddleware",
    "nghedan.ops.middleware.MetricsMiddleware",
    # A request declaring a body over NGHEDAN_MAX_REQUEST_BYTES is a 413, unread.
    "nghedan.lib.middleware.RequestSizeLimitMiddleware",
    # Marks the public pages and dashboards as readable from the replica, when there is
    # one (NGHEDAN_REPLICA_URL; lib/dbrouter.py).
    "nghedan.lib.dbrouter.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before sessions and the rest (WhiteNoise's place).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "nghedan.accounts.middleware.SecondFactorMiddleware",
    "nghedan.accounts.sessions.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a sign-in refused for too many failures into the lockout page (last, as axes asks).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nghedan.urls"
WSGI_APPLICATION = "nghedan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nghedan.web.navigation.navigation",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'nghedan.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        _database_url,
        # A server's connection (PostgreSQL: a process forked and signed in) is kept for
        # the next requests of its thread, and checked before a request reuses it; SQLite
        # opens a file, which costs nothing worth keeping.
        conn_max_age=env_int(
            "NGHEDAN_DB_CONN_MAX_AGE", 0 if _database_url.startswith("sqlite") else 60
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default keeps its database under VAR_DIR; create it on first use.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # The test database is a file, not memory, so that a worker process started by the
    # tests shares it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-nghedan.sqlite3")}
    # Wait for the writer lock instead of failing at once; WAL lets readers go on.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# An optional read replica of the primary (PostgreSQL streaming replication), URL as
# DATABASE_URL: the public pages and dashboards read from it, everything else and every
# write use the primary (lib/dbrouter.py). Unset: the primary alone. The test databases
# make it a mirror of the primary, so the tests see the same data through both.
REPLICA_URL = env_str("NGHEDAN_REPLICA_URL", "")
if REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["nghedan.lib.dbrouter.ReplicaRouter"]
# The cache every process and machine shares: rate-limit counters, the version of the
# reference data each process keeps a copy of, built reports. Redis (django-redis) when
# NGHEDAN_REDIS_URL (or REDIS_URL) is set, e.g. redis://127.0.0.1:6379/0; else a table of
# the database (`nghedan migrate` creates it), so the embedded default needs no server.
REDIS_URL = env_str("NGHEDAN_REDIS_URL", "") or env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "nghedan",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
                # Redis down: the site goes on (limits are not counted meanwhile, and
                # /health/ says "degraded") rather than failing citizens' requests.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "nghedan.lib.cache.DatabaseCache",
            "LOCATION": "nghedan_cache",
            # Past this many rows, writing deletes the expired ones (and, were that not
            # enough, a third of the others).
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Sign-in failures are counted per user name and address in the database (django-axes),
# so every process sees them; that pair is then refused for a while, even with the right
# password. The first backend only refuses locked sign-ins; the second checks passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("NGHEDAN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NGHEDAN_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address as the rate limits read it (behind NGHEDAN_NUM_PROXIES trusted proxies).
AXES_CLIENT_IP_CALLABLE = "nghedan.lib.ratelimit.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "nghedan.accounts.lockout.lockout_response"
# Successful sign-ins are not kept (axes' access log): only the failures that count.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Two-step sign-in (accounts/twofactor.py): the name authenticator apps show, and the
# admin pages never show another person's secret.
OTP_TOTP_ISSUER = "Nghe Dân"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A password reset link works this many hours.
PASSWORD_RESET_TIMEOUT = env_int("NGHEDAN_PASSWORD_RESET_HOURS", 24) * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Static files are served by WhiteNoise, from STATIC_ROOT after collectstatic (which
# `nghedan serve` runs: hashed names, gzip copies, cached by browsers for a year), else
# from the apps' folders, so the embedded default needs no web server in front.
WHITENOISE_USE_FINDERS = True
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:  # a read-only deployment collects static files elsewhere beforehand
    pass
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "nghedan.lib.static.StaticStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("NGHEDAN_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads above this size stream to disk instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

# Petition attachments: images and PDF only.
NGHEDAN_ATTACHMENT_MAX_BYTES = env_int("NGHEDAN_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
NGHEDAN_ATTACHMENT_MAX_COUNT = env_int("NGHEDAN_ATTACHMENT_MAX_COUNT", 5)
NGHEDAN_IMAGE_MAX_SIDE = env_int("NGHEDAN_IMAGE_MAX_SIDE", 2560)
# Images are decoded within this many pixels: larger ones are refused from their header,
# except JPEG photos, decoded reduced (1/2, 1/4, 1/8) to fit.
NGHEDAN_IMAGE_MAX_PIXELS = env_int("NGHEDAN_IMAGE_MAX_PIXELS", 25_000_000)
# A request declaring a longer body is answered 413 before it is read (default: room for
# the attachments allowed and the form around them). Each uploaded file is cut off one
# byte past NGHEDAN_ATTACHMENT_MAX_BYTES, even in a body without a declared length.
NGHEDAN_MAX_REQUEST_BYTES = env_int(
    "NGHEDAN_MAX_REQUEST_BYTES",
    NGHEDAN_ATTACHMENT_MAX_BYTES * NGHEDAN_ATTACHMENT_MAX_COUNT + 1024 * 1024,
)
# Files attached to a petition form that was sent back for correction wait here (already
# cleaned) for an hour, so that the petitioner need not attach them again.
NGHEDAN_HELD_UPLOADS_DIR = Path(env_str("NGHEDAN_HELD_UPLOADS_DIR", str(VAR_DIR / "held-uploads")))

# Maps (the petition form's place picker, the map of public answers): Leaflet, served by
# the site, draws tiles from this server ({z}/{x}/{y}, optionally {s}); its origin is
# allowed as an image source on the pages with a map only. Empty: no map, the form keeps
# its plain latitude and longitude fields. The attribution is HTML, shown on the map.
NGHEDAN_MAP_TILES = env_str("NGHEDAN_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
NGHEDAN_MAP_ATTRIBUTION = (
    env_str("NGHEDAN_MAP_ATTRIBUTION", "")
    or '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
NGHEDAN_MAP_TILE_ORIGIN = ""
if NGHEDAN_MAP_TILES:
    _tiles = urlsplit(NGHEDAN_MAP_TILES)
    if (
        _tiles.scheme not in ("https", "http")
        or not _tiles.netloc
        or not all(part in NGHEDAN_MAP_TILES for part in ("{z}", "{x}", "{y}"))
    ):
        raise ImproperlyConfigured(
            "NGHEDAN_MAP_TILES must be an http(s) address with {z}, {x} and {y}, "
            f"got {NGHEDAN_MAP_TILES!r}"
        )
    # A {s} subdomain is any subdomain to the policy.
    _host = _tiles.netloc
    if "{s}" in _host:
        _host = "*." + _host.split(".", 1)[-1]
    NGHEDAN_MAP_TILE_ORIGIN = f"{_tiles.scheme}://{_host}"

FILE_UPLOAD_HANDLERS = [
    "nghedan.lib.files.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Public intake limits per account or address (web form and REST), and per Open311 client.
# The counters live in the cache: give production a shared one.
NGHEDAN_INTAKE_RATE = env_str("NGHEDAN_INTAKE_RATE", "30/hour")
NGHEDAN_OPEN311_RATE = env_str("NGHEDAN_OPEN311_RATE", "600/hour")
# Sign-in attempts for an API token per address; suggestions read from a draft (web form
# and REST) per account or address.
NGHEDAN_SIGN_IN_RATE = env_str("NGHEDAN_SIGN_IN_RATE", "20/minute")
NGHEDAN_SUGGEST_RATE = env_str("NGHEDAN_SUGGEST_RATE", "60/minute")

# Background jobs: a running job whose lease has not been renewed for this long (its
# worker renews it every third of it) is taken for dead, and the job runs again.
NGHEDAN_JOB_LEASE_SECONDS = env_int("NGHEDAN_JOB_LEASE_SECONDS", 300)
# More modules that register tasks (comma-separated; the test suite adds its own).
NGHEDAN_EXTRA_TASK_MODULES = env_list("NGHEDAN_EXTRA_TASK_MODULES", [])

EMAIL_BACKEND = env_str("NGHEDAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("NGHEDAN_FROM_EMAIL", "nghedan@localhost")

# Notifications. SMS and Zalo go through a gateway class named by dotted path; the default
# only writes each message to the `nghedan.notifications` log.
NGHEDAN_SMS_GATEWAY = env_str(
    "NGHEDAN_SMS_GATEWAY", "nghedan.notifications.gateways.LoggingGateway"
)
NGHEDAN_ZALO_GATEWAY = env_str(
    "NGHEDAN_ZALO_GATEWAY", "nghedan.notifications.gateways.LoggingGateway"
)
# The address of the site, put before the paths in messages (e.g. https://nghedan.gov.vn).
NGHEDAN_SITE_URL = env_str("NGHEDAN_SITE_URL", "http://localhost:8000")

# Open311 GeoReport v2. The jurisdiction_id this endpoint serves: a client may send it,
# and another value is refused (404). Default: the host name of NGHEDAN_SITE_URL.
NGHEDAN_OPEN311_JURISDICTION = env_str("NGHEDAN_OPEN311_JURISDICTION", "") or (
    (urlsplit(NGHEDAN_SITE_URL).hostname or "localhost").removeprefix("www.")
)
# A request's media_url is fetched by a background job, never while the client waits: at
# most this many bytes (default: the attachment limit) within this many seconds. Hosts in
# private networks or on this machine are refused unless this is true (tests only).
NGHEDAN_OPEN311_MEDIA_MAX_BYTES = env_int(
    "NGHEDAN_OPEN311_MEDIA_MAX_BYTES", NGHEDAN_ATTACHMENT_MAX_BYTES
)
NGHEDAN_OPEN311_MEDIA_TIMEOUT = env_int("NGHEDAN_OPEN311_MEDIA_TIMEOUT", 20)
NGHEDAN_OPEN311_MEDIA_PRIVATE_HOSTS = env_bool("NGHEDAN_OPEN311_MEDIA_PRIVATE_HOSTS", False)
# Remind the agency this many working days before a due date (comma-separated).
try:
    NGHEDAN_REMINDER_DAYS = sorted(
        {int(day) for day in env_list("NGHEDAN_REMINDER_DAYS", ["3", "1"])}, reverse=True
    )
except ValueError as error:
    raise ImproperlyConfigured("NGHEDAN_REMINDER_DAYS must be whole numbers, e.g. 3,1") from error
# Days an answered petition waits for the petitioner's rating before it closes by itself.
NGHEDAN_RATING_WINDOW_DAYS = env_int("NGHEDAN_RATING_WINDOW_DAYS", 30)
# Local hour from which the leaders' daily digest is sent.
NGHEDAN_DIGEST_HOUR = env_int("NGHEDAN_DIGEST_HOUR", 7)

# Language pipeline. Below this confidence a petition filed without a topic goes to the
# triage queue instead of taking the model's guess.
NGHEDAN_TOPIC_CONFIDENCE = env_float("NGHEDAN_TOPIC_CONFIDENCE", 0.4)
# Petitions of one commune within this many days, at least this similar (estimated
# Jaccard similarity of their shingles), are grouped as one issue; from the second
# figure up they are near-duplicates.
NGHEDAN_GROUP_WINDOW_DAYS = env_int("NGHEDAN_GROUP_WINDOW_DAYS", 30)
NGHEDAN_GROUP_SIMILARITY = env_float("NGHEDAN_GROUP_SIMILARITY", 0.3)
NGHEDAN_DUPLICATE_SIMILARITY = env_float("NGHEDAN_DUPLICATE_SIMILARITY", 0.7)
# Petitions of one commune within the window are also one issue when their texts'
# character n-gram cosine, averaged over a group's members, reaches this (chosen on the
# paraphrase set's dev part; officers' merges and splits replace it once they are enough,
# see language/grouping.py). At most this many recent petitions of the
# commune are compared.
NGHEDAN_GROUP_TEXT_SIMILARITY = env_float("NGHEDAN_GROUP_TEXT_SIMILARITY", 0.3)
NGHEDAN_GROUP_CANDIDATES = env_int("NGHEDAN_GROUP_CANDIDATES", 500)
# How often the workers retrain the text models from officers' decisions (hours).
NGHEDAN_RETRAIN_HOURS = env_int("NGHEDAN_RETRAIN_HOURS", 24)

# Early warning (alerts/detectors.py). Windows in days; thresholds in people or petitions.
NGHEDAN_ALERT_WINDOW_DAYS = env_int("NGHEDAN_ALERT_WINDOW_DAYS", 30)
# "Đông người": the Law on Complaints treats five or more people on one matter as a group.
NGHEDAN_ALERT_MASS_PEOPLE = env_int("NGHEDAN_ALERT_MASS_PEOPLE", 5)
NGHEDAN_ALERT_SKIPPED_MIN = env_int("NGHEDAN_ALERT_SKIPPED_MIN", 3)
NGHEDAN_ALERT_OVERDUE_DAYS = env_int("NGHEDAN_ALERT_OVERDUE_DAYS", 30)
NGHEDAN_ALERT_PROLONGED_MIN = env_int("NGHEDAN_ALERT_PROLONGED_MIN", 2)
NGHEDAN_ALERT_SCAN_DAYS = env_int("NGHEDAN_ALERT_SCAN_DAYS", 60)
NGHEDAN_ALERT_SCAN_MAX_DAYS = env_int("NGHEDAN_ALERT_SCAN_MAX_DAYS", 14)
NGHEDAN_ALERT_SCAN_SIMULATIONS = env_int("NGHEDAN_ALERT_SCAN_SIMULATIONS", 999)
NGHEDAN_ALERT_SCAN_P = env_float("NGHEDAN_ALERT_SCAN_P", 0.01)
NGHEDAN_ALERT_SENTIMENT_DAYS = env_int("NGHEDAN_ALERT_SENTIMENT_DAYS", 7)
NGHEDAN_ALERT_SENTIMENT_MIN = env_int("NGHEDAN_ALERT_SENTIMENT_MIN", 3)
NGHEDAN_ALERT_PRESS_MIN = env_int("NGHEDAN_ALERT_PRESS_MIN", 2)
# Opinion groups of a consultation are shown from this many participants who voted.
NGHEDAN_OPINION_MIN_PARTICIPANTS = env_int("NGHEDAN_OPINION_MIN_PARTICIPANTS", 8)
# How often the workers run every detector (hours).
NGHEDAN_ALERT_SCAN_HOURS = env_int("NGHEDAN_ALERT_SCAN_HOURS", 6)

# Scorecards (scorecards/scoring.py, docs/scorecards.md). Weights of the composite index,
# "indicator=weight,…" (normalised to sum 1); pseudo-observations of the shrinkage prior,
# so a handful of ratings stays near the national average; months of data before and
# after a good practice starts; how often the workers refresh the cells (minutes).
try:
    NGHEDAN_SCORE_WEIGHTS = {
        name.strip(): float(weight)
        for name, weight in (
            item.split("=", 1)
            for item in env_list(
                "NGHEDAN_SCORE_WEIGHTS",
                [
                    "satisfied=0.40",
                    "resolved_on_time=0.25",
                    "accepted_on_time=0.10",
                    "not_reopened=0.10",
                    "commitments_kept=0.15",
                ],
            )
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(
        "NGHEDAN_SCORE_WEIGHTS must read indicator=weight,…, e.g. satisfied=0.5,resolved_on_time=0.5"
    ) from error
NGHEDAN_SCORE_PRIOR_STRENGTH = env_float("NGHEDAN_SCORE_PRIOR_STRENGTH", 20, low=0, high=10000)
NGHEDAN_PRACTICE_WINDOW_MONTHS = env_int("NGHEDAN_PRACTICE_WINDOW_MONTHS", 6)
NGHEDAN_SCORECARD_REFRESH_MINUTES = env_int("NGHEDAN_SCORECARD_REFRESH_MINUTES", 15)
# The key that seals the audit log (audit/keys.py), kept outside the database. Unset: one
# derived from SECRET_KEY under its own label. Earlier keys still verify old entries.
NGHEDAN_AUDIT_KEY = env_str("NGHEDAN_AUDIT_KEY", "")
NGHEDAN_AUDIT_KEY_FALLBACKS = env_list("NGHEDAN_AUDIT_KEY_FALLBACKS", [])

# HTTPS and security headers. NGHEDAN_HTTPS=true when the site is served over HTTPS:
# plain HTTP is redirected, cookies are Secure, and browsers are told (HSTS) to use HTTPS
# only, for a year, subdomains included. Behind a proxy that ends TLS, the proxy's
# X-Forwarded-Proto says whether the request came over HTTPS: trust it only when the proxy
# sets it itself (NGHEDAN_TRUST_FORWARDED_PROTO=true).
NGHEDAN_HTTPS = env_bool("NGHEDAN_HTTPS", False)
SECURE_SSL_REDIRECT = NGHEDAN_HTTPS
SESSION_COOKIE_SECURE = NGHEDAN_HTTPS or env_bool("NGHEDAN_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("NGHEDAN_HSTS_SECONDS", 365 * 24 * 3600) if NGHEDAN_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("NGHEDAN_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("NGHEDAN_HSTS_PRELOAD", False)
# Load balancers and monitors may ask for these over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^metrics$"]
if env_bool("NGHEDAN_TRUST_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# Addresses of pages (tracking codes among them) are not sent to other sites.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A session ends this many hours after sign-in; officers', leaders', supervisors' and
# administrators' sooner (accounts/sessions.py).
SESSION_COOKIE_AGE = env_int("NGHEDAN_SESSION_HOURS", 12) * 3600
NGHEDAN_STAFF_SESSION_AGE = env_int("NGHEDAN_STAFF_SESSION_HOURS", 8) * 3600
# Content-Security-Policy (django-csp): scripts and styles only from the site's own files,
# no inline script or style (a page that needs an inline script gives it
# request.csp_nonce), no plug-ins, no framing by other sites, forms sent only to the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "font-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "upgrade-insecure-requests": NGHEDAN_HTTPS,
    }
}

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "nghedan.api.schema.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "nghedan.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Proxies in front of the site that append to X-Forwarded-For: the client's address
    # is read there only behind them (0: the header is ignored; see lib/ratelimit.py).
    "NUM_PROXIES": env_int("NGHEDAN_NUM_PROXIES", 0),
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "nghedan.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Nghe Dân API",
    "DESCRIPTION": "Petitions (phản ánh, kiến nghị, khiếu nại, tố cáo): intake, tracking, handling.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# /metrics answers only these addresses or networks (as the trusted proxies saw the
# client) and requests bearing NGHEDAN_METRICS_TOKEN.
try:
    NGHEDAN_METRICS_ALLOW = [
        ipaddress.ip_network(item, strict=False)
        for item in env_list("NGHEDAN_METRICS_ALLOW", ["127.0.0.1", "::1"])
    ]
except ValueError as error:
    raise ImproperlyConfigured(
        "NGHEDAN_METRICS_ALLOW must list addresses or networks, e.g. 127.0.0.1,10.0.0.0/8"
    ) from error
NGHEDAN_METRICS_TOKEN = env_str("NGHEDAN_METRICS_TOKEN", "")

# Logs: one JSON object per line (ops/logs.py) unless NGHEDAN_LOG_FORMAT=text, the default
# with debug pages on. Errors and warnings go to stderr, the access log of `nghedan serve`
# to stdout.
NGHEDAN_LOG_FORMAT = env_str("NGHEDAN_LOG_FORMAT", "") or ("text" if DEBUG else "json")
if NGHEDAN_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(
        f"NGHEDAN_LOG_FORMAT must be json or text, got {NGHEDAN_LOG_FORMAT!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "nghedan.ops.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "nghedan.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": NGHEDAN_LOG_FORMAT,
            "filters": ["request"],
        },
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": NGHEDAN_LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": env_str("NGHEDAN_LOG_LEVEL", "WARNING")},
    "loggers": {
        # The logging gateways write SMS and Zalo messages here, at INFO.
        "nghedan.notifications": {
            "level": env_str("NGHEDAN_NOTIFICATIONS_LOG_LEVEL", "INFO"),
        },
        # One line per request answered by `nghedan serve`.
        "nghedan.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        # The server's own messages (workers started, stopped, timed out).
        "gunicorn.error": {"level": "INFO"},
    },
}

"""Settings for the Belangenbehartiger case system, read from the environment.

Without any environment the project runs on embedded defaults: SQLite in WAL mode and
kombu's filesystem broker under ``var/``. ``DATABASE_URL`` and ``CELERY_BROKER_URL`` switch to
PostgreSQL and Redis. See docs/operations.md for every variable.
"""

import base64
import os
import re
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)


# `make run`'s demo and the tests set LOCAL_SECRETS=true: missing secrets are then generated
# once into var/, shared by web, worker and beat on this one machine. Anywhere else a missing
# secret stops the start: several hosts with generated keys would each hash BSNs differently
# and no duplicate would ever match.
LOCAL_SECRETS = env_bool("LOCAL_SECRETS", False)


def _secret(name: str) -> str:
    value = env_str(name)
    if value:
        return value
    if not LOCAL_SECRETS:
        raise ImproperlyConfigured(
            f"{name} is not set. Set {name} (or {name}_FILE, a file holding it) to the same "
            "value on every host; see docs/operations.md. For a local demo, set "
            "LOCAL_SECRETS=true to generate one in var/."
        )
    return _local_secret(name)


def _local_secret(name: str, make=lambda: secrets.token_urlsafe(50)) -> str:
    """A random secret kept in var/ so that web, worker and beat on one machine agree."""
    path = VAR_DIR / name.lower()
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret("SECRET_KEY")
# Key for the keyed hash (HMAC) of BSN and KvK numbers; must be stable across processes and
# never change once cases exist, or duplicate matching breaks.
IDENTIFIER_HASH_KEY = _secret("IDENTIFIER_HASH_KEY")
# Keys that encrypt BSN, KvK and RSIN at rest (belangenbehartiger/crypto.py): Fernet keys,
# comma-separated; the first encrypts, all decrypt. Rotation: put a new key first, run
# `manage.py rotate_field_encryption`, then drop the old one (docs/security-data.md).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
if not FIELD_ENCRYPTION_KEYS:
    if not LOCAL_SECRETS:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is not set. Set it (or FIELD_ENCRYPTION_KEYS_FILE) to one or "
            "more Fernet keys, the same on every host; see docs/security-data.md. For a local "
            "demo, set LOCAL_SECRETS=true to generate one in var/."
        )
    FIELD_ENCRYPTION_KEYS = [
        _local_secret(
            "FIELD_ENCRYPTION_KEYS",
            make=lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        )
    ]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The Django admin behind the second factor (accounts/admin_site.py).
    "accounts.admin_apps.SecondFactorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Full-text search and trigram lookups for the signal suggestions (signals/similarity.py).
    "django.contrib.postgres",
    # Before rest_framework.authtoken so its drf_create_token (the key printed once)
    # replaces DRF's; the project's apps follow further down, bottom layer first.
    "accounts",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    # Second factor (TOTP, recovery codes, passkeys) and the per-account login lockout;
    # see accounts/two_factor.py and docs/security.md.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    # The project's apps, bottom layer first (DESIGN.md §6 "Layers"; pyproject.toml's
    # import-linter contract checks that each imports only the ones listed before it);
    # accounts, the bottom one, is listed above.
    # The access log (Logboek Dataverwerkingen), just above accounts so every app writes it.
    "audit",
    "directory",
    "deadlines",
    "cases",
    "triage",
    "escalation",
    "casework",
    "signals",
    "frontdoor",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "belangenbehartiger.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The trace id and start time of each request, for the access log (audit/tracing.py).
    "audit.tracing.TraceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "belangenbehartiger.middleware.DutchUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any middleware reads a body (CSRF's check reads the form in process_view): an
    # oversized request is refused unread, with the page in the user's language.
    "belangenbehartiger.middleware.RequestSizeLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sessions, users (and django-otp's verified mark) and messages are there.
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "belangenbehartiger.web_errors.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a refused login of a locked account into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "belangenbehartiger.urls"
WSGI_APPLICATION = "belangenbehartiger.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "deadlines.context_processors.notifications",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "db.sqlite3")),
            # Web, worker and beat share one file: take the write lock at the start of each
            # transaction and wait for it instead of failing with "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not the in-memory default: browser tests serve pages from other
            # threads, and each thread should get its own connection as in production.
            "TEST": {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")},
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A read replica for the monitor and the reports (belangenbehartiger/routers.py); in tests
# it mirrors the default database.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["belangenbehartiger.routers.ReplicaRouter"]
# The working memory of the monitor's queries (PostgreSQL's work_mem, set for their
# transaction only): enough to group a year of a million cases in memory.
MONITOR_WORK_MEM = env_str("MONITOR_WORK_MEM", "64MB")
if not re.fullmatch(r"\d+(kB|MB|GB)", MONITOR_WORK_MEM):
    raise ImproperlyConfigured("MONITOR_WORK_MEM is a size such as 64MB")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Issue 8a: a form refused by the CSRF check gets a page in the product's look that says
# what to do (belangenbehartiger/error_views.py).
CSRF_FAILURE_VIEW = "belangenbehartiger.error_views.csrf_failure"

AUTHENTICATION_BACKENDS = [
    # Refuses every login of a locked account, also with the right password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("FAST_PASSWORD_HASHER", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
# Uploads hold personal data: they live outside any web-served folder and are only returned
# through a permission-checked view (cases.views.attachment_download).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private_media")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves static files from the app folders directly, so no collectstatic step is
# needed to run; production images run collectstatic and may switch this off.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENTS_PER_CASE = env_int("ATTACHMENTS_PER_CASE", 20)
DRAFT_RETENTION_DAYS = env_int("DRAFT_RETENTION_DAYS", 90)
# Closed cases older than this (days since closing) go on the destruction list, which a lead
# approves before they are anonymised (casework/retention.py, docs/security-data.md).
RETENTION_CLOSED_DAYS = env_int("RETENTION_CLOSED_DAYS", 2 * 365)
# The register of processing activities (AVG art. 30) that the access log points into:
# each record's dpl.core.processing_activity_id is this followed by the activity's code.
PROCESSING_REGISTER_URI = env_str(
    "PROCESSING_REGISTER_URI", "urn:belangenbehartiger:verwerkingsactiviteit:"
)
# Reminders: how many working days before a deadline, and how often beat sweeps.
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 2)
REMINDER_SWEEP_MINUTES = env_int("REMINDER_SWEEP_MINUTES", 5)
STATUS_LINK_DAYS = env_int("STATUS_LINK_DAYS", 90)
# The longest freeze a request may ask for or a Dienst may grant, in days from today.
FREEZE_MAX_DAYS = env_int("FREEZE_MAX_DAYS", 365)
# The front door (issue 13): the first-line help directory's CSV import refuses files with
# more rows than this (split them); the self-check hands its answers to the intake through
# the session (casework.intake.SELF_CHECK_SESSION_KEY), nothing else is configured.
DIRECTORY_IMPORT_MAX_ROWS = env_int("DIRECTORY_IMPORT_MAX_ROWS", 5000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered pieces of pages that depend on the code and on the keys they are cached under
# only (the header's menu per role, page, language and unread count in templates/base.html;
# the queue's filter bar per language, data and choices in templates/triage/queue.html):
# each process keeps its own, nothing to share or to invalidate, a deploy starts empty.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# A request whose body is larger is refused with a 413 before its body is read
# (belangenbehartiger/middleware.py); room for one attachment plus the form around it.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", ATTACHMENT_MAX_BYTES + 1024 * 1024)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # The __Host- prefix: browsers take these cookies only over https, for this host and
    # path / exactly, so no subdomain can set or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# A password-reset link works once and for this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_MINUTES", 60) * 60
# The absolute session lifetime, from sign-in; the idle timeouts below end it earlier.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
# Minutes without a request after which a session ends (accounts/middleware.py): staff
# (team, liaisons, administrators) and everyone else.
SESSION_IDLE_MINUTES_STAFF = env_int("SESSION_IDLE_MINUTES_STAFF", 30)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Transport: off by default so `make run` works over plain http on 127.0.0.1; production
# sets them (docs/operations.md lists the values `check --deploy` is clean with).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The health checks come from inside the host or the orchestrator over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Second factor (accounts/two_factor.py): staff must sign in with one when this is true;
# `make run`'s demo turns it off and says so.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
# The issuer name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Belangenbehartiger")
# The admin never shows an app's key or QR code once it is linked.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Passkeys are a second factor after the password here, not a password replacement: every
# sign-in goes through the one login form and its lockout.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = env_str("OTP_WEBAUTHN_RP_NAME", "Belangenbehartiger")

# Lockout per account (django-axes): after LOGIN_MAX_FAILURES failed sign-ins of one
# username, each within LOGIN_LOCKOUT_MINUTES of the last, that account is refused for
# LOGIN_LOCKOUT_MINUTES, also with the right password. An administrator unlocks it in the
# admin ("Gebruikers" → "Ontgrendelen", or django-axes' own "Access attempts").
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 10)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address as a lockout key too. Deliberately not: the lockout is per
# account (DESIGN.md §6), and one address for a whole office behind NAT would lock everyone
# there out after ten typos. Guessing against many accounts from one address meets the
# per-account limit on each of them; docs/security.md says what the proxy adds.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# Failed attempts are enough; a row for every sign-in would be a second access log.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# The client's address for the throttles: behind BEHIND_TLS_PROXY, the one the proxy saw.
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"
# Password-reset requests per hour (accounts/throttle.py), per account and per address.
# The answer is the same whether the account exists, is throttled or not.
PASSWORD_RESET_PER_ACCOUNT_HOUR = env_int("PASSWORD_RESET_PER_ACCOUNT_HOUR", 3)
PASSWORD_RESET_PER_IP_HOUR = env_int("PASSWORD_RESET_PER_IP_HOUR", 10)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Belangenbehartiger <noreply@belangenbehartiger.example>"
)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Where vulnerabilities are reported: /.well-known/security.txt and docs/security.md.
SECURITY_CONTACT = env_str("SECURITY_CONTACT", "mailto:security@belangenbehartiger.example")
# Passkeys belong to a domain name and are accepted only from these origins (https, or
# http on localhost); both follow SITE_URL unless set. Browsers refuse them on an IP
# address: on `make run`'s http://127.0.0.1 demo, open http://localhost:PORT to try them.
_site = urlsplit(SITE_URL)
if _site.scheme != "https" and _site.hostname != "localhost":
    _site = urlsplit(f"http://localhost:{_site.port or 80}")
OTP_WEBAUTHN_RP_ID = env_str("OTP_WEBAUTHN_RP_ID", _site.hostname or "localhost")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", [f"{_site.scheme}://{_site.netloc}"]
)

# Celery: Redis (or any kombu URL) when CELERY_BROKER_URL is set, else a broker on disk
# that needs no server, shared by web, worker and beat through var/broker.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    for _folder in (_broker_dir, VAR_DIR / "broker-control"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(VAR_DIR / "broker-control"),
    }
else:
    # Redis hands an unacknowledged task (acks_late: its worker died) to another worker after
    # this many seconds; kombu's default is an hour. Longer than any task's time limit.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 15 * 60),
        # A request that queues a task must not hang on a broker that is down: one quick
        # try, then the work is left to the outbox (belangenbehartiger/queue.py). Workers
        # reconnect on their own terms (broker_connection_retry).
        "socket_connect_timeout": 2,
        "max_retries": 0,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 120)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 100)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# The beat schedule lives in one place: belangenbehartiger/beat.py.
from .beat import BEAT_SCHEDULE as CELERY_BEAT_SCHEDULE  # noqa: E402, F401

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "belangenbehartiger.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON that refuses a body nested too deep (a 400, not a RecursionError); forms and
    # multipart stay for uploads.
    "DEFAULT_PARSER_CLASSES": [
        "belangenbehartiger.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # drf-spectacular's, with the error responses of every operation (schema.py).
    "DEFAULT_SCHEMA_CLASS": "belangenbehartiger.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "belangenbehartiger.pagination.CountedPageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "30/minute"),
        "user": env_str("API_THROTTLE_USER", "600/minute"),
    },
    "EXCEPTION_HANDLER": "belangenbehartiger.api_errors.exception_handler",
    # django-filter, but a query parameter no filter reads is a 400, never ignored.
    "DEFAULT_FILTER_BACKENDS": ["belangenbehartiger.filters.StrictFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Belangenbehartiger API",
    "DESCRIPTION": "Case intake, triage and escalation for the Belangenbehartiger voor "
    "belastingplichtigen en toeslaggerechtigden.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "cases.models.CaseStatus",
        "CriteriaSetStatusEnum": "triage.models.CriteriaSet.Status",
        "RequestKindEnum": "escalation.models.DienstRequest.Kind",
        "FreezeScopeEnum": "escalation.models.DienstRequest.FreezeScope",
        "MessageKindEnum": "cases.models.Message.Kind",
        "DeadlineKindEnum": "deadlines.models.Deadline.Kind",
        "DeadlineStatusEnum": "deadlines.models.Deadline.Status",
        "CaseOutcomeEnum": "cases.models.Outcome",
        "RequestOutcomeEnum": "escalation.models.DienstRequest.Outcome",
        # signals
        "SignalStatusEnum": "signals.models.Signal.Status",
        "SignalSourceEnum": "signals.models.Signal.Source",
        "CommitmentStatusEnum": "signals.models.Commitment.Status",
        "RequestStatusEnum": "escalation.models.DienstRequest.Status",
        # reports
        "KamerReportStatusEnum": "reports.models.KamerReport.Status",
    },
}

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every layout step of a Kamer report's PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # axes logs every sign-in at INFO; its lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
}

"""Settings shared by every environment. Values come from the environment (see README)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "core",
    "accounts",
    "regions",
    "audit",
    "programs",
    "participants",
    "verification",
    "training",
    "grants",
    "dashboards",
    "public",
    "api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PortalLanguageMiddleware",
    # Other systems say their language with Accept-Language (the API only; pages keep the menu's).
    "api.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the user and messages are known (the 400 page is the portal's own), before any view.
    "core.middleware.RejectNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "training_portal.urls"
WSGI_APPLICATION = "training_portal.wsgi.application"

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
                "django.template.context_processors.i18n",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/training_portal"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
}

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed logins of one user from one
# address, or from one address whatever the user names, that pair or that address is locked out
# for LOGIN_LOCKOUT_MINUTES (every further failure starts the wait again), or until an admin
# unlocks it (the admin's "Login attempts", or `manage.py unlock_login`). Lockouts and unlocks
# are audited (accounts.services). A user alone is not locked from everywhere, so nobody can
# lock a colleague out by typing their user name from another place.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
# Our own admin page (accounts/admin.py) unlocks through the audited service.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Reverse proxies in front of the portal that append the client's address to X-Forwarded-For
# (production: 1); 0 reads the address of the connection itself.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Language and locale: Bahasa Indonesia first, English selectable.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", default="Asia/Makassar")
# Our own date input formats replace Django's, which read 10/25/2009 as month/day.
FORMAT_MODULE_PATH = ["core.formats"]
# Numbers on pages are grouped, 12.500 (ids and years in links and attributes are |unlocalize).
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded documents and import files: outside the static tree, served only through
# views that check who may see them.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
FILE_UPLOAD_TEMP_DIR = None
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=100 * 1024 * 1024)
# An XLSX import is refused before it is read when it unpacks to more than this, or when its
# sheet has more rows (docs/file-conventions.md); CSV files stream and have no such limit.
IMPORT_XLSX_MAX_UNPACKED_BYTES = env.int("IMPORT_XLSX_MAX_UNPACKED_BYTES", default=200 * 1024 * 1024)
IMPORT_XLSX_MAX_ROWS = env.int("IMPORT_XLSX_MAX_ROWS", default=300_000)
# Problems (rejected rows, warnings) an import keeps in memory; the rest wait in temporary files
# until the per-line report is written (core.importing.ProblemLog).
IMPORT_PROBLEMS_IN_MEMORY = env.int("IMPORT_PROBLEMS_IN_MEMORY", default=2000)
DOCUMENT_MAX_UPLOAD_BYTES = env.int("DOCUMENT_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)

# The demo's sign-in lines with each demo account's password (accounts.demo), printed by
# `make run`. Demo data is never loaded in production.
DEMO_LOGINS_FILE = Path(env("DEMO_LOGINS_FILE", default=str(BASE_DIR / "var" / "demo-logins.txt")))

# Where `npm ci` puts the region reference data (idn-area-data).
NODE_MODULES_DIR = Path(env("NODE_MODULES_DIR", default=str(BASE_DIR / "node_modules")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")

# A running job whose worker sent no progress for this long is shown as failed (worker killed).
JOB_STALE_AFTER_SECONDS = env.int("JOB_STALE_AFTER_SECONDS", default=120)

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery beat, in CELERY_TIMEZONE (local time). Just after midnight, so a cycle whose
# registration closed yesterday gets its §8 reallocation proposed for approval the next morning.
# The dashboards' figures cache (dashboards/figures_cache.py): an entry is fresh for at most
# CACHE_SECONDS while its data are unchanged; after a change a page may show it, saying how old it
# is, for up to STALE_SECONDS while the worker recomputes it. 0 switches the cache (or the
# showing of stale figures) off.
DASHBOARD_FIGURES_CACHE_SECONDS = env.int("DASHBOARD_FIGURES_CACHE_SECONDS", default=300)
DASHBOARD_FIGURES_STALE_SECONDS = env.int("DASHBOARD_FIGURES_STALE_SECONDS", default=3600)

CELERY_BEAT_SCHEDULE = {
    # A worker stamps its heartbeat into Redis for /healthz (core.health.HEARTBEAT_INTERVAL).
    "core.worker_heartbeat": {"task": "core.worker_heartbeat", "schedule": 30.0},
    "training.propose_due_reallocations": {
        "task": "training.propose_due_reallocations",
        "schedule": crontab(hour=0, minute=30),
    },
    # Monitoring visits of grants handed over or disbursed yesterday (and any missed before).
    # The dashboards' figures whose data changed since they were computed (dashboards/figures_cache.py).
    "dashboards.refresh_stale_figures": {"task": "dashboards.refresh_stale_figures", "schedule": 30.0},
    "grants.schedule_monitoring_visits": {
        "task": "grants.schedule_monitoring_visits",
        "schedule": crontab(hour=1, minute=0),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# --- the REST API (api app, docs/api.md) ---------------------------------------------------------
# Tokens: `manage.py create_api_token` and "My account" make them for this many days unless told.
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=90)
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        # For the browsable docs of a signed-in user; DRF checks the CSRF token of its writes.
        "rest_framework.authentication.SessionAuthentication",
    ],
    # No anonymous access at all; each view adds the capability it needs.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
API_MAX_PAGE_SIZE = 200
# Requests per token (api.throttling.TokenRateThrottle), e.g. "600/min"; past it, 429.
API_THROTTLE_RATE = env("API_THROTTLE_RATE", default="600/min")
# Rows of a §10 training results batch the API imports while the caller waits; more: 413.
API_TRAINING_RESULTS_MAX_ROWS = 5000
SPECTACULAR_SETTINGS = {
    "TITLE": "Portal Pelatihan Keterampilan API",
    "DESCRIPTION": "Applicants, program cycles, eligibility results and decisions (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}

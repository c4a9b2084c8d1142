"""Settings for 支部通, read from the environment.

With nothing set the embedded default runs: a SQLite file beside manage.py, Celery tasks
executed inline, e-mail printed to the console. Each real service is switched on by its own
variable: DATABASE_URL (PostgreSQL), REDIS_URL (Celery broker and cache), EMAIL_HOST (SMTP).

APP_ENV says where the process runs: ``production`` (the default: SECRET_KEY required,
DEBUG off), ``local`` (one machine, as ``make setup`` writes it into ``.env``: its own secret
key, DEBUG off, loopback hosts, static files without collectstatic), ``demo`` (``make demo``: a
fixed demo key) or ``test``. A ``.env`` file beside manage.py is read first; the environment
wins over it.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from branch import localenv
from branch.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
localenv.load()

APP_ENV = env_choice("APP_ENV", ("production", "local", "demo", "test"), "production")
# Off by default everywhere: the demo shows the site's own error pages, as a real branch would
# see them. DEBUG=1 turns Django's debug pages on while developing (demo or test only).
DEBUG = env_bool("DEBUG", default=False)
if DEBUG and APP_ENV == "production":
    raise ImproperlyConfigured("DEBUG may only be on with APP_ENV=demo or APP_ENV=test")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if APP_ENV in ("production", "local"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set: run `make setup` to write a local .env, or set it "
            "(or APP_ENV=demo for a local demonstration)"
        )
    SECRET_KEY = f"insecure-{APP_ENV}-key-not-for-production"

# ID and phone numbers are stored encrypted (members.encryption) with a key of their own, so a
# leaked SECRET_KEY or database dump alone opens neither. Outside production it may be
# derived from SECRET_KEY. To rotate: the new key here, the old one in FIELD_ENCRYPTION_KEY_OLD,
# then `manage.py rotate_personal_data_key`.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY")
if not FIELD_ENCRYPTION_KEY:
    if APP_ENV == "production":
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be set in production: a random string of at least 32 "
            "characters, kept apart from the database and its backups"
        )
    FIELD_ENCRYPTION_KEY = f"derived from SECRET_KEY: {SECRET_KEY}"
elif len(FIELD_ENCRYPTION_KEY) < 32:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be at least 32 characters long")
FIELD_ENCRYPTION_KEY_OLD = env_str("FIELD_ENCRYPTION_KEY_OLD")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if APP_ENV != "production" else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env_str("SITE_NAME", "支部通")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "axes",
    "branch",
    "members",
    "meetings",
    "dues",
    "reports",
    "notices",
    "stats",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "branch.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "branch.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "branch.middleware.OneTimePasswordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last, as django-axes asks: it turns a lockout raised by its backend into the page below
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "branch.urls"
WSGI_APPLICATION = "branch.wsgi.application"
# Selects offer 请选择 in forms and 全部 in filters instead of dashes (branch.forms_render).
FORM_RENDERER = "branch.forms_render.FormRenderer"

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
                "branch.context_processors.shell",
            ],
        },
    },
]

# Database: a SQLite file unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The pages run short queries: compiling one with JIT costs more than it saves. The
        # county's dues aggregate is estimated at half PostgreSQL's JIT threshold already, so
        # a larger county would cross it (docs/benchmarks.md, "Under load").
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            # The demo and a real branch on this machine never share a file.
            "NAME": env_str(
                "SQLITE_PATH",
                str(BASE_DIR / ("zhibutong.sqlite3" if APP_ENV == "local" else "db.sqlite3")),
            ),
            # Several writers at once wait for each other instead of failing with
            # "database is locked"; WAL lets readers go on while one writes.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
    if APP_ENV == "production" and not env_bool("ALLOW_SQLITE", default=False):
        raise ImproperlyConfigured(
            "Production needs PostgreSQL: set DATABASE_URL (or ALLOW_SQLITE=1 for a single "
            "branch on one machine)"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SERIALIZATION_MODULES = {"exact-json": "branch.serializers_exact"}

# Redis: broker, result backend and cache when REDIS_URL is set; otherwise tasks run inline.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zbt",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Lists and summaries read again with nothing changed come from the cache (branch/page_cache.py);
# PAGE_CACHE=0 computes every page afresh.
PAGE_CACHE = env_bool("PAGE_CACHE", default=True)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A page that queues a task must not hang on a broker that is down: connect within two
# seconds, retry a publish once, then give up (the caller marks its job failed).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE = {
    "send-due-reminders": {
        "task": "branch.tasks.send_due_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "remove-abandoned-imports": {
        "task": "branch.tasks.remove_abandoned_imports",
        "schedule": crontab(hour=3, minute=15),
    },
    "expire-stale-render-jobs": {
        "task": "reports.tasks.expire_stale_render_jobs",
        "schedule": crontab(minute="*/10"),
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "branch.passwords.MinimumLengthValidator"},  # its message in Chinese
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # first: refuses a login while the account or the address is locked out
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "branch.permissions.OrganizationRoleBackend",
]
# Failed logins (django-axes): after LOGIN_FAILURE_LIMIT failures for one login name, or from
# one address, that name or address waits LOGIN_LOCKOUT_MINUTES. A site administrator unlocks
# earlier in the admin (访问尝试) or with `manage.py axes_reset_username NAME`.
AXES_ENABLED = env_bool("LOGIN_THROTTLE", default=True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 8)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy the client's address is the one it adds; otherwise only the
# connection's own address counts (a forged X-Forwarded-For must not reset the count).
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=env_bool("HTTPS", default=False))
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if BEHIND_PROXY else ("REMOTE_ADDR",)
)
AXES_IPWARE_PROXY_COUNT = 1 if BEHIND_PROXY else None
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-guardian: object permissions live in direct foreign-key tables (branch.models);
# anonymous users get nothing, so no anonymous user row is created.
GUARDIAN_MONKEY_PATCH_USER = False
ANONYMOUS_USER_NAME = None
# guardian's own backend reads a permission on the object only; ours (branch.permissions) reads
# the same tables and adds inheritance down the tree, so guardian's is deliberately not hooked.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if APP_ENV == "production"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves straight from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = APP_ENV != "production"
WHITENOISE_AUTOREFRESH = APP_ENV != "production"
# Uploaded files are private: served only through permission-checked views, never by URL.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Licensed fonts for the printed report (仿宋_GB2312, 方正小标宋…), if the operator has them.
REPORT_FONT_DIR = env_str("REPORT_FONT_DIR")

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "支部通 <noreply@localhost>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Served over HTTPS (behind a reverse proxy that sets X-Forwarded-Proto): secure cookies, HSTS.
HTTPS = env_bool("HTTPS", default=SITE_URL.startswith("https://"))
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
elif env_bool("ALLOW_HTTP", default=False):
    # The operator has said the site is served over plain HTTP on purpose (an intranet without
    # certificates): the checks that ask for HTTPS would only repeat it.
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008", "security.W012", "security.W016"]
SESSION_COOKIE_HTTPONLY = True
# A session lasts a working day unless SESSION_HOURS says otherwise.
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 10) * 3600
# The admin's address can be moved away from the well-known /admin/.
ADMIN_PATH = env_str("ADMIN_PATH", "admin/").strip("/") + "/"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The whole-branch pages post a few fields per member: the dues bases five, so a branch of 300
# (DESIGN §1) sends 1,500. Django's 1,000 refused a branch of 200 with a 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5_000
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every render at INFO; their warnings still show.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

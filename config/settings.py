"""One settings module for every environment, read from environment variables.

DATABASE_URL   sqlite:///path (default: db.sqlite3 in the project folder) or postgres://…
SECRET_KEY     required unless DEBUG is on
DEBUG          "1"/"true" to turn on; off by default
ALLOWED_HOSTS  comma-separated; defaults to localhost names
CSRF_TRUSTED_ORIGINS  comma-separated origins (https://host) forms may come from; none by default
EMAIL_URL      the mail server for password-reset links: smtp://user:password@host:587?tls=1,
               smtp+ssl://user:password@host (port 465) or console:// (config/env.py:env_email).
               Unset: messages go to the console when DEBUG is on; otherwise password reset is
               switched off (its pages answer 404 and the sign-in page does not offer it)
DEFAULT_FROM_EMAIL  the sender of those messages; required with an smtp:// EMAIL_URL when DEBUG
               is off (default webmaster@localhost otherwise)
AXES_FAILURE_LIMIT, AXES_COOLOFF_MINUTES  sign-in throttling: wrong passwords before a lockout
               (default 5) and how long it lasts (default 15 minutes)
REVIEW_ALLOW_SELF_APPROVAL  "1"/"true" lets a reviewer approve an entry they submitted themselves;
               off by default (four eyes: indicators/review.py)
CACHE_URL      where the scorecards keep what they computed for the data's current state
               (reports/data_stamp.py): locmem:// (default; each process its own),
               redis://host:6379/1 (shared by the workers) or dummy:// (nothing kept)
TASKS_BACKEND  "immediate" (default: a workbook import runs inside the request) or "database"
               (queued for `manage.py db_worker`)
SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE, SECURE_SSL_REDIRECT  on by default when DEBUG is off
SECURE_HSTS_SECONDS  when DEBUG is off; default 31536000 (a year)
LOG_LEVEL      default WARNING
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    CONSOLE_BACKEND,
    SMTP_BACKEND,
    EmailServer,
    env_bool,
    env_cache,
    env_email,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# Values are kept under a stamp the database changes with every write: nothing to invalidate,
# and a cache per process (local memory) is as correct as a shared one (reports/data_stamp.py).
CACHES = {"default": env_cache("CACHE_URL")}

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY in the environment (or DEBUG=1 for development)."
        )
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "custodians",
    "indicators",
    "reports",
    "evaluations",
    "units",
    "entries",
    "django_tasks_db",
    "workbooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and JSON are gzipped here, not by a proxy: `dev.py serve` and gunicorn run without
    # one. Below WhiteNoise, which answers static files itself, already compressed (the .gz
    # files collectstatic writes); above everything that reads or changes the response body
    # (CommonMiddleware sets Content-Length), as Django's docs ask, so it compresses last.
    # Django adds up to 100 random bytes to each gzip header against BREACH (docs/security.md).
    "django.middleware.gzip.GZipMiddleware",
    # Below WhiteNoise, so static files keep their long caching; above sessions, CSRF and auth,
    # so it sees the cookies they set and the signed-in user.
    "config.cache_control.PrivateCacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware, as Django's docs place it: the interface's language
    # is the person's choice (the language cookie set by config/urls.py's set_language), else
    # their browser's Accept-Language, else LANGUAGE_CODE. No language prefix in the addresses.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After authentication: a signed-in person's kept language (units/languages.py) wins over
    # the device's cookie and Accept-Language, so it follows them to every device.
    "units.languages.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it turns lockouts into pages
]

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one request writes; IMMEDIATE avoids
    # "database is locked" when two writers start a transaction at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The scorecards' aggregate queries are short; PostgreSQL's JIT compiler spent seconds
    # compiling them at 10,000 targets for nothing. Off unless the URL sets it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# E-mail carries one thing: the password-reset link. Without a mail server the reset would say
# "sent" while nothing leaves, so it is switched off instead (config/accounts.py).
_email = env_email("EMAIL_URL") or (EmailServer(backend=CONSOLE_BACKEND) if DEBUG else None)
PASSWORD_RESET_ENABLED = _email is not None
if _email is not None:
    EMAIL_BACKEND = _email.backend
    EMAIL_HOST = _email.host
    EMAIL_PORT = _email.port
    EMAIL_HOST_USER = _email.user
    EMAIL_HOST_PASSWORD = _email.password
    EMAIL_USE_TLS = _email.use_tls
    EMAIL_USE_SSL = _email.use_ssl
    EMAIL_TIMEOUT = _email.timeout
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="")
if not DEFAULT_FROM_EMAIL and _email is not None and _email.backend == SMTP_BACKEND and not DEBUG:
    # Mail from webmaster@localhost is refused or filed as spam: the link would never arrive.
    raise ImproperlyConfigured("Set DEFAULT_FROM_EMAIL (the sender) along with EMAIL_URL.")
DEFAULT_FROM_EMAIL = DEFAULT_FROM_EMAIL or "webmaster@localhost"

# The interface in the ILO's three working languages (docs/languages.md). Each is named in its own
# language, so that a reader finds theirs whatever the page's language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
USE_I18N = True
# The French and Spanish catalogues; their compiled .mo files are made by dev.py, or by
# `python -m config.translations` in a deployment, in pure Python: no GNU gettext needed.
LOCALE_PATHS = [BASE_DIR / "locale"]
# English keeps the British date formats the product had with "en-gb" (config/formats/en/).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Zurich"
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes and whitenoise serves from (README's settings table).
STATIC_ROOT = Path(env_str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Background tasks (workbook imports). Django 6 has django.tasks; Django 5.2 gets the same API from
# the django-tasks backport (django_tasks). "immediate" runs a task inside the request that starts
# it: nothing else to run, right for `dev.py serve` and the tests. "database" queues it in the
# database (django-tasks-db) for `python manage.py db_worker`: the production setting.
_TASKS_PACKAGE = "django.tasks" if django.VERSION >= (6, 0) else "django_tasks"
if _TASKS_PACKAGE == "django_tasks":
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "django_tasks")
TASKS_BACKEND = env_str("TASKS_BACKEND", default="immediate")
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured('TASKS_BACKEND is "immediate" or "database".')
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else f"{_TASKS_PACKAGE}.backends.immediate.ImmediateBackend",
    }
}

# Workbook imports (workbooks/job_limits.py): a check or save with no heartbeat for
# WORKBOOK_JOB_STALE_SECONDS is taken as stopped (failed, nothing saved, may be retried); each
# person has at most WORKBOOK_JOBS_PER_USER unfinished imports and keeps the files of that many
# newest; `manage.py prune_import_jobs` deletes the files of finished imports older than
# WORKBOOK_RETENTION_DAYS (their records stay).
WORKBOOK_JOB_STALE_SECONDS = int(env_str("WORKBOOK_JOB_STALE_SECONDS", default="300"))
WORKBOOK_JOBS_PER_USER = int(env_str("WORKBOOK_JOBS_PER_USER", default="10"))
WORKBOOK_RETENTION_DAYS = int(env_str("WORKBOOK_RETENTION_DAYS", default="30"))

# Security. Cookies and HSTS are strict whenever DEBUG is off; `manage.py check --deploy
# --fail-level WARNING` passes with these settings (tests/entries/test_security.py runs it).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day: a forgotten session does not last for weeks
# A refused form (CSRF) is explained by templates/403_csrf.html, which Django's own view renders.
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", default="31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is locked out for AXES_COOLOFF_TIME and sees the lockout page.
# Locking the pair, not the username alone, keeps a stranger from locking a colleague out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env_str("AXES_FAILURE_LIMIT", default="5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env_str("AXES_COOLOFF_MINUTES", default="15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.lockout.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password"]

# Four eyes on the review (indicators/review.py): whoever submitted an entry does not approve it
# too. A team with a single reviewer turns this on, knowingly.
REVIEW_ALLOW_SELF_APPROVAL = env_bool("REVIEW_ALLOW_SELF_APPROVAL", default=False)

# Content-Security-Policy: every script, style, font and chart is served from this host.
# Django 6 sends SECURE_CSP itself; on Django 5.2 config/csp.py sends the same policy.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
if django.VERSION >= (6, 0):
    MIDDLEWARE.insert(1, "django.middleware.csp.ContentSecurityPolicyMiddleware")
else:
    MIDDLEWARE.insert(1, "config.csp.ContentSecurityPolicyMiddleware")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="WARNING")},
}

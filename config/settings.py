"""Settings of the Migration Wizard site (not of the projects it loads)."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# An installed wheel carries templates/, static/ and examples/ inside this package; a checkout of
# the repository has them at its root.
INSTALLED = (Path(__file__).resolve().parent / "templates").is_dir()
RESOURCES_DIR = Path(__file__).resolve().parent if INSTALLED else BASE_DIR


def user_data_dir() -> Path:
    """Return the per-user folder of an installed wizard: its database, static files, key."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "migration-wizard"


# Never inside site-packages: a checkout keeps its files in var/, an installed wizard per user.
DATA_DIR = user_data_dir() if INSTALLED else BASE_DIR / "var"


def installed_secret_key() -> str:
    """Return this user's own key (made once, kept in DATA_DIR): an installed wizard's key."""
    key_file = DATA_DIR / "secret-key"
    try:
        return key_file.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(key)
    except OSError:
        pass  # a read-only home: this process's key still signs its own sessions
    return key


SECRET_KEY = os.environ.get("WIZARD_SECRET_KEY") or (
    installed_secret_key() if INSTALLED else "migration-wizard-local-only-not-secret"
)
DEBUG = os.environ.get("WIZARD_DEBUG", "0" if INSTALLED else "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
if not DEBUG:
    # Django prints a failed request only with DEBUG on: the terminal serving the wizard shows it.
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
    }

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "django.contrib.messages",
    "django.contrib.sessions",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "template_partials",
    "wizard",
    "wizard_ui",
]

MIDDLEWARE = [
    "wizard_ui.middleware.server_timing",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [RESOURCES_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get(
            "WIZARD_DB", str(DATA_DIR / "db.sqlite3" if INSTALLED else BASE_DIR / "db.sqlite3")
        ),
        # Background jobs write progress while pages read it: wait for a lock, do not fail.
        "OPTIONS": {"timeout": 20},
        # A file, not shared-cache memory, so browser tests' job threads and the live server's
        # threads lock tables the ordinary way; one per process, so parallel runs never collide.
        "TEST": {"NAME": os.path.join(tempfile.gettempdir(), f"mw-test-{os.getpid()}.sqlite3")},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [RESOURCES_DIR / "static"]
# `serve` collects the static files here and its WSGI server serves them (WhiteNoise).
STATIC_ROOT = DATA_DIR / "static"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Where bundled example targets live; the web wizard offers them on its first page.
WIZARD_EXAMPLES_DIR = RESOURCES_DIR / "examples"
# Folders a person may load in the web wizard (os.pathsep-separated in the environment variable).
WIZARD_PROJECT_ROOTS = [
    Path(p)
    for p in os.environ.get(
        "WIZARD_PROJECT_ROOTS", os.pathsep.join([str(WIZARD_EXAMPLES_DIR), str(Path.home())])
    ).split(os.pathsep)
    if p
]

"""Settings of the fleet example, a target project for the Migration Wizard.

The database is SQLite (``db.sqlite3`` beside ``manage.py``) unless the ``DATABASE_URL`` environment
variable names another one:

    sqlite:///relative/to/this/project.sqlite3   sqlite:////absolute/path.sqlite3
    postgresql://USER:PASSWORD@HOST:PORT/NAME     mysql://USER:PASSWORD@HOST:PORT/NAME

Standard library + Django only, and nothing newer than Django 4.2 offers.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

ENGINES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "mysql": "django.db.backends.mysql",
}


def database_from_url(url: str) -> dict[str, object]:
    """Return a DATABASES entry for a sqlite:///, postgresql:// or mysql:// URL."""
    parts = urlsplit(url)
    engine = ENGINES.get(parts.scheme)
    if engine is None:
        raise ImproperlyConfigured(
            f"DATABASE_URL has the unsupported scheme {parts.scheme!r}: use sqlite:///PATH, "
            "postgresql://USER:PASSWORD@HOST:PORT/NAME or mysql://USER:PASSWORD@HOST:PORT/NAME."
        )
    # Like dj-database-url: sqlite:///db.sqlite3 is relative (here: to BASE_DIR),
    # sqlite:////tmp/db.sqlite3 is absolute.
    name = unquote(parts.path[1:])
    if not name:
        raise ImproperlyConfigured(
            f"DATABASE_URL names no database: end it with /NAME, as in "
            f"{parts.scheme}://USER:PASSWORD@HOST:PORT/NAME (or sqlite:///PATH)."
        )
    if parts.scheme == "sqlite":
        return {"ENGINE": engine, "NAME": name if name == ":memory:" else str(BASE_DIR / name)}
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(
            "DATABASE_URL has a port that is not a number: use HOST:PORT, as in 127.0.0.1:5432."
        ) from None
    database: dict[str, object] = {
        "ENGINE": engine,
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
    }
    options: dict[str, str] = dict(parse_qsl(parts.query))
    if engine == ENGINES["mysql"]:
        options.setdefault("charset", "utf8mb4")
    if options:
        database["OPTIONS"] = options
    return database


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-fleet-example-local-only")
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "part1",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fleet_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

WSGI_APPLICATION = "fleet_site.wsgi.application"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL") or "sqlite:///db.sqlite3")}

# An older project: 32-bit ids, as every project had before startproject began writing BigAutoField.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"

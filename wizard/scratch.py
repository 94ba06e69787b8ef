"""Throw-away databases: a SQLite file, or a uniquely named database on a PostgreSQL/MySQL server.

The wizard's own process creates and drops them (it has the drivers); the target's process only
receives the resulting ``DATABASES`` entry.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from wizard.errors import DatabaseServerError

VENDORS = ("sqlite", "postgresql", "mysql")
ENGINES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgresql": "django.db.backends.postgresql",
    "mysql": "django.db.backends.mysql",
}
DEFAULT_URLS = {
    "postgresql": "postgresql://postgres@127.0.0.1:5432/postgres",
    "mysql": "mysql://root@127.0.0.1:3306/",
}
CONNECT_TIMEOUT = 5


@dataclass(frozen=True)
class Server:
    vendor: str
    host: str
    port: int | None
    user: str
    password: str

    @property
    def label(self) -> str:
        return f"{self.vendor}://{self.user}@{self.host}:{self.port or ''}"


def server_url(vendor: str) -> str:
    """Return the server URL for ``vendor``: WIZARD_POSTGRESQL_URL / WIZARD_MYSQL_URL or default."""
    return os.environ.get(f"WIZARD_{vendor.upper()}_URL", DEFAULT_URLS[vendor])


def without_password(url: str) -> str:
    """Return ``url`` with its password, if any, shown as ``***`` (for messages)."""
    return re.sub(r"^([a-z][a-z0-9+.-]*://[^:@/]*):[^@/]*@", r"\1:***@", url, flags=re.I)


def parse_server_url(url: str) -> Server:
    """Return the Server a ``postgresql://`` or ``mysql://`` URL names, or raise."""
    shown = without_password(url)
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        parts, hostname = None, None
    vendor = (
        {"postgres": "postgresql", "postgresql": "postgresql", "mysql": "mysql"}.get(parts.scheme)
        if parts
        else None
    )
    if parts is None or vendor is None or not hostname:
        raise DatabaseServerError(
            f"The database URL {shown!r} is not understood; use sqlite, "
            "postgresql://user@host:port/ or mysql://user@host:port/."
        )
    try:
        port = parts.port
    except ValueError:
        raise DatabaseServerError(f"The database URL {shown!r} has an invalid port.") from None
    default_user = "postgres" if vendor == "postgresql" else "root"
    return Server(
        vendor,
        hostname,
        port,
        unquote(parts.username or default_user),
        unquote(parts.password or ""),
    )


def new_name(purpose: str) -> str:
    """Return a database name that cannot collide with a project's or another run's."""
    return f"mw_{purpose}_{os.getpid()}_{secrets.token_hex(4)}"


DRIVERS = {"postgresql": "psycopg[binary]", "mysql": "mysqlclient"}


def _admin_connect(server: Server) -> Any:
    try:
        if server.vendor == "postgresql":
            import psycopg

            return psycopg.connect(
                host=server.host,
                port=server.port or 5432,
                user=server.user,
                password=server.password or None,
                dbname="postgres",
                autocommit=True,
                connect_timeout=CONNECT_TIMEOUT,
            )
        import MySQLdb

        return MySQLdb.connect(
            host=server.host,
            port=server.port or 3306,
            user=server.user,
            password=server.password,
            connect_timeout=CONNECT_TIMEOUT,
        )
    except ImportError as exc:
        # An installed wizard has mysqlclient only with its "mysql" extra (it builds from source).
        extra = " (the installed tool: its 'mysql' extra)" if server.vendor == "mysql" else ""
        raise DatabaseServerError(
            f"The wizard's Python has no driver for the {server.vendor} server {server.label!r} "
            f"({exc}); install {DRIVERS[server.vendor]!r} next to the wizard{extra}."
        ) from None
    except Exception as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseServerError(
            f"Could not connect to the {server.vendor} server {server.label!r}: {first_line}; "
            "start it or pass another URL."
        ) from None


def server_answers(server: Server) -> bool:
    """Return whether the server accepts an admin connection."""
    try:
        _admin_connect(server).close()
    except DatabaseServerError:
        return False
    return True


def _execute(server: Server, sql: str) -> None:
    connection = _admin_connect(server)
    try:
        connection.cursor().execute(sql)
    finally:
        connection.close()


def _quoted(server: Server, name: str) -> str:
    return f'"{name}"' if server.vendor == "postgresql" else f"`{name}`"


def database_settings(server: Server, name: str) -> dict[str, Any]:
    """Return the Django ``DATABASES`` entry for database ``name`` on ``server``."""
    entry: dict[str, Any] = {
        "ENGINE": ENGINES[server.vendor],
        "NAME": name,
        "USER": server.user,
        "PASSWORD": server.password,
        "HOST": server.host,
        "PORT": str(server.port or ""),
        "TEST": {"NAME": name + "_test"},
    }
    if server.vendor == "mysql":
        entry["OPTIONS"] = {"charset": "utf8mb4"}
    return entry


@contextlib.contextmanager
def scratch_database(vendor_or_url: str, *, purpose: str = "scratch") -> Iterator[dict[str, Any]]:
    """Yield a ``DATABASES`` entry for a new, empty database; drop it afterwards.

    ``vendor_or_url`` is ``"sqlite"``, ``"postgresql"``/``"mysql"`` (the configured server) or a
    server URL.
    """
    if vendor_or_url == "sqlite":
        with tempfile.TemporaryDirectory(prefix="mw-sqlite-") as folder:
            yield {"ENGINE": ENGINES["sqlite"], "NAME": str(Path(folder) / "scratch.sqlite3")}
        return
    url = server_url(vendor_or_url) if vendor_or_url in VENDORS else vendor_or_url
    server = parse_server_url(url)
    name = new_name(purpose)
    # No COLLATE: the connection's "SET NAMES utf8mb4" takes the server's default collation for
    # utf8mb4, and so must the tables, or comparing a column with a value cast to text in the
    # target's own migrations fails with "Illegal mix of collations".
    charset = " CHARACTER SET utf8mb4" if server.vendor == "mysql" else ""
    _execute(server, f"CREATE DATABASE {_quoted(server, name)}{charset}")
    try:
        yield database_settings(server, name)
    finally:
        drop = f"DROP DATABASE IF EXISTS {_quoted(server, name)}"
        if server.vendor == "postgresql":
            drop += " WITH (FORCE)"
        with contextlib.suppress(DatabaseServerError):
            _execute(server, drop)

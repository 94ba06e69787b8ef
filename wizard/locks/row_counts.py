"""Row estimates of a person's database, read-only, from its catalog: never a count of a table.

PostgreSQL keeps ``pg_class.reltuples`` (updated by VACUUM and ANALYZE), MySQL/MariaDB
``information_schema.TABLES.TABLE_ROWS`` (InnoDB's estimate); both answer at once whatever the
size. The session is made read-only before the first query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from wizard.errors import DatabaseServerError
from wizard.scratch import CONNECT_TIMEOUT, Server, parse_server_url, without_password

POSTGRESQL_ROWS = (
    "SELECT c.relname, GREATEST(c.reltuples, 0)::bigint FROM pg_class c "
    "WHERE c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid) "
    "AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)"
)
MYSQL_ROWS = (
    "SELECT TABLE_NAME, COALESCE(TABLE_ROWS, 0) FROM information_schema.TABLES "
    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'"
)


def catalog_row_counts(url: str) -> dict[str, int]:
    """Return ``{table: estimated rows}`` of the database ``url`` names, read from its catalog."""
    server = parse_server_url(url)
    database = unquote(urlsplit(url).path.lstrip("/"))
    if not database:
        raise DatabaseServerError(
            f"The database URL {without_password(url)!r} names no database; add its name, as in "
            f"{server.vendor}://user@host/name."
        )
    connection = _connect(server.vendor, server, database, f"{server.label}/{database}")
    try:
        cursor = connection.cursor()
        if server.vendor == "postgresql":
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        else:
            cursor.execute("SET SESSION TRANSACTION READ ONLY")
        return _read(cursor, server.vendor)
    except Exception as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseServerError(
            f"Could not read the row counts of {server.label}/{database}: {first_line}."
        ) from None
    finally:
        connection.close()


def scratch_row_counts(entry: Mapping[str, Any]) -> dict[str, int]:
    """Return ``{table: rows}`` of one of the wizard's own scratch databases (a ``DATABASES``
    entry), after refreshing its statistics: the rehearsal's rows, at the catalog's word."""
    vendor = "postgresql" if "postgresql" in entry["ENGINE"] else "mysql"
    server = Server(
        vendor, entry["HOST"], int(entry["PORT"] or 0) or None, entry["USER"], entry["PASSWORD"]
    )
    connection = _connect(vendor, server, entry["NAME"], f"{server.label}/{entry['NAME']}")
    try:
        cursor = connection.cursor()
        if vendor == "postgresql":
            cursor.execute("ANALYZE")
        return _read(cursor, vendor)
    finally:
        connection.close()


def _read(cursor: Any, vendor: str) -> dict[str, int]:
    cursor.execute(POSTGRESQL_ROWS if vendor == "postgresql" else MYSQL_ROWS)
    return {str(table): int(rows) for table, rows in cursor.fetchall()}


def database_label(url: str) -> str:
    """Return ``url`` without its password, to name the database in reports."""
    server = parse_server_url(url)
    return f"{server.label}/{unquote(urlsplit(url).path.lstrip('/'))}"


def _connect(vendor: str, server: Any, database: str, label: str) -> Any:
    try:
        if vendor == "postgresql":
            import psycopg

            return psycopg.connect(
                host=server.host,
                port=server.port or 5432,
                user=server.user,
                password=server.password or None,
                dbname=database,
                autocommit=True,
                connect_timeout=CONNECT_TIMEOUT,
            )
        import MySQLdb

        return MySQLdb.connect(
            host=server.host,
            port=server.port or 3306,
            user=server.user,
            password=server.password,
            database=database,
            connect_timeout=CONNECT_TIMEOUT,
        )
    except Exception as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseServerError(
            f"Could not read the row counts of {label!r}: {first_line}; check the URL."
        ) from None

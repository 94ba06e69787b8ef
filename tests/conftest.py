"""Fixtures shared by the whole suite: the real database servers.

In CI (`CI` set) a server that does not answer fails the test, so nothing is skipped silently;
on a laptop the test is skipped with the reason. `scripts/start-databases` starts both servers.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterator
from typing import NoReturn
from urllib.parse import unquote, urlsplit

import pytest

POSTGRESQL_URL = os.environ.get(
    "WIZARD_POSTGRESQL_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
MYSQL_URL = os.environ.get("WIZARD_MYSQL_URL", "mysql://root@127.0.0.1:3306/")
SERVER_MARKERS = {"postgresql_url": "postgresql", "mysql_url": "mysql"}


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Iterator[None]:
    """Mark tests by the servers they use (so `-m` sees it), and run browser tests last."""
    for item in items:
        for fixture, marker in SERVER_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
    yield
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _server_unavailable(name: str, url: str, error: Exception) -> NoReturn:
    reason = " ".join(str(error.args[-1] if error.args else error).split())
    message = (
        f"The {name} server at {url!r} does not answer ({reason}); "
        "start it with scripts/start-databases."
    )
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgresql_url() -> str:
    """Return the URL of a PostgreSQL server that answers (WIZARD_POSTGRESQL_URL)."""
    import psycopg

    try:
        psycopg.connect(POSTGRESQL_URL, connect_timeout=5).close()
    except psycopg.Error as error:
        problem = error
    else:
        return POSTGRESQL_URL
    _server_unavailable("PostgreSQL", POSTGRESQL_URL, problem)


@pytest.fixture(scope="session")
def mysql_url() -> str:
    """Return the URL of a MariaDB/MySQL server that answers (WIZARD_MYSQL_URL)."""
    import MySQLdb

    parts = urlsplit(MYSQL_URL)
    try:
        MySQLdb.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            user=unquote(parts.username or "root"),
            password=unquote(parts.password or ""),
            connect_timeout=5,
        ).close()
    except MySQLdb.Error as error:
        problem = error
    else:
        return MYSQL_URL
    _server_unavailable("MariaDB/MySQL", MYSQL_URL, problem)


DJANGO42_REQUIREMENT = "Django>=4.2,<4.3"


@pytest.fixture(scope="session")
def django42_python() -> str:
    """Return the python of a virtualenv with Django 4.2 (built once, cached in .cache/venvs)."""
    from tests.venvs import cached_venv

    return str(cached_venv("django42-py311", "python3.11", DJANGO42_REQUIREMENT))


@pytest.fixture(scope="session")
def forty_apps_root(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """Return the root of the generated 40-app project (tests/big_target.py), made once."""
    from tests.big_target import forty_apps_target

    return forty_apps_target(tmp_path_factory.mktemp("forty-apps"))

"""The child's view of a table's columns, as the rehearsal compares them."""

from __future__ import annotations

import pytest
from django.db import connection

from wizard.child.rehearsal.db import columns


@pytest.mark.django_db
def test_sqlite_integer_names_are_one_storage_type() -> None:
    # An M2M table made before its models' keys became BigAutoField keeps "integer" columns on
    # SQLite, while a table rebuilt from the migration state says "bigint": the same storage.
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE "mw_cols" ("a" bigint NOT NULL, "b" smallint NULL, "c" varchar(3))'
        )
    assert columns(connection, "mw_cols") == {
        "a": ["integer", False],
        "b": ["integer", True],
        "c": ["varchar(3)", True],
    }

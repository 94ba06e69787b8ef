"""Scratch databases: what the target's own migrations see on them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.targets import make_target
from wizard.childproc import run_child, workspace
from wizard.errors import DatabaseServerError
from wizard.scratch import scratch_database

MODELS = """\
from django.db import models


class Item(models.Model):
    code = models.CharField(max_length=20)
"""

# A data migration comparing a column with a value cast to text, as openwisp-users' does: the
# column has the database's collation, the cast the connection's.
COMPARING_MIGRATION = """\
from django.db import migrations, models
from django.db.models.functions import Cast


def mark(apps, schema_editor):
    Item = apps.get_model("core", "Item")
    Item.objects.create(code="1")
    matching = Item.objects.filter(code=Cast("pk", models.CharField()))
    assert list(matching.values_list("code", flat=True)) == ["1"]


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
"""


def test_mysql_scratch_database_and_connection_share_a_collation(
    tmp_path: Path, mysql_url: str
) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    (root / "core" / "migrations" / "0002_compare_cast.py").write_text(COMPARING_MIGRATION)
    with scratch_database(mysql_url, purpose="collation") as entry, workspace(root) as copy:
        payload = {"settings": "target_site.settings", "databases": {"default": entry}}
        result = run_child(sys.executable, "migrate", payload, cwd=copy)
    assert result["error"] is None


def test_server_database_without_its_driver_says_which_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "MySQLdb", None)  # what an install without the extra has

    with pytest.raises(DatabaseServerError) as error, scratch_database("mysql://root@db:3306/"):
        pass

    assert error.value.message == (
        "The wizard's Python has no driver for the mysql server 'mysql://root@db:3306' "
        "(import of MySQLdb halted; None in sys.modules); install 'mysqlclient' next to the "
        "wizard (the installed tool: its 'mysql' extra)."
    )


@pytest.mark.parametrize(
    "url",
    ["postgresql://me:secret@[::1/x", "mysql://me:secret@", "oracle://me:secret@host/x"],
)
def test_a_bad_server_url_is_one_line_without_its_password(url: str) -> None:
    from wizard.errors import DatabaseServerError
    from wizard.scratch import parse_server_url

    with pytest.raises(DatabaseServerError) as refused:
        parse_server_url(url)
    assert "secret" not in str(refused.value)
    assert ":***@" in str(refused.value)
    assert str(refused.value).endswith("mysql://user@host:port/.")

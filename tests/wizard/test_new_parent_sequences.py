"""A moved column that owns a PostgreSQL sequence (saleor's order number, whose default calls
``nextval``): the sequence goes to the parent's column with the values, and comes back with them.
"""

from __future__ import annotations

from pathlib import Path

from tests.targets import make_target
from wizard.bundle import build_bundle
from wizard.rehearsal import rehearse
from wizard.target import Target

MODELS = """\
from django.db import connection, models


def next_number():
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('core_order_number_seq')")
        return cursor.fetchone()[0]


class Order(models.Model):
    number = models.IntegerField(unique=True, default=next_number, editable=False)
    note = models.CharField(max_length=20, default="")
"""
OWNED_SEQUENCE = """\
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE core_order_number_seq OWNED BY core_order.number",
            "DROP SEQUENCE core_order_number_seq",
        )
    ]
"""
POSTGRESQL = """
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "unused",
                         "HOST": "127.0.0.1", "USER": "postgres"}}
"""
PLAN = {"kind": "new_parent", "model": "core.Order", "parent": "OrderBase",
        "move_fields": ["number"]}  # fmt: skip


def test_a_sequence_owned_by_a_moved_column_survives_both_ways(
    tmp_path: Path, postgresql_url: str
) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    (root / "core" / "migrations" / "0002_number_sequence.py").write_text(OWNED_SEQUENCE)
    settings = root / "target_site" / "settings.py"
    settings.write_text(settings.read_text() + POSTGRESQL)
    target = Target.resolve(root)
    bundle = build_bundle(target, PLAN, vendors=("postgresql",))
    report = rehearse(target, bundle.to_zip(), rows=10, database=postgresql_url)
    assert {c.name: c.items for c in report.failed_checks} == {}
    sql = "\n".join(s.sql for m in report.sql if m.direction == "forward" for s in m.statements)
    assert 'ALTER SEQUENCE core_order_number_seq OWNED BY "core_orderbase"."number"' in sql

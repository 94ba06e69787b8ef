"""A target whose models have every shape of index, constraint and field Django can introspect.

    root = make_shapes_target(folder)                    # portable: SQLite, PostgreSQL, MariaDB
    root = make_shapes_target(folder, postgresql=True)   # plus a PostgreSQL-only app

`core` holds the portable shapes: functional unique constraint and index (``Lower``), a
conditional unique constraint, ``GeneratedField``, ``db_default``, ``db_comment`` (column and
table), ``JSONField``, a proxy, an unmanaged model without a table and one whose table a migration
makes, a model routed to a second database, an auto-created M2M (``Item.labels``, for
m2m_through) and a plain model for new_parent (``Gadget``). The PostgreSQL target adds ``pgshapes``
(``django.contrib.postgres``): ArrayField, range fields, an exclusion constraint, unique
constraints that are deferrable, have ``include=`` or ``nulls_distinct=False``, an index with
``include=`` and one with ``opclasses``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.targets import CONTRIB_APPS, App, make_target

CORE_MODELS = """\
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower


class Label(models.Model):
    name = models.CharField(max_length=40, db_comment="What people call it")
    kind = models.CharField(max_length=10, default="plain")
    code = models.CharField(max_length=20, null=True)
    data = models.JSONField(default=dict)

    class Meta:
        db_table_comment = "Labels for items"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="label_lower_name_unique"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(kind="plain"), name="label_plain_code_unique"
            ),
        ]
        indexes = [models.Index(Lower("code"), "kind", name="label_lower_code_idx")]


class SpecialLabel(Label):
    class Meta:
        proxy = True


class Item(models.Model):
    title = models.CharField(max_length=50)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    quantity = models.IntegerField(db_default=1)
    total = models.GeneratedField(
        expression=F("price") * F("quantity"),
        output_field=models.DecimalField(max_digits=12, decimal_places=2),
        db_persist=True,
    )
    labels = models.ManyToManyField(Label, related_name="items")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="item_price_not_negative"),
        ]
        indexes = [models.Index(fields=["-price", "title"], name="item_price_desc_idx")]


class Gadget(models.Model):
    serial = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=40)
    nickname = models.CharField(max_length=40, db_comment="Optional")

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("nickname"), name="gadget_lower_nickname_unique"),
        ]
        indexes = [models.Index(Lower("serial"), name="gadget_lower_serial_idx")]


class External(models.Model):
    name = models.CharField(max_length=20)

    class Meta:
        managed = False
        db_table = "external_rows"


class Legacy(models.Model):
    name = models.CharField(max_length=20)

    class Meta:
        managed = False
        db_table = "legacy_rows"


class ArchivedNote(models.Model):
    text = models.TextField()
"""
# Label has no db_default: Django 5.2 on MariaDB then defers its unsupported (functional and
# conditional) unique constraints as "None;" statements, and the target's own migration fails.

# The unmanaged Legacy's table exists: a migration of the target makes it (as a DBA would have).
LEGACY_TABLE = """\
from django.db import migrations


def create(apps, schema_editor):
    schema_editor.create_model(apps.get_model("core", "Legacy"))


def drop(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("core", "Legacy"))


class Migration(migrations.Migration):
    atomic = False  # DDL in RunPython: MariaDB cannot roll DDL back, so Django refuses atomic
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
"""
ROUTERS = """\
class ArchiveRouter:
    def db_for_read(self, model, **hints):
        return "archive" if model._meta.model_name == "archivednote" else None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if model_name == "archivednote":
            return db == "archive"
        return db == "default"
"""
SETTINGS_EXTRA = """\
DATABASES["archive"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "archive.db"}
DATABASE_ROUTERS = ["target_site.routers.ArchiveRouter"]
"""
PG_MODELS = """\
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, IntegerRangeField
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import Deferrable, F, Q


class Booking(models.Model):
    room = models.CharField(max_length=10)
    code = models.CharField(max_length=20)
    seats = IntegerRangeField()
    days = DateRangeField(null=True)
    tags = ArrayField(models.CharField(max_length=10), default=list)
    scores = ArrayField(models.IntegerField(), size=3, null=True)
    extra = models.JSONField(null=True)
    cancelled = models.BooleanField(default=False)

    class Meta:
        constraints = [
            ExclusionConstraint(
                name="booking_seats_apart",
                expressions=[(F("seats"), RangeOperators.OVERLAPS)],
                condition=Q(cancelled=False),
            ),
            models.UniqueConstraint(
                fields=["room", "code"],
                name="booking_room_code_deferred",
                deferrable=Deferrable.DEFERRED,
            ),
            models.UniqueConstraint(fields=["code"], include=["room"], name="booking_code_incl"),
            models.UniqueConstraint(
                fields=["days"], nulls_distinct=False, name="booking_days_one_null"
            ),
        ]
        indexes = [
            models.Index(fields=["room"], include=["code"], name="booking_room_incl"),
            models.Index(
                fields=["code"], opclasses=["varchar_pattern_ops"], name="booking_code_ops"
            ),
        ]
"""
PLANS: dict[str, dict[str, Any]] = {
    "m2m_through": {
        "kind": "m2m_through",
        "field": "core.Item.labels",
        "through": "ItemLabel",
        "extra_fields": [
            {"name": "note", "type": "CharField", "options": {"max_length": 20, "default": "x"}}
        ],
    },
    "new_parent": {
        "kind": "new_parent",
        "model": "core.Gadget",
        "parent": "Device",
        "move_fields": ["name"],
    },
}


def make_shapes_target(folder: Path, *, postgresql: bool = False) -> Path:
    """Write the shapes target into ``folder / "shapes"``; with the PostgreSQL-only app if asked."""
    apps = [App("core", CORE_MODELS)]
    installed = list(CONTRIB_APPS)
    if postgresql:
        apps.append(App("pgshapes", PG_MODELS))
        installed.append("django.contrib.postgres")
    root = make_target(
        folder,
        apps=apps,
        installed_apps=installed,
        settings_extra=SETTINGS_EXTRA,
        files={"target_site/routers.py": ROUTERS},
        name="shapes",
    )
    (root / "core" / "migrations" / "0002_legacy_table.py").write_text(LEGACY_TABLE)
    return root

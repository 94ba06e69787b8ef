"""Seeding: every model of a feature-rich target gets rows (or is named with the reason), on all
three databases; and both refactors rehearse on a target with a custom user model and UUID pks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.targets import App, make_target
from tests.wizard import broken_bundles
from wizard.childproc import run_child, workspace
from wizard.errors import TargetLoadError
from wizard.rehearsal import rehearse
from wizard.scratch import scratch_database
from wizard.target import Target

ROWS = 24
RICH_MODELS = """
import uuid
from django.conf import settings
from django.db import models


class Weird(models.Field):
    def db_type(self, connection):
        return "text"

    def get_internal_type(self):
        return "WeirdField"


class Owner(models.Model):
    class Kind(models.TextChoices):
        A = "a", "A"
        B = "b", "B"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=3, unique=True)
    kind = models.CharField(max_length=1, choices=Kind.choices)
    data = models.JSONField(default=dict)
    amount = models.DecimalField(max_digits=6, decimal_places=2)
    born = models.DateField(null=True)
    seen = models.DateTimeField(auto_now_add=True)
    ratio = models.FloatField()
    flag = models.BooleanField(default=False)
    blob = models.BinaryField()
    ip = models.GenericIPAddressField()
    span = models.DurationField()
    at = models.TimeField()
    odd = Weird(null=True)
    boss = models.ForeignKey("self", null=True, on_delete=models.SET_NULL, related_name="staff")
    favourite = models.ForeignKey("Thing", null=True, on_delete=models.SET_NULL, related_name="+")
    friends = models.ManyToManyField("self")
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="owners")


class Thing(models.Model):
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE)
    code = models.SlugField(unique=True)
    size = models.PositiveSmallIntegerField(choices=[(1, "s"), (2, "m"), (3, "l")])
    email = models.EmailField()
    big = models.BigIntegerField()

    class Meta:
        unique_together = [("owner", "size")]


class Special(Thing):
    extra = models.TextField(blank=True)


class Profile(models.Model):
    owner = models.OneToOneField(Owner, on_delete=models.CASCADE)
    url = models.URLField()


class Tagging(models.Model):
    thing = models.ForeignKey(Thing, on_delete=models.CASCADE)
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE)
    weight = models.IntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thing", "owner"], name="one_tag")]


class Loop(models.Model):
    me = models.ForeignKey("self", on_delete=models.CASCADE)


class Seat(models.Model):
    rows = models.IntegerField()
    price = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    label = models.CharField(max_length=10, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rows__gte=1) & models.Q(price__gt=0) & ~models.Q(label=""),
                name="seat_is_sensible",
            )
        ]


class Odd(models.Model):
    value = Weird()


class Legacy(models.Model):
    name = models.CharField(max_length=10)

    class Meta:
        managed = False
        db_table = "legacy_rows"
"""
MEMBERS = """
import uuid
from django.contrib.auth.models import AbstractUser
from django.db import models


class Member(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
"""
DRONES = """
import uuid
from django.conf import settings
from django.db import models


class Hangar(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=50, unique=True)


class Drone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    serial = models.CharField(max_length=30, unique=True)
    hangar = models.ForeignKey(Hangar, on_delete=models.CASCADE, related_name="drones")
    operators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="drones")
"""
PLANS: dict[str, dict[str, Any]] = {
    "m2m_through": {
        "kind": "m2m_through",
        "field": "drones.Drone.operators",
        "through": "Operation",
        "extra_fields": [{"name": "since", "type": "DateTimeField", "options": {"null": True}}],
    },
    "new_parent": {
        "kind": "new_parent",
        "model": "drones.Drone",
        "parent": "Aircraft",
        "move_fields": ["serial"],
    },
}


@pytest.fixture(scope="module")
def rich_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_target(tmp_path_factory.mktemp("rich"), models_py=RICH_MODELS)


@pytest.fixture(scope="module")
def members_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_target(
        tmp_path_factory.mktemp("members"),
        apps=[App("accounts", MEMBERS), App("drones", DRONES)],
        settings_extra='AUTH_USER_MODEL = "accounts.Member"\n',
    )


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def database(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return "sqlite"
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


def seed_and_check(root: Path, database: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return what the child's seed and checks commands say about a fresh scratch database."""
    with workspace(root) as copy, scratch_database(database, purpose="seedtest") as entry:
        payload = {"settings": "target_site.settings", "databases": {"default": entry}}
        seeded = run_child(sys.executable, "seed", {**payload, "rows": ROWS}, cwd=copy)
        checked = run_child(sys.executable, "checks", payload, cwd=copy)
    return seeded, checked


def test_every_model_is_filled_or_named_with_the_reason(rich_target: Path, database: str) -> None:
    seeded, checked = seed_and_check(rich_target, database)
    assert seeded["rows"] == {
        "auth.User": ROWS,
        "core.Owner": ROWS,
        "core.Profile": 19,  # one-to-one: one per owner, then the gaps
        "core.Seat": ROWS,  # its CHECK constraint refuses negative numbers, NULL and ""
        "core.Special": ROWS,
        "core.Tagging": ROWS,
        "core.Thing": ROWS,
    }
    assert seeded["pairs"] == {"core.Owner.friends": 40, "core.Owner.users": 30}
    assert seeded["outside"] == ["auth.User"]
    assert seeded["unfilled"] == [
        {"model": "core.Legacy",
         "reason": "it is unmanaged (managed = False), so migrate creates no table"},
        {"model": "core.Loop",
         "reason": "its non-nullable field 'me' points at its own model, so no first row can be "
                   "inserted"},
        {"model": "core.Odd",
         "reason": "field 'value' is a Weird, which the rehearsal cannot fill; give it a default "
                   "or null=True"},
    ]  # fmt: skip
    assert checked["model_mismatches"] == []
    assert checked["foreign_key_problems"] == []
    assert checked["pending_changes"] == []
    inserted = {row["model"]: row for row in checked["inserts"]["rows"]}
    assert [
        model for model, row in inserted.items() if row["error"] and not row.get("skipped")
    ] == []


def test_seeded_values_are_awkward_and_ids_have_gaps(rich_target: Path) -> None:
    _seeded, checked = seed_and_check(rich_target, "sqlite")
    things = checked["fingerprint"]["models"]["core.Thing"]
    ids = sorted(int(pk) for pk in things["rows"])
    assert ids != list(range(ids[0], ids[0] + len(ids)))  # gaps inside
    assert checked["high_water_marks"]["core.Thing"] > ids[-1]  # and past the end
    special = checked["fingerprint"]["models"]["core.Special"]
    extra = {row[special["fields"].index("extra")] for row in special["rows"].values()}
    assert "" in extra
    assert any('O\'Brien "Zoë" Ñandú 東京 \\ 50%' in text for text in extra if text)
    owners = checked["fingerprint"]["models"]["core.Owner"]
    born = [row[owners["fields"].index("born")] for row in owners["rows"].values()]
    assert None in born and len(set(born)) > ROWS // 2


@pytest.mark.parametrize(
    ("kind", "database"),
    [("m2m_through", "sqlite"), ("new_parent", "sqlite"), ("new_parent", "postgresql"),
     ("m2m_through", "mysql")],
    indirect=["database"],
)  # fmt: skip
def test_refactor_of_a_custom_user_target_with_uuid_pks_holds(
    members_target: Path, kind: str, database: str
) -> None:
    bundle = broken_bundles.real_bundle(members_target, PLANS[kind], key=kind)
    report = rehearse(Target.resolve(members_target), bundle, database=database, rows=ROWS)
    assert {check.name: check.items for check in report.failed_checks} == {}
    assert report.seeded["accounts.Member"] == ROWS
    assert report.seeded["drones.Drone.operators"] > 0


PLACES = """
from django.db import models


class Country(models.Model):
    code = models.CharField(max_length=2, unique=True)


class City(models.Model):
    country = models.ForeignKey(Country, on_delete=models.PROTECT)
    name = models.CharField(max_length=40)
"""
DATA_MIGRATION = """
from django.db import migrations


def add(apps, schema_editor):
    Country, City = apps.get_model("core", "Country"), apps.get_model("core", "City")
    for code in ("IE", "FR", "DE"):
        City.objects.create(country=Country.objects.create(code=code), name="Capital of " + code)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
"""


def test_rows_a_data_migration_made_are_kept(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=PLACES)
    (root / "core" / "migrations" / "0002_places.py").write_text(DATA_MIGRATION)
    seeded, checked = seed_and_check(root, "sqlite")
    assert seeded["unfilled"] == []
    assert seeded["rows"] == {"core.City": ROWS + 3, "core.Country": ROWS + 3}
    countries = checked["fingerprint"]["models"]["core.Country"]["rows"]
    assert {"1", "2", "3"} <= set(countries)
    assert checked["foreign_key_problems"] == []


BROKEN_MIGRATION = """
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunSQL("UPDATE no_such_table SET x = 1")]
"""


def test_target_migrations_that_fail_are_the_targets_problem(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=PLACES)
    (root / "core" / "migrations" / "0002_broken.py").write_text(BROKEN_MIGRATION)
    with pytest.raises(TargetLoadError) as info:
        seed_and_check(root, "sqlite")
    assert str(info.value) == (
        "The target's own migrations fail on SQLite (OperationalError: no such table: "
        "no_such_table); run 'python manage.py migrate' in the target against a SQLite database "
        "to see the full error."
    )


# Shapes of real projects that crashed the seeding or failed the inserts check falsely: receivers
# with side effects (wagtail, openwisp), a pk not called id, fields whose save path refuses
# arbitrary values (saleor, wagtail, netbox, pretix), many multi-table children, a unique boolean.
AWKWARD_MODELS = """
import ipaddress

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import signals


def empty_document():
    return {"blocks": []}


class EditorJSField(models.JSONField):
    def get_db_prep_save(self, value, connection):
        if not isinstance(value, dict) or "blocks" not in value:
            raise ValidationError("Invalid EditorJS input")
        return super().get_db_prep_save(value, connection)


class BlocksField(models.JSONField):
    def get_prep_value(self, value):
        if not isinstance(value, list) or not all(isinstance(b, dict) for b in value):
            raise TypeError("Cannot handle %r as a value of a StreamBlock" % (value,))
        return super().get_prep_value(value)


class InetField(models.Field):
    def db_type(self, connection):
        return "varchar(50)"

    def get_internal_type(self):
        return "CharField"

    def get_prep_value(self, value):
        try:
            return str(ipaddress.ip_interface(value))
        except ValueError:
            raise ValidationError("Invalid IP address format: %s" % value)


class ListField(models.TextField):
    def get_prep_value(self, value):
        if isinstance(value, (list, tuple)):
            return ",".join(value)
        if value is None:
            return ""
        raise TypeError("Invalid data type passed.")


class NeverField(models.CharField):
    def get_prep_value(self, value):
        raise ValidationError("Nothing is good enough for %r" % value)


class Page(models.Model):
    path = models.CharField(max_length=255, unique=True)
    body = BlocksField()


class Workflow(models.Model):
    name = models.CharField(max_length=40)
    pages = models.ManyToManyField(Page, related_name="workflows")


class WorkflowPage(models.Model):
    page = models.OneToOneField(Page, primary_key=True, on_delete=models.CASCADE)
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE)


class Product(models.Model):
    description = EditorJSField(default=empty_document)
    options = ListField()


class Address(models.Model):
    ip = InetField(unique=True)


class Hopeless(models.Model):
    code = NeverField(max_length=10)


class Member(models.Model):
    is_admin = models.BooleanField()


class Owner(models.Model):
    member = models.OneToOneField(Member, on_delete=models.CASCADE)


class Switch(models.Model):
    on = models.BooleanField(unique=True)


def crash(sender, **kwargs):
    raise AttributeError("'%s' object has no attribute '_revisions'" % sender.__name__)


def make_owner(sender, instance, created, **kwargs):
    if created:
        Owner.objects.create(member=instance)


def unindex(sender, instance, **kwargs):
    WorkflowPage._base_manager.filter(id=instance.pk).exists()


signals.pre_init.connect(crash, sender=Product)
signals.pre_save.connect(crash, sender=Page)
signals.pre_delete.connect(crash, sender=Page)
signals.post_delete.connect(unindex)
signals.m2m_changed.connect(crash)
signals.post_save.connect(make_owner, sender=Member)
""" + "".join(
    f"\n\nclass Kind{n}(Page):\n    pass\n" for n in range(1, 9)
)  # eight children: the seeding numbers the eighth's rows from 8,000,000


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    root = make_target(tmp_path_factory.mktemp("awkward"), models_py=AWKWARD_MODELS)
    return seed_and_check(root, "sqlite")


def column(checked: dict[str, Any], label: str, name: str) -> list[Any]:
    model = checked["fingerprint"]["models"][label]
    return [row[model["fields"].index(name)] for row in model["rows"].values()]


def test_awkward_project_is_seeded_without_running_its_receivers(
    awkward: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    seeded, checked = awkward
    kinds = {f"core.Kind{n}": ROWS for n in range(1, 9)}  # their receivers would have raised
    assert seeded["rows"] == {
        **kinds,
        "core.Address": ROWS,
        "core.Member": ROWS,
        "core.Owner": 19,  # one per member: only the seeding's own, no receiver's
        "core.Page": ROWS,
        "core.Product": ROWS,
        "core.Switch": 2,
        "core.Workflow": ROWS,
        "core.WorkflowPage": ROWS,  # its pk is the one-to-one 'page', not 'id'
    }
    assert seeded["pairs"] == {"core.Workflow.pages": 30}
    assert seeded["unfilled"] == [
        {"model": "core.Hopeless",
         "reason": "field 'code' is a NeverField that refuses every value the rehearsal tried "
                   "(ValidationError); give it a default that it accepts, or null=True"},
        {"model": "core.Switch",
         "reason": "only 2 rows: its unique constraints allow no more combinations of the "
                   "related rows"},
    ]  # fmt: skip
    assert checked["foreign_key_problems"] == []


def test_values_a_field_refuses_are_replaced_by_ones_it_accepts(
    awkward: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    _seeded, checked = awkward
    addresses = column(checked, "core.Address", "ip")  # unique: a different address per row
    assert len(set(addresses)) == ROWS and "10.0.0.9/32" in addresses
    assert set(column(checked, "core.Product", "description")) == {'json:{"blocks": []}'}
    assert set(column(checked, "core.Page", "body")) == {"json:[]"}  # empty JSON
    assert set(column(checked, "core.Product", "options")) == {""}  # an empty list, stored


def test_inserts_of_an_awkward_project_fail_nothing_falsely(
    awkward: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    _seeded, checked = awkward
    rows = checked["inserts"]["rows"]
    assert len(rows) == 17  # one new row per model, the Page children's above every seeded one
    assert {row["model"]: (row["error"], row.get("skipped")) for row in rows if row["error"]} == {
        "core.Hopeless": (
            "field 'code' is a NeverField that refuses every value the rehearsal tried "
            "(ValidationError); give it a default that it accepts, or null=True",
            True,
        ),
        "core.Switch": (
            "the seeded rows hold every value that its unique field 'on' can take",
            True,
        ),
    }
    assert checked["inserts"]["pairs"] == [{"field": "core.Workflow.pages", "error": None}]

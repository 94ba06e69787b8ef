"""The targets and plans the new_parent tests build bundles for (no tests here).

Each case is a real project (tests/targets.py, or a copy of examples/fleet) and a plan. Between
them they cover every trap of the refactor: 32-bit and 64-bit auto ids, a UUID primary key, custom
primary-key names, moved unique/indexed/choices/default/nullable fields and foreign keys, Meta
indexes, constraints and unique_together that move or stay, proxies and multi-table children of
the model, M2M tables, foreign keys and one-to-ones pointing at it (one from the model itself),
and a custom user model.
``dump`` lists what must read the same before, after and back again (through the ORM, so the
same query works on the old and the new models); ``seed`` names a function of
new_parent_script.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.targets import App, make_target

ROOT = Path(__file__).resolve().parents[2]
FLEET = ROOT / "examples" / "fleet"

HANGAR_MODELS = '''\
from django.conf import settings
from django.db import models


class Owner(models.Model):
    name = models.CharField(max_length=50)


class Plane(models.Model):
    """A plane of the fleet."""

    class Kind(models.TextChoices):
        JET = "jet", "Jet"
        PROP = "prop", "Propeller"

    # The civil registration, unique worldwide.
    registration = models.CharField(max_length=20, unique=True)
    kind = models.CharField(
        max_length=10, choices=Kind.choices, default=Kind.PROP, db_index=True
    )
    owner = models.ForeignKey(
        Owner, null=True, blank=True, on_delete=models.SET_NULL, related_name="planes"
    )
    nickname = models.CharField(max_length=30, null=True, blank=True)  # optional
    seats = models.PositiveIntegerField(default=2)
    leader = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="followers"
    )
    pilots = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="planes")

    class Meta:
        ordering = ["registration"]
        unique_together = [("registration", "kind")]
        indexes = [
            models.Index(fields=["owner", "kind"], name="plane_owner_kind_idx"),
            models.Index(fields=["seats"], name="plane_seats_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="plane_seats_positive"),
            models.UniqueConstraint(fields=["owner", "nickname"], name="plane_owner_nick_uniq"),
        ]

    def __str__(self):
        return self.registration


class PlaneProxy(Plane):
    class Meta:
        proxy = True


class JetPlane(Plane):
    engines = models.PositiveSmallIntegerField(default=2)


class ParkingBay(models.Model):
    code = models.CharField(max_length=20)
    plane = models.ForeignKey(Plane, on_delete=models.CASCADE, related_name="parking_bays")


class Logbook(models.Model):
    plane = models.OneToOneField(Plane, on_delete=models.CASCADE)
    hours = models.IntegerField(default=0)
'''

DRONES_MODELS = """\
import uuid

from django.db import models


class Drone(models.Model):
    serial = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    label = models.CharField(max_length=40)
    weight = models.DecimalField(max_digits=6, decimal_places=2)


class Flight(models.Model):
    drone = models.ForeignKey(Drone, on_delete=models.CASCADE, related_name="flights")
    minutes = models.IntegerField()
"""

GARAGE_MODELS = """\
from django.db import models


class Tag(models.Model):
    name = models.CharField(max_length=20)


class Car(models.Model):
    number = models.BigAutoField(primary_key=True)
    plate = models.CharField(max_length=12)
    colour = models.CharField(max_length=12, default="blue")
    tags = models.ManyToManyField(Tag, blank=True)


class Service(models.Model):
    car = models.ForeignKey(Car, on_delete=models.CASCADE)
    cost = models.IntegerField()
"""

ACCOUNTS_MODELS = """\
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    nickname = models.CharField(max_length=30, blank=True)
    shoe_size = models.IntegerField(null=True, blank=True)


class Note(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    text = models.CharField(max_length=50)
"""


def fleet(folder: Path) -> Path:
    return Path(
        shutil.copytree(FLEET, folder / "fleet", ignore=shutil.ignore_patterns("*.sqlite3"))
    )


def hangar(folder: Path) -> Path:
    return make_target(
        folder,
        apps=[App("hangar", HANGAR_MODELS)],
        settings_extra='DEFAULT_AUTO_FIELD = "django.db.models.AutoField"\n',
    )


def drones(folder: Path) -> Path:
    return make_target(folder, apps=[App("drones", DRONES_MODELS)])


def garage(folder: Path) -> Path:
    return make_target(folder, apps=[App("garage", GARAGE_MODELS)])


def accounts(folder: Path) -> Path:
    return make_target(
        folder,
        apps=[App("accounts", ACCOUNTS_MODELS)],
        settings_extra='AUTH_USER_MODEL = "accounts.User"\n',
    )


TARGETS: dict[str, Callable[[Path], Path]] = {
    "fleet": fleet,
    "hangar": hangar,
    "drones": drones,
    "garage": garage,
    "accounts": accounts,
}


@dataclass(frozen=True)
class Case:
    target: str
    plan: dict[str, Any]
    seed: str
    # What must read the same before and after: {"model": label, "fields": [...]} or
    # {"model": label, "m2m": name}.
    dump: list[dict[str, Any]]
    # Keyword arguments of a new parent-only row and of a new child row.
    new_parent: dict[str, Any]
    new_child: dict[str, Any]
    auto_ids: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


CASES: dict[str, Case] = {
    "fleet": Case(
        target="fleet",
        plan={
            "kind": "new_parent",
            "model": "part1.Plane",
            "parent": "Aircraft",
            "move_fields": ["registration"],
        },
        seed="fleet",
        dump=[
            {"model": "part1.Plane", "fields": ["pk", "registration"]},
            {"model": "part1.Plane", "m2m": "pilots"},
            {"model": "part1.ParkingBay", "fields": ["pk", "code", "plane_id"]},
        ],
        new_parent={"registration": "DRONE-1"},
        new_child={"registration": "G-NEWW"},
    ),
    "hangar": Case(
        target="hangar",
        plan={
            "kind": "new_parent",
            "model": "hangar.Plane",
            "parent": "Aircraft",
            "move_fields": ["registration", "kind", "owner", "nickname"],
        },
        seed="hangar",
        dump=[
            {
                "model": "hangar.Plane",
                "fields": [
                    "pk",
                    "registration",
                    "kind",
                    "owner_id",
                    "nickname",
                    "seats",
                    "leader_id",
                ],
            },
            {"model": "hangar.Plane", "m2m": "pilots"},
            {"model": "hangar.JetPlane", "fields": ["pk", "registration", "engines"]},
            {"model": "hangar.PlaneProxy", "fields": ["pk", "registration"]},
            {"model": "hangar.ParkingBay", "fields": ["pk", "code", "plane_id"]},
            {"model": "hangar.Logbook", "fields": ["pk", "plane_id", "hours"]},
            {"model": "hangar.Owner", "fields": ["pk", "name"]},
        ],
        new_parent={"registration": "DRONE-1", "kind": "jet"},
        new_child={"registration": "G-NEWW", "nickname": "Newbie", "seats": 4},
    ),
    "drones": Case(
        target="drones",
        plan={
            "kind": "new_parent",
            "model": "drones.Drone",
            "parent": "Machine",
            "move_fields": ["label"],
        },
        seed="drones",
        dump=[
            {"model": "drones.Drone", "fields": ["pk", "label", "weight"]},
            {"model": "drones.Flight", "fields": ["pk", "drone_id", "minutes"]},
        ],
        new_parent={"label": "parent only"},
        new_child={"label": "new drone", "weight": "1.50"},
        auto_ids=False,
    ),
    "garage": Case(
        target="garage",
        plan={
            "kind": "new_parent",
            "model": "garage.Car",
            "parent": "Vehicle",
            "move_fields": ["plate", "colour"],
        },
        seed="garage",
        dump=[
            {"model": "garage.Car", "fields": ["pk", "number", "plate", "colour"]},
            {"model": "garage.Car", "m2m": "tags"},
            {"model": "garage.Service", "fields": ["pk", "car_id", "cost"]},
        ],
        new_parent={"plate": "PARENT-1"},
        new_child={"plate": "CHILD-1"},
    ),
    "accounts": Case(
        target="accounts",
        plan={
            "kind": "new_parent",
            "model": "accounts.User",
            "parent": "Person",
            "move_fields": ["nickname", "shoe_size"],
        },
        seed="accounts",
        dump=[
            {"model": "accounts.User", "fields": ["pk", "username", "nickname", "shoe_size"]},
            {"model": "accounts.User", "m2m": "groups"},
            {"model": "accounts.Note", "fields": ["pk", "author_id", "text"]},
        ],
        new_parent={"nickname": "parent only"},
        new_child={"username": "newcomer", "nickname": "Newt"},
    ),
}


# The same plans as online bundles (`"online": true`): mirror trigger, batched copy, one short
# locked step, the link validated apart. The same promises hold.
ONLINE = ("fleet", "drones", "garage", "accounts")
for _name in ONLINE:
    CASES[f"{_name}-online"] = Case(
        **{**CASES[_name].__dict__, "plan": {**CASES[_name].plan, "online": True}}
    )

"""The targets and plans the flatten_parent tests build bundles for (no tests here).

Each case is a real project (tests/targets.py) and a plan. ``fleet`` is the story's ``Plane`` after
its new parent: one child, an M2M and a foreign key pointing at it. ``hangar`` has a parent with a
unique, an indexed choices field with a default, a nullable foreign key and a nullable field, two
children (so the parent stays), an M2M, a foreign key and a one-to-one pointing at the child, and
a foreign key pointing at the parent. ``seed``/``dump`` name what flatten_parent_script.py writes
and reads, through the ORM of the migration state, so the same code reads before, after and back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.targets import make_target

FLEET_MODELS = """\
from django.conf import settings
from django.db import models


class Aircraft(models.Model):
    registration = models.CharField(max_length=100)


class Plane(Aircraft):
    pilots = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True)

    def __str__(self):
        return self.registration


class ParkingBay(models.Model):
    code = models.CharField(max_length=20)
    plane = models.ForeignKey(Plane, on_delete=models.CASCADE, related_name="parking_bays")
"""

HANGAR_MODELS = '''\
from django.db import models

KINDS = [("jet", "Jet"), ("prop", "Propeller")]


class Owner(models.Model):
    name = models.CharField(max_length=50)


class Vehicle(models.Model):
    """Anything with a registration."""

    # The civil registration, unique worldwide.
    registration = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=10, choices=KINDS, default="prop", db_index=True)
    owner = models.ForeignKey(Owner, null=True, blank=True, on_delete=models.SET_NULL)
    nickname = models.CharField(max_length=30, null=True, blank=True)  # optional


class Car(Vehicle):
    doors = models.IntegerField(default=4)

    class Meta:
        ordering = ["registration"]


class Boat(Vehicle):
    length = models.IntegerField(default=5)


class Garage(models.Model):
    name = models.CharField(max_length=20)
    cars = models.ManyToManyField(Car, blank=True, related_name="garages")
    favourite = models.ForeignKey(Car, null=True, on_delete=models.SET_NULL, related_name="+")
    landmark = models.ForeignKey(Vehicle, null=True, on_delete=models.SET_NULL, related_name="+")


class Ticket(models.Model):
    car = models.OneToOneField(Car, on_delete=models.CASCADE)
    note = models.CharField(max_length=20, default="")
'''


SHOP_MODELS = """\
from django.db import models


class Item(models.Model):
    code = models.CharField(max_length=20)
    batch = models.IntegerField(default=1)
    weight = models.IntegerField(default=1)

    class Meta:
        unique_together = [("code", "batch")]
        indexes = [
            models.Index(fields=["weight"]),
            models.Index(fields=["code", "weight"], name="item_code_weight_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="item_weight_positive"),
        ]


class Book(Item):
    pages = models.IntegerField(default=10)

    class Meta:
        ordering = ["code"]


class Shelf(models.Model):
    books = models.ManyToManyField(Book, blank=True)


class Part(models.Model):
    code = models.CharField(max_length=20)
    batch = models.IntegerField(default=1)

    class Meta:
        unique_together = ("code", "batch")
        indexes = [models.Index(fields=["batch"])]


class Bolt(Part):
    size = models.IntegerField(default=3)

    def __str__(self):
        return self.code
"""


def fleet_target(folder: Path) -> Path:
    return make_target(folder, models_py=FLEET_MODELS, name="fleet")


def hangar_target(folder: Path) -> Path:
    return make_target(folder, models_py=HANGAR_MODELS, name="hangar")


def shop_target(folder: Path) -> Path:
    return make_target(folder, models_py=SHOP_MODELS, name="shop")


TARGETS: dict[str, Callable[[Path], Path]] = {
    "fleet": fleet_target,
    "hangar": hangar_target,
    "shop": shop_target,
}


@dataclass(frozen=True)
class Case:
    """A plan for one of the TARGETS, and what the apply test seeds and reads."""

    target: str
    plan: dict[str, Any]
    parent: str
    # Fields read on every child row (pk first), before, after and back.
    child_fields: list[str]
    # Other rows read as (model, fields) and M2M fields as (model, field).
    others: list[tuple[str, list[str]]] = field(default_factory=list)
    m2m: list[tuple[str, str]] = field(default_factory=list)
    seed: str = "fleet"
    new_child: dict[str, Any] = field(default_factory=dict)
    new_parent: dict[str, Any] = field(default_factory=dict)
    vendors: tuple[str, ...] = ("sqlite", "postgresql", "mysql")

    @property
    def app(self) -> str:
        return str(self.plan["model"]).split(".")[0]


def plan(model: str, keep_parent: bool) -> dict[str, Any]:
    return {"kind": "flatten_parent", "model": model, "keep_parent": keep_parent}


FLEET = {
    "parent": "core.Aircraft",
    "child_fields": ["pk", "registration"],
    "others": [("core.ParkingBay", ["pk", "code", "plane_id"])],
    "m2m": [("core.Plane", "pilots")],
    "seed": "fleet",
    "new_child": {"registration": "G-NEWW"},
    "new_parent": {"registration": "DRONE-1"},
}
HANGAR = {
    "parent": "core.Vehicle",
    "child_fields": ["pk", "registration", "kind", "owner_id", "nickname", "doors"],
    "others": [
        ("core.Vehicle", ["pk", "registration", "kind", "owner_id", "nickname"]),
        ("core.Boat", ["pk", "registration", "length"]),
        ("core.Garage", ["pk", "name", "favourite_id", "landmark_id"]),
        ("core.Ticket", ["pk", "car_id", "note"]),
    ],
    "m2m": [("core.Garage", "cars")],
    "seed": "hangar",
    "new_child": {"registration": "NEW-CAR", "kind": "jet", "doors": 2},
    "new_parent": {"registration": "NEW-VEHICLE"},
}

SHOP_DROP = {
    "parent": "core.Item",
    "child_fields": ["pk", "code", "batch", "weight", "pages"],
    "others": [
        ("core.Item", ["pk", "code", "batch", "weight"]),
        ("core.Part", ["pk", "code", "batch"]),
        ("core.Bolt", ["pk", "code", "batch", "size"]),
    ],
    "m2m": [("core.Shelf", "books")],
    "seed": "shop",
    "new_child": {"code": "NEW", "batch": 9, "weight": 3, "pages": 1},
    "new_parent": {"code": "ITEM", "batch": 9},
}
SHOP_KEEP = {
    "parent": "core.Part",
    "child_fields": ["pk", "code", "batch", "size"],
    "others": [
        ("core.Part", ["pk", "code", "batch"]),
        ("core.Item", ["pk", "code", "batch", "weight"]),
    ],
    "m2m": [("core.Shelf", "books")],
    "seed": "shop",
    "new_child": {"code": "NEWB", "batch": 9, "size": 5},
    "new_parent": {"code": "PART", "batch": 9},
}

CASES: dict[str, Case] = {
    "fleet-keep": Case("fleet", plan("core.Plane", True), **FLEET),  # type: ignore[arg-type]
    "fleet-drop": Case("fleet", plan("core.Plane", False), **FLEET),  # type: ignore[arg-type]
    "hangar-keep": Case("hangar", plan("core.Car", True), **HANGAR),  # type: ignore[arg-type]
    # The parent's Meta comes down: moved with keep_parent false, copied with it true.
    "shop-meta-drop": Case("shop", plan("core.Book", False), **SHOP_DROP),  # type: ignore[arg-type]
    "shop-meta-keep": Case("shop", plan("core.Bolt", True), **SHOP_KEEP),  # type: ignore[arg-type]
}

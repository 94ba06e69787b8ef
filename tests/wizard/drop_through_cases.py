"""The targets and plans the drop_through tests build bundles for (no tests here).

Each case is a real project under a temporary folder (tests/targets.py) and a plan; bundles are
built once per session (the ``drop_bundles`` fixture) and shared by the apply, expected-file and
explanation tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.targets import make_target

SHOP_MODELS = """\
from django.db import models


class Tag(models.Model):
    name = models.CharField(max_length=50)


class Item(models.Model):
    title = models.CharField(max_length=50)
    tags = models.ManyToManyField(Tag, through="ItemTag", related_name="items")
    labels = models.ManyToManyField(
        Tag, through="Labelling", through_fields=("thing", "label"), related_name="labelled"
    )


class ItemTag(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)

    class Meta:
        unique_together = [("item", "tag")]


class Labelling(models.Model):
    # Written by hand: an AutoField pk, other key names, extra fields, no unique pair.
    id = models.AutoField(primary_key=True)
    thing = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="labellings")
    label = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="labellings")
    note = models.CharField(max_length=20)
    weight = models.IntegerField(default=1)
"""

PEOPLE_MODELS = """\
from django.db import models


class Person(models.Model):
    name = models.CharField(max_length=50)
    follows = models.ManyToManyField(
        "self", through="Follow", symmetrical=False, related_name="followers"
    )


class Follow(models.Model):
    follower = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    followed = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="unique_follow")
        ]
"""


def shop_target(folder: Path) -> Path:
    return make_target(folder, models_py=SHOP_MODELS, name="shop")


def people_target(folder: Path) -> Path:
    return make_target(folder, models_py=PEOPLE_MODELS, name="people")


TARGETS: dict[str, Callable[[Path], Path]] = {"shop": shop_target, "people": people_target}


@dataclass(frozen=True)
class Case:
    """A plan for one of the TARGETS, and what the apply test seeds."""

    target: str
    plan: dict[str, Any]
    # (source index, target index) pairs seeded, in id order; the same pair twice is a duplicate.
    pairs: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (1, 1), (2, 0))
    # Values of the through model's extra fields in each seeded row.
    extra_values: dict[str, Any] | None = None
    vendors: tuple[str, ...] = ("sqlite",)
    # Part of the error migrate must stop with (duplicate pairs refused), before any DDL.
    refused: str | None = None

    @property
    def app(self) -> str:
        return str(self.plan["field"]).split(".")[0]


def plan(field_label: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "drop_through", "field": field_label, **extra}


CASES: dict[str, Case] = {
    "plain-rename": Case(
        "shop", plan("core.Item.tags", table="rename"), vendors=("sqlite", "postgresql", "mysql")
    ),
    "plain-keep": Case("shop", plan("core.Item.tags", table="keep")),
    "plain-rename-online": Case(
        "shop",
        plan("core.Item.tags", table="rename", online=True),
        vendors=("sqlite", "postgresql", "mysql"),
    ),
    "extras-dropped-duplicates-removed": Case(
        "shop",
        plan("core.Item.labels", drop_fields=["note", "weight"], duplicates="remove"),
        pairs=((0, 0), (0, 1), (0, 0), (1, 1), (2, 0), (1, 1)),
        extra_values={"note": "kept?", "weight": 1},
        vendors=("sqlite", "postgresql", "mysql"),
    ),
    "extras-dropped-duplicates-refused": Case(
        "shop",
        plan("core.Item.labels", drop_fields=["note", "weight"]),
        pairs=((0, 0), (0, 1), (0, 0), (1, 1), (1, 1), (1, 1)),
        extra_values={"note": "n", "weight": 2},
        refused="core.Labelling holds 2 duplicate pairs (3 rows too many)",
    ),
    "self-constraint-keep": Case(
        "people",
        plan("core.Person.follows", table="keep"),
        pairs=((0, 1), (1, 0), (2, 0)),
    ),
}

"""Plans that validate_plan accepts and make_bundle refuses, and their targets (no tests here).

Only the models patch, the target's own Django build or Django's system checks refuse them; the
engine test (test_verdict.py) and the details page's check (tests/ui) expect the same sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.targets import App, make_target
from tests.wizard.test_m2m_through_refusals import MODELS as SHOP_MODELS
from wizard.snapshot import Snapshot
from wizard.target import load_target

HANGAR_MODELS = """\
from django.db import models


class Owner(models.Model):
    name = models.CharField(max_length=20)
    aircraft_set = models.IntegerField(null=True)


class Plane(models.Model):
    registration = models.CharField(max_length=20)
    owner = models.ForeignKey(Owner, models.CASCADE, null=True)


class Pilot(models.Model):
    name = models.CharField(max_length=20)


class Glider(models.Model):
    span = models.IntegerField(default=0)
    pilot = models.ForeignKey(Pilot, models.CASCADE, null=True)

    class Meta:
        order_with_respect_to = "pilot"


class Shed(models.Model):
    code = models.CharField(max_length=20)


class Ticket(models.Model):
    shed = models.ForeignKey(Shed, to_field="id", on_delete=models.CASCADE)
"""


def through(name: str) -> dict[str, Any]:
    return {"kind": "m2m_through", "field": "core.Item.labels", "through": name}


def parent(model: str, name: str, *moved: str) -> dict[str, Any]:
    return {"kind": "new_parent", "model": model, "parent": name, "move_fields": list(moved)}


# name -> (target, plan, make_bundle's one line)
LATE_REFUSALS: dict[str, tuple[str, dict[str, Any], str]] = {
    "through model's reverse accessor clashes with a field (Django's checks)": (
        "shop",
        through("ItemClash"),
        "After this change Django's checks fail (fields.E302: Reverse accessor "
        "'Tag.itemclash_set' for 'core.ItemClash.tag' clashes with field name "
        "'core.Tag.itemclash_set'.); change the plan so the new model passes them.",
    ),
    "through model name bound in the models file (models patch)": (
        "shop",
        through("ItemLink"),
        "'core/models.py' already defines the name 'ItemLink'; choose another through model name.",
    ),
    "new parent's reverse accessor clashes with a field (Django's checks)": (
        "hangar",
        parent("hangar.Plane", "Aircraft", "owner"),
        "After this change Django's checks fail (fields.E302: Reverse accessor "
        "'Owner.aircraft_set' for 'hangar.Aircraft.owner' clashes with field name "
        "'hangar.Owner.aircraft_set'.); change the plan so the new model passes them.",
    ),
    "new parent name bound in the models file (models patch)": (
        "hangar",
        parent("hangar.Plane", "models"),
        "'hangar/models.py' already defines the name 'models'; choose another parent name.",
    ),
    "order_with_respect_to (the target's own Django build)": (
        "hangar",
        parent("hangar.Glider", "Craft"),
        "Model 'hangar.Glider' has Meta.order_with_respect_to, whose hidden _order column the "
        "wizard does not move; remove it first.",
    ),
    "to_field naming the primary key (models patch)": (
        "hangar",
        parent("hangar.Shed", "Building", "code"),
        "hangar.Ticket.shed names the primary key of 'hangar.Shed' with to_field='id'; remove "
        "to_field (it is the default) first.",
    ),
}


def late_refusal_targets(folder: Path) -> dict[str, Snapshot]:
    """Return the snapshots of the two targets the LATE_REFUSALS plans are for."""
    return {
        "shop": load_target(make_target(folder, models_py=SHOP_MODELS, name="shop")),
        "hangar": load_target(make_target(folder, apps=[App("hangar", HANGAR_MODELS)])),
    }

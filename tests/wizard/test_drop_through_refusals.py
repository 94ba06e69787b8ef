"""Every drop_through plan the wizard refuses, with its exact one-line message."""

from __future__ import annotations

from typing import Any

import pytest

from tests.targets import make_target
from wizard.bundle import child
from wizard.childproc import workspace
from wizard.errors import PlanError
from wizard.kinds import get_kind
from wizard.plans import validate_plan
from wizard.snapshot import Snapshot
from wizard.target import Target, inspect_target

MODELS = """\
from django.db import models


class Tag(models.Model):
    name = models.CharField(max_length=50)


class Item(models.Model):
    title = models.CharField(max_length=50)
    plain = models.ManyToManyField(Tag, related_name="plain_items")
    rated = models.ManyToManyField(Tag, through="Rating", related_name="rated_items")
    sold = models.ManyToManyField(
        Tag, through="Sale", through_fields=("item", "tag"), related_name="sold_items"
    )
    noted = models.ManyToManyField(Tag, through="Pointed", related_name="pointed_items")
    with_manager = models.ManyToManyField(Tag, through="Managed", related_name="managed_items")
    guarded = models.ManyToManyField(Tag, through="Protected", related_name="protected_items")
    sorted_tags = models.ManyToManyField(Tag, through="Ordered", related_name="ordered_items")


class Rating(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)
    stars = models.IntegerField(default=0)
    comment = models.CharField(max_length=20, default="")


class Sale(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)
    seller = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="sales")


class Pointed(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)


class Note(models.Model):
    pointed = models.ForeignKey(Pointed, on_delete=models.CASCADE)


class OnlyActive(models.Manager):
    pass


class Managed(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)
    objects = OnlyActive()


class Protected(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT)


class Ordered(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)

    class Meta:
        ordering = ["tag"]
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    root = make_target(tmp_path_factory.mktemp("drop-refusals"), models_py=MODELS, name="shop")
    return inspect_target(Target.resolve(root))


def plan(field: str = "core.Item.rated", **changes: Any) -> dict[str, Any]:
    return {"kind": "drop_through", "field": field, **changes}


REFUSALS = {
    "unknown key": (
        plan(drop=["stars"]),
        "The plan has an unknown key 'drop'; a drop_through plan has 'field', 'table', "
        "'drop_fields', 'duplicates' and 'online'.",
    ),
    "auto-created field": (
        plan("core.Item.plain"),
        "'core.Item.plain' has no through model: Django creates its table already, so there is "
        "nothing to hand back.",
    ),
    "extra fields not listed": (
        plan(drop_fields=["stars"]),
        "The through model 'core.Rating' has fields Django's own table has not: 'comment'; list "
        "them in 'drop_fields' to drop them (their values are lost) or keep the through model.",
    ),
    "unknown dropped field": (
        plan(drop_fields=["stars", "comment", "nope"]),
        "'drop_fields' names 'nope', which is not an extra field of 'core.Rating'; its extra "
        "fields are: 'stars', 'comment'.",
    ),
    "bad table": (
        plan(drop_fields=["stars", "comment"], table="move"),
        "'table' must be 'rename' or 'keep', not 'move'.",
    ),
    "bad duplicates": (
        plan(drop_fields=["stars", "comment"], duplicates="merge"),
        "'duplicates' must be 'refuse' or 'remove', not 'merge'.",
    ),
    "more foreign keys": (
        plan("core.Item.sold"),
        "The through model 'core.Sale' of 'core.Item.sold' has more foreign keys than the two "
        "sides ('seller'); Django's own table has only those two, so remove the others first.",
    ),
    "pointed at": (
        plan("core.Item.noted"),
        "core.Note.pointed points at the through model 'core.Pointed'; an auto-created model "
        "cannot be pointed at, so remove that relation first.",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_plan_refused(shop: Snapshot, name: str) -> None:
    raw, message = REFUSALS[name]
    with pytest.raises(PlanError) as error:
        validate_plan(raw, shop)
    assert str(error.value) == message


def test_valid_plan_round_trips(shop: Snapshot) -> None:
    valid = validate_plan(plan(drop_fields=["stars", "comment"], table="keep"), shop)
    assert validate_plan(valid.to_json(), shop) == valid


CHILD_REFUSALS = {
    "custom manager": (
        plan("core.Item.with_manager"),
        "The through model 'core.Managed' has the custom manager 'objects' (OnlyActive), which "
        "an auto-created model cannot keep; remove it first (or keep the through model).",
    ),
    "protected key": (
        plan("core.Item.guarded"),
        "The foreign key 'tag' of 'core.Protected' uses on_delete=PROTECT; Django's own table "
        "cascades, so change it to models.CASCADE first (deleting a side would delete its "
        "pairs).",
    ),
    "meta ordering": (
        plan("core.Item.sorted_tags"),
        "The through model 'core.Ordered' sets Meta.ordering (['tag']), which Django's "
        "auto-created table cannot keep; remove it first (or keep the through model).",
    ),
}


def test_what_only_the_loaded_models_show_is_refused_by_the_target(shop: Snapshot) -> None:
    """Managers, on_delete and Meta are not in the snapshot: the builder refuses them."""
    found = {}
    with workspace(shop.target.root) as copy:
        for name, (raw, _message) in CHILD_REFUSALS.items():
            validate_plan(raw, shop)  # the snapshot cannot see the problem
            payload = {"plan": raw, **get_kind("drop_through").child_payload()}
            with pytest.raises(PlanError) as error:
                child(shop.target, "build", payload, copy)
            found[name] = str(error.value)
    assert found == {name: message for name, (_raw, message) in CHILD_REFUSALS.items()}

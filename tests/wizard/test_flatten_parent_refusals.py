"""Every flatten_parent plan the wizard refuses, with its exact one-line message."""

from __future__ import annotations

from typing import Any

import pytest

from tests.targets import make_target
from wizard.bundle import child
from wizard.childproc import workspace
from wizard.errors import PlanError
from wizard.kinds import get_kind
from wizard.plans import validate_plan
from wizard.plans.flatten_parent import candidates
from wizard.snapshot import Snapshot
from wizard.target import Target, inspect_target

MODELS = """\
import uuid

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Base(models.Model):
    name = models.CharField(max_length=20)


class Middle(Base):
    level = models.IntegerField(default=0)


class Leaf(Middle):
    extra = models.CharField(max_length=20, default="")


class Plain(models.Model):
    name = models.CharField(max_length=20)


class Linked(Plain):
    plain_link = models.OneToOneField(
        Plain, parent_link=True, primary_key=True, on_delete=models.CASCADE
    )


class UuidParent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)


class UuidChild(UuidParent):
    pass


class Tagged(models.Model):
    tags = models.ManyToManyField(Plain, related_name="tagged")


class TaggedChild(Tagged):
    pass


class Indexed(models.Model):
    code = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["code"], name="indexed_code_idx")]


class IndexedChild(Indexed):
    pass


class Checked(models.Model):
    size = models.IntegerField(default=1)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(size__gte=0), name="size_ok")]


class CheckedChild(Checked):
    pass


class Shared(models.Model):
    name = models.CharField(max_length=20)


class ShareA(Shared):
    pass


class ShareB(Shared):
    pass


class Lone(models.Model):
    name = models.CharField(max_length=20)


class LoneChild(Lone):
    pass


class LoneProxy(Lone):
    class Meta:
        proxy = True


class LoneChildProxy(LoneChild):
    class Meta:
        proxy = True


class Pointed(models.Model):
    name = models.CharField(max_length=20)


class PointedChild(Pointed):
    pass


class Pointer(models.Model):
    target = models.ForeignKey(Pointed, on_delete=models.CASCADE)


class Note(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveIntegerField()
    content_object = GenericForeignKey()


class Noted(models.Model):
    name = models.CharField(max_length=20)
    notes = GenericRelation(Note)


class NotedChild(Noted):
    pass


class SelfRef(models.Model):
    previous = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)


class SelfRefChild(SelfRef):
    pass


class Shelf(models.Model):
    name = models.CharField(max_length=20)


class Book(models.Model):
    shelf = models.ForeignKey(Shelf, on_delete=models.CASCADE)

    class Meta:
        order_with_respect_to = "shelf"


class Novel(Book):
    pass
"""


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    root = make_target(tmp_path_factory.mktemp("flatten-refusals"), models_py=MODELS, name="zoo")
    return inspect_target(Target.resolve(root))


def plan(model: str = "core.LoneChild", **changes: Any) -> dict[str, Any]:
    return {"kind": "flatten_parent", "model": model, **changes}


REFUSALS = {
    "unknown key": (
        plan(parent="Lone"),
        "The plan has an unknown key 'parent'; a flatten_parent plan has 'model', "
        "'keep_parent' and 'online'.",
    ),
    "online": (
        plan(online=True),
        "flatten_parent has no online mode yet: it copies the parent's columns down in one "
        "UPDATE that locks every row of the child; leave 'online' out and apply it in a quiet "
        "moment (the lock report says for how long).",
    ),
    "keep_parent not a boolean": (
        plan(keep_parent="yes"),
        "'keep_parent' must be true or false, not 'yes'.",
    ),
    "model not a label": (
        plan("LoneChild"),
        "'model' must be 'app_label.ModelName' (for example 'part1.Plane'), not 'LoneChild'.",
    ),
    "unknown model": (
        plan("core.Nope"),
        "There is no model 'core.Nope' in the project; 'model' must name a multi-table child of "
        "one of its apps, as in 'part1.Plane'.",
    ),
    "no parent": (
        plan("core.Plain"),
        "Model 'core.Plain' has no concrete parent, so there is nothing to flatten; give a "
        "multi-table child (a model that inherits from a concrete model).",
    ),
    "proxy": (
        plan("core.LoneChildProxy"),
        "Model 'core.LoneChildProxy' is a proxy and has no table of its own; give a concrete "
        "multi-table child.",
    ),
    "grandparent chain": (
        plan("core.Leaf"),
        "The parent 'core.Middle' of 'core.Leaf' inherits from 'core.Base' itself; the wizard "
        "flattens only a child whose parent has no concrete parent of its own (a chain of three "
        "tables is not handled).",
    ),
    "a child of its own": (
        plan("core.Middle"),
        "Model 'core.Middle' has a multi-table child of its own ('core.Leaf'); the wizard "
        "flattens only the last model of a chain, so flatten 'core.Leaf' first.",
    ),
    "custom parent link": (
        plan("core.Linked"),
        "Model 'core.Linked' declares its link to 'core.Plain' itself ('plain_link'); the wizard "
        "flattens a child whose link is Django's own 'plain_ptr'.",
    ),
    "uuid parent key": (
        plan("core.UuidChild"),
        "The parent 'core.UuidParent' of 'core.UuidChild' has a UUIDField primary key; the "
        "wizard flattens children of parents with an auto field key (AutoField, BigAutoField, "
        "SmallAutoField).",
    ),
    "parent m2m": (
        plan("core.TaggedChild"),
        "The parent 'core.Tagged' has the many-to-many relation 'tags', whose table points at "
        "the parent; the wizard cannot bring it down to TaggedChild, so move it off the parent "
        "first.",
    ),
    "keep: a constraint": (
        plan("core.CheckedChild"),
        "The constraint 'size_ok' of 'core.Checked' has a name, which is unique per database; "
        "with keep_parent true the child would need a second one. Keep the parent's table "
        'without it, or drop the parent ("keep_parent": false).',
    ),
    "parent points at itself": (
        plan("core.SelfRefChild"),
        "core.SelfRef.previous points at SelfRef itself; declared on SelfRefChild it would have "
        "to point at SelfRef by name, which the wizard does not write, so remove or change it "
        "first.",
    ),
    "order_with_respect_to": (
        plan("core.Novel"),
        "The parent 'core.Book' has Meta.order_with_respect_to, whose hidden _order column the "
        "wizard does not copy; remove it first.",
    ),
    "drop: another child": (
        plan("core.ShareA", keep_parent=False),
        "'keep_parent' is false, but 'core.ShareB' is another child of 'core.Shared'; keep the "
        'parent ("keep_parent": true).',
    ),
    "drop: a proxy of the parent": (
        plan("core.LoneChild", keep_parent=False),
        "'keep_parent' is false, but the proxy 'core.LoneProxy' uses the table of 'core.Lone'; "
        'keep the parent ("keep_parent": true).',
    ),
    "drop: a foreign key": (
        plan("core.PointedChild", keep_parent=False),
        "'keep_parent' is false, but core.Pointer.target points at 'core.Pointed'; keep the "
        'parent ("keep_parent": true) or remove that relation first.',
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_plan_refused(zoo: Snapshot, name: str) -> None:
    raw, message = REFUSALS[name]
    with pytest.raises(PlanError) as error:
        validate_plan(raw, zoo)
    assert str(error.value) == message


def test_the_picker_offers_only_what_the_plan_accepts(zoo: Snapshot) -> None:
    assert [m.label for m in candidates(zoo)] == [
        "core.IndexedChild",
        "core.CheckedChild",
        "core.ShareA",
        "core.ShareB",
        "core.LoneChild",
        "core.PointedChild",
        "core.NotedChild",
    ]


def test_valid_plan_round_trips(zoo: Snapshot) -> None:
    valid = validate_plan(plan(keep_parent=True), zoo)
    assert valid.to_json() == {
        "kind": "flatten_parent",
        "model": "core.LoneChild",
        "keep_parent": True,
    }
    assert validate_plan(valid.to_json(), zoo) == valid
    assert validate_plan(plan(), zoo) == valid  # keep_parent defaults to true


def test_a_generic_relation_on_the_parent_is_refused_by_the_target(zoo: Snapshot) -> None:
    """A GenericRelation is not in the snapshot's relations: the builder refuses dropping it."""
    raw = plan("core.NotedChild", keep_parent=False)
    validate_plan(raw, zoo)  # the snapshot cannot see the problem
    with workspace(zoo.target.root) as copy:
        payload = {"plan": raw, **get_kind("flatten_parent").child_payload()}
        with pytest.raises(PlanError) as error:
            child(zoo.target, "build", payload, copy)
    assert str(error.value) == (
        "'keep_parent' is false, but the generic relation 'notes' of 'core.Noted' needs the "
        'parent\'s rows; keep the parent ("keep_parent": true).'
    )


def test_a_named_index_cannot_be_copied_to_a_child_beside_its_parent(zoo: Snapshot) -> None:
    """Whether an index has a name of its own only the loaded models say: the builder refuses."""
    raw = plan("core.IndexedChild", keep_parent=True)
    validate_plan(raw, zoo)
    with workspace(zoo.target.root) as copy:
        payload = {"plan": raw, **get_kind("flatten_parent").child_payload()}
        with pytest.raises(PlanError) as error:
            child(zoo.target, "build", payload, copy)
    assert str(error.value) == (
        "The index 'indexed_code_idx' of 'core.Indexed' has a name of its own, which is unique "
        "per database; with keep_parent true the child would need a second one. Remove its name= "
        '(Django then names each table\'s index) or drop the parent ("keep_parent": false).'
    )

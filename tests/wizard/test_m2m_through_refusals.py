"""Every plan the wizard refuses, with its exact one-line message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.targets import make_target
from wizard.bundle import build_bundle, child
from wizard.childproc import workspace
from wizard.errors import PlanError
from wizard.kinds import get_kind
from wizard.plans import m2m_through, validate_plan
from wizard.snapshot import Snapshot
from wizard.target import Target, inspect_target

MODELS = """\
from django.db import models


class Tag(models.Model):
    name = models.CharField(max_length=50)
    itemclash_set = models.IntegerField(null=True)


class Tagged(models.Model):
    tags = models.ManyToManyField(Tag, related_name="+")

    class Meta:
        abstract = True


class Item(Tagged):
    title = models.CharField(max_length=50)
    labels = models.ManyToManyField(Tag, related_name="items")
    sellers = models.ManyToManyField(Tag, through="Selling", related_name="sold")
    main_tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="main_items")


class Selling(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)


class Legacy(models.Model):
    class Meta:
        db_table = "core_itemlabel"


class Outside(models.Model):
    tags = models.ManyToManyField(Tag, related_name="outside")

    class Meta:
        managed = False


ItemLink = "a module-level name the through class must not shadow"
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    root = make_target(tmp_path_factory.mktemp("refusals"), models_py=MODELS, name="shop")
    return inspect_target(Target.resolve(root))


def plan(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {"kind": "m2m_through", "field": "core.Item.labels", "through": "ItemTag"}
    raw.update(changes)
    return {k: v for k, v in raw.items() if v is not None}


def extra(**changes: Any) -> dict[str, Any]:
    return plan(extra_fields=[{"name": "note", "type": "CharField", **changes}])


REFUSALS = {
    "unknown kind": (
        {"kind": "rename_everything"},
        "Unknown plan kind 'rename_everything'; use one of: 'm2m_through', 'new_parent', "
        "'drop_through', 'flatten_parent', 'move_model'.",
    ),
    "unknown key": (
        plan(thorugh="X"),
        "The plan has an unknown key 'thorugh'; an m2m_through plan has 'field', 'through', "
        "'table', 'extra_fields' and 'online'.",
    ),
    "online extra field with an index": (
        {
            **plan(extra_fields=[{"name": "code", "type": "SlugField", "backfill": "x"}]),
            "online": True,
        },
        "Extra field 'code' needs an index (db_index), and building it would block writes to the "
        "whole table; online, add it without the index and build the index later with CREATE "
        "INDEX CONCURRENTLY, or leave 'online' out.",
    ),
    "online not a boolean": (
        plan(online="yes"),
        "'online' must be true or false, not 'yes'.",
    ),
    "field not dotted": (
        plan(field="Item.labels"),
        "'field' must be 'app_label.ModelName.field_name' (for example "
        "'core.Post.categories'), not 'Item.labels'.",
    ),
    "unknown model": (
        plan(field="core.Nope.labels"),
        "There is no model 'core.Nope' in the project; 'field' must name a model of one of its "
        "apps, as in 'core.Post.categories'.",
    ),
    "unknown field": (
        plan(field="core.Item.nope"),
        "Model 'core.Item' has no field 'nope'; its ManyToManyFields are: 'labels', 'sellers', "
        "'tags'.",
    ),
    "not an M2M": (
        plan(field="core.Item.main_tag"),
        "'core.Item.main_tag' is a ForeignKey, not a ManyToManyField; give an auto-created "
        "ManyToManyField.",
    ),
    "already has a through model": (
        plan(field="core.Item.sellers"),
        "'core.Item.sellers' already has a through model ('core.Selling'); only an auto-created "
        "ManyToManyField can be given one.",
    ),
    "declared on an abstract model": (
        plan(field="core.Item.tags"),
        "'core.Item.tags' is declared on 'core.models.Tagged', which other models may inherit; "
        "declare the field on Item itself first.",
    ),
    "installed outside the project": (
        plan(field="auth.User.groups"),
        "'auth.User.groups' belongs to the app 'auth', installed outside the project",
    ),
    "unmanaged model": (
        plan(field="core.Outside.tags"),
        "Model 'core.Outside' is not managed by migrations; the wizard only converts fields of "
        "managed, concrete models.",
    ),
    "through not an identifier": (
        plan(through="Item Tag"),
        "The through model name 'Item Tag' is not a valid Python identifier; use a class name "
        "such as 'PostCategory'.",
    ),
    "through not a string": (
        plan(through=7),
        "The through model name 7 is not a valid Python identifier; use a class name such as "
        "'PostCategory'.",
    ),
    "through a keyword": (
        plan(through="class"),
        "The through model name 'class' is a Python keyword; use a class name such as "
        "'PostCategory'.",
    ),
    "through clashes with a model": (
        plan(through="selling"),
        "App 'core' already has a model named 'Selling'; choose another through model name.",
    ),
    "table name exists": (
        plan(through="ItemLabel"),
        "The through model 'ItemLabel' would get the table 'core_itemlabel', which already "
        'exists; choose another name, or keep the current table with "table": "keep".',
    ),
    "bad table choice": (
        plan(table="copy"),
        "'table' must be 'rename' or 'keep', not 'copy'.",
    ),
    "extra_fields not a list": (
        plan(extra_fields={"name": "x"}),
        "'extra_fields' must be a list of objects, not dict.",
    ),
    "extra field without type": (
        plan(extra_fields=[{"name": "x"}]),
        "Extra field #1 must be an object with 'name' and 'type' (and optionally 'options' and "
        "'backfill').",
    ),
    "extra field unknown key": (
        extra(options={"max_length": 5}, defualt=1),
        "Extra field 'note' has an unknown key 'defualt'; use 'name', 'type', 'options' and "
        "'backfill'.",
    ),
    "extra field type not a field": (
        plan(extra_fields=[{"name": "note", "type": "Model"}]),
        "The type 'Model' of extra field 'note' is not a field class of django.db.models; use one "
        "such as 'DateTimeField' or 'CharField'.",
    ),
    "extra field type unknown": (
        plan(extra_fields=[{"name": "note", "type": "TextFeld"}]),
        "The type 'TextFeld' of extra field 'note' is not a field class of django.db.models; use "
        "one such as 'DateTimeField' or 'CharField'.",
    ),
    "extra field is a relation": (
        plan(extra_fields=[{"name": "owner", "type": "ForeignKey"}]),
        "The type 'ForeignKey' of extra field 'owner' is not supported: an extra field cannot be "
        "a relation or a primary key.",
    ),
    "extra field options do not construct it": (
        extra(options={"max_length": 5, "colour": "red"}),
        "The options {'max_length': 5, 'colour': 'red'} of extra field 'note' do not construct a "
        "CharField: Field.__init__() got an unexpected keyword argument 'colour'.",
    ),
    "extra field options not an object": (
        extra(options=[5]),
        "The options of extra field 'note' must be a JSON object, not list.",
    ),
    "extra field fails Django's checks": (
        plan(extra_fields=[{"name": "price", "type": "DecimalField", "options": {"null": True}}]),
        "The extra field 'price' (DecimalField with options {'null': True}) fails Django's "
        "checks: DecimalFields must define a 'decimal_places' attribute.",
    ),
    "extra field clashes with a foreign key": (
        plan(extra_fields=[{"name": "item", "type": "IntegerField", "options": {"null": True}}]),
        "The extra field 'item' clashes with the through model's foreign key 'item'; choose "
        "another name.",
    ),
    "extra field clashes with a foreign key column": (
        plan(extra_fields=[{"name": "tag_id", "type": "IntegerField", "options": {"null": True}}]),
        "The extra field 'tag_id' clashes with the through model's foreign key column 'tag_id'; "
        "choose another name.",
    ),
    "extra field clashes with the id": (
        plan(extra_fields=[{"name": "id", "type": "IntegerField", "options": {"null": True}}]),
        "The extra field 'id' clashes with the through model's primary key 'id'; choose another "
        "name.",
    ),
    "extra field twice": (
        plan(
            extra_fields=[
                {"name": "n", "type": "IntegerField", "options": {"null": True}},
                {"name": "n", "type": "IntegerField", "options": {"null": True}},
            ]
        ),
        "The extra field 'n' clashes with the through model's extra field 'n'; choose another "
        "name.",
    ),
    "extra field name Django cannot use": (
        plan(extra_fields=[{"name": "a__b", "type": "IntegerField", "options": {"null": True}}]),
        "Django cannot use 'a__b' as a field name (no '__', no trailing '_', not 'pk'); choose "
        "another.",
    ),
    "extra field name a keyword": (
        plan(extra_fields=[{"name": "def", "type": "IntegerField", "options": {"null": True}}]),
        "The extra field name 'def' is a Python keyword; choose another.",
    ),
    "extra field needs a backfill": (
        plan(
            extra_fields=[{"name": "added", "type": "DateField", "options": {"auto_now_add": True}}]
        ),
        "The extra field 'added' is not nullable and has no default, so existing rows need a "
        "value: add \"backfill\" (for example 'today'), null=True or a default.",
    ),
    "extra field backfill invalid": (
        plan(extra_fields=[{"name": "day", "type": "DateField", "backfill": "yesterday-ish"}]),
        "The backfill 'yesterday-ish' of extra field 'day' is not a valid DateField: "
        "“yesterday-ish” value has an invalid date format. It must be in YYYY-MM-DD format.",
    ),
    "extra field backfill today on a DateTimeField": (
        plan(extra_fields=[{"name": "at", "type": "DateTimeField", "backfill": "today"}]),
        "The backfill 'today' of extra field 'at' needs a DateField; use 'now' for a "
        "DateTimeField.",
    ),
    "extra field backfill now on a number": (
        plan(extra_fields=[{"name": "n", "type": "IntegerField", "backfill": "now"}]),
        "The backfill 'now' of extra field 'n' means the time the migration runs, which only a "
        "DateField or DateTimeField can hold.",
    ),
    "extra field with a default and a backfill": (
        plan(
            extra_fields=[
                {"name": "n", "type": "IntegerField", "options": {"default": 1}, "backfill": 2}
            ]
        ),
        "The extra field 'n' has a default, which existing rows get; remove either \"backfill\" "
        "or the default.",
    ),
    "extra field unique with a backfill": (
        plan(
            extra_fields=[
                {"name": "n", "type": "IntegerField", "options": {"unique": True}, "backfill": 2}
            ]
        ),
        "The extra field 'n' is unique, so one backfill value cannot fill every existing row; "
        "drop unique=True or the backfill.",
    ),
    "extra field a primary key": (
        plan(
            extra_fields=[{"name": "n", "type": "IntegerField", "options": {"primary_key": True}}]
        ),
        "The extra field 'n' cannot be a primary key: the through model keeps the table's 'id'.",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_plan_refused(shop: Snapshot, name: str) -> None:
    raw, message = REFUSALS[name]
    with pytest.raises(PlanError) as error:
        validate_plan(raw, shop)
    if name == "installed outside the project":  # the path depends on the virtualenv
        assert str(error.value).startswith(message)
        assert str(error.value).endswith("; the wizard only changes the project's own apps.")
    else:
        assert str(error.value) == message
    assert "\n" not in str(error.value)


def test_valid_plan_round_trips(shop: Snapshot) -> None:
    raw = extra(options={"max_length": 5}, backfill="n/a")
    validated = validate_plan(raw, shop)
    assert validated.to_json() == {**raw, "table": "rename"}
    assert validate_plan(validated.to_json(), shop) == validated
    assert validated.slug == "m2m-through-core-item-labels"


def test_through_name_bound_in_the_models_file_refused(shop: Snapshot) -> None:
    validated = validate_plan(plan(through="ItemLink"), shop)
    sources = {"core/models.py": (shop.target.root / "core/models.py").read_text()}
    with pytest.raises(PlanError) as error:
        m2m_through.patch(validated, shop, sources)  # type: ignore[arg-type]
    assert str(error.value) == (
        "'core/models.py' already defines the name 'ItemLink'; choose another through model name."
    )


def test_field_not_written_as_an_assignment_refused(shop: Snapshot) -> None:
    validated = validate_plan(plan(), shop)
    sources = {"core/models.py": MODELS.replace("labels = models", "labels: 'x'\n    lbl = models")}
    with pytest.raises(PlanError) as error:
        m2m_through.patch(validated, shop, sources)  # type: ignore[arg-type]
    assert str(error.value) == (
        "Cannot find 'labels = models.ManyToManyField(...)' in class Item of 'core/models.py'; "
        "write the field as a plain assignment in the class body first."
    )


def test_pending_model_changes_refused(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    models_py = root / "core" / "models.py"
    models_py.write_text(
        models_py.read_text().replace(
            "    title =", "    note = models.TextField(default='')\n    title ="
        )
    )
    snapshot = inspect_target(Target.resolve(root))
    with pytest.raises(PlanError) as error:
        validate_plan(plan(), snapshot)
    assert str(error.value) == (
        "App 'core' has model changes that are not in migrations yet (Add field note to item); "
        "run 'python manage.py makemigrations core' and migrate first."
    )


def test_refusal_found_in_the_target_comes_back_as_a_plan_error(shop: Snapshot) -> None:
    """The child checks again with the target's Django (bypassing the wizard's validation)."""
    bad = extra(options={"max_length": 5, "colour": "red"})
    with workspace(shop.target.root) as copy, pytest.raises(PlanError) as error:
        payload = {"plan": {**bad, "table": "rename"}, **get_kind("m2m_through").child_payload()}
        child(shop.target, "build", payload, copy)
    assert str(error.value) == (
        "The options {'max_length': 5, 'colour': 'red'} of extra field 'note' do not construct a "
        "CharField in the target's Django: Field.__init__() got an unexpected keyword argument "
        "'colour'."
    )


def test_plan_whose_model_fails_django_checks_refused(shop: Snapshot) -> None:
    """The preview loads the patched models: Django's own checks decide."""
    with pytest.raises(PlanError) as error:
        build_bundle(shop.target, plan(through="ItemClash"), vendors=("sqlite",))
    assert str(error.value) == (
        "After this change Django's checks fail (fields.E302: Reverse accessor "
        "'Tag.itemclash_set' for 'core.ItemClash.tag' clashes with field name "
        "'core.Tag.itemclash_set'.); change the plan so the new model passes them."
    )

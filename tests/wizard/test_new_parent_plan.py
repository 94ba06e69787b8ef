"""new_parent plans: every refusal with its exact message, the models patch, the explanation.

Validation runs against the snapshot of real temporary projects (tests/targets.py), loaded once.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.targets import App, make_target
from tests.wizard.new_parent_cases import CASES, TARGETS
from wizard import patching
from wizard.bundle import build_bundle
from wizard.errors import PlanError
from wizard.plans import validate_plan
from wizard.plans.new_parent import NewParentPlan, explain, patch, validate
from wizard.snapshot import Snapshot
from wizard.target import Target, load_target
from wizard.verdict import check_plan

SHOP_MODELS = """\
from django.db import models


class Stamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Tag(models.Model):
    name = models.CharField(max_length=20)


class Product(Stamped):
    name = models.CharField(max_length=20)
    code = models.CharField(max_length=20, unique=True)
    size = models.IntegerField(default=0)
    weight = models.IntegerField(default=0)
    tags = models.ManyToManyField(Tag)

    class Meta:
        unique_together = [("name", "size")]
        indexes = [models.Index(fields=["name", "weight"], name="product_name_weight")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=0) & models.Q(code__gt=""), name="product_ok"
            ),
        ]


class ProductProxy(Product):
    class Meta:
        proxy = True


class Special(Product):
    extra = models.IntegerField(default=0)


class Legacy(models.Model):
    name = models.CharField(max_length=20)

    class Meta:
        managed = False
        db_table = "legacy_things"


class Stock(models.Model):
    sku = models.CharField(max_length=20, primary_key=True)


class Order(models.Model):
    product = models.ForeignKey(Product, to_field="code", on_delete=models.CASCADE)


class Widget(models.Model):
    gadget_ptr = models.IntegerField(default=0)
    widget = models.IntegerField(default=0)
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE, related_name="+")


class Taken(models.Model):
    class Meta:
        db_table = "shop_aircraft"
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    root = make_target(tmp_path_factory.mktemp("shop"), apps=[App("shop", SHOP_MODELS)])
    return load_target(root)


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Snapshot]:
    folder = tmp_path_factory.mktemp("new-parent-plan-targets")
    return {name: load_target(TARGETS[name](folder / name)) for name in ("fleet", "hangar")}


def plan(model: Any = "shop.Product", parent: Any = "Aircraft", **extra: Any) -> dict[str, Any]:
    return {"kind": "new_parent", "model": model, "parent": parent, **extra}


REFUSALS = [
    (
        plan(models="x"),
        "The plan has an unknown key 'models'; a new_parent plan has 'model', 'parent', "
        "'move_fields' and 'online'.",
    ),
    (
        plan(model=["shop.Product", "shop.Stock"]),
        "Several existing models ('shop.Product', 'shop.Stock') cannot get one new parent: each "
        "numbers its rows from 1, so their ids would collide in the parent table; convert one "
        "model per plan.",
    ),
    (
        plan(model="Product"),
        "'model' must be 'app_label.ModelName' (for example 'part1.Plane'), not 'Product'.",
    ),
    (
        plan(model="shop.Nope"),
        "There is no model 'shop.Nope' in the project; 'model' must name a concrete model of one "
        "of its apps, as in 'part1.Plane'.",
    ),
    (
        plan(model="shop.Stamped"),
        "Model 'shop.Stamped' is abstract and has no table; give a concrete model (one with a "
        "table) of the project's own apps.",
    ),
    (
        plan(model="shop.ProductProxy"),
        "Model 'shop.ProductProxy' is a proxy and has no table of its own; give the concrete "
        "model it proxies ('shop.Product').",
    ),
    (
        plan(model="shop.Legacy"),
        "Model 'shop.Legacy' is unmanaged (managed = False): migrations do not touch its table, "
        "so the wizard cannot move its rows; give a managed model.",
    ),
    (
        plan(model="shop.Special"),
        "Model 'shop.Special' already inherits from 'shop.Product'; the wizard only inserts a "
        "parent above a model that has no concrete parent yet.",
    ),
    (
        plan(model="shop.Stock"),
        "Model 'shop.Stock' has a CharField primary key; the wizard handles primary keys of "
        "these kinds: AutoField, BigAutoField, UUIDField.",
    ),
    (
        plan(parent="Air craft"),
        "The parent name 'Air craft' is not a valid Python identifier; use a class name such as "
        "'Aircraft'.",
    ),
    (
        plan(parent="class"),
        "The parent name 'class' is a Python keyword; use a class name such as 'Aircraft'.",
    ),
    (
        plan(parent="tag"),
        "App 'shop' already has a model named 'Tag'; choose another parent name.",
    ),
    (
        plan(parent="Aircraft", move_fields=[]),
        "The parent 'Aircraft' would get the table 'shop_aircraft', which already exists; "
        "choose another parent name.",
    ),
    (
        plan(model="shop.Widget", parent="Gadget"),
        "Model 'shop.Widget' already has a field or column named 'gadget_ptr', the name of the "
        "link to the parent; choose another parent name.",
    ),
    (
        plan(parent="Item", move_fields="name"),
        "'move_fields' must be a list of field names of 'shop.Product' (for example "
        "[\"registration\"]), not 'name'.",
    ),
    (
        plan(parent="Item", move_fields=["name", "name"]),
        "'move_fields' names 'name' twice; list each field once.",
    ),
    (
        plan(parent="Item", move_fields=["colour"]),
        "Model 'shop.Product' has no field 'colour' to move; its fields are: 'created', 'name', "
        "'code', 'size', 'weight'.",
    ),
    (
        plan(parent="Item", move_fields=["tags"]),
        "'shop.Product.tags' is a ManyToManyField; the wizard cannot move many-to-many fields "
        "to the parent (their table would have to change); leave it on the model.",
    ),
    (
        plan(parent="Item", move_fields=["id"]),
        "'shop.Product.id' is the primary key, which stays on the model as the link to the "
        "parent (the parent gets a copy of it); remove it from 'move_fields'.",
    ),
    (
        plan(parent="Item", move_fields=["created"]),
        "'shop.Product.created' is declared on the abstract base 'shop.models.Stamped', which "
        "Product would inherit it from again beside the parent's copy; leave it on the model.",
    ),
    (
        plan(model="shop.Widget", parent="Thing", move_fields=["widget"]),
        "'shop.Widget.widget' has the name of the reverse link from 'Thing' to Widget; rename "
        "the field first.",
    ),
    (
        plan(model="shop.Widget", parent="Thing", move_fields=["parent"]),
        "'shop.Widget.parent' points at Widget itself; on the parent it would have to point at "
        "'Thing' instead, which the wizard does not do, so leave it on the model.",
    ),
    (
        plan(parent="Item", move_fields=["code"]),
        "shop.Order.product points at 'shop.Product.code' with to_field='code'; the wizard "
        "cannot retarget it to the parent's table, so leave that field on the model.",
    ),
    (
        plan(parent="Item", move_fields=["name"]),
        "Meta.unique_together ('name', 'size') of 'shop.Product' names fields that move and "
        "fields that stay, and cannot span two tables; move all of its fields or none.",
    ),
    (
        plan(parent="Item", move_fields=["weight"]),
        "The index 'product_name_weight' of 'shop.Product' names fields that move and fields "
        "that stay, and cannot span two tables; move all of its fields or none.",
    ),
    (
        plan(parent="Item", move_fields=["name", "size", "weight"]),
        "The constraint 'product_ok' of 'shop.Product' names fields that move and fields that "
        "stay, and cannot span two tables; move all of its fields or none.",
    ),
]


@pytest.mark.parametrize(("raw", "message"), REFUSALS)
def test_plan_refused_with_message(shop: Snapshot, raw: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError) as caught:
        validate_plan(raw, shop)
    assert str(caught.value) == message


def test_plan_of_an_installed_app_refused(shop: Snapshot) -> None:
    with pytest.raises(PlanError) as caught:
        validate_plan(plan(model="auth.Group"), shop)
    assert str(caught.value).startswith(
        "Model 'auth.Group' belongs to the app 'auth', installed outside the project ("
    )
    assert str(caught.value).endswith("); the wizard only changes the project's own apps.")


def test_plan_validates_and_round_trips(shop: Snapshot) -> None:
    raw = plan(model="shop.tag", parent="Label", move_fields=["name"])
    validated = validate(raw, shop)
    assert validated == NewParentPlan("shop.Tag", "Label", ("name",))
    assert validated.to_json() == {
        "kind": "new_parent",
        "model": "shop.Tag",
        "parent": "Label",
        "move_fields": ["name"],
    }
    assert validate(validated.to_json(), shop) == validated
    assert validated.slug == "new-parent-shop-tag-label"
    assert validated.link == "label_ptr"


def test_plan_without_move_fields_is_allowed(shop: Snapshot) -> None:
    assert validate(plan(parent="Item"), shop).move_fields == ()


def patched(snapshot: Snapshot, raw: dict[str, Any]) -> str:
    validated = validate(raw, snapshot)
    sources = patching.project_models_sources(snapshot)
    return patching.unified_diff(sources, {**sources, **patch(validated, snapshot, sources)})


def test_patch_of_fleet_moves_registration(snapshots: dict[str, Snapshot]) -> None:
    diff = patched(snapshots["fleet"], CASES["fleet"].plan)
    expected = Path(__file__).with_name("expected") / "new_parent" / "fleet" / "models.patch"
    assert diff == expected.read_text(encoding="utf-8")


HANGAR_AFTER = '''\
class Aircraft(models.Model):
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

    class Meta:
        unique_together = [("registration", "kind")]
        indexes = [models.Index(fields=["owner", "kind"], name="plane_owner_kind_idx")]
        constraints = [
            models.UniqueConstraint(fields=["owner", "nickname"], name="plane_owner_nick_uniq"),
        ]


class Plane(Aircraft):
    """A plane of the fleet."""

    seats = models.PositiveIntegerField(default=2)
    leader = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="followers"
    )
    pilots = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="planes")

    class Meta:
        ordering = ["registration"]
        indexes = [
            models.Index(fields=["seats"], name="plane_seats_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="plane_seats_positive"),
        ]
'''


def test_patch_moves_fields_comments_choices_and_meta(snapshots: dict[str, Snapshot]) -> None:
    snapshot = snapshots["hangar"]
    validated = validate(CASES["hangar"].plan, snapshot)
    sources = patching.project_models_sources(snapshot)
    new = patch(validated, snapshot, sources)["hangar/models.py"]
    assert HANGAR_AFTER in new
    assert "class PlaneProxy(Plane):" in new
    assert "class JetPlane(Plane):" in new


def test_patch_refuses_a_parent_name_the_file_binds(
    snapshots: dict[str, Snapshot],
) -> None:
    snapshot = snapshots["fleet"]
    validated = NewParentPlan("part1.Plane", "settings", ("registration",))
    with pytest.raises(PlanError) as caught:
        patch(validated, snapshot, patching.project_models_sources(snapshot))
    assert str(caught.value) == (
        "'part1/models.py' already defines the name 'settings'; choose another parent name."
    )


def test_explanation_warns_about_unique_and_says_how_to_go_back(
    snapshots: dict[str, Snapshot],
) -> None:
    snapshot = snapshots["hangar"]
    words = explain(validate(CASES["hangar"].plan, snapshot), snapshot)
    assert words.title == "Insert the new parent hangar.Aircraft above hangar.Plane"
    assert "but now across every Aircraft" in words.summary
    assert sorted(words.database_notes) == ["mysql", "postgresql", "sqlite"]
    assert words.rollback_steps[0].startswith("`python manage.py migrate hangar 0001_initial`")


def test_make_bundle_refuses_several_models_in_one_line(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(
        '{"kind": "new_parent", "model": ["part1.Plane", "part1.ParkingBay"], '
        '"parent": "Aircraft", "move_fields": []}',
        encoding="utf-8",
    )
    out = tmp_path / "bundle.zip"
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "make_bundle",
            "examples/fleet",
            "--plan",
            str(plan_file),
            "--out",
            str(out),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr == (
        "CommandError: Several existing models ('part1.Plane', 'part1.ParkingBay') cannot get "
        "one new parent: each numbers its rows from 1, so their ids would collide in the parent "
        "table; convert one model per plan.\n"
    )
    assert not out.exists()


TICKETS_MODELS = """\
from django.db import models


class Plane(models.Model):
    registration = models.CharField(max_length=20)


class Ticket(models.Model):
    plane = models.ForeignKey(Plane, to_field="id", on_delete=models.CASCADE)
"""


def test_bundle_refuses_a_foreign_key_naming_the_primary_key(tmp_path: Path) -> None:
    """Only the source shows it: Django leaves a to_field naming the pk out of migrations."""
    root = make_target(tmp_path, apps=[App("tickets", TICKETS_MODELS)])
    raw = plan(model="tickets.Plane", move_fields=["registration"])
    with pytest.raises(PlanError) as caught:
        build_bundle(Target.resolve(root), raw, vendors=("sqlite",))
    assert str(caught.value) == (
        "tickets.Ticket.plane names the primary key of 'tickets.Plane' with to_field='id'; "
        "remove to_field (it is the default) first."
    )


RANGES_MODELS = """\
from django.db import models


class AbstractRange(models.Model):
    name = models.CharField(max_length=20)
    description = models.TextField(blank=True)

    class Meta:
        abstract = True


class Range(AbstractRange):
    description = models.TextField(blank=True, default="")  # overrides the base's
"""


def test_build_refuses_moving_a_field_that_overrides_an_abstract_bases(tmp_path: Path) -> None:
    """Moved up, the override would leave Range inheriting AbstractRange.description again."""
    root = make_target(tmp_path, apps=[App("offers", RANGES_MODELS)])
    raw = plan(model="offers.Range", parent="Listing", move_fields=["description"])
    with pytest.raises(PlanError) as caught:
        check_plan(Target.resolve(root), raw)
    assert str(caught.value) == (
        "'offers.Range.description' overrides the field 'description' of the abstract base "
        "'offers.models.AbstractRange'; moved to the parent, Range would inherit the base's "
        "field back, so leave it on the model."
    )


def test_patch_exports_the_new_parent_where_the_module_exports_the_model(tmp_path: Path) -> None:
    fleet = """\
    from django.db import models

    __all__ = ["Plane"]


    class Plane(models.Model):
        registration = models.CharField(max_length=20)
    """
    root = make_target(
        tmp_path,
        apps=[App("core", "from .fleet import *  # noqa: F403\n")],
        files={"core/fleet.py": textwrap.dedent(fleet)},
    )
    diff = patched(load_target(root), plan("core.Plane", move_fields=["registration"]))
    assert '-__all__ = ["Plane"]\n+__all__ = ["Plane", "Aircraft"]\n' in diff

"""move_model plans the wizard refuses, each in one line that names the value and the way out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.targets import CONTRIB_APPS, App, make_target
from tests.wizard.move_model_cases import ORDERS_MODELS, SHOP_MODELS
from wizard.bundle import build_bundle
from wizard.errors import PlanError, WizardError
from wizard.kinds import all_kinds
from wizard.plans import validate_plan
from wizard.plans.move_model import candidates
from wizard.snapshot import Snapshot
from wizard.target import Target, load_target

EXTRA = """\
from django.contrib.auth.models import AbstractUser
from django.db import models


class Member(AbstractUser):
    pass


class Product(models.Model):
    code = models.CharField(max_length=5)


class Loose(models.Model):
    code = models.CharField(max_length=5)

    class Meta:
        db_table = "loose_things"


class LooseProxy(Loose):
    class Meta:
        proxy = True
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    root = make_target(
        tmp_path_factory.mktemp("move-refusals"),
        apps=[App("shop", SHOP_MODELS), App("extra", EXTRA), App("orders", ORDERS_MODELS)],
        installed_apps=CONTRIB_APPS,
        settings_extra='AUTH_USER_MODEL = "extra.Member"\n',
    )
    return load_target(root)


def plan(model: Any = "shop.Product", to_app: Any = "orders", **extra: Any) -> dict[str, Any]:
    return {"kind": "move_model", "model": model, "to_app": to_app, **extra}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (plan("shop"), "'model' must be 'app_label.ModelName' (for example 'shop.Product'), not "
         "'shop'."),
        (plan("shop.Nope"), "There is no model 'shop.Nope' in the project; 'model' must name a "
         "concrete model of one of its apps, as in 'shop.Product'."),
        (plan("extra.Member"), "'extra.Member' is the project's user model (AUTH_USER_MODEL); "
         "moving a swappable model is a separate, harder refactor the wizard does not make."),
        (plan("extra.LooseProxy"), "'extra.LooseProxy' is a proxy; the wizard moves managed, "
         "concrete models (move its concrete model)."),
        (plan("shop.Special"), "'shop.Special' inherits from the concrete model 'shop.Product'; "
         "move its parent first, or the parent and the child together by hand."),
        (plan("auth.Group"), "'auth.Group' belongs to the app 'auth', installed outside the "
         "project; the wizard only moves models of the project's own apps."),
        (plan(to_app="shop"), "'shop.Product' is in the app 'shop' already; choose another app."),
        (plan(to_app="extra"), "The app 'extra' has a model 'Product' already; rename one of "
         "them first."),
        (plan(to_app="auth"), "The app 'auth' is installed outside the project; the wizard moves "
         "models only into the project's own apps (extra, orders, shop)."),
        (plan(to_app="nowhere"), "There is no app 'nowhere' in INSTALLED_APPS; 'to_app' must be "
         "one of: extra, orders, shop."),
        (plan(table="move"), "'table' must be 'keep' or 'rename', not 'move'."),
        (plan("extra.Loose", table="rename"), "'extra.Loose' names its table in Meta.db_table "
         "('loose_things'); it keeps that name wherever the model lives, so use \"table\": "
         "\"keep\"."),
        (plan(colour="red"), "The plan has an unknown key 'colour'; a move_model plan has "
         "'model', 'to_app', 'table' and 'online'."),
    ],
)  # fmt: skip
def test_plan_refused_with_message(store: Snapshot, raw: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError) as caught:
        validate_plan(raw, store)
    assert str(caught.value) == message


def test_the_picker_offers_only_what_validates(store: Snapshot) -> None:
    offered = sorted(m.label for m in candidates(store))
    assert "extra.Member" not in offered and "shop.Special" not in offered
    assert "extra.LooseProxy" not in offered and "shop.Product" in offered
    assert "move_model" in [kind.name for kind in all_kinds()]


CYCLE_CATALOG = """\
from django.db import models

from shop.models import Category


class Shelf(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE)
"""


def test_a_new_app_importing_the_old_models_is_refused(tmp_path: Path) -> None:
    root = make_target(
        tmp_path,
        apps=[
            App("shop", SHOP_MODELS),
            App("catalog", CYCLE_CATALOG),
            App("orders", ORDERS_MODELS),
        ],
    )
    with pytest.raises(WizardError) as caught:
        build_bundle(Target.resolve(root), plan(to_app="catalog"), vendors=("sqlite",))
    assert str(caught.value) == (
        "'catalog/models.py' imports the models of 'shop'; the re-export of Product there would "
        'make a circular import. Refer to those models by string ("app_label.Model") first.'
    )

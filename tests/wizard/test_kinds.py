"""The registry of refactor kinds: every part of every kind is where the registration says."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from wizard.errors import PlanError
from wizard.kinds import all_kinds, get_kind
from wizard.plans import validate_plan

PLAN_FUNCTIONS = ("validate", "candidates", "headline", "patch", "explain")


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda kind: kind.name)
def test_every_part_of_a_kind_exists(kind: object) -> None:
    assert hasattr(kind, "name")
    registered = get_kind(kind.name)  # type: ignore[attr-defined]
    for name in PLAN_FUNCTIONS:
        assert callable(getattr(registered.module, name)), name
    for name in ("checks", "marks", "released"):
        assert callable(getattr(registered.promises_module, name)), name
    builder = importlib.import_module(f"wizard.child.{registered.builder}")
    facts = importlib.import_module(f"wizard.child.{registered.facts}")
    assert callable(builder.build) and callable(facts.facts)
    forms = importlib.import_module(registered.form)
    assert callable(forms.details_step) and callable(forms.plan_json)
    template = Path(__file__).resolve().parents[2] / "templates" / "wizard_ui"
    assert (template / f"_details_{registered.name}.html").is_file()


def test_an_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(PlanError) as info:
        validate_plan({"kind": "flatten"}, None)  # type: ignore[arg-type]
    assert str(info.value) == (
        "Unknown plan kind 'flatten'; use one of: 'm2m_through', 'new_parent', 'drop_through', "
        "'flatten_parent', 'move_model'."
    )


def test_the_registry_offers_titles_and_when_to_use_them() -> None:
    assert [(k.name, k.title) for k in all_kinds()] == [
        ("m2m_through", "Give an M2M field a through model"),
        ("new_parent", "Insert a new parent class"),
        ("drop_through", "Hand a through model back to Django"),
        ("flatten_parent", "Flatten a child out of its parent"),
        ("move_model", "Move a model to another app"),
    ]
    assert all(k.when.startswith("Use it when ") and k.when.endswith(".") for k in all_kinds())


def test_nothing_outside_a_kinds_own_modules_names_it() -> None:
    """No `if kind == ...` left: only a kind's own files (and the registration) say its name."""
    root = Path(__file__).resolve().parents[2]
    own = {"wizard/kinds.py"}
    for kind in all_kinds():
        own |= {
            kind.plans.replace(".", "/") + ".py",
            kind.promises.replace(".", "/") + ".py",
            "wizard/child/" + kind.builder.replace(".", "/") + ".py",
            "wizard/child/" + kind.facts.replace(".", "/") + ".py",
            kind.form.replace(".", "/") + ".py",
        }
    offenders = []
    for folder in ("wizard", "wizard_ui"):
        for path in sorted((root / folder).rglob("*.py")):
            relative = str(path.relative_to(root))
            if relative in own or "/migrations/" in relative:
                continue
            text = path.read_text(encoding="utf-8")
            for kind in all_kinds():
                if f'"{kind.name}"' in text or f"'{kind.name}'" in text:
                    offenders.append(f"{relative} names {kind.name!r}")
    assert offenders == []

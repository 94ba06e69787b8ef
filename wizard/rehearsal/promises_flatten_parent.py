"""What a flatten_parent bundle promises the rehearsal: the model no longer inherits (models and
migration state), every row keeps its pk and the values it read through its parent, the parent
stays or goes as the plan says, and no id either table issued is issued again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wizard.rehearsal.fingerprint import show_keys, show_value
from wizard.rehearsal.promises import Released, check, has_data
from wizard.rehearsal.report import Check

if TYPE_CHECKING:
    from wizard.rehearsal.checks import Observation


def checks(
    plan: Mapping[str, Any], facts: Mapping[str, Any], before: Observation, after: Observation
) -> list[Check]:
    model = str(facts.get("model", plan["model"]))
    old, new = before.fingerprint.models.get(model), after.fingerprint.models.get(model)
    count = len(old.rows) if old else 0
    result = [
        has_data(
            [] if count else [f"{model} had no rows before the bundle: nothing was proven."],
            f"{model} had {count} rows before the bundle.",
        ),
        check(
            "state_flat",
            "The model and the migration state no longer inherit",
            "forward",
            flat_problems(model, facts),
            f"{model} is a model of its own in the models and in the migration state.",
        ),
    ]
    problems = []
    if old is not None and new is not None:
        problems = copied_problems(model, old, new)
    elif new is None:
        problems = [f"{model} cannot be read after the bundle."]
    result.append(
        check(
            "copied_values",
            "Every row keeps its pk and the values it read through its parent",
            "forward",
            problems,
            f"Every {model} row has its pk and its parent's values in its own table.",
        )
    )
    return result


def flat_problems(model: str, facts: Mapping[str, Any]) -> list[str]:
    problems = []
    if facts.get("model_parents"):
        problems.append(f"The patched models still make {model} inherit {facts['model_parents']}.")
    if facts.get("state_parents"):
        problems.append(
            f"The migration state still makes {model} inherit {facts['state_parents']}: "
            "historical models would disagree with the models."
        )
    return problems


def copied_problems(model: str, old: Any, new: Any) -> list[str]:
    problems = []
    lost = set(old.rows) - set(new.rows)
    if lost:
        problems.append(f"{len(lost)} {model} rows lost their pk (pk {show_keys(lost)}).")
    for name in sorted(set(old.fields) & set(new.fields)):
        was, now = old.column(name), new.column(name)
        wrong = [pk for pk in was if pk in now and now[pk] != was[pk]]
        if wrong:
            first = sorted(wrong)[0]
            problems.append(
                f"{model}.{name} differs in {len(wrong)} rows (pk {first}: "
                f"{show_value(was[first])} → {show_value(now[first])}; pk {show_keys(wrong)})."
            )
    return problems


def marks(
    plan: Mapping[str, Any], before: Observation, now: Observation
) -> dict[str, tuple[int, str]]:
    """Return the ids a flatten_parent bundle promises not to issue again: the child's ones."""
    model = str(plan["model"])
    mark = before.high_water_marks.get(model)
    return {} if mark is None else {model: (mark, model)}


def released(plan: Mapping[str, Any], before: Observation) -> Released:
    """Return what the bundle gives up on purpose: the child's link field (its key's old name),
    compared by ``copied_values`` instead, and the parent when the plan drops it."""
    model = str(plan["model"])
    old = before.fingerprint.models.get(model)
    if old is None:
        return Released()
    models = {
        model: f"{model}'s rows are compared by the check of the values read through its parent "
        f"(its key {old.pk!r} has a new name)."
    }
    parent = parent_label(model, old.pk, before)
    if parent and not plan.get("keep_parent", True):
        models[parent] = f"{parent} is dropped on purpose: its values live on in {model}."
    return Released(models=models)


def parent_label(model: str, link: str, before: Observation) -> str | None:
    """Return the label of the parent the child's link ``<parent>_ptr`` names."""
    app, name = model.split(".")[0], link.removesuffix("_ptr")
    return next(
        (label for label in before.fingerprint.models if label.lower() == f"{app}.{name}"), None
    )

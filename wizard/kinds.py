"""The refactor kinds: one registry that every consumer asks, so nothing branches on a kind's name.

In the spirit of Django's ``serializers._registry``: a kind is registered once, with the modules
that hold each of its parts, and the CLI, the engine, the rehearsal and the web pages find them
here. Adding a kind is writing those modules and one ``register(...)`` line at the bottom of this
file (docs/ENGINE.md lists the modules). An unknown kind is an error that names the known ones.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from wizard.errors import PlanError


@dataclass(frozen=True)
class RefactorKind:
    """One refactor the wizard can make, and where each of its parts lives."""

    name: str  # the plan's "kind"
    title: str  # "Give an M2M field a through model"
    when: str  # one sentence: when a person wants it
    # Engine module: the Plan dataclass, validate(raw, snapshot), candidates(snapshot),
    # patch(plan, snapshot, sources) and explain(plan, snapshot).
    plans: str
    # Rehearsal module: checks(plan, facts, before, after) and marks(plan, before, now).
    promises: str
    # Modules of the child package (the target's process), dotted from its root:
    # builders.<kind> has build(plan) -> [MigrationSpec]; rehearsal.facts_<kind> has
    # facts(plan, connection) -> what the rehearsal's checks read after the bundle.
    builder: str
    facts: str
    # The web layer's module for the details step (named here, imported only by wizard_ui).
    form: str

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(self.plans)

    @property
    def promises_module(self) -> ModuleType:
        return importlib.import_module(self.promises)

    def child_payload(self) -> dict[str, str]:
        """Return what the child needs to find this kind's own code there."""
        return {"builder": self.builder, "facts": self.facts}


_registry: dict[str, RefactorKind] = {}


def register(kind: RefactorKind) -> RefactorKind:
    """Add ``kind`` to the registry (once per name)."""
    if kind.name in _registry:
        raise ValueError(f"A refactor kind named {kind.name!r} is registered already.")
    _registry[kind.name] = kind
    return kind


def all_kinds() -> list[RefactorKind]:
    """Return every registered kind, in registration order (the order the web page offers)."""
    return list(_registry.values())


def get_kind(name: object) -> RefactorKind:
    """Return the kind called ``name``, or raise PlanError naming the known ones."""
    if isinstance(name, str) and name in _registry:
        return _registry[name]
    known = ", ".join(repr(k) for k in _registry)
    raise PlanError(f"Unknown plan kind {name!r}; use one of: {known}.")


def kind_of(raw: Mapping[str, Any]) -> RefactorKind:
    """Return the kind a raw plan names."""
    return get_kind(raw.get("kind"))


register(
    RefactorKind(
        name="m2m_through",
        title="Give an M2M field a through model",
        when="Use it when the rows linking two models need fields of their own (a date, an "
        "order, a role) and the field was declared without through=.",
        plans="wizard.plans.m2m_through",
        promises="wizard.rehearsal.promises_m2m_through",
        builder="builders.m2m_through",
        facts="rehearsal.facts_m2m_through",
        form="wizard_ui.forms.m2m_through",
    )
)
register(
    RefactorKind(
        name="new_parent",
        title="Insert a new parent class",
        when="Use it when an existing model should inherit from a new concrete model that other "
        "models can share, moving some of its fields up.",
        plans="wizard.plans.new_parent",
        promises="wizard.rehearsal.promises_new_parent",
        builder="builders.new_parent",
        facts="rehearsal.facts_new_parent",
        form="wizard_ui.forms.new_parent",
    )
)
register(
    RefactorKind(
        name="drop_through",
        title="Hand a through model back to Django",
        when="Use it when a through model has no fields anyone needs any more and the M2M "
        "field should get its plain auto-created table again.",
        plans="wizard.plans.drop_through",
        promises="wizard.rehearsal.promises_drop_through",
        builder="builders.drop_through",
        facts="rehearsal.facts_drop_through",
        form="wizard_ui.forms.drop_through",
    )
)
register(
    RefactorKind(
        name="flatten_parent",
        title="Flatten a child out of its parent",
        when="Use it when a multi-table child should become a model of its own, declaring its "
        "parent's fields, so its queries stop joining the parent's table.",
        plans="wizard.plans.flatten_parent",
        promises="wizard.rehearsal.promises_flatten_parent",
        builder="builders.flatten_parent",
        facts="rehearsal.facts_flatten_parent",
        form="wizard_ui.forms.flatten_parent",
    )
)
register(
    RefactorKind(
        name="move_model",
        title="Move a model to another app",
        when="Use it when a model belongs in another of the project's apps: its table, rows, "
        "relations and content type stay, only its app changes.",
        plans="wizard.plans.move_model",
        promises="wizard.rehearsal.promises_move_model",
        builder="builders.move_model",
        facts="rehearsal.facts_move_model",
        form="wizard_ui.forms.move_model",
    )
)

"""The plan's own promises: each kind's module (``wizard.kinds``: ``promises``) says what its bundle
promises; this asks it, and holds what every kind's checks share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wizard.rehearsal.report import Check

if TYPE_CHECKING:
    from wizard.rehearsal.checks import Observation


@dataclass(frozen=True)
class Released:
    """What a bundle gives up on purpose, each with the sentence that says where it went or what
    the plan accepts to lose; the kind's own checks prove the rest (``promises_<kind>.released``).

    - ``models``: old models whose rows are not read back after the bundle (they live on
      elsewhere, e.g. as the pairs of an auto-created field);
    - ``m2m``: M2M fields whose pairs the kind compares itself (e.g. duplicates removed);
    - ``not_restored``: models and M2M fields not compared after going back: losses the plan
      accepts (dropped fields, removed duplicates);
    - ``rewritten``: fields (``app.Model.field``) whose values the bundle changes on purpose
      (a root content type that follows its model); compared again after going back.
    """

    models: Mapping[str, str] = field(default_factory=dict)
    m2m: Mapping[str, str] = field(default_factory=dict)
    not_restored: Mapping[str, str] = field(default_factory=dict)
    rewritten: Mapping[str, str] = field(default_factory=dict)


def check(name: str, title: str, phase: str, items: list[str], ok_detail: str) -> Check:
    """Return a check that holds when ``items`` (the problems found) is empty."""
    if not items:
        return Check(name, title, phase, True, ok_detail)
    count = f"{len(items)} problem" + ("s" if len(items) != 1 else "")
    return Check(name, title, phase, False, f"{title}: {count}.", items)


def has_data(items: list[str], detail: str) -> Check:
    return check(
        "plan_has_data",
        "The plan's tables held rows to prove it with",
        "forward",
        items,
        detail,
    )


def plan_checks(plan: Mapping[str, Any], before: Observation, after: Observation) -> list[Check]:
    facts = after.plan
    if facts.get("error"):
        return [
            Check(
                "plan",
                "The plan's models exist after the bundle",
                "forward",
                False,
                f"The plan's models cannot be found after the bundle: {facts['error']}.",
            )
        ]
    from wizard.kinds import kind_of

    result: list[Check] = kind_of(plan).promises_module.checks(plan, facts, before, after)
    return result

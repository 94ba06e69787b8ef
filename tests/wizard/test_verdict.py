"""check_plan: make_bundle's verdict, including what only the models patch, the target's own
Django build or Django's system checks refuse (validate_plan alone accepts those plans)."""

from __future__ import annotations

import pytest

from tests.targets import tree_state
from tests.wizard.verdict_cases import HANGAR_MODELS, LATE_REFUSALS, late_refusal_targets, parent
from wizard.bundle import build_bundle
from wizard.childproc import workspace
from wizard.errors import PlanError
from wizard.plans import validate_plan
from wizard.snapshot import Snapshot
from wizard.verdict import check_plan


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Snapshot]:
    return late_refusal_targets(tmp_path_factory.mktemp("verdict"))


@pytest.mark.parametrize("name", sorted(LATE_REFUSALS))
def test_make_bundle_refuses_what_the_plans_rules_accept(
    targets: dict[str, Snapshot], name: str
) -> None:
    """build_bundle refuses through check_plan, which the details page calls too (tests/ui)."""
    target, raw, message = LATE_REFUSALS[name]
    snapshot = targets[target]
    validate_plan(raw, snapshot)

    with pytest.raises(PlanError) as built:
        build_bundle(snapshot.target, raw, vendors=("sqlite",))

    assert str(built.value) == message


def test_check_plan_of_a_buildable_plan(targets: dict[str, Snapshot]) -> None:
    snapshot = targets["hangar"]
    before = tree_state(snapshot.target.root)
    with workspace(snapshot.target.root) as copy:
        checked = check_plan(
            snapshot.target, parent("hangar.Plane", "Vehicle", "registration"), copy=copy
        )
        written = {m.path: (copy / m.path).read_text() for m in checked.migrations}

    assert [m.name for m in checked.migrations] == [
        "0002_create_vehicle",
        "0003_copy_plane_to_vehicle",
        "0004_plane_inherits_vehicle",
    ]
    assert written == {m.path: m.source for m in checked.migrations}
    assert list(checked.patched) == ["hangar/models.py"]
    assert "class Plane(Vehicle):" in checked.patched["hangar/models.py"]
    assert checked.sources["hangar/models.py"] == HANGAR_MODELS
    assert tree_state(snapshot.target.root) == before

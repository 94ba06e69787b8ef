"""Every operation of every generated migration carries exactly its own explanation.

The sentence is written by the builder next to the operation (child side) and travels with it;
nothing pairs sentences with operations by counting. This walks every expected-file case of every
kind, the new_parent move of an index and a constraint included.
"""

from __future__ import annotations

import ast

import pytest

from tests.bundle_cache import BundleCache
from tests.wizard.drop_through_cases import CASES as DROP_CASES
from tests.wizard.flatten_parent_cases import CASES as FLATTEN_CASES
from tests.wizard.m2m_through_cases import CASES as M2M_CASES
from tests.wizard.move_model_cases import CASES as MOVE_CASES
from tests.wizard.new_parent_cases import CASES as NEW_PARENT_CASES
from wizard.bundle import Bundle


def operation_names(source: str) -> list[str]:
    """Return the class name of each top-level operation of the file's Migration, in order."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and node.name == "Migration":
            for statement in node.body:
                if isinstance(statement, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "operations" for t in statement.targets
                ):
                    assert isinstance(statement.value, ast.List)
                    return [call_name(item) for item in statement.value.elts]
    raise AssertionError("no operations in the Migration class")


def call_name(node: ast.expr) -> str:
    assert isinstance(node, ast.Call)
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id  # type: ignore[attr-defined]


def assert_every_operation_explained(bundle: Bundle) -> None:
    for migration in bundle.migrations:
        names = [op.name for op in migration.operations]
        assert names == operation_names(migration.source), migration.name
        for op in migration.operations:
            # Each sentence is about its own operation: it names it first.
            assert op.explanation.startswith(f"`{op.name}`"), (migration.name, op)
        assert len({op.explanation for op in migration.operations}) == len(names), migration.name


@pytest.mark.parametrize("case_name", sorted(M2M_CASES))
def test_every_m2m_through_operation_has_its_own_explanation(
    m2m_bundles: BundleCache,
    case_name: str,
) -> None:
    assert_every_operation_explained(m2m_bundles.bundle(case_name))


@pytest.mark.parametrize("case_name", sorted(NEW_PARENT_CASES))
def test_every_new_parent_operation_has_its_own_explanation(
    new_parent_bundles: BundleCache,
    case_name: str,
) -> None:
    assert_every_operation_explained(new_parent_bundles.bundle(case_name))


@pytest.mark.parametrize("case_name", sorted(DROP_CASES))
def test_every_drop_through_operation_has_its_own_explanation(
    drop_bundles: BundleCache,
    case_name: str,
) -> None:
    assert_every_operation_explained(drop_bundles.bundle(case_name))


@pytest.mark.parametrize("case_name", sorted(FLATTEN_CASES))
def test_every_flatten_parent_operation_has_its_own_explanation(
    flatten_bundles: BundleCache,
    case_name: str,
) -> None:
    assert_every_operation_explained(flatten_bundles.bundle(case_name))


@pytest.mark.parametrize("case_name", sorted(MOVE_CASES))
def test_every_move_model_operation_has_its_own_explanation(
    move_bundles: BundleCache,
    case_name: str,
) -> None:
    assert_every_operation_explained(move_bundles.bundle(case_name))


def test_a_drop_through_summary_speaks_of_duplicates_only_when_the_table_allows_them(
    drop_bundles: BundleCache,
) -> None:
    unique = drop_bundles.bundle("plain-rename").explanation.summary
    assert "more than once" not in unique and "lost" not in unique
    allowed = drop_bundles.bundle("extras-dropped-duplicates-refused").explanation.summary
    assert "If the through model holds a pair more than once" in allowed
    assert "its fields `note`, `weight` are dropped: **their values are lost**" in allowed


def test_the_readme_lists_each_migrations_operations_under_it(
    new_parent_bundles: BundleCache,
) -> None:
    bundle = new_parent_bundles.bundle(sorted(NEW_PARENT_CASES)[0])
    for migration in bundle.migrations:
        heading = f"### `{migration.app_label}.{migration.name}`\n\n"
        assert heading in bundle.readme
        section = bundle.readme.split(heading, 1)[1]
        for number, op in enumerate(migration.operations, 1):
            assert f"{number}. {op.explanation}\n" in section


def test_the_move_model_summary_names_the_model_with_its_app(move_bundles: BundleCache) -> None:
    summary = move_bundles.bundle("store-rename").explanation.summary
    assert summary.startswith("`shop.Product` becomes `catalog.Product` without copying a row.")


def test_going_back_from_a_move_into_an_app_without_migrations_says_so(
    move_bundles: BundleCache,
) -> None:
    first = move_bundles.bundle("store-rename").explanation.rollback_steps[0]
    assert first.startswith(
        "`python manage.py migrate catalog zero` (`catalog` had no migration before this bundle) "
        "unapplies the bundle's migrations in every app, in reverse order: the content type gets "
        "`shop` back, the table its old name."
    )

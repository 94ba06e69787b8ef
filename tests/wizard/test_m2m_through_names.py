"""A through model over a table whose foreign keys are named like a Model attribute.

The auto-created table of ``Check.tags`` names its foreign key ``check``; declared on a model that
name hides ``Model.check()`` (models.E020), ``save`` hides ``Model.save()``, ``pk`` is reserved.
The declared through model gets ``<name>_ref`` with ``db_column`` keeping the column, and the field
names it with ``through_fields``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.wizard.m2m_through_cases import RESERVED_NAMES, reserved_target
from wizard.bundle import apply_patch, build_bundle, check_previews, preview, write_files
from wizard.childproc import copy_target
from wizard.errors import BundleError
from wizard.target import Target, load_target


@pytest.fixture(scope="module")
def reserved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return reserved_target(tmp_path_factory.mktemp("reserved"))


@pytest.mark.parametrize("model_name", RESERVED_NAMES)
def test_a_forbidden_foreign_key_name_gets_a_legal_one_and_keeps_its_column(
    reserved: Path, model_name: str
) -> None:
    plan = {"kind": "m2m_through", "field": f"core.{model_name}.tags", "through": "Link"}
    bundle = build_bundle(Target.resolve(reserved), plan, vendors=("sqlite",))
    name = model_name.lower()
    assert (
        f"    {name}_ref = models.ForeignKey({model_name}, on_delete=models.CASCADE, "
        f'db_column="{name}_id")\n'
    ) in bundle.patch
    assert f'through_fields=("{name}_ref", "tag")' in bundle.patch
    assert f'unique_together = [("{name}_ref", "tag")]' in bundle.patch
    (migration,) = bundle.migrations
    assert f"('{name}_ref', models.ForeignKey(db_column='{name}_id', " in migration.source
    # The table keeps its columns: only the Django names change.
    assert f"{name}_ref" not in bundle.schema_diff


def test_the_snapshot_names_the_legal_fields_and_the_tables_pk_class(reserved: Path) -> None:
    snapshot = load_target(reserved)
    model = snapshot.model("core.Check")
    assert model is not None
    (m2m,) = model.m2m
    assert (m2m.source_field, m2m.target_field) == ("check", "tag")
    assert m2m.declared_fields == ("check_ref", "tag")
    # The app says AutoField, the migration state (settings) BigAutoField: the table has the latter.
    assert (m2m.through_pk_class, m2m.table_pk_class) == ("AutoField", "BigAutoField")
    assert m2m.explicit_pk_class == "BigAutoField"


def test_a_plain_name_stays_as_django_made_it(reserved: Path) -> None:
    snapshot = load_target(reserved)
    model = snapshot.model("core.Check")
    assert model is not None
    (m2m,) = model.m2m
    assert m2m.declared_fields[1] == m2m.target_field == "tag"


def test_the_preview_reports_a_through_model_that_does_not_match_its_table(
    reserved: Path, postgresql_url: str, tmp_path: Path
) -> None:
    # What the wizard once built: the app's AutoField for a table the migrations made bigint.
    plan = {"kind": "m2m_through", "field": "core.Save.tags", "through": "Link"}
    bundle = build_bundle(Target.resolve(reserved), plan, vendors=("sqlite",))
    copy = copy_target(reserved, tmp_path / "copy")
    (migration,) = bundle.migrations
    write_files(copy, {migration.path: migration.source.replace("BigAutoField", "AutoField")})
    apply_patch(copy, bundle.patch.replace("BigAutoField", "AutoField"))
    payload = {"migrations": [{"app_label": "core", "name": migration.name}]}

    result = preview(Target.resolve(reserved), copy, "postgresql", payload)

    assert result.schema_mismatches == [
        "core.Link.id (core_link.id): the column is bigint, the model says integer."
    ]
    with pytest.raises(BundleError) as info:
        check_previews([result])
    assert str(info.value) == (
        "On PostgreSQL the new models would not match the tables the target's migrations made "
        "(core.Link.id (core_link.id): the column is bigint, the model says integer.); this "
        "is a bug in the wizard: please report it with the plan."
    )

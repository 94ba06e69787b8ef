"""The child's migration writer: inlined helpers, numbering, swappable dependencies."""

from __future__ import annotations

from django.db import migrations
from django.db.migrations.writer import MigrationWriter

from wizard.child import writer
from wizard.child.builders import m2m_through as build_m2m_through


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Not in the child package: inlining it is refused."""


def test_inlined_function_is_defined_in_the_file_not_imported() -> None:
    migration = migrations.Migration("0002_x", "core")
    migration.operations = [migrations.RunPython(build_m2m_through.default_db_table)]
    source = MigrationWriter(migration, include_header=False).as_string()
    assert "import wizard.child.builders.m2m_through" in source  # what Django writes
    inlined = writer.inline_objects(source, [build_m2m_through.default_db_table])
    assert "wizard.child" not in inlined
    assert "code=default_db_table," in inlined
    head, _, _tail = inlined.partition("\n\n\nclass Migration(")
    assert head.endswith(writer.object_source(build_m2m_through.default_db_table))
    assert head.startswith("from django.db import migrations\n\n\ndef default_db_table(")
    compile(inlined, "0002_x.py", "exec")


def test_reference_to_the_child_package_left_behind_is_refused() -> None:
    module = "wizard.child.builders.m2m_through"
    source = f"import {module}\nx = {module}.build\n"
    try:
        writer.inline_objects(source, [])
    except writer.ChildError as error:
        assert "without inlining it" in str(error)
    else:
        raise AssertionError("expected a ChildError")


def test_only_child_objects_can_be_inlined() -> None:
    try:
        writer.object_source(forwards)
    except writer.ChildError as error:
        assert str(error).startswith("Only the wizard's own helpers can be inlined")
    else:
        raise AssertionError("expected a ChildError")


def test_migration_number_follows_the_leaf() -> None:
    assert writer.migration_number("0002_remove_post_category") == 2
    assert writer.migration_number("0001_squashed_0004_auto") == 4
    assert writer.migration_number("initial") == 0


def test_swappable_dependency_is_written_as_such() -> None:
    dependency = migrations.swappable_dependency("auth.User")
    assert writer.dependency(dependency) == ("__setting__", "AUTH_USER_MODEL")
    assert writer.dependency(("auth", "0012_x")) == ("auth", "0012_x")

"""The bundle zip, reading it back, and the make_bundle command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.targets import make_target, tree_state
from wizard.bundle import build_bundle, preview_vendors, read_bundle, zip_bytes
from wizard.errors import BundleError, WizardBugError
from wizard.target import Target, inspect_target

ROOT = Path(__file__).resolve().parents[2]
MODELS = """\
from django.db import models


class Tag(models.Model):
    name = models.CharField(max_length=50)


class Item(models.Model):
    tags = models.ManyToManyField(Tag)
"""
PLAN = {"kind": "m2m_through", "field": "core.Item.tags", "through": "ItemTag"}
FILES = {
    "README.md": b"# Hi\n",
    "plan.json": json.dumps(PLAN).encode(),
    "models.patch": b"",
    "schema.diff": b"",
    "core/migrations/0002_item_tags_through.py": b"# migration\n",
    "sql/sqlite/core/0002_item_tags_through.sql": b"BEGIN;\nCOMMIT;\n",
}


def test_zip_is_deterministic_and_reads_back() -> None:
    data = zip_bytes(FILES)
    assert data == zip_bytes(dict(reversed(list(FILES.items()))))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == sorted(FILES)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    contents = read_bundle(data)
    assert contents.files == FILES
    assert contents.plan == PLAN
    [migration] = contents.migrations
    assert (migration.app_label, migration.name) == ("core", "0002_item_tags_through")
    assert migration.path == "core/migrations/0002_item_tags_through.py"
    assert [s.path("sqlite") for s in contents.sql["sqlite"]] == [
        "sql/sqlite/core/0002_item_tags_through.sql"
    ]
    assert contents.to_zip() == data


def test_read_bundle_refuses_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    path.write_text("not a zip")
    with pytest.raises(BundleError) as error:
        read_bundle(path)
    assert str(error.value) == (
        f"{str(path)!r} is not a zip file; give the .zip that make_bundle wrote."
    )


def test_read_bundle_refuses_a_zip_without_the_bundle_files() -> None:
    with pytest.raises(BundleError) as error:
        read_bundle(zip_bytes({"README.md": b""}))
    assert str(error.value) == (
        "'the bundle' is not a Migration Wizard bundle: it has no plan.json, models.patch, "
        "schema.diff."
    )


def test_read_bundle_refuses_entries_outside_the_folder() -> None:
    with pytest.raises(BundleError) as error:
        read_bundle(zip_bytes({**FILES, "../evil.py": b""}))
    assert str(error.value) == "The bundle entry '../evil.py' would be written outside the target."


@pytest.fixture(scope="module")
def small_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_target(tmp_path_factory.mktemp("bundle"), models_py=MODELS, name="shop")


def make_bundle(
    target: Path, plan: Path, out: Path, env: dict[str, str] | None = None, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "make_bundle",
            str(target),
            "--plan",
            str(plan),
            "--out",
            str(out),
            *extra,
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_bundle_writes_the_zip(small_target: Path, tmp_path: Path) -> None:
    before = tree_state(small_target)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    out = tmp_path / "out" / "bundle.zip"
    out.parent.mkdir()
    proc = make_bundle(small_target, plan, out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Wrote {str(out)!r}: core/migrations/0002_item_tags_through.py")
    contents = read_bundle(out)
    assert contents.plan == {**PLAN, "table": "rename", "extra_fields": []}
    assert "core/migrations/0002_item_tags_through.py" in contents.files
    assert sorted(os.listdir(out.parent)) == ["bundle.zip"]  # no temporary file left behind
    assert tree_state(small_target) == before


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (
            {"kind": "nope"},
            "CommandError: Unknown plan kind 'nope'; use one of: 'm2m_through', 'new_parent', "
            "'drop_through', 'flatten_parent', 'move_model'.",
        ),
        (
            {**PLAN, "field": "core.Item.nope"},
            "CommandError: Model 'core.Item' has no field 'nope'; its ManyToManyFields are: "
            "'tags'.",
        ),
    ],
)
def test_make_bundle_refusal_is_one_line_and_writes_nothing(
    small_target: Path, tmp_path: Path, plan: dict[str, str], message: str
) -> None:
    before = tree_state(small_target)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan))
    out = tmp_path / "bundle.zip"
    proc = make_bundle(small_target, plan_file, out)
    assert proc.returncode == 1
    assert proc.stderr == message + "\n"
    assert not out.exists()
    assert sorted(os.listdir(tmp_path)) == ["plan.json"]
    assert tree_state(small_target) == before


def test_make_bundle_refuses_to_write_inside_the_target(small_target: Path, tmp_path: Path) -> None:
    before = tree_state(small_target)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    out = small_target / "bundle.zip"
    proc = make_bundle(small_target, plan, out)
    assert proc.returncode == 1
    assert proc.stderr == (
        f"CommandError: --out {str(out)!r} is inside the target folder, which the wizard never "
        "writes into; write the bundle elsewhere.\n"
    )
    assert tree_state(small_target) == before


def test_unreachable_servers_are_named_in_the_readme(
    small_target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIZARD_POSTGRESQL_URL", "postgresql://postgres@127.0.0.1:9/")
    monkeypatch.setenv("WIZARD_MYSQL_URL", "mysql://root@127.0.0.1:9/")
    bundle = build_bundle(Target.resolve(small_target), PLAN)
    assert [(p.vendor, p.available) for p in bundle.previews] == [
        ("sqlite", True),
        ("postgresql", False),
        ("mysql", False),
    ]
    assert not [path for path in bundle.files if path.startswith(("sql/postgresql", "sql/mysql"))]
    readme = bundle.readme
    assert "- **PostgreSQL**: not previewed, so this bundle has no SQL file for it (Could not " in (
        readme
    )
    assert "`python manage.py sqlmigrate core 0002_item_tags_through`" in readme


def test_target_interpreter_without_drivers_on_django_42(small_target: Path) -> None:
    """Django 4.2 on Python 3.8 writes the migration; PostgreSQL/MySQL say why they are missing."""
    from tests.venvs import cached_venv

    python = cached_venv("django42-py38", "python3.8", "Django>=4.2,<4.3")
    bundle = build_bundle(Target.resolve(small_target, python=str(python)), PLAN)
    assert bundle.snapshot.django_version.startswith("4.2")
    reasons = {p.vendor: p.reason for p in bundle.previews if not p.available}
    assert reasons["postgresql"] == (
        "the target's interpreter could not connect: ImproperlyConfigured: Error loading "
        "psycopg2 or psycopg module"
    )
    assert "mysql" in reasons
    [migration] = bundle.migrations
    assert "migrations.SeparateDatabaseAndState(" in migration.source


NOT_ON_SQLITE = """\
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [
        migrations.RunSQL("ALTER TABLE core_tag ALTER COLUMN name SET DEFAULT 'x'", ""),
    ]
"""


@pytest.fixture(scope="module")
def postgresql_only_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A target with a migration of its own that SQLite cannot run (as a PostgreSQL-only one)."""
    root = make_target(tmp_path_factory.mktemp("pg-only"), models_py=MODELS)
    (root / "core" / "migrations" / "0002_not_on_sqlite.py").write_text(NOT_ON_SQLITE)
    return root


SQLITE_REFUSES = (
    "the target's own migration 'core.0002_not_on_sqlite' fails on SQLite: OperationalError: "
    'near "ALTER": syntax error'
)


def test_target_migration_failing_on_one_database_skips_only_that_one(
    postgresql_only_target: Path, postgresql_url: str
) -> None:
    target = Target.resolve(postgresql_only_target)
    bundle = build_bundle(target, PLAN, vendors=("sqlite", "postgresql"))
    assert [(p.vendor, p.available, p.reason) for p in bundle.previews] == [
        ("sqlite", False, SQLITE_REFUSES),
        ("postgresql", True, ""),
    ]
    assert "sql/postgresql/core/0003_item_tags_through.sql" in bundle.files
    assert not [path for path in bundle.files if path.startswith("sql/sqlite")]
    assert (
        f"- **SQLite**: not previewed, so this bundle has no SQL file for it ({SQLITE_REFUSES})"
        in (bundle.readme)
    )


def test_target_migration_failing_on_every_database_refuses_the_bundle(
    postgresql_only_target: Path,
) -> None:
    with pytest.raises(BundleError) as error:
        build_bundle(Target.resolve(postgresql_only_target), PLAN, vendors=("sqlite",))
    assert str(error.value) == (
        f"No database could preview the migrations (sqlite: {SQLITE_REFUSES})."
    )


HIDES_THE_TABLE = """\
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunSQL("ALTER TABLE core_item_tags RENAME TO elsewhere", "")]
"""


def test_new_migration_failing_refuses_the_bundle_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    (root / "core" / "migrations" / "0002_hides_the_table.py").write_text(HIDES_THE_TABLE)
    monkeypatch.setenv("WIZARD_WORK_DIR", str(tmp_path))
    with pytest.raises(WizardBugError) as error:
        build_bundle(Target.resolve(root), PLAN, vendors=("sqlite",))
    [report] = (tmp_path / "migration-wizard-bugs").iterdir()
    assert str(error.value) == (
        "The wizard's own code failed inside the target's process while running 'preview' (the "
        "new migration 'core.0003_item_tags_through' fails on SQLite: OperationalError: no such "
        "table: core_item_tags); this is a bug in the wizard, not in your project. The full "
        f"traceback is in {report}; please report it."
    )


POSTGRESQL_ONLY_APP = """\
from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from django.db import connection

        if connection.vendor != "postgresql":
            raise RuntimeError("core needs PostgreSQL")
"""
POSTGRESQL_SETTINGS = """
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "never_opened"}}
"""


def test_target_apps_that_do_not_start_on_a_database_skip_it(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    (root / "core" / "apps.py").write_text(POSTGRESQL_ONLY_APP)
    settings = root / "target_site" / "settings.py"
    settings.write_text(settings.read_text() + POSTGRESQL_SETTINGS)
    with pytest.raises(BundleError) as error:
        build_bundle(Target.resolve(root), PLAN, vendors=("sqlite",))
    assert str(error.value) == (
        "No database could preview the migrations (sqlite: the target's apps do not start on "
        "SQLite: RuntimeError: core needs PostgreSQL)."
    )


READS_THE_REPLICA = """\
from django.db import migrations


def count_tags(apps, schema_editor):
    apps.get_model("core", "Tag").objects.using("replica").count()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(count_tags, migrations.RunPython.noop)]
"""
REPLICA_SETTINGS = """
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
"""


def test_migrations_that_read_another_alias_preview(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MODELS, settings_extra=REPLICA_SETTINGS)
    (root / "core" / "migrations" / "0002_reads_the_replica.py").write_text(READS_THE_REPLICA)
    bundle = build_bundle(Target.resolve(root), PLAN, vendors=("sqlite",))
    assert [(p.vendor, p.available, p.reason) for p in bundle.previews] == [("sqlite", True, "")]
    assert "sql/sqlite/core/0003_item_tags_through.sql" in bundle.files


ROUTERS_PY = """\
class AllowEveryRelation:
    def allow_relation(self, obj1, obj2, **hints):
        return True
"""
CREATES_AN_ITEM = """\
from django.db import migrations


def create(apps, schema_editor):
    apps.get_model("core", "Item").objects.create()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
"""
RELATES_ACROSS_ALIASES = """\
from django.db import migrations


def link(apps, schema_editor):
    Tag, Item = apps.get_model("core", "Tag"), apps.get_model("core", "Item")
    item = Item.objects.using("replica").get()  # as a project that reads its site from a replica
    item.tags.add(Tag.objects.create(name="top"))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_create")]
    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
"""


def test_migrations_that_relate_rows_of_two_aliases_preview(tmp_path: Path) -> None:
    # The project's router allows the relation; Django's default (same alias name) would not.
    settings = REPLICA_SETTINGS + 'DATABASE_ROUTERS = ["core.routers.AllowEveryRelation"]\n'
    root = make_target(tmp_path, models_py=MODELS, settings_extra=settings,
                       files={"core/routers.py": ROUTERS_PY})  # fmt: skip
    (root / "core" / "migrations" / "0002_create.py").write_text(CREATES_AN_ITEM)
    (root / "core" / "migrations" / "0003_relate.py").write_text(RELATES_ACROSS_ALIASES)
    bundle = build_bundle(Target.resolve(root), PLAN, vendors=("sqlite",))
    assert [(p.vendor, p.available, p.reason) for p in bundle.previews] == [("sqlite", True, "")]


def test_make_bundle_previews_only_the_databases_asked_for(
    small_target: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    out = tmp_path / "bundle.zip"
    proc = make_bundle(small_target, plan, out, None, "--database", "sqlite")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.endswith("and models.patch; SQL previewed on SQLite.\n")
    assert not [path for path in read_bundle(out).files if path.startswith("sql/postgresql")]


def test_make_bundle_refuses_an_unknown_database(small_target: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(PLAN))
    out = tmp_path / "bundle.zip"
    proc = make_bundle(small_target, plan, out, None, "--database", "sqlite,oracle")
    assert proc.returncode == 1
    assert proc.stderr == (
        "CommandError: --database 'oracle' is not a database the wizard previews on; use "
        "sqlite, postgresql or mysql, repeated or separated by commas.\n"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("values", "vendors"),
    [
        ([], ("sqlite", "postgresql", "mysql")),
        (["mysql,sqlite"], ("sqlite", "mysql")),
        (["postgresql", "sqlite", "postgresql"], ("sqlite", "postgresql")),
    ],
)
def test_database_values_name_vendors(values: list[str], vendors: tuple[str, ...]) -> None:
    assert preview_vendors(values) == vendors


@pytest.mark.parametrize(
    ("vendor", "said"),
    [
        ("sqlite", "is PostgreSQL, which this bundle did not preview.\n\n- **SQLite** (previewed"),
        ("postgresql", "is PostgreSQL: its SQL is in `sql/postgresql/`.\n\n- **PostgreSQL** ("),
    ],
)
def test_readme_names_the_projects_own_database(
    tmp_path: Path, request: pytest.FixtureRequest, vendor: str, said: str
) -> None:
    if vendor == "postgresql":
        request.getfixturevalue("postgresql_url")
    root = make_target(tmp_path, models_py=MODELS)
    settings = root / "target_site" / "settings.py"
    settings.write_text(settings.read_text() + POSTGRESQL_SETTINGS)
    bundle = build_bundle(Target.resolve(root), PLAN, vendors=(vendor,))
    assert f"## Databases\n\nThe project's own database (`DATABASES['default']`) {said}" in (
        bundle.readme
    )


# Shaped like pretix's and netbox's override: importing the module patches Field.deconstruct so
# that makemigrations ignores attributes that never reach the database.
IGNORING_MAKEMIGRATIONS = """\
from django.core.management.commands.makemigrations import Command  # noqa: F401
from django.db import models

original_deconstruct = models.Field.deconstruct


def deconstruct(self):
    name, path, args, kwargs = original_deconstruct(self)
    for attr in ("verbose_name", "help_text"):
        kwargs.pop(attr, None)
    return name, path, args, kwargs


models.Field.deconstruct = deconstruct
"""


# Shaped like pretix's: the same patch, applied only when the command runs.
IGNORING_WHEN_RUN = """\
from django.core.management.commands.makemigrations import Command as Base
from django.db import models


class Command(Base):
    def handle(self, *args, **options):
        original_deconstruct = models.Field.deconstruct

        def deconstruct(self):
            name, path, args, kwargs = original_deconstruct(self)
            kwargs.pop("help_text", None)
            return name, path, args, kwargs

        models.Field.deconstruct = deconstruct
        return super().handle(*args, **options)
"""


@pytest.mark.parametrize("override", [IGNORING_MAKEMIGRATIONS, IGNORING_WHEN_RUN],
                         ids=["patched-on-import", "patched-when-run"])  # fmt: skip
def test_a_project_makemigrations_override_decides_what_is_pending(
    tmp_path: Path, override: str
) -> None:
    root = make_target(
        tmp_path,
        models_py=MODELS,
        files={
            "core/management/__init__.py": "",
            "core/management/commands/__init__.py": "",
            "core/management/commands/makemigrations.py": override,
        },
    )
    models_py = root / "core" / "models.py"
    models_py.write_text(
        models_py.read_text().replace(
            "max_length=50)", "max_length=50, help_text='Shown in forms only.')"
        )
    )
    target = Target.resolve(root)
    assert inspect_target(target).pending_changes == []
    bundle = build_bundle(target, PLAN, vendors=("sqlite",))
    assert "core/migrations/0002_item_tags_through.py" in bundle.files

"""Deliberately broken bundles for the rehearsal's tests, written by hand like the stories do.

Each builder takes a target root (a copy of an example) and returns the zip's bytes, in the
format of shared/CONTRACTS.md: plan.json, models.patch, README.md, schema.diff, migrations.

- ``naive_plane``: the migration Django's makemigrations writes for ``Plane(Aircraft)`` (drops
  ``id``, adds ``aircraft_ptr`` with a one-off default).
- ``story_copy``: the new-parent story's own fix: rename ``id`` to the pointer, copy
  ``registration`` without the ids, alter the pointer into the parent link.
- ``no_sequence_reset``: copies the ids into the parent (so the rows line up) but never moves the
  parent's id sequence past them.
- ``through_pk(mode)``: the through model declared with ``AutoField`` over a ``bigint`` table;
  ``"both"`` in migration and models (only the catalogue can tell), ``"migration"`` in the
  migration only (models and migrations disagree).
- ``patch_without_field``: the migration adds ``date_created``, models.patch does not.
- ``patch_not_applying``: models.patch whose context is not in the target's models.py.
- ``forget_late_pairs(bundle)``: a real online m2m_through bundle with one more migration that
  keeps only the pairs there when it began, as a copy-and-swap that misses the rows written
  after its copy would; only a writer busy during migrate sees it.
"""

# The migrations below are written as makemigrations writes them: one long line per field.
# ruff: noqa: E501

from __future__ import annotations

import json
from pathlib import Path

from wizard.bundle import read_bundle, zip_bytes
from wizard.patching import unified_diff

FLEET_PLAN = {"kind": "new_parent", "model": "part1.Plane", "parent": "Aircraft",
              "move_fields": ["registration"]}  # fmt: skip
BLOG_PLAN = {
    "kind": "m2m_through",
    "field": "core.Post.categories",
    "through": "PostCategory",
    "table": "rename",
    "extra_fields": [
        {"name": "date_created", "type": "DateField", "options": {"auto_now_add": True},
         "backfill": "2024-01-01"},
    ],
}  # fmt: skip

AIRCRAFT_MODEL = """\
        migrations.CreateModel(
            name='Aircraft',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('registration', models.CharField(max_length=100)),
            ],
        ),
"""
PARENT_LINK = (
    "models.OneToOneField(auto_created=True, {default}on_delete=django.db.models.deletion.CASCADE, "
    "parent_link=True, primary_key=True, serialize=False, to='part1.aircraft')"
)

NAIVE_PLANE = f"""\
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('part1', '0001_initial'),
    ]

    operations = [
{AIRCRAFT_MODEL}\
        migrations.RemoveField(
            model_name='plane',
            name='id',
        ),
        migrations.RemoveField(
            model_name='plane',
            name='registration',
        ),
        migrations.AddField(
            model_name='plane',
            name='aircraft_ptr',
            field={PARENT_LINK.format(default="default=999999, ")},
            preserve_default=False,
        ),
    ]
"""

STORY_COPY = f"""\
import django.db.models.deletion
from django.db import migrations, models
from django.db.migrations.operations.base import Operation


class CopyFieldsBetweenTables(Operation):

    reversible = False

    def __init__(self, model_from_name, model_to_name, columns):
        self.model_from_name = model_from_name
        self.model_to_name = model_to_name
        self.columns = columns

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        columns = ", ".join(self.columns)
        base_query = \"\"\"
            INSERT INTO %s_%s
            (%s)
            SELECT %s
            FROM %s_%s;
        \"\"\" % tuple(
            [app_label, self.model_to_name, columns, columns, app_label, self.model_from_name]
        )
        schema_editor.execute(base_query)

    def describe(self):
        return "Copies between two tables for %s" % self.model_to_name


class Migration(migrations.Migration):

    dependencies = [
        ('part1', '0001_initial'),
    ]

    operations = [
{AIRCRAFT_MODEL}\
        migrations.RenameField(
            model_name='plane',
            old_name='id',
            new_name='aircraft_ptr',
        ),
        CopyFieldsBetweenTables(
            model_from_name='plane',
            model_to_name='aircraft',
            columns=['registration'],
        ),
        migrations.RemoveField(
            model_name='plane',
            name='registration',
        ),
        migrations.AlterField(
            model_name='plane',
            name='aircraft_ptr',
            field={PARENT_LINK.format(default="default=999999, ")},
            preserve_default=False,
        ),
    ]
"""

COPY_WITH_IDS = f"""\
from django.db import migrations, models


def copy_planes(apps, schema_editor):
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO %s (%s, %s) SELECT %s, %s FROM %s" % (
                quote("part1_aircraft"), quote("id"), quote("registration"),
                quote("id"), quote("registration"), quote("part1_plane"),
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ('part1', '0001_initial'),
    ]

    operations = [
{AIRCRAFT_MODEL}\
        migrations.RunPython(copy_planes, migrations.RunPython.noop),
    ]
"""

PLANE_BECOMES_CHILD = f"""\
import django.db.models.deletion
from django.db import migrations, models
from django.db.migrations.operations.base import Operation


class InheritFrom(Operation):
    \"\"\"State only: the historical Plane inherits Aircraft.\"\"\"

    reduces_to_sql = False
    reversible = True

    def __init__(self, model_name, bases):
        self.model_name = model_name
        self.bases = bases

    def deconstruct(self):
        return (self.__class__.__name__, [], {{"model_name": self.model_name, "bases": self.bases}})

    def state_forwards(self, app_label, state):
        state.models[app_label, self.model_name].bases = tuple(self.bases)
        state.reload_model(app_label, self.model_name, delay=True)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return "Make %s inherit %s" % (self.model_name, ", ".join(self.bases))


class Migration(migrations.Migration):

    dependencies = [
        ('part1', '0002_copy_planes'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='plane',
            name='registration',
        ),
        migrations.AlterField(
            model_name='plane',
            name='id',
            field=models.AutoField(auto_created=True, db_column='aircraft_ptr_id', primary_key=True, serialize=False, verbose_name='ID'),
        ),
        migrations.RenameField(
            model_name='plane',
            old_name='id',
            new_name='aircraft_ptr',
        ),
        migrations.AlterField(
            model_name='plane',
            name='aircraft_ptr',
            field={PARENT_LINK.format(default="")},
        ),
        InheritFrom('plane', ['part1.aircraft']),
    ]
"""

THROUGH = """\
import datetime
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_remove_post_category_post_categories'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PostCategory',
                    fields=[
                        ('id', {pk}),
                        ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='core.post')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='core.category')),
                    ],
                    options={{
                        'unique_together': {{('post', 'category')}},
                        'db_table': 'core_post_categories',
                    }},
                ),
                migrations.AlterField(
                    model_name='post',
                    name='categories',
                    field=models.ManyToManyField(related_name='posts', through='core.PostCategory', to='core.category'),
                ),
            ],
        ),
        migrations.AlterModelTable(
            name='postcategory',
            table=None,
        ),
        migrations.AddField(
            model_name='postcategory',
            name='date_created',
            field=models.DateField(auto_now_add=True, default=datetime.date(2024, 1, 1)),
            preserve_default=False,
        ),
    ]
"""
BIG_PK = (
    "models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')"
)
SMALL_PK = (
    "models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')"
)
EXPLICIT_SMALL_PK = "models.AutoField(primary_key=True, serialize=False)"

THROUGH_CLASS = """

class PostCategory(models.Model):
{pk}    post = models.ForeignKey(Post, on_delete=models.CASCADE)
    category = models.ForeignKey(Category, on_delete=models.CASCADE)
{extra}
    class Meta:
        unique_together = [("post", "category")]
"""
DATE_CREATED = "    date_created = models.DateField(auto_now_add=True)\n"


def bundle(
    plan: dict[str, object], patch: str, migrations: dict[str, str], *, readme: str = ""
) -> bytes:
    """Return the zip of a bundle with these migrations (paths relative to the target root)."""
    files = {
        "README.md": (readme or "A hand-written bundle for the rehearsal's tests.\n"),
        "plan.json": json.dumps(plan, indent=2) + "\n",
        "models.patch": patch,
        "schema.diff": "",
        **migrations,
    }
    return zip_bytes({path: text.encode("utf-8") for path, text in files.items()})


def models_patch(root: Path, path: str, edit: dict[str, str], append: str = "") -> str:
    """Return a unified diff of ``path`` with each ``edit`` (old -> new) made and text appended."""
    before = (root / path).read_text(encoding="utf-8")
    after = before
    for old, new in edit.items():
        assert old in after, f"{old!r} is not in {path}"
        after = after.replace(old, new)
    return unified_diff({path: before}, {path: after + append})


def plane_patch(root: Path) -> str:
    old = "class Plane(models.Model):\n    registration = models.CharField(max_length=100)\n"
    new = (
        "class Aircraft(models.Model):\n    registration = models.CharField(max_length=100)\n"
        "\n\nclass Plane(Aircraft):\n"
    )
    return models_patch(root, "part1/models.py", {old: new})


def naive_plane(root: Path) -> bytes:
    migrations = {"part1/migrations/0002_aircraft_remove_plane_id.py": NAIVE_PLANE}
    return bundle(FLEET_PLAN, plane_patch(root), migrations)


def story_copy(root: Path) -> bytes:
    migrations = {"part1/migrations/0002_drones_ahoy.py": STORY_COPY}
    return bundle(FLEET_PLAN, plane_patch(root), migrations)


def no_sequence_reset(root: Path) -> bytes:
    migrations = {
        "part1/migrations/0002_copy_planes.py": COPY_WITH_IDS,
        "part1/migrations/0003_plane_becomes_child.py": PLANE_BECOMES_CHILD,
    }
    return bundle(FLEET_PLAN, plane_patch(root), migrations)


def through_patch(root: Path, *, pk: str = "", extra: str = DATE_CREATED) -> str:
    old = 'categories = models.ManyToManyField(Category, related_name="posts")'
    new = 'categories = models.ManyToManyField(Category, related_name="posts", through="PostCategory")'
    return models_patch(
        root, "core/models.py", {old: new}, THROUGH_CLASS.format(pk=pk, extra=extra)
    )


def through_bundle(
    root: Path, *, migration_pk: str, model_pk: str = "", extra: str = DATE_CREATED
) -> bytes:
    migrations = {
        "core/migrations/0003_post_categories_through.py": THROUGH.format(pk=migration_pk)
    }
    return bundle(BLOG_PLAN, through_patch(root, pk=model_pk, extra=extra), migrations)


def through_without_counter(root: Path) -> bytes:
    """Return a hand-written m2m_through bundle that is right but for SQLite's id counter.

    The baseline of the other through bundles: on PostgreSQL and MariaDB it is right, while on
    SQLite its ``AddField`` rebuilds the table and ``sqlite_sequence`` forgets deleted pairs' ids.
    """
    return through_bundle(root, migration_pk=BIG_PK)


def through_pk(root: Path, mode: str) -> bytes:
    if mode == "both":
        model_pk = "    id = models.AutoField(primary_key=True)\n"
        return through_bundle(root, migration_pk=EXPLICIT_SMALL_PK, model_pk=model_pk)
    return through_bundle(root, migration_pk=SMALL_PK)


def patch_without_field(root: Path) -> bytes:
    return through_bundle(root, migration_pk=BIG_PK, extra="")


def patch_not_applying(root: Path) -> bytes:
    patch = through_patch(root).replace(
        "published = models.DateTimeField", "published = models.DateField"
    )
    migrations = {"core/migrations/0003_post_categories_through.py": THROUGH.format(pk=BIG_PK)}
    return bundle(BLOG_PLAN, patch, migrations)


EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
PLANS = {"blog": BLOG_PLAN, "fleet": FLEET_PLAN}
_real: dict[tuple[str, str], bytes] = {}


def real_bundle(root: Path, plan: dict[str, object], *, key: str) -> bytes:
    """Return the zip make_bundle writes for ``plan`` (SQL previewed on SQLite), built once."""
    from wizard.bundle import build_bundle
    from wizard.target import Target

    cache_key = (str(root), key)
    if cache_key not in _real:
        built = build_bundle(Target.resolve(root), plan, vendors=("sqlite",))
        _real[cache_key] = built.to_zip()
    return _real[cache_key]


def example_bundle(example: str) -> bytes:
    """Return the real bundle of an example's story (blog: m2m_through, fleet: new_parent)."""
    return real_bundle(EXAMPLES / example, PLANS[example], key=example)


FORGET_LATE_PAIRS = """\
import time

from django.db import migrations


def forget_late_pairs(apps, schema_editor):
    table = schema_editor.quote_name(apps.get_model("core", "PostCategory")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM %s" % table)
        (last,) = cursor.fetchone()
        time.sleep(0.5)  # a copy of a big table takes a while; the site keeps writing
        cursor.execute("DELETE FROM %s WHERE id > %%s" % table, [last])


class Migration(migrations.Migration):

    dependencies = [
        ('core', '{after}'),
    ]

    operations = [
        migrations.RunPython(forget_late_pairs, migrations.RunPython.noop),
    ]
"""


def forget_late_pairs(bundle_zip: bytes) -> bytes:
    """Return ``bundle_zip`` (an m2m_through bundle of the blog) with FORGET_LATE_PAIRS after its
    last migration."""
    contents = read_bundle(bundle_zip)
    last = contents.migrations[-1]
    path = str(Path(last.path).with_name("0004_forget_late_pairs.py"))
    migration = FORGET_LATE_PAIRS.format(after=last.name).encode("utf-8")
    return zip_bytes({**contents.files, path: migration})

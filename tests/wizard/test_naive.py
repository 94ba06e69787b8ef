"""What plain makemigrations does with the same models change (wizard.naive, child ``naive``)."""

from __future__ import annotations

from pathlib import Path

from tests.wizard.move_model_cases import store
from wizard.naive import naive_makemigrations
from wizard.patching import unified_diff
from wizard.target import Target

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def models_patch(example: str, path: str, old: str, new: str) -> str:
    source = (EXAMPLES / example / path).read_text()
    assert old in source
    return unified_diff({path: source}, {path: source.replace(old, new)})


def test_blog_through_model_fails_when_applied() -> None:
    patch = models_patch(
        "blog",
        "core/models.py",
        'categories = models.ManyToManyField(Category, related_name="posts")',
        'categories = models.ManyToManyField(Category, related_name="posts", '
        'through="PostCategory")\n\n\nclass PostCategory(models.Model):\n'
        "    post = models.ForeignKey(Post, on_delete=models.CASCADE)\n"
        "    category = models.ForeignKey(Category, on_delete=models.CASCADE)",
    )

    result = naive_makemigrations(Target.resolve(EXAMPLES / "blog"), patch, ["core"])

    assert result.dry_run.command == "python manage.py makemigrations core --dry-run --noinput -v 3"
    assert not result.dry_run.stopped
    assert result.answered is None
    [migration] = result.migrations
    assert migration.path == "core/migrations/0003_postcategory_alter_post_categories.py"
    assert [(op.kind, op.why) for op in migration.operations] == [
        (
            "CreateModel",
            "creates a new, empty table: the existing links stay behind in the old one",
        ),
        (
            "AlterField",
            "cannot be applied: Django refuses to add through= to an existing M2M field",
        ),
    ]
    assert migration.sql_error == (
        "ValueError: Cannot alter field core.Post.categories into core.Post.categories - they are "
        "not compatible types (you cannot alter to or from M2M fields, or add or remove through= "
        "on M2M fields)"
    )
    assert result.errors == [migration.sql_error]


def test_fleet_new_parent_stops_then_drops_id_when_answered() -> None:
    patch = models_patch(
        "fleet",
        "part1/models.py",
        "class Plane(models.Model):\n    registration = models.CharField(max_length=100)\n",
        "class Aircraft(models.Model):\n    registration = models.CharField(max_length=100)\n\n\n"
        "class Plane(Aircraft):\n",
    )

    result = naive_makemigrations(Target.resolve(EXAMPLES / "fleet"), patch, ["part1"])

    assert result.dry_run.stopped
    assert result.dry_run.exit_code == 3
    assert "impossible to add a non-nullable field" in result.dry_run.output
    assert result.answered is not None
    assert "Select an option: 1\n" in result.answered.output
    assert ">>> 1\n" in result.answered.output
    [migration] = result.migrations
    assert [(op.description, op.destructive) for op in migration.operations] == [
        ("Create model Aircraft", False),
        ("Remove field id from plane", True),
        ("Remove field registration from plane", True),
        ("Add field aircraft_ptr to plane", True),
    ]
    assert [op.why for op in result.destructive] == [
        "drops the column 'id' and every value in it",
        "drops the column 'registration' and every value in it",
        "gives every existing row the same one-off value 1, so they all point at one row",
    ]
    assert 'CREATE TABLE "part1_aircraft"' in migration.sql


def test_nothing_is_written_into_the_target() -> None:
    before = sorted(p.relative_to(EXAMPLES) for p in (EXAMPLES / "blog").rglob("*"))

    naive_makemigrations(Target.resolve(EXAMPLES / "blog"), "", ["core"])

    assert sorted(p.relative_to(EXAMPLES) for p in (EXAMPLES / "blog").rglob("*")) == before


def test_store_move_repoints_relations_at_the_new_empty_table(tmp_path: Path) -> None:
    expected = Path(__file__).resolve().parent / "expected" / "move_model" / "store-rename"
    root = store(tmp_path)

    result = naive_makemigrations(
        Target.resolve(root),
        (expected / "models.patch").read_text(),
        ["catalog", "orders", "shop"],
    )

    judged = {
        (op.description, op.why) for migration in result.migrations for op in migration.operations
    }
    repointed = (
        "points the relation at catalog.product instead of shop.product: the existing values "
        "are ids of shop.product's rows, so its foreign key fails on them"
    )
    assert ("Alter field products on order", repointed) in judged
    assert ("Alter field first on order", repointed) in judged
    assert ("Alter field product on review", repointed) in judged
    assert ("Delete model Product", "drops the table of Product and every row in it") in judged
    assert not any("through=" in why for _description, why in judged)

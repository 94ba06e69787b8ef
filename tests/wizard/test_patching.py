"""The libcst helpers and the unified diff that becomes models.patch."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from wizard import patching
from wizard.errors import PlanError


def add_through(source: str) -> str:
    module = cst.parse_module(textwrap.dedent(source))
    classdef = patching.find_class(module, "Post")
    assert classdef is not None
    call = patching.find_field_call(classdef, "categories")
    assert call is not None
    new = patching.add_keyword(call, "through", '"PostCategory"')
    return patching.replace_node(module, call, new).code


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "categories = models.ManyToManyField(Category)",
            'categories = models.ManyToManyField(Category, through="PostCategory")',
        ),
        (
            'categories = models.ManyToManyField(Category, related_name="posts")',
            'categories = models.ManyToManyField(Category, related_name="posts", '
            'through="PostCategory")',
        ),
        (
            "categories: models.ManyToManyField = models.ManyToManyField(to=Category)",
            "categories: models.ManyToManyField = models.ManyToManyField("
            'to=Category, through="PostCategory")',
        ),
    ],
)
def test_add_keyword_one_line(before: str, after: str) -> None:
    source = f"class Post(models.Model):\n    {before}  # keep me\n"
    assert add_through(source) == f"class Post(models.Model):\n    {after}  # keep me\n"


def test_add_keyword_one_argument_per_line_with_trailing_comma() -> None:
    source = """\
    class Post(models.Model):
        categories = models.ManyToManyField(
            Category,  # the topics
            related_name="posts",  # reverse
        )
    """
    assert add_through(source) == textwrap.dedent(
        """\
        class Post(models.Model):
            categories = models.ManyToManyField(
                Category,  # the topics
                related_name="posts",  # reverse
                through="PostCategory",
            )
        """
    )


def test_add_keyword_one_argument_per_line_without_trailing_comma() -> None:
    source = """\
    class Post(models.Model):
        categories = models.ManyToManyField(
            Category,
            related_name="posts"
        )
    """
    assert add_through(source) == textwrap.dedent(
        """\
        class Post(models.Model):
            categories = models.ManyToManyField(
                Category,
                related_name="posts",
                through="PostCategory"
            )
        """
    )


def test_add_keyword_single_argument_on_its_own_line() -> None:
    source = """\
    class Post(models.Model):
        categories = models.ManyToManyField(
            Category,
        )
    """
    assert add_through(source) == textwrap.dedent(
        """\
        class Post(models.Model):
            categories = models.ManyToManyField(
                Category,
                through="PostCategory",
            )
        """
    )


def test_insert_after_last_named_class_keeps_spacing() -> None:
    module = cst.parse_module("class A:\n    pass\n\n\nclass B:\n    pass\n\n\nX = 1\n")
    result = patching.insert_after(module, ["A", "B"], "class C:\n    pass\n")
    assert result.code == (
        "class A:\n    pass\n\n\nclass B:\n    pass\n\n\nclass C:\n    pass\n\n\nX = 1\n"
    )


def test_insert_after_unknown_class_refused() -> None:
    module = cst.parse_module("class A:\n    pass\n")
    with pytest.raises(PlanError) as error:
        patching.insert_after(module, ["Z"], "class C:\n    pass\n")
    assert str(error.value) == "None of the classes ['Z'] is defined in the models file."


@pytest.mark.parametrize(
    ("imports", "alias"),
    [
        ("from django.db import models\n", "models"),
        ("from django.db import models as m\n", "m"),
        ("import django.db.models\n", "django.db.models"),
        ("from django.db.models import Model\n", None),
    ],
)
def test_models_alias(imports: str, alias: str | None) -> None:
    assert patching.models_alias(cst.parse_module(imports)) == alias


def test_ensure_models_import_adds_after_imports() -> None:
    module = cst.parse_module(
        '"""Doc."""\nimport os\nfrom django.db.models import Model\n\nX = 1\n'
    )
    new, alias = patching.ensure_models_import(module)
    assert alias == "models"
    assert new.code == (
        '"""Doc."""\nimport os\nfrom django.db.models import Model\nfrom django.db import models\n'
        "\nX = 1\n"
    )


def test_top_level_names() -> None:
    module = cst.parse_module(
        "import os.path\nfrom x import y as z\nA = B = 1\nC: int = 2\n"
        "def f(): pass\nclass K: pass\n"
    )
    assert patching.top_level_names(module) == {"os", "z", "A", "B", "C", "f", "K"}


def test_python_literal() -> None:
    value = {"a": [1, 2.5, True, None], "é": 'say "hi"\n'}
    assert patching.python_literal(value) == '{"a": [1, 2.5, True, None], "é": "say \\"hi\\"\\n"}'
    assert eval(patching.python_literal(value)) == value


def test_parse_module_syntax_error_is_one_line() -> None:
    with pytest.raises(PlanError) as error:
        patching.parse_module("core/models.py", "class (:\n")
    assert str(error.value).startswith("Cannot parse 'core/models.py' (line 1): ")
    assert "\n" not in str(error.value)


BEFORE = {
    "app/models.py": "a\nb\nc\nd\ne\nf\ng\n",
    "app/other.py": "no newline at end",
    "app/same.py": "same\n",
    "app/feed.py": "x = '\x0c'\nsecond\n",
}
AFTER = {
    "app/models.py": "a\nb\nc\nd\nE\nf\ng\nh\n",
    "app/other.py": "no newline at end, changed",
    "app/same.py": "same\n",
    "app/feed.py": "x = '\x0c'\nsecond line\n",
}


def test_unified_diff_shape() -> None:
    diff = patching.unified_diff(BEFORE, AFTER)
    assert diff.startswith("diff --git a/app/feed.py b/app/feed.py\n--- a/app/feed.py\n")
    assert "app/same.py" not in diff
    assert diff.count("\\ No newline at end of file\n") == 2
    assert diff.endswith("\n")


def _tree(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(text.encode())


def _read(root: Path) -> dict[str, str]:
    return {path: (root / path).read_bytes().decode() for path in BEFORE}


@pytest.mark.parametrize(
    "command",
    [["patch", "-p1", "--batch", "--silent"], ["git", "apply"]],
    ids=["patch", "git-apply"],
)
def test_unified_diff_applies(tmp_path: Path, command: list[str]) -> None:
    _tree(tmp_path, BEFORE)
    diff = patching.unified_diff(BEFORE, AFTER)
    subprocess.run(command, input=diff.encode(), cwd=tmp_path, check=True)
    assert _read(tmp_path) == AFTER


def test_unified_diff_new_file_applies_with_git(tmp_path: Path) -> None:
    diff = patching.unified_diff({}, {"pkg/new.py": "x = 1\n"})
    subprocess.run(["git", "apply"], input=diff.encode(), cwd=tmp_path, check=True)
    assert (tmp_path / "pkg/new.py").read_text() == "x = 1\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('f(a, db_table="t", b=1)', "f(a, b=1)"),
        ('f(a, db_table="t")', "f(a)"),
        ('f(\n    a,\n    db_table="t",\n)', "f(\n    a,\n)"),
        ("f(a)", "f(a)"),
    ],
)
def test_remove_keyword(before: str, after: str) -> None:
    module = cst.parse_module(f"x = {before}\n")
    statement = module.body[0]
    assert isinstance(statement, cst.SimpleStatementLine)
    assign = statement.body[0]
    assert isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call)
    new = patching.remove_keyword(assign.value, "db_table")
    assert patching.replace_node(module, assign.value, new).code == f"x = {after}\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('__all__ = ["Plane"]', '__all__ = ["Plane", "Aircraft"]'),
        ("__all__ = ('Bay', 'Plane')", "__all__ = ('Bay', 'Plane', 'Aircraft')"),
        ('__all__ = ["Plane", "Bay"]', '__all__ = ["Plane", "Aircraft", "Bay"]'),
        ('__all__ = ("Plane",)', '__all__ = ("Plane", "Aircraft",)'),
        (
            '__all__ = [\n    "Bay",\n    "Plane",\n]',
            '__all__ = [\n    "Bay",\n    "Plane",\n    "Aircraft",\n]',
        ),
        ('__all__ = ["Bay"]', '__all__ = ["Bay"]'),  # the model is not exported: nor is its parent
        ("__all__ = names()", "__all__ = names()"),
    ],
)
def test_export_beside_lists_the_new_model_after_the_old(before: str, after: str) -> None:
    module = cst.parse_module(before + "\n")
    assert patching.export_beside(module, "Plane", "Aircraft").code == after + "\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('__all__ = ["Post", "PostCategory"]', '__all__ = ["Post"]'),
        ('__all__ = ["PostCategory", "Post"]', '__all__ = ["Post"]'),
        (
            '__all__ = [\n    "Post",\n    "PostCategory",\n]',
            '__all__ = [\n    "Post",\n]',
        ),
        ('__all__ = ["Post"]', '__all__ = ["Post"]'),
    ],
)
def test_unexport_drops_a_deleted_class_from_all(before: str, after: str) -> None:
    module = cst.parse_module(before + "\n")
    assert patching.unexport(module, "PostCategory").code == after + "\n"

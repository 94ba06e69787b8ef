"""Shapes of real projects the snapshot describes: relations that only look like M2M fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.targets import make_target
from tests.wizard.survey_targets import tagged_target
from wizard.bundle import build_bundle
from wizard.describe import snapshot_tree
from wizard.errors import PlanError
from wizard.plans import validate_plan
from wizard.snapshot import OtherM2MInfo, Snapshot
from wizard.target import load_target


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return load_target(tagged_target(tmp_path_factory.mktemp("tagged")))


def test_manager_like_relation_is_described_apart_from_m2m_fields(tagged: Snapshot) -> None:
    post = tagged.model("core.Post")
    assert post is not None
    assert [m2m.name for m2m in post.m2m] == ["readers"]
    assert post.other_m2m == [
        OtherM2MInfo(
            name="tags",
            model="core.Post",
            class_name="TagManager",
            class_path="core.tagging.TagManager",
            target="core.Tag",
            through="core.TaggedPost",
            declared_in="core.models.Post",
        )
    ]
    assert (
        "    relation tags -> core.Tag (TagManager: many-to-many, not a ManyToManyField; rows in "
        "core.TaggedPost)\n"
    ) in snapshot_tree(tagged)


def test_m2m_through_plan_for_manager_like_relation_is_refused(tagged: Snapshot) -> None:
    plan = {"kind": "m2m_through", "field": "core.Post.tags", "through": "PostTag"}
    with pytest.raises(PlanError) as info:
        validate_plan(plan, tagged)
    assert str(info.value) == (
        "'core.Post.tags' is a TagManager (core.tagging.TagManager), a many-to-many relation "
        "that is not a ManyToManyField; the wizard only gives an auto-created ManyToManyField a "
        "through model, so leave this relation as it is."
    )


def test_new_parent_moving_manager_like_relation_is_refused(tagged: Snapshot) -> None:
    plan = {"kind": "new_parent", "model": "core.Post", "parent": "Entry", "move_fields": ["tags"]}
    with pytest.raises(PlanError) as info:
        validate_plan(plan, tagged)
    assert str(info.value) == (
        "'core.Post.tags' is a TagManager (core.tagging.TagManager), a many-to-many relation "
        "that is not a ManyToManyField; the wizard cannot move many-to-many relations to the "
        "parent, so leave it on the model."
    )


def test_m2m_field_subclass_from_another_module_gets_a_through_model(tagged: Snapshot) -> None:
    # modelcluster's ParentalManyToManyField: the migration imports its module, as the
    # project's own migrations do.
    plan = {"kind": "m2m_through", "field": "core.Post.readers", "through": "PostReader"}
    bundle = build_bundle(tagged.target, plan, vendors=("sqlite",))
    [migration] = bundle.migrations
    assert migration.source.startswith("import core.cluster\nimport django.db.models.deletion\n")
    assert (
        "field=core.cluster.ParentalManyToManyField(related_name='read_posts', "
        "through='core.PostReader', to='core.tag'),"
    ) in migration.source
    assert "_migration_wizard_child" not in migration.source
    assert (
        "`MigrationWriter` and import Django, the standard library and `core.cluster` (where a "
        "field's own class or a model's base is defined, as your project's own migrations import "
        "it); never the wizard's code.\n"
    ) in bundle.readme


BOOK_MODELS = """\
from django.db import models

from library.base import UUIDModel


class Book(UUIDModel):
    title = models.CharField(max_length=20)
"""

# As in an installed package: an abstract base that declares the primary key.
UUID_BASE = """\
import uuid

from django.db import models


class UUIDModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True
"""


def test_new_parent_of_model_whose_pk_an_abstract_base_declares_is_refused(
    tmp_path: Path,
) -> None:
    root = make_target(
        tmp_path,
        models_py=BOOK_MODELS,
        files={"library/__init__.py": "", "library/base.py": UUID_BASE},
    )
    snapshot = load_target(root)
    plan = {"kind": "new_parent", "model": "core.Book", "parent": "Work", "move_fields": ["title"]}
    with pytest.raises(PlanError) as info:
        validate_plan(plan, snapshot)
    assert str(info.value) == (
        "The primary key 'id' of 'core.Book' is declared on the abstract base "
        "'library.base.UUIDModel', not in class Book, so it cannot move to the new parent: Book "
        "would inherit it again beside the link to the parent. The wizard cannot insert a parent "
        "above this model."
    )


MIXIN_MODELS = """\
from django.db import models

from core.mixins import Describable


class Book(Describable, models.Model):
    title = models.CharField(max_length=20)
"""
MIXIN_PY = """\
class Describable:
    def describe(self):
        return str(self.pk)
"""


def test_new_parent_of_model_with_a_mixin_base_imports_the_mixins_module(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MIXIN_MODELS, files={"core/mixins.py": MIXIN_PY})
    plan = {"kind": "new_parent", "model": "core.Book", "parent": "Work", "move_fields": ["title"]}
    bundle = build_bundle(load_target(root).target, plan, vendors=("sqlite",))
    last = bundle.migrations[-1]
    assert last.source.startswith("import core.mixins\n")
    assert "bases=(core.mixins.Describable, 'core.work')" in last.source
    assert "`core.mixins`" in bundle.readme

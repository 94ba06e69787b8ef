"""What the project page leads with: the project's name, each refactor's candidates, the filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.kinds import all_kinds
from wizard.overview import candidates_by_kind, filter_apps, project_name
from wizard.snapshot import Snapshot
from wizard.target import load_target

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def blog() -> Snapshot:
    return load_target(EXAMPLES / "blog")


@pytest.fixture(scope="module")
def forty(forty_apps_root: Path) -> Snapshot:
    return load_target(forty_apps_root)


def test_project_name_is_pyprojects_first(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shopfront"\n')

    assert project_name(tmp_path, "mysite.settings") == "shopfront"


def test_project_name_is_the_settings_package_without_a_pyproject_name(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 99\n")

    assert project_name(tmp_path, "mysite.settings.production") == "mysite"


@pytest.mark.parametrize("settings", ["config.settings.local", "settings"])
def test_project_name_is_the_folders_when_the_settings_say_nothing(
    tmp_path: Path, settings: str
) -> None:
    (tmp_path / "pyproject.toml").write_text("not toml [")

    assert project_name(tmp_path, settings) == tmp_path.name


def test_every_kind_has_its_candidates_in_registry_order(blog: Snapshot) -> None:
    found = candidates_by_kind(blog)

    assert [k.name for k in found] == [k.name for k in all_kinds()]
    through, parent = found[0], found[1]
    assert (through.count, through.noun, through.nouns) == (
        1,
        "auto-created M2M field",
        "auto-created M2M fields",
    )
    assert [(c.label, c.detail) for c in through.shown] == [
        ("core.Post.categories", "→ core.Category, table core_post_categories")
    ]
    assert (parent.count, parent.nouns) == (2, "models")


def test_models_with_the_most_relations_pointing_at_them_come_first(forty: Snapshot) -> None:
    parent = next(k for k in candidates_by_kind(forty) if k.nouns == "models")

    assert parent.count == 120
    assert [(c.label, c.detail) for c in parent.shown[:2]] == [
        ("accounts.Account", "42 relations point at it"),
        ("analytics.Analytic", "4 relations point at it"),
    ]
    assert len(parent.shown) == 5 and parent.more == 115
    through = next(k for k in candidates_by_kind(forty) if k.noun == "auto-created M2M field")
    assert through.count == 13


def test_no_query_keeps_every_app_own_first_then_installed(forty: Snapshot) -> None:
    own, installed = filter_apps(forty, "")

    assert len(own) == 40 and own[0].app.label == "accounts"
    assert [view.app.label for view in installed] == ["auth", "contenttypes", "sessions"]
    assert all(model.whole for view in own for model in view.models)


def test_a_field_name_narrows_models_to_their_matching_fields(blog: Snapshot) -> None:
    own, installed = filter_apps(blog, "CATEG")

    assert installed == []
    (core,) = own
    post = next(m for m in core.models if m.model.name == "Post")
    assert (post.whole, [f.name for f in post.fields], [m.name for m in post.m2m]) == (
        False,
        [],
        ["categories"],
    )
    category = next(m for m in core.models if m.model.name == "Category")
    assert category.whole  # its name matches


def test_an_app_label_keeps_the_whole_app(forty: Snapshot) -> None:
    own, installed = filter_apps(forty, "invoices")

    assert [view.app.label for view in own] == ["invoices"]
    assert [m.model.name for m in own[0].models] == ["Invoice", "InvoiceEntry", "InvoiceNote"]
    assert installed == []


def test_a_query_nothing_matches_leaves_no_app(forty: Snapshot) -> None:
    assert filter_apps(forty, "no such thing") == ([], [])


def test_installed_apps_are_filtered_too(forty: Snapshot) -> None:
    own, installed = filter_apps(forty, "permission")

    assert own == []
    assert [view.app.label for view in installed] == ["auth"]

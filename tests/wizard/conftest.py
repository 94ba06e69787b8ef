"""Fixtures for the engine's tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.bundle_cache import BundleCache
from wizard.scratch import VENDORS


@pytest.fixture(scope="session")
def bare_python(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the python of a new virtualenv that has no Django."""
    folder = tmp_path_factory.mktemp("bare-venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    return str(folder / "bin" / "python")


@pytest.fixture(params=VENDORS)
def vendor(request: pytest.FixtureRequest) -> Iterator[str]:
    """Yield each database vendor whose server answers (skips, or fails in CI, when down)."""
    if request.param != "sqlite":
        request.getfixturevalue(f"{request.param}_url")
    yield request.param


@pytest.fixture(scope="session")
def m2m_bundles(tmp_path_factory: pytest.TempPathFactory) -> BundleCache:
    """The m2m_through case targets and bundles, built once for every test that needs them."""
    from tests.wizard import m2m_through_cases as m2m

    return BundleCache(tmp_path_factory.mktemp("m2m-targets"), m2m.TARGETS, m2m.CASES)


@pytest.fixture(scope="session")
def new_parent_bundles(tmp_path_factory: pytest.TempPathFactory) -> BundleCache:
    """The new_parent case targets and bundles, built once for every test that needs them."""
    from tests.wizard import new_parent_cases as new_parent

    return BundleCache(
        tmp_path_factory.mktemp("new-parent-targets"), new_parent.TARGETS, new_parent.CASES
    )


@pytest.fixture(scope="session")
def drop_bundles(tmp_path_factory: pytest.TempPathFactory) -> BundleCache:
    """The drop_through case targets and bundles, built once for every test that needs them."""
    from tests.wizard import drop_through_cases as drop

    return BundleCache(tmp_path_factory.mktemp("drop-targets"), drop.TARGETS, drop.CASES)


@pytest.fixture(scope="session")
def flatten_bundles(tmp_path_factory: pytest.TempPathFactory) -> BundleCache:
    """The flatten_parent case targets and bundles, built once for every test that needs them."""
    from tests.wizard import flatten_parent_cases as flatten

    return BundleCache(tmp_path_factory.mktemp("flatten-targets"), flatten.TARGETS, flatten.CASES)


@pytest.fixture(scope="session")
def move_bundles(tmp_path_factory: pytest.TempPathFactory) -> BundleCache:
    """The move_model case targets and bundles, built once for every test that needs them."""
    from tests.wizard import move_model_cases as move

    return BundleCache(tmp_path_factory.mktemp("move-targets"), move.TARGETS, move.CASES)

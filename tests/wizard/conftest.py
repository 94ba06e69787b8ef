"""Fixtures for the engine's tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

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

"""A real modelcluster project: its ParentalManyToManyField is a candidate, and rehearses clean.

modelcluster's deferring manager (a ClusterableModel's ParentalManyToManyField) keeps ``.add()``
until ``save()`` and takes no ``through_defaults``; the rehearsal's insert check must not need it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.targets import make_target
from wizard.bundle import build_bundle
from wizard.rehearsal import rehearse
from wizard.target import Target

MODELS = """\
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel


class Category(models.Model):
    name = models.CharField(max_length=20)


class Page(ClusterableModel):
    title = models.CharField(max_length=20)
    categories = ParentalManyToManyField(Category, blank=True)


class Author(models.Model):
    page = ParentalKey(Page, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(max_length=20)
"""


@pytest.fixture(scope="session")
def modelcluster_python() -> str:
    """Return the python of a virtualenv with django-modelcluster (built once, cached)."""
    from tests.venvs import cached_venv

    return str(cached_venv("modelcluster-py311", "python3.11", "django-modelcluster==6.5"))


@pytest.mark.slow
def test_parental_m2m_gets_a_through_model_and_rehearses_clean(
    tmp_path: Path, modelcluster_python: str
) -> None:
    root = make_target(tmp_path, models_py=MODELS, python=modelcluster_python)
    target = Target.resolve(root, python=modelcluster_python)
    plan = {"kind": "m2m_through", "field": "core.Page.categories", "through": "PageCategory"}
    bundle = build_bundle(target, plan, vendors=("sqlite",))
    [migration] = bundle.migrations
    assert "field=modelcluster.fields.ParentalManyToManyField(blank=True, through=" in (
        migration.source
    )
    report = rehearse(target, bundle.to_zip(), rows=30)
    assert [(c.name, c.detail) for c in report.failed_checks] == []

"""Step 1's page lists a many-to-many relation that is not a ManyToManyField, and says so."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from tests.wizard.survey_targets import tagged_target
from wizard.target import load_target
from wizard_ui.views.start import snapshot_context


def test_manager_like_relation_is_listed_as_not_converted(tmp_path: Path) -> None:
    snapshot = load_target(tagged_target(tmp_path))
    context = {"snapshot": snapshot, **snapshot_context(snapshot)}

    html = render_to_string("wizard_ui/_project_apps.html", context)

    assert (
        '<li><span class="font-monospace">tags</span> TagManager → core.Tag '
        '<span class="badge text-bg-light border">many-to-many, not a '
        "ManyToManyField: not converted</span></li>"
    ) in html
    assert "ManyToManyField → core.Tag" in html  # readers, the ManyToManyField subclass

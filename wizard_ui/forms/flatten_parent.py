"""Step 3 for plans of kind flatten_parent: the child to flatten, and whether its parent stays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crispy_forms.layout import HTML, Layout, Submit
from django import forms
from django.http import QueryDict

from wizard.plans.flatten_parent import candidates
from wizard.snapshot import ModelInfo, Snapshot
from wizard_ui.forms.common import online_refused
from wizard_ui.forms.m2m_through import details_helper
from wizard_ui.forms.pickers import PickerForm
from wizard_ui.models import Plan

if TYPE_CHECKING:
    from wizard_ui.details import DetailsStep

NO_CANDIDATES = "This project's own apps have no multi-table child the wizard could flatten."
KEEP_CHOICES = [
    ("keep", "Keep the parent and its rows (other models may still use them)"),
    ("drop", "Delete the parent and its table (only when nothing else needs it)"),
]


class ChildPickerForm(PickerForm):
    param = "model"
    label = "Which child stops inheriting from its parent?"
    button = "Use this model"

    def choices(self, snapshot: Snapshot) -> list[Any]:
        groups: dict[str, list[tuple[str, str]]] = {}
        for model in candidates(snapshot):
            groups.setdefault(model.app_label, []).append(
                (model.label, f"{model.name}, child of {model.parents[0]} (table {model.table})")
            )
        return list(groups.items())


class FlattenParentForm(forms.Form):
    model = forms.CharField(widget=forms.HiddenInput)
    parent = forms.ChoiceField(
        label="What happens to the parent",
        choices=KEEP_CHOICES,
        widget=forms.RadioSelect,
        initial="keep",
        help_text="Either way every child keeps its primary key and the values it read through "
        "its parent.",
    )
    online = online_refused(
        "this refactor has no online mode yet. It copies the parent's columns down in one UPDATE "
        "that locks every row of the child: apply it in a quiet moment (the preview's lock "
        "report says for how long)."
    )

    def __init__(
        self, *args: Any, model: ModelInfo, action: str, check: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.model_info = model
        self.helper = details_helper(action, check)
        self.helper.layout = Layout(
            "model",
            "parent",
            "online",
            HTML('{% include "wizard_ui/_plan_check.html" %}'),
            Submit("preview", "Preview the migrations", css_class="btn-primary"),
        )

    def clean_model(self) -> str:
        value: str = self.cleaned_data["model"]
        if value != self.model_info.label:
            raise forms.ValidationError("The model was changed by hand.", code="invalid_choice")
        return value

    def as_plan(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": "flatten_parent",
            "model": data["model"],
            "keep_parent": data["parent"] == "keep",
        }


def details_step(
    plan: Plan,
    snapshot: Snapshot,
    query: QueryDict,
    post: QueryDict | None,
    rows: list[dict[str, str]] | None = None,
) -> DetailsStep:
    """Return the details step of a flatten_parent plan (see ``wizard_ui.details.build``)."""
    from wizard_ui.details import start_step, urls

    raw = plan.raw_plan or {}
    models = {m.label: m for m in candidates(snapshot)}
    step, model = start_step(
        plan, snapshot, query, post, ChildPickerForm, models, raw.get("model"), NO_CANDIDATES
    )
    if model is None:
        return step
    step.extra["model"] = model
    step.extra["parent"] = snapshot.model(model.parents[0])
    action, check = urls(plan)
    same = raw.get("model") == model.label
    keep = raw.get("keep_parent", True) if same else True
    initial = {"model": model.label, "parent": "keep" if keep else "drop"}
    step.form = FlattenParentForm(post, initial=initial, model=model, action=action, check=check)
    return step


def plan_json(step: DetailsStep) -> dict[str, Any]:
    """Return the plan JSON the step's form describes (after it validated)."""
    assert isinstance(step.form, FlattenParentForm)
    return step.form.as_plan()

"""Step 3 for plans of kind new_parent: the model, the parent's name, the fields that move up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crispy_forms.layout import HTML, Field, Layout, Submit
from django import forms
from django.http import QueryDict

from wizard.plans import with_online
from wizard.plans.new_parent import candidates
from wizard.snapshot import ModelInfo, Snapshot
from wizard_ui.forms.common import choice_field, online_field, online_initial
from wizard_ui.forms.m2m_through import details_helper
from wizard_ui.forms.pickers import PickerForm
from wizard_ui.models import Plan

if TYPE_CHECKING:
    from wizard_ui.details import DetailsStep

NO_CANDIDATES = "This project's own apps have no concrete model that could get a new parent."


def movable_fields(model: ModelInfo) -> list[tuple[str, str]]:
    """Return (name, label) of the fields a person may move up: concrete, not the pk."""
    return [
        (f.name, f"{f.name} ({f.class_name}{' → ' + f.related_model if f.related_model else ''})")
        for f in model.fields
        if not f.primary_key and not f.auto_created and not f.parent_link
    ]


class ModelPickerForm(PickerForm):
    param = "model"
    label = "Which model gets a new parent?"
    button = "Use this model"

    def choices(self, snapshot: Snapshot) -> list[Any]:
        groups: dict[str, list[tuple[str, str]]] = {}
        for model in candidates(snapshot):
            groups.setdefault(model.app_label, []).append(
                (model.label, f"{model.name} (table {model.table})")
            )
        return list(groups.items())


class NewParentForm(forms.Form):
    model = forms.CharField(widget=forms.HiddenInput)
    parent = forms.CharField(
        label="Name of the new parent model",
        max_length=100,
        help_text="A new concrete model class, created in the same app: Aircraft above Plane, say.",
        error_messages={"required": "Give the new parent a name, for example Aircraft."},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    move_fields = forms.MultipleChoiceField(
        label="Fields that move up to the parent",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their values are kept; every row keeps its primary key, which becomes its "
        "parent's id.",
    )
    online = online_field(
        "more migrations (a copy of the rows in primary-key batches, a short locked step that "
        "links the tables, then a separate validation of the new foreign key), so it takes "
        "longer in total; and the database user must be allowed to create triggers (they mirror "
        "the rows written while the copy runs)."
    )

    def __init__(
        self, *args: Any, model: ModelInfo, action: str, check: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.model_info = model
        choice_field(self, "move_fields").choices = movable_fields(model)
        self.helper = details_helper(action, check)
        self.helper.layout = Layout(
            "model",
            Field("parent", css_class="font-monospace"),
            "move_fields",
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
        plan = {
            "kind": "new_parent",
            "model": data["model"],
            "parent": data["parent"].strip(),
            "move_fields": list(data.get("move_fields") or []),
        }
        return with_online(plan, data.get("online") is True)


def details_step(
    plan: Plan,
    snapshot: Snapshot,
    query: QueryDict,
    post: QueryDict | None,
    rows: list[dict[str, str]] | None = None,
) -> DetailsStep:
    """Return the details step of a new_parent plan (see ``wizard_ui.details.build``)."""
    from wizard_ui.details import start_step, urls

    raw = plan.raw_plan or {}
    models = {m.label: m for m in candidates(snapshot)}
    step, model = start_step(
        plan, snapshot, query, post, ModelPickerForm, models, raw.get("model"), NO_CANDIDATES
    )
    if model is None:
        return step
    step.extra["model"] = model
    action, check = urls(plan)
    same = raw.get("model") == model.label
    initial = {
        "model": model.label,
        "parent": raw.get("parent", "") if same else "",
        "move_fields": raw.get("move_fields", []) if same else [],
        "online": online_initial(raw, same),
    }
    step.form = NewParentForm(post, initial=initial, model=model, action=action, check=check)
    return step


def plan_json(step: DetailsStep) -> dict[str, Any]:
    """Return the plan JSON the step's form describes (after it validated)."""
    assert isinstance(step.form, NewParentForm)
    return step.form.as_plan()

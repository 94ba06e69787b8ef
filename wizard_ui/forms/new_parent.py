"""Step 3 for plans of kind new_parent: the model, the parent's name, the fields that move up."""

from __future__ import annotations

from typing import Any

from crispy_forms.layout import HTML, Field, Layout, Submit
from django import forms

from wizard.snapshot import ModelInfo, Snapshot
from wizard_ui.forms.common import choice_field
from wizard_ui.forms.m2m_through import details_helper
from wizard_ui.forms.pickers import PickerForm

NO_CANDIDATES = "This project's own apps have no concrete model that could get a new parent."


def candidates(snapshot: Snapshot) -> list[ModelInfo]:
    """Return the concrete, managed, non-proxy models of the project's own apps."""
    own = {app.label for app in snapshot.own_apps()}
    return [
        m
        for m in snapshot.models
        if m.app_label in own and not (m.proxy or m.abstract or m.swapped) and m.managed
    ]


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
            "kind": "new_parent",
            "model": data["model"],
            "parent": data["parent"].strip(),
            "move_fields": list(data.get("move_fields") or []),
        }

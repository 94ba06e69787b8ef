"""Step 3 for plans of kind move_model: the model, the app it moves to, and its table's name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crispy_forms.layout import HTML, Layout, Submit
from django import forms
from django.http import QueryDict

from wizard.plans.move_model import candidates, default_table
from wizard.snapshot import ModelInfo, Snapshot
from wizard_ui.forms.common import choice_field
from wizard_ui.forms.m2m_through import details_helper
from wizard_ui.forms.pickers import PickerForm
from wizard_ui.models import Plan

if TYPE_CHECKING:
    from wizard_ui.details import DetailsStep

NO_CANDIDATES = (
    "This project has no model the wizard can move: it needs two of the project's own apps, and "
    "a managed, concrete model that is not the user model and has no concrete parent."
)


class ModelPickerForm(PickerForm):
    param = "model"
    label = "Which model?"
    button = "Use this model"

    def choices(self, snapshot: Snapshot) -> list[Any]:
        groups: dict[str, list[tuple[str, str]]] = {}
        for model in candidates(snapshot):
            pointing = len(model.incoming)
            label = f"{model.name} (table {model.table}; {pointing} relations point at it)"
            groups.setdefault(f"app {model.app_label}", []).append((model.label, label))
        return list(groups.items())


class MoveModelForm(forms.Form):
    model = forms.CharField(widget=forms.HiddenInput)
    to_app = forms.ChoiceField(
        label="Move it to the app",
        error_messages={"required": "Choose the app the model moves to."},
    )
    table = forms.ChoiceField(label="Its table", widget=forms.RadioSelect, initial="keep")

    def __init__(
        self,
        *args: Any,
        model: ModelInfo,
        apps: list[str],
        action: str,
        check: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.model_info = model
        choice_field(self, "to_app").choices = [("", "Choose an app")] + [(a, a) for a in apps]
        table_choices = [
            ("keep", f"Keep the name {model.table} (db_table= on the model; no SQL at all)"),
        ]
        if model.table == default_table(model.app_label, model.name):
            table_choices.append(
                (
                    "rename",
                    f"Rename it to the new app's default name (<app>_{model.name.lower()}; "
                    "a quick rename, no copy)",
                )
            )
        choice_field(self, "table").choices = table_choices
        self.helper = details_helper(action, check)
        self.helper.layout = Layout(
            "model",
            "to_app",
            "table",
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
            "kind": "move_model",
            "model": data["model"],
            "to_app": data["to_app"],
            "table": data["table"],
        }


def details_step(
    plan: Plan,
    snapshot: Snapshot,
    query: QueryDict,
    post: QueryDict | None,
    rows: list[dict[str, str]] | None = None,
) -> DetailsStep:
    """Return the details step of a move_model plan (see ``wizard_ui.details.build``)."""
    from wizard_ui.details import start_step, urls

    raw = plan.raw_plan or {}
    models = {m.label: m for m in candidates(snapshot)}
    step, model = start_step(
        plan, snapshot, query, post, ModelPickerForm, models, raw.get("model"), NO_CANDIDATES
    )
    if model is None:
        return step
    apps = sorted(a.label for a in snapshot.own_apps() if a.label != model.app_label)
    step.extra.update({"model": model, "apps": apps})
    action, check = urls(plan)
    same = raw.get("model") == model.label
    initial = {
        "model": model.label,
        "to_app": raw.get("to_app", "") if same else "",
        "table": raw.get("table", "keep") if same else "keep",
    }
    step.form = MoveModelForm(
        post, initial=initial, model=model, apps=apps, action=action, check=check
    )
    return step


def plan_json(step: DetailsStep) -> dict[str, Any]:
    assert isinstance(step.form, MoveModelForm)
    return step.form.as_plan()

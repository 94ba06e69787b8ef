"""Step 3 for plans of kind move_model: the model, the app it moves to, and its table's name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crispy_forms.layout import HTML, Layout, Submit
from django import forms
from django.http import QueryDict

from wizard.plans import with_online
from wizard.plans.move_model import candidates, default_table
from wizard.snapshot import IncomingRelation, M2MInfo, ModelInfo, Snapshot
from wizard_ui.forms.common import choice_field, online_field, online_initial
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
            label = f"{model.name} (table {model.table}; {pointed_at(model)})"
            groups.setdefault(f"app {model.app_label}", []).append((model.label, label))
        return list(groups.items())


def pointed_at(model: ModelInfo) -> str:
    """Return how many relations of other models point at ``model``, in words."""
    count = len(relations_of(model, []).repointed)
    if count == 0:
        return "nothing points at it"
    return f"{count} relation{'s' if count > 1 else ''} point{'' if count > 1 else 's'} at it"


@dataclass(frozen=True)
class Relations:
    """What happens to each relation of a model that moves, as the details step lists it."""

    repointed: list[IncomingRelation]  # re-pointed in the migration state, no SQL
    own_m2m: list[M2MInfo]  # its own M2M fields, which come along with it
    subclasses: list[str]  # multi-table children and proxies, which stay in their apps


def relations_of(model: ModelInfo, models: list[ModelInfo]) -> Relations:
    own = {f"{model.label}.{m2m.name}" for m2m in model.m2m}
    repointed = [
        relation
        for relation in model.incoming
        if not relation.parent_link and relation.m2m_field not in own
    ]
    children = {r.model for r in model.incoming if r.parent_link}
    proxies = {m.label for m in models if m.proxy and m.concrete_model == model.label}
    return Relations(repointed, list(model.m2m), sorted(children | proxies))


class MoveModelForm(forms.Form):
    model = forms.CharField(widget=forms.HiddenInput)
    to_app = forms.ChoiceField(
        label="Move it to the app",
        error_messages={"required": "Choose the app the model moves to."},
    )
    table = forms.ChoiceField(label="Its table", widget=forms.RadioSelect, initial="keep")
    online = online_field(
        "only time: while the tables are busy, migrate waits and retries, or stops and needs "
        "running again."
    )

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
            (
                "keep",
                f"Keep the name {model.table} (the moved class names it in Meta.db_table; "
                "no schema change)",
            ),
        ]
        if model.table == default_table(model.app_label, model.name):
            names = ", ".join(f"{default_table(app, model.name)} in {app}" for app in apps[:3])
            if len(apps) > 3:
                names = f"the app's label and _{model.name.lower()}: {names}, …"
            table_choices.append(
                (
                    "rename",
                    f"Rename it to the new app's default name ({names}): a rename in the "
                    "database's catalog, no row copied",
                )
            )
        choice_field(self, "table").choices = table_choices
        self.helper = details_helper(action, check)
        self.helper.layout = Layout(
            "model",
            "to_app",
            "table",
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
            "kind": "move_model",
            "model": data["model"],
            "to_app": data["to_app"],
            "table": data["table"],
        }
        return with_online(plan, data.get("online") is True)


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
    relations = relations_of(model, snapshot.models)
    step.extra.update({"model": model, "apps": apps, "relations": relations})
    action, check = urls(plan)
    same = raw.get("model") == model.label
    initial = {
        "model": model.label,
        "to_app": raw.get("to_app", "") if same else "",
        "table": raw.get("table", "keep") if same else "keep",
        "online": online_initial(raw, same),
    }
    step.form = MoveModelForm(
        post, initial=initial, model=model, apps=apps, action=action, check=check
    )
    return step


def plan_json(step: DetailsStep) -> dict[str, Any]:
    assert isinstance(step.form, MoveModelForm)
    return step.form.as_plan()

"""Step 3 for plans of kind drop_through: the field, the table, the fields to drop, duplicates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crispy_forms.layout import HTML, Layout, Submit
from django import forms
from django.http import QueryDict

from wizard.plans import with_online
from wizard.plans.drop_through import candidates
from wizard.plans.drop_through_rules import auto_table, extra_field_names, has_unique_pair
from wizard.snapshot import M2MInfo, Snapshot
from wizard_ui.forms.common import choice_field, online_field, online_initial
from wizard_ui.forms.m2m_through import details_helper
from wizard_ui.forms.pickers import PickerForm
from wizard_ui.models import Plan

if TYPE_CHECKING:
    from wizard_ui.details import DetailsStep

NO_CANDIDATES = (
    "This project has no many-to-many field whose through model Django could own again (two "
    "foreign keys, an auto 'id', nothing pointing at it) in its own apps."
)
CONFIRM_ERROR = "Tick the box to confirm that the values of the dropped fields are lost."


class FieldPickerForm(PickerForm):
    param = "field"
    label = "Which many-to-many field?"
    button = "Use this field"

    def choices(self, snapshot: Snapshot) -> list[Any]:
        groups: dict[str, list[tuple[str, str]]] = {}
        for m2m in candidates(snapshot):
            label = f"{m2m.name} → {m2m.target} (through {m2m.through}, table {m2m.table})"
            groups.setdefault(m2m.model, []).append((m2m.label, label))
        return list(groups.items())


class DropThroughForm(forms.Form):
    field = forms.CharField(widget=forms.HiddenInput)
    table = forms.ChoiceField(
        label="Its table",
        widget=forms.RadioSelect,
        initial="rename",
        error_messages={"required": "Choose whether the table keeps its name."},
    )
    drop_fields = forms.MultipleChoiceField(
        label="Extra fields to drop",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Django's own table has none: every extra field must be dropped, and its "
        "values are lost.",
    )
    confirm_loss = forms.BooleanField(
        label="I accept that the values of the dropped fields are lost (migrating back brings "
        "the columns back with their default, not the values).",
        required=False,
    )
    duplicates = forms.ChoiceField(
        label="Pairs held more than once",
        widget=forms.RadioSelect,
        initial="refuse",
        choices=[
            ("refuse", "Stop the migration and say how many (nothing changes)"),
            ("remove", "Delete them, keeping the lowest id of each pair"),
        ],
    )
    online = online_field(
        "only time: while the tables are busy, migrate waits and retries, or stops and needs "
        "running again."
    )

    def __init__(
        self,
        *args: Any,
        m2m: M2MInfo,
        extras: list[tuple[str, str]],
        unique_pair: bool,
        auto: str,
        action: str,
        check: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.m2m = m2m
        choice_field(self, "table").choices = [
            ("rename", f"Rename it to {auto}, Django's default name (a quick rename, no copy)"),
            ("keep", f"Keep the name {m2m.table} (db_table= on the field)"),
        ]
        choice_field(self, "drop_fields").choices = extras
        if unique_pair:
            # The table allows each pair once already: there is nothing to ask about duplicates.
            del self.fields["duplicates"]
        self.helper = details_helper(action, check)
        parts: list[Any] = ["field", "table"]
        if extras:
            parts += ["drop_fields", "confirm_loss"]
        if not unique_pair:
            parts.append("duplicates")
        parts += [
            "online",
            HTML('{% include "wizard_ui/_plan_check.html" %}'),
            Submit("preview", "Preview the migrations", css_class="btn-primary"),
        ]
        self.helper.layout = Layout(*parts)

    def clean_field(self) -> str:
        value: str = self.cleaned_data["field"]
        if value != self.m2m.label:
            raise forms.ValidationError("The field was changed by hand.", code="invalid_choice")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("drop_fields") and not data.get("confirm_loss"):
            self.add_error("confirm_loss", CONFIRM_ERROR)
        return data

    def as_plan(self) -> dict[str, Any]:
        data = self.cleaned_data
        plan = {
            "kind": "drop_through",
            "field": data["field"],
            "table": data["table"],
            "drop_fields": list(data.get("drop_fields") or []),
            "duplicates": data.get("duplicates") or "refuse",
        }
        return with_online(plan, data.get("online") is True)


def details_step(
    plan: Plan,
    snapshot: Snapshot,
    query: QueryDict,
    post: QueryDict | None,
    rows: list[dict[str, str]] | None = None,
) -> DetailsStep:
    """Return the details step of a drop_through plan (see ``wizard_ui.details.build``)."""
    from wizard_ui.details import start_step, urls

    raw = plan.raw_plan or {}
    fields = {m.label: m for m in candidates(snapshot)}
    step, m2m = start_step(
        plan, snapshot, query, post, FieldPickerForm, fields, raw.get("field"), NO_CANDIDATES
    )
    if m2m is None:
        return step
    model = snapshot.model(m2m.model)
    through = snapshot.model(m2m.through)
    assert model is not None and through is not None
    extras = extra_field_names(m2m, through)
    unique_pair = has_unique_pair(m2m, through)
    step.extra.update(
        {"m2m": m2m, "through": through, "extras": extras, "unique_pair": unique_pair}
    )
    classes = {f.name: f.class_name for f in through.fields}
    action, check = urls(plan)
    same = raw.get("field") == m2m.label
    initial = {
        "field": m2m.label,
        "table": raw.get("table", "rename") if same else "rename",
        "drop_fields": raw.get("drop_fields", []) if same else [],
        "confirm_loss": bool(raw.get("drop_fields")) if same else False,
        "duplicates": raw.get("duplicates", "refuse") if same else "refuse",
        "online": online_initial(raw, same),
    }
    step.form = DropThroughForm(
        post,
        initial=initial,
        m2m=m2m,
        extras=[(name, f"{name} ({classes[name]})") for name in extras],
        unique_pair=unique_pair,
        auto=auto_table(model, m2m),
        action=action,
        check=check,
    )
    return step


def plan_json(step: DetailsStep) -> dict[str, Any]:
    """Return the plan JSON the step's form describes (after it validated)."""
    assert isinstance(step.form, DropThroughForm)
    return step.form.as_plan()

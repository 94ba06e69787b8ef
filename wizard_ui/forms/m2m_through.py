"""Step 3 for plans of kind m2m_through: the field, the through model, the table, extra fields."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout, Submit
from django import forms
from django.http import QueryDict

from wizard.errors import PlanError
from wizard.plans import with_online
from wizard.plans.m2m_through import candidates
from wizard.plans.m2m_through_explain import write_warning
from wizard.plans.m2m_through_fields import (
    FIELD_TYPES,
    LITERAL_TYPES,
    MAX_EXTRA_FIELDS,
    validate_extra_field,
    writes_need_value,
)
from wizard.snapshot import M2MInfo, Snapshot
from wizard_ui.forms.common import choice_field, online_field, online_initial
from wizard_ui.forms.pickers import PickerForm
from wizard_ui.models import Plan

if TYPE_CHECKING:
    from wizard_ui.details import DetailsStep

NO_CANDIDATES = (
    "This project has no auto-created many-to-many field in its own apps, so there is nothing "
    "to give a through model."
)


def grouped_choices(snapshot: Snapshot) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the candidate fields grouped by app and model, each with its target and table."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for m2m in candidates(snapshot):
        label = f"{m2m.name} → {m2m.target} (table {m2m.table})"
        groups.setdefault(m2m.model, []).append((m2m.label, label))
    return list(groups.items())


def default_through_name(m2m: M2MInfo, snapshot: Snapshot) -> str:
    """Return Model + the field's name in singular, CamelCased (Post.categories: PostCategory)."""
    model = m2m.model.split(".")[1]
    words = [w for w in re.split(r"_+", m2m.name) if w]
    last = words[-1] if words else "link"
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    words[-1:] = [last]
    name = model + "".join(w[:1].upper() + w[1:] for w in words)
    app_label = m2m.model.split(".")[0]
    taken = {m.name.lower() for m in snapshot.models_of(app_label)}
    return name if name.lower() not in taken else name + "Link"


class FieldPickerForm(PickerForm):
    param = "field"
    label = "Which many-to-many field?"
    button = "Use this field"

    def choices(self, snapshot: Snapshot) -> list[Any]:
        return grouped_choices(snapshot)


class ThroughForm(forms.Form):
    field = forms.CharField(widget=forms.HiddenInput)
    through = forms.CharField(
        label="Name of the through model",
        max_length=100,
        help_text="A new model class, created in the same app as the field's model.",
        error_messages={"required": "Give the through model a name, for example PostCategory."},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    table = forms.ChoiceField(
        label="Its table",
        widget=forms.RadioSelect,
        initial="rename",
        error_messages={"required": "Choose whether the table keeps its name."},
    )
    online = online_field(
        "the table keeps its old name: choose Keep above (Rename still renames it, which needs "
        "an exclusive lock for a moment). Extra fields are added the instant way. On SQLite the "
        "bundle is the same as without Online."
    )

    def __init__(self, *args: Any, m2m: M2MInfo, action: str, check: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.m2m = m2m
        choice_field(self, "table").choices = [
            ("rename", "Rename it to the new model's default table name (a quick rename, no copy)"),
            ("keep", f"Keep the name {m2m.table} (the model's Meta sets db_table; no DDL at all)"),
        ]
        self.helper = details_helper(action, check)
        self.helper.layout = Layout(
            "field",
            Field("through", css_class="font-monospace"),
            "table",
            HTML('{% include "wizard_ui/_extra_fields.html" %}'),
            "online",
            HTML('{% include "wizard_ui/_plan_check.html" %}'),
            Submit("preview", "Preview the migrations", css_class="btn-primary"),
        )

    def clean_field(self) -> str:
        value: str = self.cleaned_data["field"]
        if value != self.m2m.label:
            raise forms.ValidationError("The field was changed by hand.", code="invalid_choice")
        return value


def details_helper(action: str, check: str) -> FormHelper:
    """Return the helper shared by both details forms: post to the step, check as you type."""
    helper = FormHelper()
    helper.form_action = action
    helper.form_id = "details-form"
    helper.attrs = {
        "hx-post": check,
        # Selects, radios and checkboxes send input events too; a change event would only check
        # the same values again when a text field loses focus.
        "hx-trigger": "input delay:400ms",
        "hx-target": "#plan-check",
        "hx-swap": "innerHTML",
        "hx-sync": "this:replace",
    }
    return helper


class ExtraFieldForm(forms.Form):
    name = forms.CharField(
        label="Field name",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "Choose a type")] + [(t, t) for t in FIELD_TYPES],
    )
    options = forms.CharField(
        label="Options (JSON)",
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"placeholder": '{"max_length": 100}', "spellcheck": "false"}),
    )
    backfill = forms.CharField(
        label="Value for existing rows",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "2024-01-01, now, today…"}),
    )

    def clean_options(self) -> dict[str, Any]:
        text: str = self.cleaned_data["options"].strip()
        if not text:
            return {}
        try:
            options = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                f"The options {text!r} are not valid JSON ({exc.msg}); write an object such as "
                '{"max_length": 100}.',
                code="json",
            ) from None
        if not isinstance(options, dict):
            raise forms.ValidationError(
                f'The options {text!r} must be a JSON object such as {{"max_length": 100}}.',
                code="json",
            )
        return options

    def clean_backfill(self) -> str | None:
        text: str = self.cleaned_data["backfill"].strip()
        return text or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name") and (data.get("type") or data.get("options")):
            self.add_error("name", "Give this extra field a name, or remove the row.")
        elif data.get("name") and not data.get("type"):
            self.add_error("type", f"Choose a type for the field {data['name']!r}.")
        return data

    def as_plan(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        item: dict[str, Any] = {"name": data["name"], "type": data["type"]}
        item["options"] = data.get("options") or {}
        if data.get("backfill") is not None:
            item["backfill"] = backfill_value(data["type"], data["backfill"])
        return item

    def write_warning(self, field_label: str) -> str:
        """Return the warning for a field every new pair must be given a value for, else ''."""
        form = self
        if not self.is_bound:
            form = ExtraFieldForm({name: self.initial.get(name, "") for name in self.fields})
        item = form.as_plan() if form.is_valid() else None
        if item is None:
            return ""
        try:
            extra = validate_extra_field(1, item, {})
        except PlanError:
            return ""  # the row's own error says what is wrong
        return write_warning(field_label, extra) if writes_need_value(extra) else ""


def backfill_value(field_type: str, text: str) -> Any:
    """Return the backfill as JSON would carry it: numbers and booleans typed, the rest text."""
    if field_type in LITERAL_TYPES:
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return text
        return value if not isinstance(value, str) else text
    return text


ExtraFieldFormSet = forms.formset_factory(
    ExtraFieldForm, extra=0, max_num=MAX_EXTRA_FIELDS, validate_max=True, absolute_max=50
)


def rows_from_plan(raw: dict[str, Any] | None) -> list[dict[str, str]]:
    """Return the formset's rows for an existing plan's extra fields."""
    rows = []
    for item in (raw or {}).get("extra_fields") or []:
        backfill = item.get("backfill")
        rows.append(
            {
                "name": item.get("name", ""),
                "type": item.get("type", ""),
                "options": json.dumps(item["options"]) if item.get("options") else "",
                "backfill": ""
                if backfill is None
                else (backfill if isinstance(backfill, str) else json.dumps(backfill)),
            }
        )
    return rows


def details_step(
    plan: Plan,
    snapshot: Snapshot,
    query: QueryDict,
    post: QueryDict | None,
    rows: list[dict[str, str]] | None,
) -> DetailsStep:
    """Return the details step of an m2m_through plan (see ``wizard_ui.details.build``)."""
    from wizard_ui.details import EXTRA_PREFIX, start_step, urls

    raw = plan.raw_plan or {}
    fields = {m.label: m for m in candidates(snapshot)}
    step, m2m = start_step(
        plan, snapshot, query, post, FieldPickerForm, fields, raw.get("field"), NO_CANDIDATES
    )
    if m2m is None:
        return step
    step.extra["m2m"] = m2m
    action, check = urls(plan)
    same = raw.get("field") == m2m.label
    initial = {
        "field": m2m.label,
        "through": raw.get("through") if same else default_through_name(m2m, snapshot),
        # A saved online plan without a table keeps it (the engine's default when online).
        "table": raw.get("table", "keep" if raw.get("online") is True else "rename")
        if same
        else "rename",
        "online": online_initial(raw, same),
    }
    if rows is not None and post is not None:
        # Show what was typed again, without judging it yet.
        initial.update({name: post.get(name, "") for name in ("through", "table")})
        initial["online"] = ThroughForm.base_fields["online"].widget.value_from_datadict(
            post, {}, "online"
        )
        post = None
    elif rows is None:
        rows = rows_from_plan(raw) if same else []
    step.form = ThroughForm(post, initial=initial, m2m=m2m, action=action, check=check)
    step.formset = ExtraFieldFormSet(post, initial=rows or None, prefix=EXTRA_PREFIX)
    return step


def plan_json(step: DetailsStep) -> dict[str, Any]:
    """Return the plan JSON the step's forms describe (after they validated)."""
    assert step.form is not None
    data = step.form.cleaned_data
    extra = [row.as_plan() for row in step.formset.forms] if step.formset else []
    plan = {
        "kind": "m2m_through",
        "field": data["field"],
        "through": data["through"].strip(),
        "table": data["table"],
        "extra_fields": [item for item in extra if item is not None],
    }
    return with_online(plan, data.get("online") is True)

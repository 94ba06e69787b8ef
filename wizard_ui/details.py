"""Step 3 as one object for both kinds: the picker, the details form and, for M2M, extra fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict
from django.urls import reverse

from wizard.snapshot import Snapshot
from wizard_ui.forms import m2m_through, new_parent
from wizard_ui.forms.common import engine_check, formset_tampered, tampered
from wizard_ui.forms.pickers import PickerForm
from wizard_ui.models import Plan

EXTRA_PREFIX = "extra"


class Tampered(Exception):
    """The post holds values the page never offers."""


@dataclass
class DetailsStep:
    plan: Plan
    snapshot: Snapshot
    picker: PickerForm
    subject: str | None
    form: forms.Form | None = None
    formset: forms.BaseFormSet[Any] | None = None
    empty_message: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    max_extra_fields = m2m_through.MAX_EXTRA_FIELDS

    @property
    def kind(self) -> str:
        return self.plan.kind

    @property
    def url(self) -> str:
        return reverse("wizard_ui:details", args=[self.plan.pk])

    def is_valid(self, *, build: bool = False) -> bool:
        """Validate the forms, then the plan with the engine's rules; raise Tampered if forged.

        With ``build`` the engine's verdict is make_bundle's own (``wizard.verdict.check_plan``).
        """
        if self.form is None:
            raise Tampered
        valid = self.form.is_valid()
        if self.formset is not None:
            valid = self.formset.is_valid() and valid
            if formset_tampered(self.formset):
                raise Tampered
        if tampered(self.form):
            raise Tampered
        if not valid:
            return False
        engine_check(self.form, self.raw(), self.snapshot, build=build)
        self._move_engine_errors_to_rows()
        rows = self.formset.forms if self.formset is not None else []
        return not self.form.errors and not any(row.errors for row in rows)

    def raw(self) -> dict[str, Any]:
        """Return the plan JSON the forms describe (call after is_valid)."""
        assert self.form is not None
        if isinstance(self.form, new_parent.NewParentForm):
            return self.form.as_plan()
        data = self.form.cleaned_data
        extra = [row.as_plan() for row in self.formset.forms] if self.formset else []
        return {
            "kind": "m2m_through",
            "field": data["field"],
            "through": data["through"].strip(),
            "table": data["table"],
            "extra_fields": [item for item in extra if item is not None],
        }

    def _move_engine_errors_to_rows(self) -> None:
        """Show an engine refusal that quotes an extra field's name on that row instead."""
        if self.formset is None or self.form is None:
            return
        errors = self.form.errors.get("__all__")
        if not errors:
            return
        kept: list[forms.ValidationError | str] = []
        for error in errors.as_data():
            text = " ".join(error.messages)
            row = next(
                (
                    r
                    for r in self.formset.forms
                    if r.cleaned_data.get("name") and repr(r.cleaned_data["name"]) in text
                ),
                None,
            )
            if row is None:
                kept.append(error)
            else:
                row.add_error("name", text)
        if kept:
            errors.data = kept  # type: ignore[assignment]
        else:
            del self.form.errors["__all__"]

    def messages(self) -> list[str]:
        """Return every error on the page, in order, for the as-you-type check region."""
        forms_on_page = [self.form] if self.form is not None else []
        forms_on_page += self.formset.forms if self.formset is not None else []
        found = [str(m) for form in forms_on_page for errs in form.errors.values() for m in errs]
        if self.formset is not None:
            found += [str(m) for m in self.formset.non_form_errors()]
        return found


def urls(plan: Plan) -> tuple[str, str]:
    return (
        reverse("wizard_ui:details", args=[plan.pk]),
        reverse("wizard_ui:details_check", args=[plan.pk]),
    )


ROW_FIELDS = ("name", "type", "options", "backfill")


def rows_from_post(post: QueryDict) -> list[dict[str, str]] | None:
    """Return the extra-field rows as typed, or None when the row count was forged."""
    try:
        total = int(post.get(f"{EXTRA_PREFIX}-TOTAL_FORMS", ""))
    except ValueError:
        return None
    if not 0 <= total <= m2m_through.MAX_EXTRA_FIELDS:
        return None
    return [
        {name: post.get(f"{EXTRA_PREFIX}-{i}-{name}", "") for name in ROW_FIELDS}
        for i in range(total)
    ]


def build(
    plan: Plan,
    snapshot: Snapshot,
    query: QueryDict,
    post: QueryDict | None,
    *,
    rows: list[dict[str, str]] | None = None,
) -> DetailsStep:
    """Return the step for a GET (``post`` None), a POST, or a POST that changed ``rows``.

    With ``rows`` the forms are shown again, unbound, with the posted values and those rows.
    """
    if plan.kind == "m2m_through":
        return _build_m2m(plan, snapshot, query, post, rows)
    return _build_parent(plan, snapshot, query, post)


def _subject(
    plan: Plan,
    picker_class: type[PickerForm],
    snapshot: Snapshot,
    query: QueryDict,
    post: QueryDict | None,
    saved: str | None,
    first: str | None,
) -> tuple[PickerForm, str | None]:
    action, _check = urls(plan)
    if post is not None:
        subject = post.get(picker_class.param)
        picker = picker_class(
            initial={picker_class.param: subject}, snapshot=snapshot, action=action
        )
        return picker, subject
    bound = picker_class.param in query
    picker = picker_class(
        query if bound else None,
        initial={picker_class.param: saved or first},
        snapshot=snapshot,
        action=action,
    )
    return picker, picker.chosen(saved or first) if bound else (saved or first)


def _build_m2m(
    plan: Plan,
    snapshot: Snapshot,
    query: QueryDict,
    post: QueryDict | None,
    rows: list[dict[str, str]] | None,
) -> DetailsStep:
    fields = {m.label: m for m in m2m_through.candidates(snapshot)}
    raw = plan.raw_plan if plan.kind == "m2m_through" and plan.raw_plan else {}
    picker, subject = _subject(
        plan,
        m2m_through.FieldPickerForm,
        snapshot,
        query,
        post,
        raw.get("field"),
        next(iter(fields), None),
    )
    step = DetailsStep(
        plan,
        snapshot,
        picker,
        subject,
        empty_message=m2m_through.NO_CANDIDATES if not fields else "",
    )
    m2m = fields.get(subject or "")
    if m2m is None:
        return step
    step.extra["m2m"] = m2m
    action, check = urls(plan)
    same = raw.get("field") == m2m.label
    initial = {
        "field": m2m.label,
        "through": raw.get("through") if same else m2m_through.default_through_name(m2m, snapshot),
        "table": raw.get("table", "rename") if same else "rename",
    }
    if rows is not None and post is not None:
        # Show what was typed again, without judging it yet.
        initial.update({name: post.get(name, "") for name in ("through", "table")})
        post = None
    elif rows is None:
        rows = m2m_through.rows_from_plan(raw) if same else []
    step.form = m2m_through.ThroughForm(post, initial=initial, m2m=m2m, action=action, check=check)
    step.formset = m2m_through.ExtraFieldFormSet(post, initial=rows or None, prefix=EXTRA_PREFIX)
    return step


def _build_parent(
    plan: Plan, snapshot: Snapshot, query: QueryDict, post: QueryDict | None
) -> DetailsStep:
    models = {m.label: m for m in new_parent.candidates(snapshot)}
    raw = plan.raw_plan if plan.kind == "new_parent" and plan.raw_plan else {}
    picker, subject = _subject(
        plan,
        new_parent.ModelPickerForm,
        snapshot,
        query,
        post,
        raw.get("model"),
        next(iter(models), None),
    )
    step = DetailsStep(
        plan,
        snapshot,
        picker,
        subject,
        empty_message=new_parent.NO_CANDIDATES if not models else "",
    )
    model = models.get(subject or "")
    if model is None:
        return step
    step.extra["model"] = model
    action, check = urls(plan)
    same = raw.get("model") == model.label
    initial = {
        "model": model.label,
        "parent": raw.get("parent", "") if same else "",
        "move_fields": raw.get("move_fields", []) if same else [],
    }
    step.form = new_parent.NewParentForm(
        post, initial=initial, model=model, action=action, check=check
    )
    return step

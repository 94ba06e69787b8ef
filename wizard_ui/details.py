"""Step 3 as one object for every kind: the picker, the details form and any rows (extra fields).

Each kind's own form module builds the step (``details_step``) and turns it into plan JSON
(``plan_json``); this module holds what they share.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django import forms
from django.http import QueryDict
from django.urls import reverse

from wizard.kinds import get_kind
from wizard.plans.m2m_through_fields import MAX_EXTRA_FIELDS
from wizard.snapshot import Snapshot
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

    max_extra_fields = MAX_EXTRA_FIELDS

    @property
    def kind(self) -> str:
        return self.plan.kind

    @property
    def intro_template(self) -> str:
        """Return the kind's own fragment that describes the picked field or model."""
        return f"wizard_ui/_details_{self.kind}.html"

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

    def extra_rows(self) -> list[tuple[forms.Form, str]]:
        """Return each extra-field row with its warning about writes (or '')."""
        m2m = self.extra.get("m2m")
        if self.formset is None or m2m is None:
            return []
        return [(row, row.write_warning(m2m.label)) for row in self.formset.forms]

    def raw(self) -> dict[str, Any]:
        """Return the plan JSON the forms describe (call after is_valid)."""
        assert self.form is not None
        raw: dict[str, Any] = kind_forms(self.kind).plan_json(self)
        return raw

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
    if not 0 <= total <= MAX_EXTRA_FIELDS:
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
    Each kind's form module (``wizard.kinds``: ``form``) builds its own step.
    """
    step: DetailsStep = kind_forms(plan.kind).details_step(plan, snapshot, query, post, rows)
    return step


def kind_forms(name: str) -> ModuleType:
    """Return the web module of the kind called ``name`` (PlanError for an unknown kind)."""
    return importlib.import_module(get_kind(name).form)


def subject(
    plan: Plan,
    picker_class: type[PickerForm],
    snapshot: Snapshot,
    query: QueryDict,
    post: QueryDict | None,
    saved: str | None,
    first: str | None,
) -> tuple[PickerForm, str | None]:
    """Return the picker and what it names: posted, asked for, saved, or the first candidate."""
    action, _check = urls(plan)
    if post is not None:
        chosen = post.get(picker_class.param)
        picker = picker_class(
            initial={picker_class.param: chosen}, snapshot=snapshot, action=action
        )
        return picker, chosen
    bound = picker_class.param in query
    picker = picker_class(
        query if bound else None,
        initial={picker_class.param: saved or first},
        snapshot=snapshot,
        action=action,
    )
    return picker, picker.chosen(saved or first) if bound else (saved or first)


def start_step(
    plan: Plan,
    snapshot: Snapshot,
    query: QueryDict,
    post: QueryDict | None,
    picker_class: type[PickerForm],
    choices: dict[str, Any],
    saved: str | None,
    empty_message: str,
) -> tuple[DetailsStep, Any]:
    """Return a kind's step with its picker, and the chosen candidate (None when there is none).

    ``choices`` maps the picker's values to the kind's candidates; ``saved`` is the plan's own.
    """
    picker, chosen = subject(
        plan, picker_class, snapshot, query, post, saved, next(iter(choices), None)
    )
    step = DetailsStep(
        plan, snapshot, picker, chosen, empty_message=empty_message if not choices else ""
    )
    return step, choices.get(chosen or "")

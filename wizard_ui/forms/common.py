"""What every step's form shares: engine errors on the right field, and spotting tampering."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.html import format_html

from wizard.errors import WizardError
from wizard.plans import validate_plan
from wizard.snapshot import Snapshot

ONLINE_LABEL = "Online (big tables, site stays up)"
# What every online bundle does, before what it costs for the kind at hand.
ONLINE_DOES = (
    "Each migration takes only short locks on PostgreSQL and MySQL/MariaDB: it waits at most "
    "500 ms (1 s on MySQL) for a lock, then tries again, up to 8 times with growing pauses. If "
    "the tables stay busy, migrate stops and says where; running migrate again resumes there."
)


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """Return the form's choice field ``name`` (so its choices can be set per request)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def online_field(costs: str) -> forms.BooleanField:
    """Return the details step's Online checkbox; ``costs`` says in plain words what it costs."""
    help_text = format_html(
        '{}<span class="d-block mt-1"><strong>What it costs:</strong> {}</span>', ONLINE_DOES, costs
    )
    return forms.BooleanField(label=ONLINE_LABEL, required=False, help_text=help_text)


def online_refused(reason: str) -> forms.BooleanField:
    """Return the Online checkbox of a kind without an online mode: shown unticked, disabled,
    with ``reason``; Django ignores whatever a post says for a disabled field."""
    return forms.BooleanField(
        label=ONLINE_LABEL, required=False, disabled=True, help_text=f"Not offered here: {reason}"
    )


def online_initial(raw: Mapping[str, Any], same: bool) -> bool:
    """Return whether the box starts ticked: the saved plan's choice, for the same subject."""
    return same and raw.get("online") is True


def attach_error(form: forms.Form, message: str, names: Iterable[str]) -> None:
    """Add ``message`` to the field whose value it quotes, else to the whole form."""
    for name in names:
        field = form.fields.get(name)
        if field is None or field.widget.is_hidden:
            continue  # a hidden value is ours; the page explains its problems as a whole
        value = form.cleaned_data.get(name)
        values = value if isinstance(value, list | tuple) else [value]
        if any(v not in (None, "") and repr(v) in message for v in values):
            form.add_error(name, message)
            return
    form.add_error(None, message)


def engine_check(
    form: forms.Form, raw: Mapping[str, Any], snapshot: Snapshot, *, build: bool = False
) -> None:
    """Validate ``raw`` with the same function the command line uses; attach its refusal.

    With ``build``, give make_bundle's whole verdict (``check_plan``: the plan's rules first,
    then the target's own Django builds and checks it, which takes its processes a second or two).
    """
    try:
        if build:
            # Imported here: the engine's patching (libcst) would slow every management command.
            from wizard.verdict import check_plan

            check_plan(snapshot.target, raw, snapshot=snapshot)
        else:
            validate_plan(raw, snapshot)
    except WizardError as exc:
        attach_error(form, exc.message, form.fields)


def tampered(form: forms.BaseForm) -> bool:
    """Return True when the errors could only come from a hand-made request.

    The page never offers a value outside a choice list and never lets a person edit a hidden
    field, so such errors mean the post was changed on the way: refuse it (400), store nothing.
    """
    for name, errors in form.errors.as_data().items():
        field = form.fields.get(name)
        for error in errors:
            if error.code == "invalid_choice":
                return True
            if field is not None and field.widget.is_hidden:
                return True
    return False


def formset_tampered(formset: forms.BaseFormSet[Any]) -> bool:
    """Return True when the management form or a row's choices were changed by hand."""
    if not formset.management_form.is_valid():
        return True
    if any(
        e.code in {"too_many_forms", "too_few_forms"} for e in formset.non_form_errors().as_data()
    ):
        return True
    return any(tampered(form) for form in formset.forms)

"""Step 2: which refactor (every kind the registry knows, in its order)."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.html import format_html

from wizard.kinds import all_kinds


def refactors() -> list[tuple[str, str, str]]:
    """Return (name, title, when to use it) of every registered kind."""
    return [(kind.name, kind.title, kind.when) for kind in all_kinds()]


class RefactorForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which refactor?",
        widget=forms.RadioSelect,
        choices=[
            (
                kind,
                format_html(
                    "<strong>{}</strong><br><span class='text-body-secondary'>{}</span>",
                    title,
                    when,
                ),
            )
            for kind, title, when in refactors()
        ],
        error_messages={"required": "Choose one of the refactors."},
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "refactor-form"
        self.helper.layout = Layout(
            "kind", Submit("next", "Next: details", css_class="btn-primary")
        )

"""Step 2: which of the two refactors."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.html import format_html

REFACTORS = [
    (
        "m2m_through",
        "Give an M2M field a through model",
        "Use it when the rows linking two models need fields of their own (a date, an order, "
        "a role) and the field was declared without through=.",
    ),
    (
        "new_parent",
        "Insert a new parent class",
        "Use it when an existing model should inherit from a new concrete model that other "
        "models can share, moving some of its fields up.",
    ),
]


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
            for kind, title, when in REFACTORS
        ],
        error_messages={"required": "Choose one of the two refactors."},
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "refactor-form"
        self.helper.layout = Layout(
            "kind", Submit("next", "Next: details", css_class="btn-primary")
        )

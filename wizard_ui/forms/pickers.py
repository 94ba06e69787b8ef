"""The small GET form at the top of step 3: which field or model the details are about."""

from __future__ import annotations

from typing import Any

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from wizard.snapshot import Snapshot


class PickerForm(forms.Form):
    """A choice sent by GET (so the page has its own URL); htmx swaps the details on change."""

    param = "subject"
    label = "Which one?"
    button = "Show"

    def __init__(self, *args: Any, snapshot: Snapshot, action: str, **kwargs: Any) -> None:
        # The details form below carries the same name as a hidden field: ids must differ.
        kwargs.setdefault("auto_id", "picker_%s")
        super().__init__(*args, **kwargs)
        self.fields[self.param] = forms.ChoiceField(
            label=self.label,
            choices=self.choices(snapshot),
            error_messages={
                "invalid_choice": "%(value)r is not one of the choices; pick one from the list.",
            },
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = action
        self.helper.form_id = "picker-form"
        self.helper.form_class = "picker-form"
        self.helper.attrs = {
            "hx-get": action,
            "hx-trigger": "change",
            "hx-target": "#details",
            "hx-select": "#details",
            "hx-swap": "outerHTML",
            "hx-push-url": "true",
        }
        self.helper.layout = Layout(
            self.param,
            StrictButton(self.button, type="submit", css_class="btn-outline-secondary no-js-only"),
        )

    def choices(self, snapshot: Snapshot) -> list[Any]:
        raise NotImplementedError

    def chosen(self, default: str | None) -> str | None:
        """Return the picked value (bound and valid), else ``default``."""
        if self.is_bound and self.is_valid():
            value: str = self.cleaned_data[self.param]
            return value
        return default

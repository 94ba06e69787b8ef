"""Step 5: where to rehearse and with how many rows."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms

from wizard.scratch import parse_server_url, server_url
from wizard_ui.forms.common import choice_field

DEFAULT_ROWS = 200


def database_choices() -> list[tuple[str, str]]:
    return [
        ("sqlite", "A scratch SQLite file (made and deleted by the rehearsal)"),
        ("postgresql", f"A scratch database on the PostgreSQL server {_shown('postgresql')}"),
        ("mysql", f"A scratch database on the MariaDB/MySQL server {_shown('mysql')}"),
    ]


def _shown(vendor: str) -> str:
    """Return the server's URL without its password."""
    return parse_server_url(server_url(vendor)).label


def database_url(choice: str) -> str:
    """Return what the rehearsal's ``database`` argument takes for ``choice``."""
    return "sqlite" if choice == "sqlite" else server_url(choice)


class RehearsalForm(forms.Form):
    database = forms.ChoiceField(
        label="Rehearse on",
        widget=forms.RadioSelect,
        initial="sqlite",
        error_messages={"required": "Choose the database to rehearse on."},
        help_text="The scratch database is created for this rehearsal and dropped afterwards; "
        "the project's own database is never touched.",
    )
    rows = forms.IntegerField(
        label="Rows per model",
        min_value=10,
        max_value=5000,
        initial=DEFAULT_ROWS,
        help_text="Synthetic rows written into every model of the project's own apps, "
        "with gaps in the ids, before the bundle is applied.",
        error_messages={
            "required": "Say how many rows each model gets (10 to 5000).",
            "invalid": "Write the number of rows as a whole number, for example 200.",
            "min_value": "Use at least %(limit_value)s rows per model.",
            "max_value": "Use at most %(limit_value)s rows per model here; the rehearse command "
            "takes more.",
        },
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "database").choices = database_choices()
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "rehearsal-form"
        self.helper.layout = Layout(
            "database", "rows", Submit("rehearse", "Rehearse", css_class="btn-primary")
        )

"""Step 4's optional field: a person's own database, read for lock times at its row counts."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.views.decorators.debug import sensitive_variables

from wizard.errors import WizardError
from wizard.locks.row_counts import catalog_row_counts, database_label

FIELD = "database_url"
SCHEMES = ("postgresql", "postgres", "mysql")
# "scheme://user:password@": the password part, up to the last @ before the host.
USERINFO_PASSWORD = re.compile(r"(\w+://[^\s:/@']*:)[^\s']*@")


def driver_errors() -> tuple[type[Exception], ...]:
    """Return the error classes of the database drivers installed (mysqlclient is optional)."""
    found: list[type[Exception]] = []
    try:
        import psycopg

        found.append(psycopg.Error)
    except ImportError:
        pass
    try:
        import MySQLdb

        found.append(MySQLdb.Error)
    except ImportError:
        pass
    return tuple(found)


def without_passwords(message: str) -> str:
    """Return ``message`` with the password of every URL it quotes written as ***."""
    return USERINFO_PASSWORD.sub(r"\1***@", message)


@sensitive_variables("url")
def read_row_counts(url: str) -> tuple[dict[str, int], str]:
    """Return ``{table: estimated rows}`` of the database ``url`` names, and that database
    named without its password; raise WizardError with a one-line message that never quotes
    the password."""
    try:
        scheme = urlsplit(url).scheme
        if scheme not in SCHEMES:
            raise WizardError(
                f"The database URL {url!r} is not a PostgreSQL or MySQL/MariaDB URL; write it "
                "as postgresql://user@host/name or mysql://user@host/name."
            )
        return catalog_row_counts(url), database_label(url)
    except ValueError:  # urlsplit's: an unclosed [ of an IPv6 host, say
        raise WizardError(
            without_passwords(
                f"The database URL {url!r} is not understood; write it as "
                "postgresql://user@host/name or mysql://user@host/name."
            )
        ) from None
    except WizardError as exc:
        raise WizardError(without_passwords(exc.message)) from None
    except driver_errors() as exc:  # the catalog query itself failed (connecting is the engine's)
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise WizardError(
            f"Could not read the row counts of {database_label(url)!r}: {first_line}; check "
            "that the user may read the catalog."
        ) from None


class RowCountsForm(forms.Form):
    """Posted, never sent by GET: a URL in the address would land in logs and history."""

    database_url = forms.CharField(
        label="Your database's URL (read-only, for lock times at your row counts)",
        max_length=2000,
        error_messages={
            "required": "Give your database's URL, as in postgresql://user@host/name.",
        },
        help_text="The wizard reads only its catalog's row estimates (PostgreSQL's pg_class, "
        "MySQL's information_schema), on a read-only session, and stores nothing of it: not "
        "the URL, not the counts. The downloaded bundle keeps its times per million rows; "
        "make_bundle --rows-from writes yours into its README.",
        widget=forms.TextInput(
            attrs={
                "placeholder": "postgresql://user@host/name",
                "spellcheck": "false",
                "autocomplete": "off",
                "class": "font-monospace",
            }
        ),
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_counts: dict[str, int] = {}
        self.rows_from = ""
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "row-counts-form"
        self.helper.attrs = {
            "hx-post": action,
            "hx-target": "#preview-migrations",
            "hx-select": "#preview-migrations",
            "hx-swap": "outerHTML",
        }
        self.helper.layout = Layout(
            Field(FIELD),
            Submit("read_row_counts", "Read its row counts", css_class="btn-outline-primary"),
        )

    @sensitive_variables("url")
    def clean_database_url(self) -> str:
        url: str = self.cleaned_data[FIELD].strip()
        try:
            self.row_counts, self.rows_from = read_row_counts(url)
        except WizardError as exc:
            raise forms.ValidationError(exc.message, code="database") from None
        return url

    def after_reading(self) -> RowCountsForm:
        """Return the form to show once the counts are read: empty when the URL held a
        password (the page never shows it back), else with the URL to read again."""
        url: str = self.cleaned_data[FIELD]
        shown = "" if without_passwords(url) != url else url
        return RowCountsForm(initial={FIELD: shown}, action=self.helper.form_action)

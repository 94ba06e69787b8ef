"""Step 1: which project to load (a bundled example, or a folder inside the allowed roots)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.urls import reverse

from wizard.errors import WizardError
from wizard.target import Target
from wizard_ui.examples import examples
from wizard_ui.forms.common import choice_field

MODULE_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def allowed_roots() -> list[Path]:
    return [Path(root).expanduser().resolve() for root in settings.WIZARD_PROJECT_ROOTS]


def check_allowed(folder: Path) -> Path:
    """Return ``folder`` resolved, or raise ValidationError when it is outside the roots."""
    resolved = folder.expanduser().resolve()
    roots = allowed_roots()
    if not any(resolved == root or resolved.is_relative_to(root) for root in roots):
        listed = ", ".join(repr(str(root)) for root in roots) or "none"
        raise forms.ValidationError(
            f"The folder {str(folder)!r} is outside the folders this wizard may load ({listed}); "
            "add its parent folder to the WIZARD_PROJECT_ROOTS environment variable and restart "
            "the wizard.",
            code="outside_roots",
        )
    return resolved


class TargetMixin(forms.Form):
    """Resolve the target in ``clean`` (quick: no child process), keeping it as ``self.target``."""

    target: Target | None = None

    def resolve(self, folder: Path, settings_module: str, python: str) -> None:
        try:
            self.target = Target.resolve(folder, settings=settings_module or None, python=python)
        except WizardError as exc:
            field = "python" if python and repr(python) in exc.message else None
            field = field if field in self.fields else None
            self.add_error(field or self.folder_field, exc.message)

    folder_field: str | None = "folder"


class ExampleForm(TargetMixin):
    example = forms.ChoiceField(label="Example", widget=forms.HiddenInput)
    folder_field = None  # the folder is ours: its problems are the page's, not a field's

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "example").choices = [(e.name, e.title) for e in examples()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = next((e for e in examples() if e.name == data.get("example")), None)
        if chosen is not None:
            try:
                check_allowed(chosen.path)
            except forms.ValidationError as exc:
                self.add_error(None, exc)
                return data
            self.resolve(chosen.path, "", "")
        return data


class ProjectForm(TargetMixin):
    folder = forms.CharField(
        label="Project folder",
        max_length=4096,
        help_text="The folder that holds the project's manage.py, as an absolute path.",
        widget=forms.TextInput(attrs={"placeholder": "/home/you/mysite", "spellcheck": "false"}),
    )
    settings_module = forms.CharField(
        label="Settings module (optional)",
        required=False,
        max_length=300,
        help_text="Leave empty to use the one the project's manage.py sets.",
        widget=forms.TextInput(attrs={"placeholder": "mysite.settings", "spellcheck": "false"}),
    )
    python = forms.CharField(
        label="Python interpreter (optional)",
        required=False,
        max_length=4096,
        help_text="The project's own interpreter, with its Django and packages. "
        "Leave empty to use the wizard's.",
        widget=forms.TextInput(
            attrs={"placeholder": "/home/you/mysite/.venv/bin/python", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("wizard_ui:home")
        self.helper.form_id = "project-form"
        self.helper.layout = Layout(
            Field("folder", css_class="font-monospace"),
            Field("settings_module", css_class="font-monospace"),
            Field("python", css_class="font-monospace"),
            Submit("load", "Load this project", css_class="btn-primary"),
        )

    def clean_folder(self) -> Path:
        folder = Path(self.cleaned_data["folder"].strip()).expanduser()
        if not folder.is_absolute():
            raise forms.ValidationError(
                f"Give the folder {str(folder)!r} as an absolute path "
                "(for example /home/you/mysite).",
                code="relative",
            )
        return check_allowed(folder)

    def clean_settings_module(self) -> str:
        value: str = self.cleaned_data["settings_module"].strip()
        if value and not MODULE_PATH.match(value):
            raise forms.ValidationError(
                f"{value!r} is not a Python module path; write it like mysite.settings.",
                code="module_path",
            )
        return value

    def clean_python(self) -> str:
        value: str = self.cleaned_data["python"].strip()
        if value and not Path(value).name.startswith("python"):
            raise forms.ValidationError(
                f"{value!r} does not look like a Python interpreter (its name should start with "
                "'python'); give the project's own, for example /home/you/mysite/.venv/bin/python.",
                code="not_python",
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            self.resolve(data["folder"], data["settings_module"], data["python"])
        return data

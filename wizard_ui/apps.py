from __future__ import annotations

from django.apps import AppConfig


class WizardUiConfig(AppConfig):
    name = "wizard_ui"
    verbose_name = "Migration Wizard (web)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wizard_ui import work  # noqa: F401 - registers the job runners
        from wizard_ui.templatetags import wizard_ui  # noqa: F401 - loads the lexers now

from __future__ import annotations

from django.apps import AppConfig


class WizardUiConfig(AppConfig):
    name = "wizard_ui"
    verbose_name = "Migration Wizard (web)"
    default_auto_field = "django.db.models.BigAutoField"

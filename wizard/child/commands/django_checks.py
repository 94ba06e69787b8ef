"""Django's own verdict on the changed project, without a database.

Payload ``{"settings", "app_labels": [...]}``, run in the copy that already holds the new
migrations and the patched models. Returns ``{"pending_changes", "check_errors"}``: the model
changes still missing from migrations (``makemigrations --check`` must be clean) and the serious
system-check messages about models of ``app_labels``, exactly what the preview reports.
"""

from __future__ import annotations

from .. import bootstrap, system_checks, writer


def run(payload):
    bootstrap.setup(payload)
    return {
        "pending_changes": writer.pending_changes(),
        "check_errors": system_checks.serious_messages(set(payload["app_labels"])),
    }

"""User-facing errors: each message is one full sentence that names the problem and the fix."""

from __future__ import annotations


class WizardError(Exception):
    """A problem the user can fix; its message is shown as is (form error or one CLI line)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class TargetError(WizardError):
    """The target folder, its settings module or its interpreter cannot be used."""


class TargetLoadError(TargetError):
    """The target's code failed inside its own process."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class WizardBugError(WizardError):
    """The wizard's own code failed; the message names the file that keeps the traceback."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class ChildTimeout(TargetError):
    """The target's process did not finish in time."""


class PlanError(WizardError):
    """A plan that cannot be turned into a correct bundle."""


class BundleError(WizardError):
    """A bundle that cannot be built or read."""


class RehearsalError(WizardError):
    """A rehearsal that could not run (as opposed to one whose checks failed)."""


class DatabaseServerError(WizardError):
    """A database server URL that is malformed or does not answer."""

"""The README's sections on deploying a bundle: the order, safemigrate's marks, the linter."""

from __future__ import annotations

from wizard.deploy.linter import linter_findings, linter_settings
from wizard.deploy.phases import AFTER, ALWAYS, BEFORE, SAFEMIGRATE, SWITCH, deploy_phases
from wizard.locks.model import LockReport

WORDS = {
    BEFORE: "before deploying the new code",
    ALWAYS: "before or after deploying the new code",
    SWITCH: "with the old code stopped, right before the new code starts",
    AFTER: "after the new code starts (or with the switch)",
}


def deploy_markdown(report: LockReport) -> str:
    """Return the README's "Deploying" section (the order) and its linter section."""
    phases = deploy_phases(report)
    lines = ["## Deploying: which migration runs when\n"]
    if not phases:
        lines.append(
            "Not judged: no PostgreSQL or MySQL/MariaDB database previewed this bundle. Make it "
            "again with `--database postgresql` or `mysql` to get the order.\n"
        )
        return "\n".join(lines)
    lines += [f"- `{p.label}`: {WORDS[p.phase]}: {p.why}." for p in phases]
    lines.append("")
    after = [p.label for p in phases if p.phase == AFTER]
    steps = _steps(
        [p.label for p in phases if p.phase in (BEFORE, ALWAYS)],
        [p.label for p in phases if p.phase == SWITCH],
        stop_at_last=bool(after),
    )
    if after:
        steps.append(
            f"{len(steps) + 1}. With the new code running: `python manage.py migrate` ("
            + ", ".join(f"`{label}`" for label in after)
            + ")."
        )
    lines += [*steps, ""]
    lines.append(
        "The migrations do not carry django-safemigrate's `safe` attribute: it needs "
        "`from django_safemigrate import Safe`, and the bundle's migrations import only Django "
        "and the standard library. If your project uses it, add it by hand: "
        + "; ".join(f"`{p.label}`: `safe = {SAFEMIGRATE[p.phase]}`" for p in phases)
        + ". No mark makes a migration of the switch safe with either code running: "
        "`Safe.after_deploy()` only keeps `safemigrate` from running it before the deploy, and "
        "the new code fails until it has run, so stop the old code first.\n"
    )
    lines.append(_linter(report))
    return "\n".join(lines)


def _steps(early: list[str], switch: list[str], *, stop_at_last: bool = False) -> list[str]:
    steps = []
    if early:
        names = ", ".join(f"`{label}`" for label in early)
        last = early[-1].split(".", 1)
        steps.append(
            f"1. Before the deploy, with the old code running: `python manage.py migrate "
            f"{last[0]} {last[1]}` ({names})."
        )
    if switch:
        names = ", ".join(f"`{label}`" for label in switch)
        last = switch[-1].split(".", 1)
        command = f"migrate {last[0]} {last[1]}" if stop_at_last else "migrate"
        steps.append(
            f"{len(steps) + 1}. Stop the old code (or put the site in maintenance), apply "
            f"`models.patch`, run `python manage.py {command}` ({names}), then start the new "
            "code."
        )
    else:
        steps.append(f"{len(steps) + 1}. Apply `models.patch` and deploy the new code.")
    return steps


def _linter(report: LockReport) -> str:
    findings = linter_findings(report)
    title = "## django-migration-linter\n\n"
    if not findings:
        return title + "The linter finds nothing to flag in these migrations.\n"
    names = ", ".join(f"`{f.app_label}.{f.name}`" for f in findings)
    return (
        f"{title}The linter flags {names}: "
        + ("they change" if len(findings) > 1 else "it changes")
        + " tables the old code uses, which is the refactor itself (see the order above). To "
        "record why, without the migrations importing the linter, add its settings-based "
        "ignore list to your settings (merge it with "
        "`MIGRATION_LINTER_OPTIONS` if you have one); each check it trips is named with its "
        "reason:\n\n```python\n" + linter_settings(findings) + "\n```\n"
    )

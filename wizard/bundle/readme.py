"""The README.md of a bundle: what it does, why each step is safe, how to apply and go back."""

from __future__ import annotations

import ast
import sys
from typing import TYPE_CHECKING

from wizard.deploy.render import deploy_markdown
from wizard.locks.model import LockReport
from wizard.locks.render import markdown as locks_markdown
from wizard.plans import Explanation, Plan
from wizard.snapshot import Snapshot

if TYPE_CHECKING:
    from wizard.bundle.diagram import Diagram
from wizard.bundle.model import GeneratedMigration, VendorPreview


def render_readme(
    plan: Plan,
    snapshot: Snapshot,
    explanation: Explanation,
    migrations: list[GeneratedMigration],
    previews: list[VendorPreview],
    diagram: Diagram | None = None,
    locks: LockReport | None = None,
) -> str:
    """Return the bundle's README.md (no timestamps: the same plan gives the same text)."""
    sections = [
        f"# {explanation.title}\n\n{explanation.summary}\n",
        _made_from(snapshot, migrations),
        _contents(migrations, previews, diagram),
        _tables(diagram),
        _operations(migrations),
        _databases(snapshot, explanation, migrations, previews),
        locks_markdown(locks or LockReport()),
        deploy_markdown(locks or LockReport()),
        _confirm(plan),
        _steps("How to apply", explanation.apply_steps),
        _steps("How to go back", explanation.rollback_steps),
    ]
    return "\n".join(sections)


def _made_from(snapshot: Snapshot, migrations: list[GeneratedMigration]) -> str:
    return (
        f"Made by Migration Wizard from `plan.json` for the project whose settings are "
        f"`{snapshot.target.settings}` (Django {snapshot.django_version}, "
        f"Python {snapshot.python_version}). The migrations were written by that Django's own "
        f"`MigrationWriter` and {_imports(migrations)}\n"
    )


def _imports(migrations: list[GeneratedMigration]) -> str:
    """Return what the migrations import besides Django and the standard library, as words."""
    modules = sorted({name for m in migrations for name in project_imports(m.source)})
    if not modules:
        return "import nothing but Django and the standard library."
    return (
        "import Django, the standard library and "
        + ", ".join(f"`{name}`" for name in modules)
        + " (where a field's own class or a model's base is defined, as your project's own "
        "migrations import it); never the wizard's code."
    )


def project_imports(source: str) -> list[str]:
    """Return the modules ``source`` imports that are neither Django nor the standard library."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return [
        name
        for name in names
        if name.split(".")[0] != "django" and name.split(".")[0] not in sys.stdlib_module_names
    ]


def _contents(
    migrations: list[GeneratedMigration],
    previews: list[VendorPreview],
    diagram: Diagram | None = None,
) -> str:
    lines = ["## What is in this bundle\n"]
    lines.append("- `README.md`: this file.")
    lines.append("- `plan.json`: the plan the bundle was made from (load it again to remake it).")
    lines.append(
        "- `models.patch`: the change to your models files; it applies with `patch -p1` "
        "and with `git apply`."
    )
    lines += [f"- `{m.path}`: the new migration `{m.app_label}.{m.name}`." for m in migrations]
    for preview in previews:
        if preview.available:
            lines += [
                f"- `{s.path(preview.vendor)}`: its SQL on {preview.name}, as `sqlmigrate` "
                "prints it."
                for s in preview.sql
            ]
    lines.append("- `schema.diff`: the schema before and after, per database, as a unified diff.")
    if diagram is not None and diagram.svg:
        lines.append(
            "- `schema.svg`: the tables the bundle touches, before and after, with their keys "
            "(open it in a browser)."
        )
    return "\n".join(lines) + "\n"


def _tables(diagram: Diagram | None) -> str:
    if diagram is None:
        return ""
    return f"## The tables, before and after\n\n{diagram.description}\n"


def _operations(migrations: list[GeneratedMigration]) -> str:
    title = "What the migration does" if len(migrations) == 1 else "What the migrations do"
    lines = [f"## {title}, and why it is safe\n"]
    for migration in migrations:
        if len(migrations) > 1:
            lines.append(f"### `{migration.app_label}.{migration.name}`\n")
        lines += [f"{n}. {op.explanation}" for n, op in enumerate(migration.operations, 1)]
        lines.append("")
    return "\n".join(lines)


def _databases(
    snapshot: Snapshot,
    explanation: Explanation,
    migrations: list[GeneratedMigration],
    previews: list[VendorPreview],
) -> str:
    lines = ["## Databases\n"]
    own = _own_database(snapshot.vendor, previews)
    if own:
        lines.append(own + "\n")
    for preview in previews:
        note = explanation.database_notes.get(preview.vendor, "")
        if preview.available:
            text = f"- **{preview.name}** (previewed on {preview.database})."
        else:
            commands = ", ".join(
                f"`python manage.py sqlmigrate {m.app_label} {m.name}`" for m in migrations
            )
            text = (
                f"- **{preview.name}**: not previewed, so this bundle has no SQL file for it "
                f"({preview.reason}). Run {commands} against your own database to see the SQL."
            )
        lines.append(f"{text} {note}".rstrip())
    return "\n".join(lines) + "\n"


def _own_database(vendor: str, previews: list[VendorPreview]) -> str:
    """Return which database is the project's own, when it is a server (PostgreSQL, MySQL)."""
    from wizard.bundle.model import VENDOR_NAMES

    if vendor not in ("postgresql", "mysql"):
        return ""
    sentence = f"The project's own database (`DATABASES['default']`) is {VENDOR_NAMES[vendor]}"
    if not any(p.vendor == vendor and p.available for p in previews):
        return f"{sentence}, which this bundle did not preview."
    return f"{sentence}: its SQL is in `sql/{vendor}/`."


def _confirm(plan: Plan) -> str:
    return (
        "## Before applying: confirm your own database\n\n"
        "The migrations were written from a database that the project's own migrations built. "
        "Yours should be the same, but one migrated under other settings (an older "
        "`DEFAULT_AUTO_FIELD`, say) or changed by hand can differ. This check only reads: it "
        "compares, column by column (type, NULL, foreign key), the tables the bundle starts from "
        "and the models it declares over existing tables with your database, and answers in one "
        "line, exit status 0 when they match and 1 with what differs. Run it from the Migration "
        "Wizard's folder:\n\n"
        "```\n"
        f"python manage.py confirm_bundle /path/to/project --bundle {plan.slug}.zip "
        "--database postgresql://user@host:5432/name\n"
        "```\n\n"
        "`--database` also takes `mysql://user@host:3306/name`, `sqlite:///path/to/db.sqlite3`, "
        "or `settings` (the default): the project's own `DATABASES['default']`.\n"
    )


def _steps(title: str, steps: list[str]) -> str:
    lines = [f"## {title}\n"]
    lines += [f"{number}. {step}" for number, step in enumerate(steps, 1)]
    return "\n".join(lines) + "\n"

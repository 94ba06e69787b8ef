"""Turn a Bundle (and the naive makemigrations run) into the plain data the preview page shows."""

from __future__ import annotations

import ast
from dataclasses import asdict
from typing import Any

from wizard.bundle import Bundle
from wizard.naive import NaiveResult


def operation_names(source: str) -> list[str]:
    """Return the class name of each top-level operation in a migration file, in order."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Migration":
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and any(
                        isinstance(t, ast.Name) and t.id == "operations" for t in statement.targets
                    )
                    and isinstance(statement.value, ast.List | ast.Tuple)
                ):
                    return [_call_name(item) for item in statement.value.elts]
    return []


def migration_class(source: str) -> str:
    """Return the ``class Migration`` part of a migration file (without helpers above it)."""
    lines = source.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("class Migration(")), 0)
    return "".join(lines[start:])


def has_helpers(source: str) -> bool:
    """Return whether the file defines functions or classes of its own before the migration."""
    head = source[: source.find("\nclass Migration(")]
    return "\ndef " in head or "\nclass " in head


def _call_name(node: ast.expr) -> str:
    func = node.func if isinstance(node, ast.Call) else node
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return "operation"


def preview_data(bundle: Bundle) -> dict[str, Any]:
    """Return everything the preview, download and walkthrough pages show, as JSON data."""
    explanation = bundle.explanation
    sentences = list(explanation.operations)
    names = [operation_names(m.source) for m in bundle.migrations]
    matched = sum(len(n) for n in names) == len(sentences)
    migrations = []
    for migration, ops in zip(bundle.migrations, names, strict=True):
        explained = [sentences.pop(0) for _ in ops] if matched else ["" for _ in ops]
        migrations.append(
            {
                "app_label": migration.app_label,
                "name": migration.name,
                "path": migration.path,
                "source": migration.source,
                "migration_class": migration_class(migration.source),
                "helpers": has_helpers(migration.source),
                "operations": [
                    {"name": name, "explanation": text}
                    for name, text in zip(ops, explained, strict=True)
                ],
            }
        )
    return {
        "zip_name": bundle.zip_name,
        "plan": bundle.plan.to_json(),
        "title": explanation.title,
        "summary": explanation.summary,
        "unmatched_explanations": [] if matched else list(explanation.operations),
        "apply_steps": list(explanation.apply_steps),
        "rollback_steps": list(explanation.rollback_steps),
        "migrations": migrations,
        "vendors": [
            {
                "vendor": p.vendor,
                "name": p.name,
                "available": p.available,
                "reason": p.reason,
                "database": p.database,
                "note": explanation.database_notes.get(p.vendor, ""),
                "sql": [{"path": s.path(p.vendor), "sql": s.sql} for s in p.sql],
            }
            for p in bundle.previews
        ],
        "schema_diff": bundle.schema_diff,
        "patch": bundle.patch,
        "readme": bundle.readme,
        "files": [{"path": path, "size": len(data)} for path, data in bundle.files.items()],
    }


def naive_data(result: NaiveResult) -> dict[str, Any]:
    data = asdict(result)
    data["errors"] = result.errors
    data["destructive_count"] = len(result.destructive)
    return data

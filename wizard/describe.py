"""Render a Snapshot as the readable tree `inspect_project` prints."""

from __future__ import annotations

from wizard.target import FieldInfo, ModelInfo, Snapshot


def snapshot_tree(snapshot: Snapshot) -> str:
    """Return the snapshot as indented text: apps, models, fields, M2M and incoming relations."""
    lines = [
        f"Project {str(snapshot.target.root)!r}",
        f"  settings {snapshot.target.settings}, Django {snapshot.django_version}, "
        f"Python {snapshot.python_version}, database {snapshot.vendor or '-'}",
    ]
    lines += [f"  warning: {warning}" for warning in snapshot.warnings]
    for app in snapshot.apps:
        where = "own app" if app.own else "installed outside the project"
        leaf = ", ".join(app.leaves) or "no migrations"
        lines.append(f"app {app.label} ({app.name}; {where}; latest migration: {leaf})")
        for model in snapshot.models_of(app.label):
            lines += _model_lines(model)
    return "\n".join(lines) + "\n"


def _model_lines(model: ModelInfo) -> list[str]:
    flags = [flag for flag, on in (("proxy", model.proxy), ("unmanaged", not model.managed)) if on]
    parents = f" inherits {', '.join(model.parents)}" if model.parents else ""
    extra = f" [{', '.join(flags)}]" if flags else ""
    lines = [f"  model {model.label} (table {model.table}){parents}{extra}"]
    lines.append(f"    pk {model.pk.name}: {model.pk.class_name} column {model.pk.column}")
    lines += [f"    field {_field_text(f)}" for f in model.fields if not f.primary_key]
    for m2m in model.m2m:
        through = "auto-created" if m2m.auto_created else f"through {m2m.through}"
        lines.append(
            f"    m2m {m2m.name} -> {m2m.target} ({through}; table {m2m.table}; "
            f"columns {m2m.source_column}, {m2m.target_column})"
        )
    for rel in model.incoming:
        what = f"M2M table of {rel.m2m_field}" if rel.m2m_table else f"{rel.kind}"
        lines.append(f"    <- {rel.model}.{rel.field} ({what}; {rel.table}.{rel.column})")
    return lines


def _field_text(field: FieldInfo) -> str:
    bits = [field.class_name]
    if field.related_model:
        bits.append(f"-> {field.related_model}")
    if field.null:
        bits.append("null")
    if field.unique:
        bits.append("unique")
    return f"{field.name}: {' '.join(bits)}"

"""Render a Snapshot as the readable tree `inspect_project` prints."""

from __future__ import annotations

from typing import Any

from wizard.snapshot import AppInfo, FieldInfo, M2MInfo, ModelInfo, Snapshot


def snapshot_tree(snapshot: Snapshot) -> str:
    """Return the snapshot as indented text: own apps in full, installed apps one line each."""
    lines = [
        f"Project {str(snapshot.target.root)!r}",
        f"  settings {snapshot.target.settings}, Django {snapshot.django_version}, "
        f"Python {snapshot.python_version}, database {snapshot.vendor or '-'}",
    ]
    lines += [f"  warning: {warning}" for warning in snapshot.warnings]
    for app in snapshot.apps:
        lines.append(_app_line(app, snapshot))
        if app.own:
            for model in snapshot.models_of(app.label):
                lines += _model_lines(model)
    return "\n".join(lines) + "\n"


def _app_line(app: AppInfo, snapshot: Snapshot) -> str:
    if not app.leaves:
        migrations = "no migrations"
    else:
        count = f"{app.migration_count} migration{'s' if app.migration_count != 1 else ''}"
        migrations = f"{count}, latest {', '.join(app.leaves)}"
    if app.own:
        return f"app {app.label} ({app.name}, folder {app.path}; own app; {migrations})"
    names = ", ".join(m.name for m in snapshot.models_of(app.label))
    models = f"; models {names}" if names else ""
    return f"app {app.label} ({app.name}; installed, read only; {migrations}{models})"


def _model_lines(model: ModelInfo) -> list[str]:
    about = [f"table {model.table}"]
    if model.parents:
        about.append(f"inherits {', '.join(model.parents)}")
    if model.abstract_bases:
        about.append(f"abstract bases {', '.join(model.abstract_bases)}")
    about += [flag for flag, on in (("proxy", model.proxy), ("unmanaged", not model.managed)) if on]
    heading = f"  model {model.label} ({'; '.join(about)})"
    lines = [heading, f"    pk {model.pk.name}: {_field_text(model.pk)}"]
    lines += [f"    field {f.name}: {_field_text(f)}" for f in model.fields if not f.primary_key]
    if model.ordering:
        lines.append(f"    ordering {', '.join(model.ordering)}")
    lines += [f"    unique together {', '.join(group)}" for group in model.unique_together]
    lines += [f"    index {_named_text(index)}" for index in model.indexes]
    lines += [f"    constraint {_named_text(c)}" for c in model.constraints]
    lines += [f"    m2m {m2m.name} -> {m2m.target} ({_m2m_text(m2m)})" for m2m in model.m2m]
    lines += [
        f"    relation {r.name} -> {r.target or '?'} ({r.class_name}: many-to-many, not a "
        f"ManyToManyField; rows in {r.through or '?'})"
        for r in model.other_m2m
    ]
    for rel in model.incoming:
        what = f"M2M table of {rel.m2m_field}" if rel.m2m_table else rel.kind
        to_field = f" to {rel.to_field}" if rel.to_field else ""
        lines.append(f"    <- {rel.model}.{rel.field} ({what}; {rel.table}.{rel.column}{to_field})")
    return lines


def _field_text(field: FieldInfo) -> str:
    bits = [field.class_name]
    if field.related_model:
        bits.append(f"-> {field.related_model}")
        if field.to_field:
            bits.append(f"to {field.to_field}")
    bits.append(f"column {field.column}")
    if field.db_type:
        bits.append(f"{field.db_type}")
    bits += [
        word
        for word, on in (
            ("null", field.null),
            ("unique", field.unique and not field.primary_key),
            ("default", field.has_default or field.has_db_default),
            ("parent link", field.parent_link),
        )
        if on
    ]
    return " ".join(bits)


def _named_text(item: dict[str, Any]) -> str:
    kind = f" ({item['kind']})" if item.get("kind") not in (None, "Index") else ""
    names = ", ".join(item.get("references") or item.get("fields") or []) or "expressions"
    condition = " where ..." if item.get("condition") else ""
    return f"{item['name']}{kind} on {names}{condition}"


def _m2m_text(m2m: M2MInfo) -> str:
    bits = ["auto-created" if m2m.auto_created else f"through {m2m.through}"]
    bits.append(f"table {m2m.table}")
    bits.append(f"columns {m2m.source_column}, {m2m.target_column}")
    bits.append(f"through pk {m2m.through_pk_class}")
    if m2m.related_name:
        bits.append(f"related_name {m2m.related_name!r}")
    if m2m.symmetrical:
        bits.append("symmetrical")
    return "; ".join(bits)

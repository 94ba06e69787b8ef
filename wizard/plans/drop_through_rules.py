"""What the snapshot shows about a through model that Django could own again (or could not)."""

from __future__ import annotations

from wizard import patching
from wizard.errors import PlanError
from wizard.snapshot import M2MInfo, ModelInfo, Snapshot

AUTO_PK_CLASSES = ("AutoField", "BigAutoField", "SmallAutoField")
MAX_TABLE_NAME = 63  # PostgreSQL keeps 63 characters; longer names are shortened per database


def resolve_field(value: object, snapshot: Snapshot) -> tuple[ModelInfo, M2MInfo, ModelInfo]:
    """Return the model, the M2M field ``value`` names and its through model, or raise."""
    parts = value.split(".") if isinstance(value, str) else []
    if len(parts) != 3 or not all(patching.is_identifier(p) for p in parts):
        raise PlanError(
            f"'field' must be 'app_label.ModelName.field_name' (for example "
            f"'core.Post.categories'), not {value!r}."
        )
    assert isinstance(value, str)
    return check_field(value, snapshot)


def check_field(label: str, snapshot: Snapshot) -> tuple[ModelInfo, M2MInfo, ModelInfo]:
    model_label, name = label.rsplit(".", 1)
    model = snapshot.model(model_label)
    if model is None:
        raise PlanError(
            f"There is no model {model_label!r} in the project; 'field' must name a model of one "
            "of its apps, as in 'core.Post.categories'."
        )
    m2m = next((m for m in model.m2m if m.name == name), None)
    if m2m is None:
        choices = ", ".join(sorted(repr(m.name) for m in model.m2m)) or "none"
        raise PlanError(
            f"Model {model.label!r} has no ManyToManyField {name!r}; its ManyToManyFields are: "
            f"{choices}."
        )
    if m2m.auto_created:
        raise PlanError(
            f"{m2m.label!r} has no through model: Django creates its table already, so there is "
            "nothing to hand back."
        )
    app = snapshot.app(model.app_label)
    if app is None or not app.own:
        raise PlanError(
            f"{m2m.label!r} belongs to the app {model.app_label!r}, installed outside the "
            "project; the wizard only changes the project's own apps."
        )
    through = snapshot.model(m2m.through)
    if through is None or through.app_label != model.app_label:
        raise PlanError(
            f"The through model {m2m.through!r} of {m2m.label!r} is not in the app "
            f"{model.app_label!r}; the wizard only hands back a through model of the field's app."
        )
    check_app(model)
    check_app_state(model.app_label, snapshot)
    check_shape(m2m, through)
    return model, m2m, through


def check_app(model: ModelInfo) -> None:
    if not model.managed or model.proxy:
        raise PlanError(
            f"Model {model.label!r} is not managed by migrations; the wizard only converts "
            "fields of managed, concrete models."
        )


def check_app_state(app_label: str, snapshot: Snapshot) -> None:
    app = snapshot.app(app_label)
    if app is not None and app.leaf is None:
        problem = "conflicting migrations" if app.leaves else "no migrations"
        raise PlanError(
            f"App {app_label!r} has {problem}; run 'python manage.py makemigrations "
            f"{app_label}' (with --merge for conflicts) first."
        )
    if any(change["app_label"] == app_label for change in snapshot.pending_changes):
        raise PlanError(
            f"App {app_label!r} has model changes that are not in migrations yet; run "
            f"'python manage.py makemigrations {app_label}' and migrate first."
        )


def check_shape(m2m: M2MInfo, through: ModelInfo) -> None:
    """Refuse a through model whose shape Django's auto-created table cannot take."""
    if not through.managed or through.proxy or through.parents:
        what = "is not managed by migrations" if not through.managed else "inherits a table"
        raise PlanError(
            f"The through model {through.label!r} {what}; Django's own table is a plain managed "
            "model, so keep the through model."
        )
    pk = through.pk
    if pk.class_name not in AUTO_PK_CLASSES or pk.name != "id" or pk.column != "id":
        raise PlanError(
            f"The through model {through.label!r} of {m2m.label!r} has the primary key "
            f"{pk.name!r} ({pk.class_name}); Django's own table has an auto field 'id', so make "
            "it one first."
        )
    keys = (m2m.source_field, m2m.target_field)
    others = [f.name for f in through.fields if f.related_model and f.name not in keys]
    if others:
        raise PlanError(
            f"The through model {through.label!r} of {m2m.label!r} has more foreign keys than "
            f"the two sides ({', '.join(repr(o) for o in others)}); Django's own table has only "
            "those two, so remove the others first."
        )
    if through.incoming:
        first = through.incoming[0]
        raise PlanError(
            f"{first.model}.{first.field} points at the through model {through.label!r}; an "
            "auto-created model cannot be pointed at, so remove that relation first."
        )
    relations = [r.name for r in through.m2m] + [r.name for r in through.other_m2m]
    if relations:
        raise PlanError(
            f"The through model {through.label!r} has the relation {relations[0]!r}; an "
            "auto-created model cannot keep it, so remove it first."
        )


def has_unique_pair(m2m: M2MInfo, through: ModelInfo) -> bool:
    """Return whether the through model already allows each pair once (so has no duplicates)."""
    pair = {m2m.source_field, m2m.target_field}
    if any(set(group) == pair for group in through.unique_together):
        return True
    return any(
        c["kind"] == "UniqueConstraint"
        and set(c["fields"]) == pair
        and not c["condition"]
        and not c["expressions"]
        for c in through.constraints
    )


def extra_field_names(m2m: M2MInfo, through: ModelInfo) -> list[str]:
    keys = (m2m.source_field, m2m.target_field)
    return [f.name for f in through.fields if not f.primary_key and f.name not in keys]


def check_through(
    m2m: M2MInfo, through: ModelInfo, drop: list[str], table: str, snapshot: Snapshot
) -> None:
    extras = extra_field_names(m2m, through)
    kept = [name for name in extras if name not in drop]
    if kept:
        raise PlanError(
            f"The through model {through.label!r} has fields Django's own table has not: "
            f"{', '.join(repr(k) for k in kept)}; list them in 'drop_fields' to drop them (their "
            "values are lost) or keep the through model."
        )
    unknown = [name for name in drop if name not in extras]
    if unknown:
        raise PlanError(
            f"'drop_fields' names {', '.join(repr(u) for u in unknown)}, which "
            f"{'is' if len(unknown) == 1 else 'are'} not an extra field of {through.label!r}; its "
            f"extra fields are: {', '.join(repr(e) for e in extras) or 'none'}."
        )
    if table == "rename":
        check_table_name(m2m, through, snapshot)


def auto_table(model: ModelInfo, m2m: M2MInfo) -> str:
    return f"{model.table.strip(chr(34))}_{m2m.name}"


def check_table_name(m2m: M2MInfo, through: ModelInfo, snapshot: Snapshot) -> None:
    model = snapshot.model(m2m.model)
    assert model is not None
    table = auto_table(model, m2m)
    if len(table) > MAX_TABLE_NAME:
        raise PlanError(
            f"Django would name the table of {m2m.label!r} {table!r} ({len(table)} characters), "
            'which databases shorten differently; use "table": "keep".'
        )
    for other in snapshot.models:
        if other.label != through.label and other.table.lower() == table.lower():
            raise PlanError(
                f"Django would name the table of {m2m.label!r} {table!r}, which {other.label} "
                'already uses; keep the current table with "table": "keep".'
            )

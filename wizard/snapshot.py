"""The typed snapshot of a target: what its own Django says about apps, models, fields and M2M.

``wizard.target`` loads it (in the target's process, on a copy); everything downstream (plans,
patches, the web pages) reads these types and never the target itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from wizard.target import Target

T = TypeVar("T")


# Each dataclass's field names: typing a big snapshot asks thousands of times.
_field_names: dict[type, frozenset[str]] = {}


def _from_dict(cls: type[T], data: dict[str, Any]) -> T:
    names = _field_names.get(cls)
    if names is None:
        names = _field_names[cls] = frozenset(f.name for f in fields(cls))  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class FieldInfo:
    name: str
    attname: str
    class_name: str
    class_path: str
    column: str | None
    db_type: str | None
    null: bool
    blank: bool
    unique: bool
    primary_key: bool
    db_index: bool
    has_default: bool
    choices: bool
    auto_created: bool
    related_model: str | None
    to_field: str | None
    on_delete: str | None
    parent_link: bool
    has_db_default: bool = False
    # `module.Class` whose body defines the field: the model, or an abstract base it inherits.
    declared_in: str = ""


@dataclass(frozen=True)
class M2MInfo:
    name: str
    model: str
    target: str
    auto_created: bool
    through: str
    table: str
    custom_db_table: bool
    source_field: str
    source_column: str
    target_field: str
    target_column: str
    symmetrical: bool
    related_name: str | None
    blank: bool
    through_pk_class: str
    through_pk_class_path: str
    to_swappable_user: bool
    limit_choices_to: bool
    # `related_name` is as written in the code; this is the reverse accessor Django derives.
    related_query_name: str | None = None
    reverse_accessor: str | None = None
    through_fields: list[str] | None = None
    declared_in: str = ""
    # The pk class of the table as the target's migrations make it (settings.DEFAULT_AUTO_FIELD
    # in the migration state), which can differ from the in-memory through model's.
    table_pk_class: str = ""
    table_pk_class_path: str = ""
    # The foreign-key names a declared through model uses: source_field/target_field unless Django
    # forbids them on a declared model (then "<name>_ref", keeping the column with db_column).
    declared_source_field: str = ""
    declared_target_field: str = ""

    @property
    def declared_fields(self) -> tuple[str, str]:
        """Return the (source, target) foreign-key names of a declared through model."""
        return (
            self.declared_source_field or self.source_field,
            self.declared_target_field or self.target_field,
        )

    @property
    def explicit_pk_class(self) -> str | None:
        """Return the pk class a declared through model must state, or None when implicit."""
        table = self.table_pk_class or self.through_pk_class
        return None if table == self.through_pk_class else table

    @property
    def label(self) -> str:
        return f"{self.model}.{self.name}"


@dataclass(frozen=True)
class OtherM2MInfo:
    """A many-to-many relation that is not a ManyToManyField (django-taggit's TaggableManager).

    Django lists it with the M2M fields; it has no auto-created table, so no plan converts it.
    ``through`` is the ordinary model that holds its rows, when the relation names one.
    """

    name: str
    model: str
    class_name: str
    class_path: str
    target: str | None = None
    through: str | None = None
    declared_in: str = ""

    @property
    def label(self) -> str:
        return f"{self.model}.{self.name}"

    @property
    def what(self) -> str:
        """Return how a refusal names it: its class and that it is not a ManyToManyField."""
        return (
            f"a {self.class_name} ({self.class_path}), a many-to-many relation that is not a "
            "ManyToManyField"
        )


@dataclass(frozen=True)
class IncomingRelation:
    """A foreign key or one-to-one on ``model`` that points at the model it is listed under.

    ``m2m_table``: it is a column of an M2M table (auto-created when ``auto_created``, else an
    explicit ``through`` model), serving the M2M field ``m2m_field``. ``to_field``: the target's
    field it references when that is not its primary key; ``target_column``: that column.
    """

    model: str
    field: str
    kind: str
    column: str
    table: str
    m2m_table: bool
    m2m_field: str | None
    to_field: str | None
    parent_link: bool
    auto_created: bool = False
    target_model: str = ""
    target_column: str = ""


@dataclass(frozen=True)
class ModelInfo:
    label: str
    app_label: str
    name: str
    module: str
    source_file: str | None
    table: str
    pk: FieldInfo
    fields: list[FieldInfo]
    all_concrete_fields: list[str]
    parents: list[str]
    bases: list[str]
    proxy: bool
    managed: bool
    abstract: bool
    swapped: bool
    ordering: list[str]
    unique_together: list[list[str]]
    indexes: list[dict[str, Any]]
    constraints: list[dict[str, Any]]
    m2m: list[M2MInfo]
    incoming: list[IncomingRelation]
    # Abstract models it inherits fields from (`module.Class`, nearest first).
    abstract_bases: list[str] = field(default_factory=list)
    concrete_model: str = ""
    index_together: list[list[str]] = field(default_factory=list)
    other_m2m: list[OtherM2MInfo] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelInfo:
        data = dict(data)
        data["pk"] = _from_dict(FieldInfo, data["pk"])
        data["fields"] = [_from_dict(FieldInfo, f) for f in data["fields"]]
        data["m2m"] = [_from_dict(M2MInfo, m) for m in data["m2m"]]
        data["incoming"] = [_from_dict(IncomingRelation, r) for r in data["incoming"]]
        data["other_m2m"] = [_from_dict(OtherM2MInfo, r) for r in data.get("other_m2m", [])]
        return _from_dict(cls, data)

    def field(self, name: str) -> FieldInfo | None:
        return next((f for f in self.fields if f.name == name), None)

    def other_relation(self, name: str) -> OtherM2MInfo | None:
        """Return the many-to-many relation ``name`` that is not a ManyToManyField, if any."""
        return next((r for r in self.other_m2m if r.name == name), None)


@dataclass(frozen=True)
class AppInfo:
    label: str
    name: str
    path: str
    own: bool
    leaves: list[str]
    migrations_module: str | None
    migrations_path: str | None
    has_models: bool = True
    migration_count: int = 0

    @property
    def leaf(self) -> str | None:
        return self.leaves[0] if len(self.leaves) == 1 else None


@dataclass(frozen=True)
class Snapshot:
    """What the target's own Django says about it (the child's ``inspect`` JSON, typed)."""

    target: Target
    django_version: str
    python_version: str
    vendor: str
    auth_user_model: str
    default_auto_field: str
    apps: list[AppInfo]
    models: list[ModelInfo]
    pending_changes: list[dict[str, str]]
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)
    python_executable: str = ""

    @classmethod
    def from_json(cls, target: Target, data: dict[str, Any]) -> Snapshot:
        return cls(
            target=target,
            django_version=data["django_version"],
            python_version=data["python_version"],
            vendor=data["vendor"],
            auth_user_model=data["auth_user_model"],
            default_auto_field=data["default_auto_field"],
            apps=[_from_dict(AppInfo, a) for a in data["apps"]],
            models=[ModelInfo.from_json(m) for m in data["models"]],
            pending_changes=data["pending_changes"],
            raw=data,
            python_executable=data.get("python_executable", ""),
        )

    def to_json(self) -> dict[str, Any]:
        """Return the child's snapshot with the target and the warnings (what --json prints)."""
        target = {
            "root": str(self.target.root),
            "settings": self.target.settings,
            "python": self.target.python,
        }
        return {**self.raw, "target": target, "warnings": self.warnings}

    def app(self, label: str) -> AppInfo | None:
        return next((a for a in self.apps if a.label == label), None)

    def model(self, label: str) -> ModelInfo | None:
        """Return the model whose label matches (case-insensitive, like Django's)."""
        wanted = label.lower()
        return next((m for m in self.models if m.label.lower() == wanted), None)

    def own_apps(self) -> list[AppInfo]:
        return [a for a in self.apps if a.own]

    def models_of(self, app_label: str) -> list[ModelInfo]:
        return [m for m in self.models if m.app_label == app_label]

    def m2m_fields(self, *, own_only: bool = True, auto_only: bool = False) -> list[M2MInfo]:
        own = {a.label for a in self.own_apps()}
        return [
            m2m
            for model in self.models
            if not own_only or model.app_label in own
            for m2m in model.m2m
            if not auto_only or m2m.auto_created
        ]

    @property
    def warnings(self) -> list[str]:
        """Return what the person should know before planning (one sentence each)."""
        notes = []
        # Installed apps' pending changes (often DEFAULT_AUTO_FIELD) are not the person's to fix.
        own = {app.label for app in self.own_apps()}
        apps = sorted({c["app_label"] for c in self.pending_changes} & own)
        if apps:
            notes.append(
                "The models of "
                + ", ".join(repr(a) for a in apps)
                + " have changes that are not in migrations yet; run makemigrations first, "
                "because the wizard's migrations assume models and migrations agree."
            )
        for app in self.own_apps():
            if app.has_models and not app.leaves and app.label not in apps:
                notes.append(
                    f"App {app.label!r} has models but no migrations; run makemigrations "
                    f"{app.label} first, because the wizard's migrations follow the app's latest."
                )
            if len(app.leaves) > 1:
                notes.append(
                    f"App {app.label!r} has conflicting migrations ({', '.join(app.leaves)}); "
                    "run makemigrations --merge first."
                )
        return notes

"""What a loaded project offers at a glance: its name, each refactor's candidates, and a filter.

Plain data for the project page (and anything else that summarizes a snapshot): the kinds come
from the registry and their candidates from each kind's own ``candidates(snapshot)``, so nothing
here knows a kind by name. A candidate is described by what it is (a model, an M2M field).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from wizard.kinds import all_kinds
from wizard.snapshot import AppInfo, FieldInfo, M2MInfo, ModelInfo, OtherM2MInfo, Snapshot

SHOWN_CANDIDATES = 5
# Settings packages named after their role, not the project (cookiecutter-django's `config`).
GENERIC_PACKAGES = frozenset({"config", "conf", "settings", "project", "site", "src", "app"})


def project_name(root: Path, settings: str) -> str:
    """Return the project's own name: pyproject's ``[project] name``, else its settings package.

    A settings package named after its role (``config``) says nothing, so the folder's name is
    used then, as it is when the settings module is not in a package.
    """
    try:
        with (root / "pyproject.toml").open("rb") as handle:
            name = tomllib.load(handle).get("project", {}).get("name")
    except (OSError, tomllib.TOMLDecodeError, AttributeError):
        name = None
    if isinstance(name, str) and name.strip():
        return name.strip()
    package = settings.split(".")[0] if "." in settings else ""
    if package and package.lower() not in GENERIC_PACKAGES:
        return package
    return root.name


@dataclass(frozen=True)
class Candidate:
    """One thing a refactor can be planned on, with what makes it worth a look."""

    label: str  # "core.Post.categories", "part1.Plane"
    detail: str  # "→ core.Category, table core_post_categories", "7 relations point at it"
    weight: int  # how much points at it: the most come first


@dataclass(frozen=True)
class KindCandidates:
    """A refactor kind and the candidates this project has for it (the first few shown)."""

    name: str
    title: str
    when: str
    count: int
    noun: str  # what one candidate is: "auto-created M2M field", "model"
    nouns: str  # and several: "auto-created M2M fields", "models"
    shown: list[Candidate]

    @property
    def more(self) -> int:
        return self.count - len(self.shown)


def candidates_by_kind(
    snapshot: Snapshot, *, shown: int = SHOWN_CANDIDATES
) -> list[KindCandidates]:
    """Return every registered kind with its candidates in this project, most related first."""
    found = []
    for kind in all_kinds():
        items = list(kind.module.candidates(snapshot))
        singular, plural = noun(items)
        described = sorted((describe(item) for item in items), key=lambda c: -c.weight)
        found.append(
            KindCandidates(
                name=kind.name,
                title=kind.title,
                when=kind.when,
                count=len(items),
                noun=singular,
                nouns=plural,
                shown=described[:shown],
            )
        )
    return found


def describe(item: object) -> Candidate:
    """Return a candidate's label and the sentence that says why it matters."""
    if isinstance(item, ModelInfo):
        pointing = [rel for rel in item.incoming if not rel.parent_link]
        count = len(pointing)
        detail = (
            f"{count} relation{'' if count == 1 else 's'} point{'s' if count == 1 else ''} at it"
        )
        return Candidate(item.label, detail, count)
    if isinstance(item, M2MInfo):
        table = f"table {item.table}" if item.auto_created else f"through {item.through}"
        return Candidate(item.label, f"→ {item.target}, {table}", 0)
    return Candidate(str(getattr(item, "label", item)), "", 0)


def noun(items: list[object]) -> tuple[str, str]:
    """Return what one candidate is and what several are ("model", "models")."""
    if items and all(isinstance(item, ModelInfo) for item in items):
        return "model", "models"
    m2m = [item for item in items if isinstance(item, M2MInfo)]
    if items and len(m2m) == len(items):
        if all(item.auto_created for item in m2m):
            return "auto-created M2M field", "auto-created M2M fields"
        if not any(item.auto_created for item in m2m):
            return "M2M field with a through model", "M2M fields with a through model"
        return "M2M field", "M2M fields"
    return "candidate", "candidates"


@dataclass(frozen=True)
class ModelView:
    """A model as the filter leaves it: ``whole`` when the model itself matched."""

    model: ModelInfo
    fields: list[FieldInfo]
    m2m: list[M2MInfo]
    other_m2m: list[OtherM2MInfo]
    whole: bool


@dataclass(frozen=True)
class AppView:
    app: AppInfo
    models: list[ModelView]
    model_count: int
    m2m_count: int


def filter_apps(snapshot: Snapshot, query: str) -> tuple[list[AppView], list[AppView]]:
    """Return (own apps, installed apps) narrowed to what ``query`` matches, case-insensitively.

    An app whose label or module matches is shown whole, as is a model whose name or table
    matches; otherwise a model shows only its matching fields, and an app only its matching
    models. An empty query matches everything.
    """
    wanted = query.strip().lower()
    by_app: dict[str, list[ModelInfo]] = {}
    for model in snapshot.models:
        by_app.setdefault(model.app_label, []).append(model)
    own: list[AppView] = []
    installed: list[AppView] = []
    for app in snapshot.apps:
        models = by_app.get(app.label, [])
        whole = not wanted or wanted in app.label.lower() or wanted in app.name.lower()
        views = [v for m in models if (v := _model_view(m, wanted, whole)) is not None]
        if not whole and not views:
            continue
        m2m = sum(len(m.m2m) for m in models)
        (own if app.own else installed).append(AppView(app, views, len(models), m2m))
    return own, installed


def _model_view(model: ModelInfo, wanted: str, whole: bool) -> ModelView | None:
    if whole or wanted in model.name.lower() or wanted in model.table.lower():
        return ModelView(model, model.fields, model.m2m, model.other_m2m, True)
    fields = [f for f in model.fields if wanted in f.name.lower()]
    m2m = [f for f in model.m2m if wanted in f.name.lower()]
    other = [f for f in model.other_m2m if wanted in f.name.lower()]
    if not (fields or m2m or other):
        return None
    return ModelView(model, fields, m2m, other, False)

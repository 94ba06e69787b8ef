"""Edit the models files for a ``move_model`` plan.

- The class (its comments included) is cut from the old models file and pasted at the end of the
  new app's models file (created if the app has none), with the imports it uses. Relations it
  names by class to models of the old file become strings (``"shop.Category"``), so the new file
  does not import the old one; ``Meta.db_table`` keeps the table's name (``"table": "keep"``).
- The old file re-exports the class (``from catalog.models import Product``), so code that imports
  it from there keeps working; relations there that name it by class become ``"catalog.Product"``
  strings, and the re-export stands before the first statement that needs the class while the
  module loads (a subclass), else at the end.
- Every ``"shop.Product"`` string in the project's models files becomes ``"catalog.Product"``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import libcst as cst

from wizard import patching
from wizard.errors import PlanError
from wizard.snapshot import ModelInfo, Snapshot

if TYPE_CHECKING:
    from wizard.plans.move_model import MoveModelPlan

BLANK = cst.EmptyLine(indent=False, whitespace=cst.SimpleWhitespace(""))


def patch_sources(
    plan: MoveModelPlan, snapshot: Snapshot, model: ModelInfo, sources: Mapping[str, str]
) -> dict[str, str]:
    old_path = patching.model_source_path(snapshot, model)
    new_path = new_models_path(plan, snapshot)
    wanted = [p for p in (old_path, new_path) if p not in sources]
    existing = {**sources}
    for path in wanted:
        try:
            existing.update(patching.read_sources(snapshot.target.root, [path]))
        except PlanError:
            if path != new_path:
                raise
    old_module = patching.parse_module(old_path, existing[old_path])
    new_source = existing.get(new_path, "")
    new_module = patching.parse_module(new_path, new_source) if new_source else None
    app = snapshot.app(model.app_label)
    assert app is not None
    package = package_of(model)
    classdef = patching.find_class(old_module, model.name)
    if classdef is None:
        raise PlanError(
            f"Cannot find 'class {model.name}' at the top level of {old_path!r}; the wizard "
            "moves the class where the model is defined."
        )
    local = {
        s.name.value: s
        for s in old_module.body
        if isinstance(s, cst.ClassDef) and s is not classdef
    }
    local_models = {m.name: m.label for m in snapshot.models if m.source_file == old_path}
    check_bases(classdef, local, model, old_path)
    moved = strings_for_local_models(classdef, local_models, model)
    moved = with_table(moved, plan, model)
    imports = needed_imports(old_module, classdef, moved, package, old_path, model)
    new_app_module = module_of_new_app(plan, snapshot)
    if new_module is not None and imports_module(
        new_module, f"{app.name}.models", package_of_path(new_path, snapshot, plan)
    ):
        raise PlanError(
            f"{new_path!r} imports the models of {model.app_label!r}; the re-export of "
            f"{model.name} there would make a circular import. Refer to those models by string "
            '("app_label.Model") first.'
        )
    # The new file: imports it lacks, then the class.
    new_module = add_class(new_module, imports, moved)
    # The old file: the class goes, the name comes back from the new app.
    old_module = without_class(old_module, classdef)
    old_module = strings_for_moved_class(old_module, model.name, plan.new_label)
    old_module = with_reexport(old_module, model.name, new_app_module)
    changed = {old_path: old_module.code, new_path: new_module.code}
    # Every other models file: string references follow the model.
    for path, source in sorted(existing.items()):
        if path in changed:
            continue
        module = patching.parse_module(path, source)
        followed = module.visit(StringReferences(model.label, plan.new_label))
        if followed.code != source:
            changed[path] = followed.code
    changed = {
        path: code.replace(f'"{model.label}"', f'"{plan.new_label}"') if path != old_path else code
        for path, code in changed.items()
    }
    return {path: code for path, code in changed.items() if code != existing.get(path, "")}


# -- where things are -------------------------------------------------------------------------


def new_models_path(plan: MoveModelPlan, snapshot: Snapshot) -> str:
    """Return the new app's models file: where its models live, else ``<app>/models.py``."""
    ours = [m for m in snapshot.models_of(plan.to_app) if m.source_file]
    files = sorted({m.source_file for m in ours if m.source_file})
    for name in ("models.py", "models/__init__.py"):
        for path in files:
            if path.endswith("/" + name) or path == name:
                return path
    if files:
        return files[0]
    app = snapshot.app(plan.to_app)
    assert app is not None
    return str(PurePosixPath(app.path) / "models.py")


def module_of_new_app(plan: MoveModelPlan, snapshot: Snapshot) -> str:
    app = snapshot.app(plan.to_app)
    assert app is not None
    return f"{app.name}.models"


def package_of(model: ModelInfo) -> str:
    """Return the package a relative import in the model's module is relative to."""
    module = model.module
    path = model.source_file or ""
    return module if path.endswith("__init__.py") else module.rsplit(".", 1)[0]


def package_of_path(path: str, snapshot: Snapshot, plan: MoveModelPlan) -> str:
    app = snapshot.app(plan.to_app)
    assert app is not None
    return f"{app.name}.models" if path.endswith("__init__.py") else app.name


# -- the moved class --------------------------------------------------------------------------


def check_bases(
    classdef: cst.ClassDef, local: Mapping[str, cst.ClassDef], model: ModelInfo, path: str
) -> None:
    for base in classdef.bases:
        names = patching.used_names(base.value)
        shared = sorted(names & set(local))
        if shared:
            raise PlanError(
                f"{model.name} inherits from {shared[0]}, defined beside it in {path!r}; move "
                f"{shared[0]} to a module both apps can import first (an abstract base, say)."
            )


RELATION_CALLS = ("ForeignKey", "OneToOneField", "ManyToManyField", "ForeignObject")


class _Strings(cst.CSTTransformer):
    """Relation fields' first argument or ``to=``: a class name -> ``"app_label.Model"``."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        func = updated.func
        called = (
            func.attr.value
            if isinstance(func, cst.Attribute)
            else (func.value if isinstance(func, cst.Name) else "")
        )
        if called not in RELATION_CALLS and not called.endswith(("ForeignKey", "ManyToManyField")):
            return updated
        args = list(updated.args)
        for index, arg in enumerate(args):
            first = arg.keyword is None and index == 0
            named = arg.keyword is not None and arg.keyword.value in ("to", "through")
            if (
                (first or named)
                and isinstance(arg.value, cst.Name)
                and arg.value.value in self.names
            ):
                args[index] = arg.with_changes(
                    value=cst.SimpleString(json.dumps(self.names[arg.value.value]))
                )
        return updated.with_changes(args=args)


def strings_for_local_models(
    classdef: cst.ClassDef, local_models: Mapping[str, str], model: ModelInfo
) -> cst.ClassDef:
    names = {name: label for name, label in local_models.items() if name != model.name}
    names[model.name] = "self"
    moved = classdef.visit(_Strings(names))
    assert isinstance(moved, cst.ClassDef)
    return moved


def with_table(classdef: cst.ClassDef, plan: MoveModelPlan, model: ModelInfo) -> cst.ClassDef:
    """Give the class ``Meta.db_table`` (keep) and drop a ``Meta.app_label`` naming the old app."""
    assert isinstance(classdef.body, cst.IndentedBlock)
    body = list(classdef.body.body)
    meta_index = next(
        (i for i, s in enumerate(body) if isinstance(s, cst.ClassDef) and s.name.value == "Meta"),
        None,
    )
    entries: list[cst.BaseStatement] = []
    if meta_index is not None:
        meta = body[meta_index]
        assert isinstance(meta, cst.ClassDef) and isinstance(meta.body, cst.IndentedBlock)
        entries = [s for s in meta.body.body if not ({"app_label"} & patching.assigned_names(s))]
    names = set().union(*(patching.assigned_names(s) for s in entries)) if entries else set()
    if plan.table == "keep" and "db_table" not in names:
        entries.append(cst.parse_statement(f"db_table = {json.dumps(model.table)}\n"))
    entries = [
        e
        for e in entries
        if not (isinstance(e, cst.SimpleStatementLine) and isinstance(e.body[0], cst.Pass))
    ] or [cst.parse_statement("pass\n")]
    if meta_index is not None:
        meta = body[meta_index]
        assert isinstance(meta, cst.ClassDef) and isinstance(meta.body, cst.IndentedBlock)
        body[meta_index] = meta.with_changes(body=meta.body.with_changes(body=entries))
    elif plan.table == "keep":
        meta = cst.parse_statement("class Meta:\n    pass\n")
        assert isinstance(meta, cst.ClassDef) and isinstance(meta.body, cst.IndentedBlock)
        meta = meta.with_changes(body=meta.body.with_changes(body=entries), leading_lines=[BLANK])
        body = [
            s
            for s in body
            if not (isinstance(s, cst.SimpleStatementLine) and isinstance(s.body[0], cst.Pass))
        ]
        body.append(meta)
    return classdef.with_changes(body=classdef.body.with_changes(body=body))


def needed_imports(
    module: cst.Module,
    classdef: cst.ClassDef,
    moved: cst.ClassDef,
    package: str,
    path: str,
    model: ModelInfo,
) -> list[str]:
    """Return the import lines the moved class needs, made absolute."""
    used = patching.used_names(moved)
    defined = patching.top_level_names(module)
    lines: list[str] = []
    bound: set[str] = set()
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    name = alias_name(alias)
                    if name in used:
                        lines.append(f"import {module.code_for_node(alias.name)}" + as_part(alias))
                        bound.add(name)
            elif isinstance(small, cst.ImportFrom):
                if isinstance(small.names, cst.ImportStar):
                    continue
                source = absolute(small, package)
                names = [a for a in small.names if alias_name(a) in used]
                if names:
                    parts = ", ".join(module.code_for_node(a.name) + as_part(a) for a in names)
                    lines.append(f"from {source} import {parts}")
                    bound |= {alias_name(a) for a in names}
    own = {s.name.value for s in module.body if isinstance(s, cst.ClassDef | cst.FunctionDef)}
    own |= defined - bound
    missing = sorted((used & own) - bound - {model.name} - set(dir(__builtins__)))
    missing = [name for name in missing if name in defined]
    if missing:
        raise PlanError(
            f"{model.name} uses {', '.join(missing)}, defined beside it in {path!r}; move "
            f"{'them' if len(missing) > 1 else 'it'} to a module both apps can import first."
        )
    return lines


def alias_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None:
        assert isinstance(alias.asname.name, cst.Name)
        return alias.asname.name.value
    node = alias.name
    while isinstance(node, cst.Attribute):
        node = node.value  # type: ignore[assignment]
    assert isinstance(node, cst.Name)
    return node.value


def as_part(alias: cst.ImportAlias) -> str:
    if alias.asname is None:
        return ""
    assert isinstance(alias.asname.name, cst.Name)
    return f" as {alias.asname.name.value}"


def absolute(statement: cst.ImportFrom, package: str) -> str:
    module = cst.Module([]).code_for_node(statement.module) if statement.module else ""
    level = len(statement.relative)
    if not level:
        return module
    base = package.rsplit(".", level - 1)[0] if level > 1 else package
    return f"{base}.{module}" if module else base


def imports_module(module: cst.Module, target: str, package: str) -> bool:
    """Return whether ``module`` imports ``target`` (or names from it) at its top level."""
    parent = target.rsplit(".", 1)[0]
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom):
                source = absolute(small, package)
                if source == target:
                    return True
                names = [] if isinstance(small.names, cst.ImportStar) else list(small.names)
                if source == parent and any(alias_name(a) == "models" for a in names):
                    return True
            elif isinstance(small, cst.Import) and any(
                cst.Module([]).code_for_node(a.name) == target for a in small.names
            ):
                return True
    return False


# -- the two files ----------------------------------------------------------------------------


def add_class(module: cst.Module | None, imports: list[str], classdef: cst.ClassDef) -> cst.Module:
    if module is None:
        module = cst.parse_module("")
    present = {module.code_for_node(s).strip() for s in module.body}
    missing = [line for line in imports if line not in present]
    body = list(module.body)
    position = 0
    for index, statement in enumerate(body):
        if patching.is_docstring(statement) and index == 0:
            position = 1
        elif isinstance(statement, cst.SimpleStatementLine) and any(
            isinstance(s, cst.Import | cst.ImportFrom) for s in statement.body
        ):
            position = index + 1
    new_imports = [cst.parse_statement(line + "\n") for line in missing]
    body[position:position] = new_imports
    moved = classdef.with_changes(
        leading_lines=[BLANK, BLANK, *patching.strip_blank(classdef.leading_lines)]
        if body
        else patching.strip_blank(classdef.leading_lines)
    )
    body.append(moved)
    return module.with_changes(body=body, has_trailing_newline=True)


def without_class(module: cst.Module, classdef: cst.ClassDef) -> cst.Module:
    body = [s for s in module.body if s is not classdef]
    return module.with_changes(body=body)


def strings_for_moved_class(module: cst.Module, name: str, new_label: str) -> cst.Module:
    result = module.visit(_Strings({name: new_label}))
    return result.visit(StringReferences(name, new_label, bare=True))


class StringReferences(cst.CSTTransformer):
    """``"shop.Product"`` (and, in the old file, ``"Product"``) in relation fields -> new label."""

    def __init__(self, old: str, new: str, *, bare: bool = False) -> None:
        self.old, self.new, self.bare = old.lower(), new, bare

    def leave_SimpleString(
        self, original: cst.SimpleString, updated: cst.SimpleString
    ) -> cst.SimpleString:
        value = updated.evaluated_value
        if not isinstance(value, str):
            return updated
        if value.lower() == self.old or (self.bare and value == self.old):
            return cst.SimpleString(updated.quote + self.new + updated.quote)
        return updated


def with_reexport(module: cst.Module, name: str, new_module: str) -> cst.Module:
    """Re-export the moved class before the first statement that needs it while loading."""
    line = cst.parse_statement(
        f"from {new_module} import {name}  # noqa: E402, F401  (moved there)\n"
    )
    body = list(module.body)
    position = len(body)
    for index, statement in enumerate(body):
        if needs_at_load(statement, name):
            position = index
            break
    if position == len(body):
        line = line.with_changes(leading_lines=[BLANK, BLANK])
    else:
        following = body[position]
        line = line.with_changes(leading_lines=list(following.leading_lines))
        body[position] = following.with_changes(leading_lines=[BLANK, BLANK])
    body.insert(position, line)
    return module.with_changes(body=body)


def needs_at_load(statement: cst.BaseStatement, name: str) -> bool:
    """Return whether running ``statement`` at import time reads ``name`` (not in a function)."""
    if isinstance(statement, cst.FunctionDef):
        return False
    if isinstance(statement, cst.ClassDef):
        if any(name in patching.used_names(base.value) for base in statement.bases):
            return True
        assert isinstance(statement.body, cst.IndentedBlock)
        return any(needs_at_load(inner, name) for inner in statement.body.body)
    if isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(s, cst.Import | cst.ImportFrom) for s in statement.body
    ):
        return False
    return name in patching.used_names(statement)

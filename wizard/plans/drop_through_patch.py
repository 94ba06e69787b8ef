"""Edit the models files for a ``drop_through`` plan: the field loses ``through=``, the class goes.

``through=`` and ``through_fields=`` leave the field's call; ``db_table=`` joins it when the table
keeps a name that is not Django's default; the through class is deleted from its file. Any other
use of the class's name in the project's models files is refused: the patched project would not
import. The final ``makemigrations --check`` proves the patch and the migration agree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

import libcst as cst

from wizard import patching
from wizard.errors import PlanError
from wizard.plans.drop_through_rules import auto_table
from wizard.snapshot import M2MInfo, ModelInfo, Snapshot

if TYPE_CHECKING:
    from wizard.plans.drop_through import DropThroughPlan


def patch_sources(
    plan: DropThroughPlan,
    snapshot: Snapshot,
    model: ModelInfo,
    m2m: M2MInfo,
    through: ModelInfo,
    sources: Mapping[str, str],
) -> dict[str, str]:
    """Return ``{path: new source}`` of the models files that change."""
    field_path = patching.model_source_path(snapshot, model)
    through_path = patching.model_source_path(snapshot, through)
    modules = {path: patching.parse_module(path, sources[path]) for path in sources}
    modules[field_path] = without_through(plan, model, m2m, field_path, modules[field_path])
    modules[through_path] = without_class(through.name, through_path, modules[through_path])
    for path in sorted(modules):
        check_unused(through.name, path, modules[path])
    return {path: module.code for path, module in modules.items() if module.code != sources[path]}


def without_through(
    plan: DropThroughPlan, model: ModelInfo, m2m: M2MInfo, path: str, module: cst.Module
) -> cst.Module:
    classdef = patching.find_class(module, model.name)
    call = patching.find_field_call(classdef, m2m.name) if classdef is not None else None
    if call is None:
        raise PlanError(
            f"Cannot find '{m2m.name} = models.ManyToManyField(...)' in class {model.name} of "
            f"{path!r}; write the field as a plain assignment in the class body first."
        )
    new_call = patching.remove_keyword(patching.remove_keyword(call, "through"), "through_fields")
    if plan.table == "keep" and m2m.table != auto_table(model, m2m):
        new_call = patching.add_keyword(new_call, "db_table", json.dumps(m2m.table))
    return patching.replace_node(module, call, new_call)


def without_class(name: str, path: str, module: cst.Module) -> cst.Module:
    classdef = patching.find_class(module, name)
    if classdef is None:
        raise PlanError(
            f"Cannot find 'class {name}' at the top level of {path!r}; the wizard deletes the "
            "through class where it is defined."
        )
    body = [statement for statement in module.body if statement is not classdef]
    return patching.unexport(module.with_changes(body=body), name)


def check_unused(name: str, path: str, module: cst.Module) -> None:
    """Refuse when the models file still names the through class (it is about to be deleted)."""
    found: list[cst.CSTNode] = []

    class Finder(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value == name:
                found.append(node)

        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            if node.evaluated_value in (name, f".{name}") or str(node.evaluated_value).endswith(
                f".{name}"
            ):
                found.append(node)

    module.visit(Finder())
    if found:
        raise PlanError(
            f"{path!r} still uses the name {name!r} outside the through class "
            f"({patching.code_of(module, found[0])!r}); change that code first, since the class "
            "is deleted."
        )

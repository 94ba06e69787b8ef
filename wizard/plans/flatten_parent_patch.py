"""Edit the models files for a ``flatten_parent`` plan: the child declares its parent's fields.

The parent's field statements (and an explicit primary key) are copied, comments and formatting
included, to the top of the child's body; the child's base becomes ``models.Model`` (or the parent
is dropped from its bases when abstract bases remain). With ``keep_parent`` false the parent class
is deleted, and any other use of its name in the models files is refused. The final
``makemigrations --check`` in the preview proves the models and the migration agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import libcst as cst

from wizard import patching
from wizard.errors import PlanError
from wizard.plans.drop_through_patch import check_unused, without_class
from wizard.plans.flatten_parent_meta import parent_entries, with_entries
from wizard.snapshot import ModelInfo, Snapshot

if TYPE_CHECKING:
    from wizard.plans.flatten_parent import FlattenParentPlan

BLANK = cst.EmptyLine(indent=False, whitespace=cst.SimpleWhitespace(""))


def patch_sources(
    plan: FlattenParentPlan,
    snapshot: Snapshot,
    model: ModelInfo,
    parent: ModelInfo,
    sources: Mapping[str, str],
) -> dict[str, str]:
    """Return ``{path: new source}`` of the models files that change."""
    child_path = patching.model_source_path(snapshot, model)
    parent_path = patching.model_source_path(snapshot, parent)
    modules = {path: patching.parse_module(path, sources[path]) for path in sources}
    statements = parent_statements(parent, parent_path, modules[parent_path])
    body = class_body(modules[parent_path], parent.name, parent_path)
    entries = parent_entries(modules[parent_path], body, parent.name, parent_path)
    modules[child_path] = flattened(
        model, parent, child_path, modules[child_path], statements, entries
    )
    if not plan.keep_parent:
        modules[parent_path] = without_class(parent.name, parent_path, modules[parent_path])
        for path in sorted(modules):
            check_unused(parent.name, path, modules[path])
    return {path: module.code for path, module in modules.items() if module.code != sources[path]}


def class_body(module: cst.Module, name: str, path: str) -> list[cst.BaseStatement]:
    classdef = patching.find_class(module, name)
    if classdef is None or not isinstance(classdef.body, cst.IndentedBlock):
        raise PlanError(
            f"Cannot find 'class {name}' at the top level of {path!r}; the wizard edits the class "
            "where the model is defined."
        )
    return list(classdef.body.body)


def parent_statements(parent: ModelInfo, path: str, module: cst.Module) -> list[cst.BaseStatement]:
    """Return the parent's field statements (an explicit primary key included), in order."""
    body = class_body(module, parent.name, path)
    wanted = [f.name for f in parent.fields if not (f.primary_key and f.auto_created)]
    found: dict[str, int] = {}
    for index, statement in enumerate(body):
        names = patching.assigned_names(statement)
        for name in wanted:
            if name not in names:
                continue
            if len(names) > 1 or not isinstance(statement, cst.SimpleStatementLine):
                raise PlanError(
                    f"The field {name!r} of class {parent.name} in {path!r} shares its line with "
                    "other statements; put it on a line of its own first."
                )
            found[name] = index
    for name in wanted:
        if name not in found:
            raise PlanError(
                f"Cannot find '{name} = ...' in class {parent.name} of {path!r}; write the field "
                "as a plain assignment in the class body first."
            )
    bound = set().union(*(patching.assigned_names(s) for s in body)) - set(wanted)
    copied = [body[i] for i in sorted(found.values())]
    for statement in copied:
        used = sorted(patching.used_names(statement) & bound)
        if used:
            raise PlanError(
                f"A field of class {parent.name} in {path!r} uses {used[0]!r} of the class body, "
                f"which {parent.name}'s children do not have by that name once flattened; move "
                f"it out of the class (to the module) first."
            )
    return copied


def flattened(
    model: ModelInfo,
    parent: ModelInfo,
    path: str,
    module: cst.Module,
    statements: list[cst.BaseStatement],
    entries: dict[str, list[str]],
) -> cst.Module:
    module, alias = patching.ensure_models_import(module)
    child = patching.find_class(module, model.name)
    body = class_body(module, model.name, path)
    assert child is not None and isinstance(child.body, cst.IndentedBlock)
    head = [s for s in body[:1] if patching.is_docstring(s)]
    rest = [s for s in body[len(head) :] if not is_pass(s)]
    copied = list(statements)
    if copied:
        first = copied[0]
        assert isinstance(first, cst.SimpleStatementLine)
        lines = patching.strip_blank(first.leading_lines)
        copied[0] = first.with_changes(leading_lines=[BLANK, *lines] if head else lines)
    if rest and copied and not patching.leading_blank(rest[0]):
        own = patching.statement_leading(rest[0])
        blank = [BLANK] if not isinstance(rest[0], cst.SimpleStatementLine) else []
        rest[0] = patching.with_leading(rest[0], [*blank, *own])
    rest = with_entries(module, rest, dict(entries), model.name, path)
    new_body = [*head, *copied, *rest] or [cst.SimpleStatementLine([cst.Pass()])]
    new_child = child.with_changes(
        bases=new_bases(child, model, parent, alias),
        body=child.body.with_changes(body=new_body),
    )
    return patching.replace_node(module, child, new_child)


def is_pass(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Pass)
    )


def new_bases(
    child: cst.ClassDef, model: ModelInfo, parent: ModelInfo, alias: str
) -> list[cst.Arg]:
    """Return the child's bases with the parent replaced by ``models.Model`` (or removed)."""
    bases = list(child.bases)
    codes = [cst.Module([]).code_for_node(arg.value) for arg in bases]
    index = next(
        (
            i
            for i, code in enumerate(codes)
            if code == parent.name or code.endswith(f".{parent.name}")
        ),
        None,
    )
    if index is None:
        raise PlanError(
            f"Class {model.name} does not name {parent.name!r} among its bases in its models "
            "file; write the base by its class name first."
        )
    if model.abstract_bases:
        del bases[index]
        last = bases[-1]
        return [*bases[:-1], last.with_changes(comma=cst.MaybeSentinel.DEFAULT)]
    model_base = cst.parse_expression(f"{alias}.Model")
    bases[index] = bases[index].with_changes(value=model_base)
    return bases

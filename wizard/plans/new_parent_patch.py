"""Edit the models file for a ``new_parent`` plan: add the parent class, make the child inherit.

The moved statements (field assignments, an explicit primary key, and class-body names only they
use) are cut from the child's body and pasted, comments and formatting included, into the new
parent class right above it. Meta entries that name only moved fields (``unique_together``,
``indexes``, ``constraints``) move to the parent's Meta. The final ``makemigrations --check`` in
the preview proves the models and the generated migrations agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import libcst as cst

from wizard import patching
from wizard.errors import PlanError
from wizard.snapshot import ModelInfo, Snapshot

if TYPE_CHECKING:
    from wizard.plans.new_parent import NewParentPlan

META_OPTIONS = ("unique_together", "indexes", "constraints")
BLANK = cst.EmptyLine(indent=False, whitespace=cst.SimpleWhitespace(""))


def patch_models_file(plan: NewParentPlan, model: ModelInfo, path: str, source: str) -> str:
    """Return ``source`` with the parent class above the model, which now inherits from it."""
    module = patching.parse_module(path, source)
    child = patching.find_class(module, model.name)
    if child is None or not isinstance(child.body, cst.IndentedBlock):
        raise PlanError(
            f"Cannot find 'class {model.name}' at the top level of {path!r}; the wizard edits "
            "the class where the model is defined."
        )
    if plan.parent in patching.top_level_names(module):
        raise PlanError(
            f"{path!r} already defines the name {plan.parent!r}; choose another parent name."
        )
    module, alias = patching.ensure_models_import(module)
    child = patching.find_class(module, model.name)
    assert child is not None and isinstance(child.body, cst.IndentedBlock)
    body = list(child.body.body)
    moving = moved_statements(body, plan, model, path)
    moving = with_class_names(body, moving, model, path)
    meta_index, parent_meta, child_meta = split_meta(module, body, plan, model, path)
    kept: list[cst.BaseStatement] = []
    pending: list[cst.EmptyLine] = []  # blank lines that preceded statements that moved
    for index, statement in enumerate(body):
        if index == meta_index and child_meta is None:
            continue
        if index in moving:
            pending = pending or patching.leading_blank(statement)
            continue
        if index == meta_index and child_meta is not None:
            statement = child_meta
        if kept and pending and not patching.leading_blank(statement):
            statement = patching.with_leading(
                statement, [*pending, *patching.statement_leading(statement)]
            )
        kept.append(statement)
        pending = []
    if not any(not patching.is_docstring(s) for s in kept):
        kept.append(cst.SimpleStatementLine([cst.Pass()]))
    parent = parent_class(plan, alias, [body[i] for i in sorted(moving)], parent_meta)
    new_child = child.with_changes(
        bases=inherit(child, plan.parent, alias),
        body=child.body.with_changes(body=kept),
        leading_lines=[BLANK, BLANK, *patching.strip_blank(child.leading_lines)],
    )
    statements = list(module.body)
    position = next(i for i, s in enumerate(statements) if s is child)
    parent = parent.with_changes(leading_lines=[BLANK, BLANK] if position else [])
    statements[position : position + 1] = [parent, new_child]
    module = module.with_changes(body=statements)
    return patching.export_beside(module, model.name, plan.parent).code


def moved_statements(
    body: list[cst.BaseStatement], plan: NewParentPlan, model: ModelInfo, path: str
) -> set[int]:
    """Return the indexes of the statements that define the moved fields (and a declared pk)."""
    wanted = list(plan.move_fields)
    if not model.pk.auto_created:
        wanted.append(model.pk.name)
    found: dict[str, int] = {}
    for index, statement in enumerate(body):
        names = patching.assigned_names(statement)
        for name in wanted:
            if name not in names:
                continue
            if len(names) > 1 or not isinstance(statement, cst.SimpleStatementLine):
                raise PlanError(
                    f"The field {name!r} of class {model.name} in {path!r} shares its line with "
                    "other statements; put it on a line of its own first."
                )
            found[name] = index
    for name in wanted:
        if name not in found:
            raise PlanError(
                f"Cannot find '{name} = ...' in class {model.name} of {path!r}; write the field "
                "as a plain assignment in the class body first."
            )
    return set(found.values())


def with_class_names(
    body: list[cst.BaseStatement], moving: set[int], model: ModelInfo, path: str
) -> set[int]:
    """Add class-body names the moved fields use (choices, say): they move up with the fields.

    The child still reaches them by inheritance (``Plane.Status`` keeps working); a name that
    statements staying in the child's body use too cannot move, and is refused.
    """
    moving = set(moving)
    changed = True
    while changed:
        changed = False
        needed = set().union(*(patching.used_names(body[i]) for i in moving)) if moving else set()
        for index, statement in enumerate(body):
            if index in moving or isinstance(statement, cst.FunctionDef):
                continue
            if patching.assigned_names(statement) & needed and not is_meta(statement):
                moving.add(index)
                changed = True
    staying = [
        s for i, s in enumerate(body) if i not in moving and not isinstance(s, cst.FunctionDef)
    ]
    shared = set().union(*(patching.assigned_names(body[i]) for i in moving)) & set().union(
        *(patching.used_names(s) for s in staying if not is_meta(s))
    )
    if shared:
        name = sorted(shared)[0]
        raise PlanError(
            f"The name {name!r} in class {model.name} of {path!r} is used by moved fields and by "
            "fields that stay; define it at module level first."
        )
    return moving


def is_meta(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.ClassDef) and statement.name.value == "Meta"


def split_meta(
    module: cst.Module,
    body: list[cst.BaseStatement],
    plan: NewParentPlan,
    model: ModelInfo,
    path: str,
) -> tuple[int | None, list[str], cst.ClassDef | None]:
    """Return (Meta's index, the parent's Meta lines, the child's new Meta or None)."""
    moved = set(plan.move_fields)
    meta_index = next((i for i, s in enumerate(body) if is_meta(s)), None)
    if meta_index is None:
        return None, [], None
    meta = body[meta_index]
    assert isinstance(meta, cst.ClassDef) and isinstance(meta.body, cst.IndentedBlock)
    parent_lines: list[str] = []
    kept: list[cst.BaseStatement] = []
    for statement in meta.body.body:
        option, value = meta_option(statement)
        if option is None or value is None:
            kept.append(statement)
            continue
        moving, staying = split_elements(module, option, value, model, moved, path)
        if moving:
            parent_lines += meta_list(option, moving)
        if staying is not None:
            kept.append(patching.statement_with_value(statement, staying))
    if not parent_lines:
        return meta_index, [], meta
    if not any(not patching.is_docstring(s) for s in kept):
        return meta_index, parent_lines, None
    return meta_index, parent_lines, meta.with_changes(body=meta.body.with_changes(body=kept))


def meta_list(option: str, elements: list[str]) -> list[str]:
    """Return the lines of ``option = [...]`` in the parent's Meta: one line if it fits."""
    one_line = f"{option} = [{', '.join(elements)}]"
    if len(one_line) <= 100 - 8 and "\n" not in one_line:
        return [one_line]
    return [f"{option} = ["] + [f"    {element}," for element in elements] + ["]"]


def meta_option(statement: cst.BaseStatement) -> tuple[str | None, cst.BaseExpression | None]:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        if (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and small.targets[0].target.value in META_OPTIONS
        ):
            return small.targets[0].target.value, small.value
    return None, None


def split_elements(
    module: cst.Module,
    option: str,
    value: cst.BaseExpression,
    model: ModelInfo,
    moved: set[str],
    path: str,
) -> tuple[list[str], cst.BaseExpression | None]:
    """Return (sources of elements that move, the remaining value or None when nothing stays)."""
    if option == "unique_together" and patching.is_string_group(value):
        group = patching.string_values(value)
        return ([patching.code_of(module, value)], None) if group <= moved else ([], value)
    if not isinstance(value, cst.List | cst.Tuple):
        if option == "unique_together" and not any(moved & set(g) for g in model.unique_together):
            return [], value
        raise PlanError(
            f"Meta.{option} of class {model.name} in {path!r} is not a list literal; the wizard "
            "cannot tell which entries move with the fields. Write it as a list first."
        )
    infos = model.indexes if option == "indexes" else model.constraints
    moving: list[str] = []
    staying: list[cst.BaseElement] = []
    for position, element in enumerate(value.elements):
        if option == "unique_together":
            references = patching.string_values(element.value)
        else:
            references = element_references(element.value, infos, position, model, option, path)
        if references and references <= moved:
            moving.append(patching.code_of(module, element.value))
        else:
            staying.append(element)
    if not moving:
        return [], value
    if not staying:
        return moving, None
    last = staying[-1]
    staying[-1] = last.with_changes(comma=value.elements[-1].comma)
    return moving, value.with_changes(elements=staying)


def element_references(
    node: cst.BaseExpression,
    infos: list[dict[str, object]],
    position: int,
    model: ModelInfo,
    option: str,
    path: str,
) -> set[str]:
    """Return the fields an index/constraint element uses, matched to the snapshot."""
    name = patching.keyword_string(node, "name")
    info = next((i for i in infos if name is not None and i.get("name") == name), None)
    if info is None and position < len(infos):
        info = infos[position]
    if info is None:
        raise PlanError(
            f"Cannot match entry {position + 1} of Meta.{option} of class {model.name} in "
            f"{path!r} to the model's {option}; give it a name= first."
        )
    references = info.get("references") or info.get("fields") or []
    assert isinstance(references, list)
    return {str(r).lstrip("-") for r in references}


def parent_class(
    plan: NewParentPlan, alias: str, statements: list[cst.BaseStatement], meta: list[str]
) -> cst.ClassDef:
    header = f"class {plan.parent}({alias}.Model):\n"
    lines = ["    class Meta:"] + [f"        {line}" for line in meta] if meta else []
    code = header + ("\n".join(lines) + "\n" if lines else "    pass\n")
    parsed = cst.parse_statement(code)
    assert isinstance(parsed, cst.ClassDef) and isinstance(parsed.body, cst.IndentedBlock)
    new_body: list[cst.BaseStatement] = [*statements]
    if meta:
        meta_class = parsed.body.body[0]
        if statements:
            meta_class = meta_class.with_changes(leading_lines=[BLANK])
        new_body.append(meta_class)
    if not new_body:
        new_body = list(parsed.body.body)
    elif statements:
        first = new_body[0]
        assert isinstance(first, cst.SimpleStatementLine | cst.BaseCompoundStatement)
        new_body[0] = first.with_changes(leading_lines=patching.strip_blank(first.leading_lines))
    return parsed.with_changes(body=parsed.body.with_changes(body=new_body))


def inherit(child: cst.ClassDef, parent: str, alias: str) -> list[cst.Arg]:
    """Return the child's bases with ``models.Model`` replaced by the parent (else appended)."""
    bases = list(child.bases)
    for index, arg in enumerate(bases):
        code = cst.Module([]).code_for_node(arg.value)
        if code in (f"{alias}.Model", "Model", "django.db.models.Model"):
            bases[index] = arg.with_changes(value=cst.Name(parent))
            return bases
    if bases:
        last = bases[-1]
        bases[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    bases.append(cst.Arg(value=cst.Name(parent)))
    return bases


def check_to_field_pk(snapshot: Snapshot, model: ModelInfo, sources: Mapping[str, str]) -> None:
    """Refuse a relation to the model written with ``to_field=<its primary key>``.

    Django drops such a ``to_field`` from migrations (it is the default), so only the source
    shows it; once the model inherits, the name would point at the parent's column instead.
    """
    names = {model.name, model.label, f"{model.app_label}.{model.name}"}
    for path, source in sorted(sources.items()):
        module = patching.parse_module(path, source)
        for classdef in module.body:
            if not isinstance(classdef, cst.ClassDef) or not isinstance(
                classdef.body, cst.IndentedBlock
            ):
                continue
            for statement in classdef.body.body:
                for name, call in patching.assigned_calls(statement):
                    to_field = patching.keyword_string(call, "to_field")
                    if patching.relation_target(call) in names and to_field == model.pk.name:
                        owner = next(
                            (
                                m.label
                                for m in snapshot.models
                                if m.source_file == path and m.name == classdef.name.value
                            ),
                            classdef.name.value,
                        )
                        raise PlanError(
                            f"{owner}.{name} names the primary key of {model.label!r} with "
                            f"to_field={model.pk.name!r}; remove to_field (it is the default) "
                            "first."
                        )

"""Edit the models file for a ``new_parent`` plan: add the parent class, make the child inherit.

The moved statements (field assignments, an explicit primary key, and class-body names only they
use) are cut from the child's body and pasted, comments and formatting included, into the new
parent class right above it. Meta entries that name only moved fields (``unique_together``,
``indexes``, ``constraints``) move to the parent's Meta. The final ``makemigrations --check`` in
the preview proves the models and the generated migrations agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import libcst as cst

from wizard import patching
from wizard.errors import PlanError
from wizard.target import ModelInfo, Snapshot

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
            pending = pending or leading_blank(statement)
            continue
        if index == meta_index and child_meta is not None:
            statement = child_meta
        if kept and pending and not leading_blank(statement):
            statement = with_leading(statement, [*pending, *statement_leading(statement)])
        kept.append(statement)
        pending = []
    if not any(not is_docstring(s) for s in kept):
        kept.append(cst.SimpleStatementLine([cst.Pass()]))
    parent = parent_class(plan, alias, [body[i] for i in sorted(moving)], parent_meta)
    new_child = child.with_changes(
        bases=inherit(child, plan.parent, alias),
        body=child.body.with_changes(body=kept),
        leading_lines=[BLANK, BLANK, *strip_blank(child.leading_lines)],
    )
    statements = list(module.body)
    position = next(i for i, s in enumerate(statements) if s is child)
    parent = parent.with_changes(leading_lines=[BLANK, BLANK] if position else [])
    statements[position : position + 1] = [parent, new_child]
    return module.with_changes(body=statements).code


def is_docstring(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def statement_leading(statement: cst.BaseStatement) -> list[cst.EmptyLine]:
    assert isinstance(statement, cst.SimpleStatementLine | cst.BaseCompoundStatement)
    return list(statement.leading_lines)


def leading_blank(statement: cst.BaseStatement) -> list[cst.EmptyLine]:
    """Return the blank lines before ``statement`` that come before any comment."""
    lines = []
    for line in statement_leading(statement):
        if line.comment is not None:
            break
        lines.append(line)
    return lines


def with_leading(statement: cst.BaseStatement, lines: list[cst.EmptyLine]) -> cst.BaseStatement:
    assert isinstance(statement, cst.SimpleStatementLine | cst.BaseCompoundStatement)
    return statement.with_changes(leading_lines=lines)


def strip_blank(lines: Sequence[cst.EmptyLine]) -> list[cst.EmptyLine]:
    lines = list(lines)
    while lines and lines[0].comment is None:
        lines.pop(0)
    return lines


def assigned_names(statement: cst.BaseStatement) -> set[str]:
    """Return the names a class-body statement binds (assignments, nested classes, functions)."""
    if isinstance(statement, cst.ClassDef | cst.FunctionDef):
        return {statement.name.value}
    names: set[str] = set()
    if isinstance(statement, cst.SimpleStatementLine):
        for small in statement.body:
            if isinstance(small, cst.Assign):
                names |= {t.target.value for t in small.targets if isinstance(t.target, cst.Name)}
            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                names.add(small.target.value)
    return names


def moved_statements(
    body: list[cst.BaseStatement], plan: NewParentPlan, model: ModelInfo, path: str
) -> set[int]:
    """Return the indexes of the statements that define the moved fields (and a declared pk)."""
    wanted = list(plan.move_fields)
    if not model.pk.auto_created:
        wanted.append(model.pk.name)
    found: dict[str, int] = {}
    for index, statement in enumerate(body):
        names = assigned_names(statement)
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


def used_names(node: cst.CSTNode) -> set[str]:
    names: set[str] = set()

    class Collector(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            names.add(node.value)

        def visit_Arg(self, node: cst.Arg) -> bool:
            node.value.visit(self)  # keyword names are not references
            return False

        def visit_Attribute(self, node: cst.Attribute) -> bool:
            node.value.visit(self)  # nor are attribute names
            return False

    node.visit(Collector())
    return names


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
        needed = set().union(*(used_names(body[i]) for i in moving)) if moving else set()
        for index, statement in enumerate(body):
            if index in moving or isinstance(statement, cst.FunctionDef):
                continue
            if assigned_names(statement) & needed and not is_meta(statement):
                moving.add(index)
                changed = True
    staying = [
        s for i, s in enumerate(body) if i not in moving and not isinstance(s, cst.FunctionDef)
    ]
    shared = set().union(*(assigned_names(body[i]) for i in moving)) & set().union(
        *(used_names(s) for s in staying if not is_meta(s))
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
            kept.append(statement_with_value(statement, staying))
    if not parent_lines:
        return meta_index, [], meta
    if not any(not is_docstring(s) for s in kept):
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


def statement_with_value(
    statement: cst.BaseStatement, value: cst.BaseExpression
) -> cst.BaseStatement:
    assert isinstance(statement, cst.SimpleStatementLine)
    small = statement.body[0]
    assert isinstance(small, cst.Assign)
    return statement.with_changes(body=[small.with_changes(value=value)])


def split_elements(
    module: cst.Module,
    option: str,
    value: cst.BaseExpression,
    model: ModelInfo,
    moved: set[str],
    path: str,
) -> tuple[list[str], cst.BaseExpression | None]:
    """Return (sources of elements that move, the remaining value or None when nothing stays)."""
    if option == "unique_together" and is_string_group(value):
        group = string_values(value)
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
            references = string_values(element.value)
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


def is_string_group(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.List | cst.Tuple) and all(
        isinstance(e.value, cst.SimpleString) for e in value.elements
    )


def string_values(value: cst.BaseExpression) -> set[str]:
    if isinstance(value, cst.List | cst.Tuple):
        return {
            e.value.evaluated_value
            for e in value.elements
            if isinstance(e.value, cst.SimpleString) and isinstance(e.value.evaluated_value, str)
        }
    return set()


def element_references(
    node: cst.BaseExpression,
    infos: list[dict[str, object]],
    position: int,
    model: ModelInfo,
    option: str,
    path: str,
) -> set[str]:
    """Return the fields an index/constraint element uses, matched to the snapshot."""
    name = keyword_string(node, "name")
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


def keyword_string(node: cst.BaseExpression, keyword: str) -> str | None:
    if isinstance(node, cst.Call):
        for arg in node.args:
            if (
                arg.keyword is not None
                and arg.keyword.value == keyword
                and isinstance(arg.value, cst.SimpleString)
            ):
                value = arg.value.evaluated_value
                return value if isinstance(value, str) else None
    return None


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
        new_body[0] = first.with_changes(leading_lines=strip_blank(first.leading_lines))
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


RELATION_CLASSES = ("ForeignKey", "OneToOneField")


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
                for name, call in assigned_calls(statement):
                    if relation_target(call) in names and keyword_string(call, "to_field") == (
                        model.pk.name
                    ):
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


def assigned_calls(statement: cst.BaseStatement) -> list[tuple[str, cst.Call]]:
    found = []
    if isinstance(statement, cst.SimpleStatementLine):
        for small in statement.body:
            if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call):
                found += [
                    (t.target.value, small.value)
                    for t in small.targets
                    if isinstance(t.target, cst.Name)
                ]
    return found


def relation_target(call: cst.Call) -> str | None:
    """Return the model a ForeignKey/OneToOneField call names (a class name or a string)."""
    function = cst.Module([]).code_for_node(call.func).rsplit(".", 1)[-1]
    if function not in RELATION_CLASSES:
        return None
    positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    keyword = [arg.value for arg in call.args if arg.keyword and arg.keyword.value == "to"]
    target = next(iter(positional or keyword), None)
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.SimpleString) and isinstance(target.evaluated_value, str):
        return target.evaluated_value
    return None

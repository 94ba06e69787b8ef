"""The parent's Meta entries that come down to a flattened child, in its models file (libcst).

``unique_together``, ``indexes`` and ``constraints`` of the parent's Meta are copied, as written,
into the child's Meta (merged with its own lists, or in a new Meta before its methods). The
migration (``wizard/child/builders/flatten_parent.py``) moves or copies the same entries.
"""

from __future__ import annotations

import libcst as cst

from wizard import patching
from wizard.errors import PlanError
from wizard.plans.new_parent_patch import is_meta, meta_list, meta_option

BLANK = cst.EmptyLine(indent=False, whitespace=cst.SimpleWhitespace(""))


def elements_of(
    module: cst.Module, option: str, value: cst.BaseExpression, name: str, path: str
) -> list[str]:
    """Return the source of each entry of a Meta option's value."""
    if option == "unique_together" and patching.is_string_group(value):
        return [patching.code_of(module, value)]
    if not isinstance(value, cst.List | cst.Tuple):
        raise PlanError(
            f"Meta.{option} of class {name} in {path!r} is not a list literal; write it as a list "
            "first."
        )
    return [patching.code_of(module, element.value) for element in value.elements]


def parent_entries(
    module: cst.Module, body: list[cst.BaseStatement], name: str, path: str
) -> dict[str, list[str]]:
    """Return ``{option: [entry source]}`` of the parent's Meta."""
    meta = next((s for s in body if is_meta(s)), None)
    if meta is None:
        return {}
    assert isinstance(meta, cst.ClassDef) and isinstance(meta.body, cst.IndentedBlock)
    found: dict[str, list[str]] = {}
    for statement in meta.body.body:
        option, value = meta_option(statement)
        if option is None or value is None:
            continue
        entries = elements_of(module, option, value, name, path)
        for entry in entries:
            if "%(" in entry:
                raise PlanError(
                    f"An entry of Meta.{option} of class {name} in {path!r} names itself with "
                    "%(class)s or %(app_label)s, which would give the child another name; write "
                    "the name out first."
                )
        if entries:
            found[option] = entries
    return found


def with_entries(
    module: cst.Module,
    body: list[cst.BaseStatement],
    entries: dict[str, list[str]],
    name: str,
    path: str,
) -> list[cst.BaseStatement]:
    """Return the child's body with ``entries`` added to its Meta (made when it has none)."""
    if not entries:
        return body
    index = next((i for i, s in enumerate(body) if is_meta(s)), None)
    lines: list[str] = []
    leading: list[cst.EmptyLine] = [BLANK]
    if index is not None:
        meta = body[index]
        assert isinstance(meta, cst.ClassDef) and isinstance(meta.body, cst.IndentedBlock)
        leading = list(meta.leading_lines)
        for statement in meta.body.body:
            option, value = meta_option(statement)
            if option in entries and value is not None:
                own = elements_of(module, option, value, name, path)
                lines += meta_list(option, own + entries.pop(option))
            else:
                code = patching.code_of(module, statement).strip("\n")
                lines += code.splitlines()
    for option, added in entries.items():
        lines += meta_list(option, added)
    source = "class Meta:\n" + "".join(f"    {line}\n" if line else "\n" for line in lines)
    new_meta = cst.parse_statement(source)
    assert isinstance(new_meta, cst.ClassDef)
    new_meta = new_meta.with_changes(leading_lines=leading)
    if index is not None:
        return [*body[:index], new_meta, *body[index + 1 :]]
    position = next(
        (i for i, s in enumerate(body) if isinstance(s, cst.FunctionDef | cst.ClassDef)),
        len(body),
    )
    after = body[position:]
    if after:
        first = after[0]
        assert isinstance(first, cst.FunctionDef | cst.ClassDef)
        after[0] = first.with_changes(
            leading_lines=[BLANK, *patching.strip_blank(first.leading_lines)]
        )
    return [*body[:position], new_meta, *after]

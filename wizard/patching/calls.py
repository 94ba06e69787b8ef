"""libcst edits of calls: a field's call in a class body, its keywords, the model it names."""

from __future__ import annotations

import keyword

import libcst as cst

from wizard.errors import PlanError

RELATION_CLASSES = ("ForeignKey", "OneToOneField")


def find_field_call(classdef: cst.ClassDef, field_name: str) -> cst.Call | None:
    """Return the call assigned to ``field_name`` in the class body (``name = models.X(...)``)."""
    body = classdef.body
    if not isinstance(body, cst.IndentedBlock):
        return None
    for statement in body.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            value: cst.BaseExpression | None = None
            if (
                isinstance(small, cst.Assign)
                and any(
                    isinstance(t.target, cst.Name) and t.target.value == field_name
                    for t in small.targets
                )
            ) or (
                isinstance(small, cst.AnnAssign)
                and isinstance(small.target, cst.Name)
                and small.target.value == field_name
            ):
                value = small.value
            if isinstance(value, cst.Call):
                return value
    return None


def add_keyword(call: cst.Call, name: str, value: str) -> cst.Call:
    """Return ``call`` with ``name=value`` appended, laid out like the arguments it already has."""
    argument = cst.Arg(
        keyword=cst.Name(name),
        value=cst.parse_expression(value),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    args = list(call.args)
    if not args:
        return call.with_changes(args=[argument])
    last = args[-1]
    line_break = _argument_line_break(call, args)
    if line_break is None:  # all on one line
        args[-1] = last.with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
            whitespace_after_arg=cst.SimpleWhitespace(""),
        )
        argument = argument.with_changes(
            comma=last.comma, whitespace_after_arg=last.whitespace_after_arg
        )
    elif isinstance(last.comma, cst.Comma) and isinstance(
        last.comma.whitespace_after, cst.ParenthesizedWhitespace
    ):  # one argument per line, trailing comma: the last keeps its comma and comment
        closing = last.comma.whitespace_after
        args[-1] = last.with_changes(
            comma=last.comma.with_changes(
                whitespace_after=closing.with_changes(last_line=line_break.last_line)
            )
        )
        argument = argument.with_changes(
            comma=cst.Comma(
                whitespace_after=closing.with_changes(
                    first_line=cst.TrailingWhitespace(), empty_lines=[]
                )
            )
        )
    else:  # one argument per line, no trailing comma
        args[-1] = last.with_changes(
            comma=cst.Comma(whitespace_after=line_break),
            whitespace_after_arg=cst.SimpleWhitespace(""),
        )
        argument = argument.with_changes(
            comma=last.comma, whitespace_after_arg=last.whitespace_after_arg
        )
    args.append(argument)
    return call.with_changes(args=args)


def remove_keyword(call: cst.Call, name: str) -> cst.Call:
    """Return ``call`` without the keyword argument ``name`` (layout of the rest kept)."""
    args = list(call.args)
    index = next(
        (i for i, a in enumerate(args) if a.keyword is not None and a.keyword.value == name), None
    )
    if index is None:
        return call
    removed = args.pop(index)
    if index == len(args) and args:  # it was the last: the new last takes its comma and spacing
        args[-1] = args[-1].with_changes(
            comma=removed.comma, whitespace_after_arg=removed.whitespace_after_arg
        )
    return call.with_changes(args=args)


def _argument_line_break(call: cst.Call, args: list[cst.Arg]) -> cst.ParenthesizedWhitespace | None:
    """Return the whitespace between two arguments when they are one per line, else None."""
    found: cst.BaseParenthesizableWhitespace | None = call.whitespace_before_args
    if len(args) >= 2 and isinstance(args[-2].comma, cst.Comma):
        found = args[-2].comma.whitespace_after
    if not isinstance(found, cst.ParenthesizedWhitespace):
        return None
    return found.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[])


def python_literal(value: object) -> str:
    """Return Python source for a JSON value (strings in double quotes, like most projects)."""
    import json

    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int | float | str):
        return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    raise PlanError(f"The value {value!r} cannot be written into a models file.")


def is_identifier(name: object) -> bool:
    return isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)


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

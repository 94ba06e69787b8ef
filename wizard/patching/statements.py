"""libcst helpers for class-body statements: what they bind and use, their leading lines."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst


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


def statement_with_value(
    statement: cst.BaseStatement, value: cst.BaseExpression
) -> cst.BaseStatement:
    assert isinstance(statement, cst.SimpleStatementLine)
    small = statement.body[0]
    assert isinstance(small, cst.Assign)
    return statement.with_changes(body=[small.with_changes(value=value)])


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

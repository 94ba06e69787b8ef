"""libcst edits at the level of a models module: parse it, find classes and names, insert code."""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst

from wizard.errors import PlanError


def parse_module(path: str, source: str) -> cst.Module:
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        raise PlanError(
            f"Cannot parse {path!r} (line {exc.raw_line}): {exc.message}; fix the file first."
        ) from None


def find_class(module: cst.Module, name: str) -> cst.ClassDef | None:
    """Return the top-level class ``name`` of ``module``."""
    for statement in module.body:
        if isinstance(statement, cst.ClassDef) and statement.name.value == name:
            return statement
    return None


def top_level_names(module: cst.Module) -> set[str]:
    """Return the names bound at the top level of ``module`` (classes, functions, assignments)."""
    names: set[str] = set()
    for statement in module.body:
        if isinstance(statement, cst.ClassDef | cst.FunctionDef):
            names.add(statement.name.value)
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                names |= _bound_names(small)
    return names


def _bound_names(small: cst.BaseSmallStatement) -> set[str]:
    if isinstance(small, cst.Assign):
        return {t.target.value for t in small.targets if isinstance(t.target, cst.Name)}
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        return {small.target.value}
    if isinstance(small, cst.Import | cst.ImportFrom) and not isinstance(
        small.names, cst.ImportStar
    ):
        names = set()
        for alias in small.names:
            bound = alias.asname.name if alias.asname else alias.name
            if isinstance(bound, cst.Name):
                names.add(bound.value)
            elif isinstance(bound, cst.Attribute):
                names.add(_dotted(bound).split(".")[0])
        return names
    return set()


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def models_alias(module: cst.Module) -> str | None:
    """Return how ``module`` names ``django.db.models`` (``models`` usually), if it imports it."""
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                if small.module is None or _dotted(small.module) != "django.db":
                    continue
                for alias in small.names:
                    if isinstance(alias.name, cst.Name) and alias.name.value == "models":
                        asname = alias.asname.name if alias.asname else alias.name
                        return asname.value if isinstance(asname, cst.Name) else None
            elif isinstance(small, cst.Import):
                for alias in small.names:
                    if _dotted(alias.name) == "django.db.models" and alias.asname is None:
                        return "django.db.models"
    return None


def ensure_models_import(module: cst.Module) -> tuple[cst.Module, str]:
    """Return ``module`` importing ``django.db.models`` (added after the imports if missing)."""
    alias = models_alias(module)
    if alias is not None:
        return module, alias
    if "models" in top_level_names(module):
        raise PlanError(
            "The models file binds the name 'models' to something other than django.db.models; "
            "add 'from django.db import models as django_models' to it first."
        )
    body = list(module.body)
    position = 0
    for index, statement in enumerate(body):
        if isinstance(statement, cst.SimpleStatementLine) and any(
            isinstance(s, cst.Import | cst.ImportFrom) for s in statement.body
        ):
            position = index + 1
    body.insert(position, cst.parse_statement("from django.db import models\n"))
    return module.with_changes(body=body), "models"


def insert_after(module: cst.Module, after: Iterable[str], code: str) -> cst.Module:
    """Return ``module`` with the statements of ``code`` after the last of the classes ``after``.

    Two blank lines separate the new statements from their neighbours, as PEP 8 asks.
    """
    wanted = set(after)
    body = list(module.body)
    positions = [
        index
        for index, statement in enumerate(body)
        if isinstance(statement, cst.ClassDef) and statement.name.value in wanted
    ]
    if not positions:
        raise PlanError(f"None of the classes {sorted(wanted)!r} is defined in the models file.")
    position = max(positions) + 1
    blank = cst.EmptyLine(indent=False, whitespace=cst.SimpleWhitespace(""))
    new = list(cst.parse_module(code).body)
    new[0] = new[0].with_changes(leading_lines=[blank, blank])
    if position < len(body):
        following = body[position]
        if len(following.leading_lines) < 2:
            body[position] = following.with_changes(leading_lines=[blank, blank])
    body[position:position] = new
    return module.with_changes(body=body)


def export_beside(module: cst.Module, beside: str, name: str) -> cst.Module:
    """Return ``module`` with ``name`` listed in ``__all__`` after ``beside``, when it lists it.

    A models module that names its exports (``from .planes import *`` in the package's
    ``__init__``) must export a new model too, or ``from app.models import Name`` fails.
    """
    for value in _all_lists(module):
        elements = list(value.elements)
        listed = _listed(elements)
        if beside not in listed or name in listed:
            return module
        index = listed.index(beside)
        old = elements[index]
        quote = old.value.quote  # type: ignore[attr-defined]
        # The new name takes the old one's comma (a trailing one too); the old one takes its
        # neighbour's separator, so one-line and one-per-line lists both keep their shape.
        new = old.with_changes(value=cst.SimpleString(f"{quote}{name}{quote}"))
        if index:
            separator = elements[index - 1].comma
        elif isinstance(old.comma, cst.Comma) and len(elements) > 1:
            separator = old.comma
        else:
            separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        elements[index] = old.with_changes(comma=separator)
        elements.insert(index + 1, new)
        return replace_node(module, value, value.with_changes(elements=elements))
    return module


def unexport(module: cst.Module, name: str) -> cst.Module:
    """Return ``module`` without ``name`` in its ``__all__`` (a class the patch deletes)."""
    for value in _all_lists(module):
        elements = list(value.elements)
        listed = _listed(elements)
        if name not in listed:
            continue
        index = listed.index(name)
        removed = elements.pop(index)
        if index == len(elements) and index:
            # The last one goes: the one before it ends the list as it did (trailing comma or not).
            elements[index - 1] = elements[index - 1].with_changes(comma=removed.comma)
        module = replace_node(module, value, value.with_changes(elements=elements))
    return module


def _all_lists(module: cst.Module) -> list[cst.List | cst.Tuple]:
    """Return the list or tuple literals assigned to ``__all__`` at the top of ``module``."""
    found = []
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
                and small.targets[0].target.value == "__all__"
                and isinstance(small.value, cst.List | cst.Tuple)
            ):
                found.append(small.value)
    return found


def _listed(elements: list[cst.BaseElement]) -> list[object]:
    return [
        e.value.evaluated_value if isinstance(e.value, cst.SimpleString) else None for e in elements
    ]


def replace_node(module: cst.Module, old: cst.CSTNode, new: cst.CSTNode) -> cst.Module:
    """Return ``module`` with the node ``old`` (found by identity) replaced by ``new``."""
    replaced = module.deep_replace(old, new)
    assert isinstance(replaced, cst.Module)
    return replaced


def code_of(module: cst.Module, node: cst.CSTNode) -> str:
    """Return the source text of ``node`` as it is written in ``module``."""
    return module.code_for_node(node)

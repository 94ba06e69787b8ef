"""What the plan kinds share to edit models files: reading them, libcst helpers, unified diffs.

The target's files are only ever read here; the edited sources become ``models.patch``, which the
person applies (``patch -p1`` or ``git apply``). libcst keeps comments and formatting as they are.
"""

from __future__ import annotations

import difflib
import keyword
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import libcst as cst

from wizard.errors import PlanError
from wizard.target import ModelInfo, Snapshot


def read_sources(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """Return ``{path: text}`` of the target's files (paths relative to its root), read only."""
    sources = {}
    for path in sorted(set(paths)):
        try:
            sources[path] = (root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PlanError(
                f"Cannot read {path!r} in the target ({exc.__class__.__name__}); "
                "check the file exists and is UTF-8."
            ) from None
    return sources


def model_source_path(snapshot: Snapshot, model: ModelInfo) -> str:
    """Return where ``model``'s class is defined (relative to the target), or raise PlanError."""
    path = model.source_file
    if not path or Path(path).is_absolute() or not path.endswith(".py"):
        raise PlanError(
            f"The source of model {model.label!r} is not a Python file inside the project "
            f"({path!r}); the wizard can only patch the project's own models files."
        )
    return path


def models_sources(snapshot: Snapshot, models: Iterable[ModelInfo]) -> dict[str, str]:
    """Return the sources of the files that define ``models``."""
    return read_sources(snapshot.target.root, (model_source_path(snapshot, m) for m in models))


def project_models_sources(snapshot: Snapshot) -> dict[str, str]:
    """Return the sources of every file that defines a model of the project's own apps."""
    own = {app.label for app in snapshot.own_apps()}
    paths = {
        m.source_file
        for m in snapshot.models
        if m.app_label in own
        and m.source_file
        and m.source_file.endswith(".py")
        and not Path(m.source_file).is_absolute()
    }
    return read_sources(snapshot.target.root, paths)


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


def replace_node(module: cst.Module, old: cst.CSTNode, new: cst.CSTNode) -> cst.Module:
    """Return ``module`` with the node ``old`` (found by identity) replaced by ``new``."""
    replaced = module.deep_replace(old, new)
    assert isinstance(replaced, cst.Module)
    return replaced


def code_of(module: cst.Module, node: cst.CSTNode) -> str:
    """Return the source text of ``node`` as it is written in ``module``."""
    return module.code_for_node(node)


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


def unified_diff(before: Mapping[str, str], after: Mapping[str, str]) -> str:
    """Return a patch from ``before`` to ``after`` ({path: text}) for ``patch -p1``/``git apply``.

    Only files whose text changed appear, in path order; a file without a final newline gets the
    ``\\ No newline at end of file`` marker both tools expect.
    """
    chunks = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path, ""), after.get(path, "")
        if old == new:
            continue
        created = path not in before
        lines = difflib.unified_diff(
            _lines(old),
            _lines(new),
            fromfile="/dev/null" if created else f"a/{path}",
            tofile=f"b/{path}",
            n=3,
        )
        chunks.append(f"diff --git a/{path} b/{path}\n")
        if created:
            chunks.append("new file mode 100644\n")
        for line in lines:
            chunks.append(
                line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            )
    return "".join(chunks)


def _lines(text: str) -> list[str]:
    # Split on "\n" only: str.splitlines() would also split on form feeds and U+2028 inside strings.
    return re.findall(r"[^\n]*\n|[^\n]+$", text)

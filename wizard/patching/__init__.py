"""What the plan kinds share to edit models files: reading them, libcst helpers, unified diffs.

The target's files are only ever read here; the edited sources become ``models.patch``, which the
person applies (``patch -p1`` or ``git apply``). libcst keeps comments and formatting as they are.

- ``sources``: reading the project's models files, and the unified diff of edited copies;
- ``modules``: a module's classes and names, the ``models`` import, inserting code;
- ``calls``: a field's call, its keywords, the model a relation names;
- ``statements``: what a class-body statement binds and uses, its leading lines.
"""

from __future__ import annotations

from wizard.patching.calls import (
    RELATION_CLASSES,
    add_keyword,
    assigned_calls,
    find_field_call,
    is_identifier,
    keyword_string,
    python_literal,
    relation_target,
    remove_keyword,
)
from wizard.patching.modules import (
    code_of,
    ensure_models_import,
    export_beside,
    find_class,
    insert_after,
    models_alias,
    parse_module,
    replace_node,
    top_level_names,
    unexport,
)
from wizard.patching.sources import (
    model_source_path,
    models_sources,
    project_models_sources,
    read_sources,
    unified_diff,
)
from wizard.patching.statements import (
    assigned_names,
    is_docstring,
    is_string_group,
    leading_blank,
    statement_leading,
    statement_with_value,
    string_values,
    strip_blank,
    used_names,
    with_leading,
)

__all__ = [
    "RELATION_CLASSES",
    "add_keyword",
    "assigned_calls",
    "assigned_names",
    "code_of",
    "ensure_models_import",
    "export_beside",
    "find_class",
    "find_field_call",
    "insert_after",
    "is_docstring",
    "is_identifier",
    "is_string_group",
    "keyword_string",
    "leading_blank",
    "model_source_path",
    "models_alias",
    "models_sources",
    "parse_module",
    "project_models_sources",
    "python_literal",
    "read_sources",
    "relation_target",
    "remove_keyword",
    "replace_node",
    "statement_leading",
    "statement_with_value",
    "string_values",
    "strip_blank",
    "top_level_names",
    "unexport",
    "unified_diff",
    "used_names",
    "with_leading",
]

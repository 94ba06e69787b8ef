"""Edit the owner's models file for an ``m2m_through`` plan: add the through class and ``through=``.

The through class mirrors what the migration declares (the child's ``builders/m2m_through.py``):
same two foreign-key names, ``unique_together`` for the pair, ``db_table`` when the table keeps
its name. The final ``makemigrations --check`` in the preview proves the two agree.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import libcst as cst

from wizard import patching
from wizard.errors import PlanError
from wizard.snapshot import M2MInfo, ModelInfo

if TYPE_CHECKING:
    from wizard.plans.m2m_through import M2MThroughPlan

# Keyword arguments of the ManyToManyField that its auto-created table's foreign keys inherit.
INHERITED_KEYWORDS = ("db_constraint", "db_tablespace")


def patch_models_file(
    plan: M2MThroughPlan, model: ModelInfo, m2m: M2MInfo, path: str, source: str
) -> str:
    """Return ``source`` with ``through=`` on the field and the through class after its models."""
    module = patching.parse_module(path, source)
    classdef = patching.find_class(module, model.name)
    if classdef is None:
        raise PlanError(
            f"Cannot find 'class {model.name}' at the top level of {path!r}; the wizard edits "
            "the class where the model is defined."
        )
    call = patching.find_field_call(classdef, m2m.name)
    if call is None:
        raise PlanError(
            f"Cannot find '{m2m.name} = models.ManyToManyField(...)' in class {model.name} of "
            f"{path!r}; write the field as a plain assignment in the class body first."
        )
    if plan.through in patching.top_level_names(module):
        raise PlanError(
            f"{path!r} already defines the name {plan.through!r}; choose another through model "
            "name."
        )
    target = target_expression(module, call, model, m2m)
    inherited = {
        arg.keyword.value: patching.code_of(module, arg.value)
        for arg in call.args
        if arg.keyword is not None and arg.keyword.value in INHERITED_KEYWORDS
    }
    # Django refuses db_table beside through=: the through model's Meta names the table now.
    new_call = patching.add_keyword(
        patching.remove_keyword(call, "db_table"), "through", json.dumps(plan.through)
    )
    if m2m.declared_fields != (m2m.source_field, m2m.target_field):
        new_call = patching.add_keyword(
            new_call, "through_fields", repr(tuple(m2m.declared_fields)).replace("'", '"')
        )
    module = patching.replace_node(module, call, new_call)
    module, alias = patching.ensure_models_import(module)
    code = through_class(plan, model, m2m, alias, target, inherited)
    after = [model.name]
    if patching.find_class(module, bare_name(target)) is not None:
        after.append(bare_name(target))
    module = patching.insert_after(module, after, code)
    return patching.export_beside(module, model.name, plan.through).code


def target_expression(module: cst.Module, call: cst.Call, model: ModelInfo, m2m: M2MInfo) -> str:
    """Return how the field names its target, as written (the owner's name for "self")."""
    node: cst.BaseExpression | None = None
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    if positional:
        node = positional[0].value
    else:
        node = next(
            (a.value for a in call.args if a.keyword is not None and a.keyword.value == "to"),
            None,
        )
    if node is None:
        raise PlanError(
            f"Cannot tell which model {m2m.label!r} points to from its source; pass the model "
            "as the field's first argument."
        )
    if m2m.target.lower() == model.label.lower():
        return model.name  # "self" inside the through class would mean the through model
    return patching.code_of(module, node)


def bare_name(expression: str) -> str:
    return expression.strip("\"'").rsplit(".", 1)[-1]


def through_class(
    plan: M2MThroughPlan,
    model: ModelInfo,
    m2m: M2MInfo,
    alias: str,
    target: str,
    inherited: dict[str, str],
) -> str:
    """Return the source of the through model class."""
    self_referential = m2m.target.lower() == model.label.lower()
    lines = [f"class {plan.through}({alias}.Model):"]
    if m2m.explicit_pk_class:
        # The table's id was made from settings.DEFAULT_AUTO_FIELD, not the app's default.
        lines.append(f"    id = {alias}.{m2m.explicit_pk_class}(primary_key=True)")
    source_name, target_name = m2m.declared_fields
    sides = (
        (source_name, m2m.source_field, m2m.source_column, model.name),
        (target_name, m2m.target_field, m2m.target_column, target),
    )
    for name, old_name, column, to in sides:
        arguments = [to, f"on_delete={alias}.CASCADE"]
        arguments += [f"{key}={value}" for key, value in inherited.items()]
        if name != old_name:  # a name Django forbids on a declared model: the column stays
            arguments.append(f"db_column={json.dumps(column)}")
        if self_referential:
            arguments.append('related_name="+"')
        lines.append(f"    {name} = {alias}.ForeignKey({', '.join(arguments)})")
    for extra in plan.extra_fields:
        options = ", ".join(f"{k}={patching.python_literal(v)}" for k, v in extra.options.items())
        lines.append(f"    {extra.name} = {alias}.{extra.type}({options})")
    lines += ["", "    class Meta:"]
    if plan.table == "keep":
        lines.append(f"        db_table = {json.dumps(m2m.table)}")
    lines.append(f'        unique_together = [("{source_name}", "{target_name}")]')
    return "\n".join(lines) + "\n"

"""In which order the rehearsal fills models: foreign keys first, cycles broken on nullable keys.

Runs inside the target's interpreter: standard library + Django only, Python 3.8+.
"""

from __future__ import annotations


def relation_targets(model, *, many_to_many):
    targets = [
        field.remote_field.model._meta.concrete_model
        for field in model._meta.concrete_fields
        if is_key(field)
    ]
    if many_to_many:
        targets += [
            f.remote_field.model._meta.concrete_model for f in model._meta.local_many_to_many
        ]
    return targets


def is_key(field):
    """Return whether ``field`` is a foreign key or one-to-one column (not a parent pointer)."""
    return (
        field.is_relation
        and field.remote_field.model is not None
        and not getattr(field.remote_field, "parent_link", False)
    )


def deferred_keys(order):
    """Return the nullable keys to set after every insert, and models that cannot be filled.

    A key points "forward" when its model comes first in the order (a cycle was broken there) or
    at its own model (a tree): it is left empty at insert and set afterwards.
    """
    position = {model: index for index, model in enumerate(order)}
    deferred, impossible = [], {}
    for model in order:
        for field in model._meta.concrete_fields:
            if not is_key(field):
                continue
            target = field.remote_field.model._meta.concrete_model
            if target is model._meta.concrete_model or position.get(target, -1) > position[model]:
                if field.null:
                    deferred.append((model, field))
                else:
                    impossible[model] = (
                        "its non-nullable field %r points at its own model, so no first row can "
                        "be inserted" % field.name
                    )
    return deferred, impossible


def fill_order(models):
    """Return the models in foreign-key order, and those whose non-null keys form a cycle."""
    remaining: dict = {model: set() for model in models}
    nullable: dict = {}
    for model in models:
        for parent in model._meta.get_parent_list():
            if parent in remaining:
                remaining[model].add(parent)  # parent-only rows first: children share the table
        for field in model._meta.concrete_fields:
            if not is_key(field):
                continue  # the parent row of a multi-table child is inserted with it
            target = field.remote_field.model._meta.concrete_model
            if target is model._meta.concrete_model or target not in remaining:
                continue
            remaining[model].add(target)
            if field.null:
                nullable.setdefault(model, []).append(field)
    order = []
    while remaining:
        ready = [m for m, needs in remaining.items() if not needs]
        if not ready:
            breakable = [
                m
                for m, needs in remaining.items()
                if needs <= {f.remote_field.model._meta.concrete_model for f in nullable.get(m, [])}
            ]
            if not breakable:
                break
            ready = breakable[:1]
        for model in sorted(ready, key=lambda m: m._meta.label):
            order.append(model)
            del remaining[model]
        for needs in remaining.values():
            needs.difference_update(ready)
    cyclic = [
        (
            model,
            "its non-nullable foreign keys form a cycle with %s"
            % ", ".join(sorted(t._meta.label for t in needs)),
        )
        for model, needs in sorted(remaining.items(), key=lambda item: item[0]._meta.label)
    ]
    return order, cyclic

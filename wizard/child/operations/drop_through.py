"""The function a drop-through migration runs first, when the through model allows duplicate pairs.

The writer copies ``pairs_once`` into the generated migration file (with ``functools.partial``
carrying its arguments), so it uses nothing but Django and works with Django 4.2 to 6.x and
Python 3.8+.
"""


def pairs_once(apps, schema_editor, app_label, model_name, source, target, remove):
    """Refuse (or, with ``remove``, delete all but the lowest id of) duplicate pairs.

    Runs before any DDL of the migration, so a refusal leaves the database as it was, even on
    MySQL/MariaDB, whose DDL cannot be rolled back. Django's auto-created table has a unique pair.
    """
    from django.db.models import Count, Min

    model = apps.get_model(app_label, model_name)
    rows = model._default_manager.using(schema_editor.connection.alias)
    groups = (
        rows.values(source, target)
        .annotate(copies=Count("pk"), lowest=Min("pk"))
        .filter(copies__gt=1)
        .order_by()
    )
    found = list(groups)
    if not found:
        return
    extra = sum(group["copies"] - 1 for group in found)
    if not remove:
        raise RuntimeError(
            "%s.%s holds %d duplicate pairs (%d rows too many); Django's own table allows each "
            'pair once. Remove them, or make the bundle again with "duplicates": "remove" '
            "(keeps the lowest id of each pair)."
            % (app_label, model._meta.object_name, len(found), extra)
        )
    for group in found:
        pair = {source: group[source], target: group[target]}
        rows.filter(**pair).exclude(pk=group["lowest"]).delete()

"""Values for fields whose save path refuses the rehearsal's awkward ones.

A field class of the target's (or a third-party package's) may check what it saves: a JSONField
that takes only its editor's documents, a stream of blocks, a CharField that takes only IP
addresses. Each value made for such a field is first offered to the field itself (``to_python``,
as a model instance does on assignment, then ``get_db_prep_save``); a refused value is replaced by
the first fallback the field accepts: its default, NULL, empty JSON, then values that look like
what common validators want. Django's own fields take the made values as they are.
Runs inside the target's interpreter: standard library + Django only, Python 3.8+.
"""

from __future__ import annotations

import functools

from . import values as rehearsal_values

LOOKALIKES = (
    rehearsal_values.ip_value,
    rehearsal_values.email,
    rehearsal_values.url,
    rehearsal_values.slug,
)


def accepting(field, make, *, use_tz):
    """Return ``make`` (row number -> value), with refused values replaced by fallbacks."""
    if type(field).__module__.startswith("django."):
        return make
    from django.db import connection

    fallbacks = fallback_makers(field, use_tz)

    def accepted(number):
        made = make(number)
        refusal = refused(field, made, connection)
        if refusal is None:
            return made
        for fallback in fallbacks:
            value = fallback(number)
            if refused(field, value, connection) is None:
                return value
        raise rehearsal_values.CannotFill(
            "field %r is a %s that refuses every value the rehearsal tried (%s); give it a "
            "default that it accepts, or null=True"
            % (field.name, type(field).__name__, type(refusal).__name__)
        )

    return accepted


def accepted_value(field, number, *, use_tz, cautious=False):
    """Return the value row ``number`` gets in ``field``, one that the field accepts."""
    make = rehearsal_values.maker(field, use_tz=use_tz, cautious=cautious)
    return accepting(field, make, use_tz=use_tz)(number)


def refused(field, value, connection):
    """Return the exception ``field`` raises when it is given ``value`` to save, else None."""
    try:
        field.to_python(value)
        field.get_db_prep_save(value, connection)
    except Exception as exc:  # whatever a field of the target raises is a refusal
        return exc
    return None


def fallback_makers(field, use_tz):
    """Return the fallbacks (row number -> value) in the order they are tried.

    Constants (the default, NULL, empty JSON) come last for a unique field: they fit one row.
    Empty JSON is the last resort of other fields too: a text field may store lists (pretix's).
    """
    constants: list = []
    if field.has_default():
        constants.append(lambda number: field.get_default())
    if field.null:
        constants.append(lambda number: None)
    empty: list = [lambda number: [], lambda number: {}]
    if is_json(field):
        constants += empty
    lookalikes: list = [functools.partial(lookalike, make, field, use_tz) for make in LOOKALIKES]
    tried = lookalikes + constants if field.unique else constants + lookalikes
    return tried if is_json(field) else tried + empty


def lookalike(make, field, use_tz, number):
    return make(field, number, use_tz)


def is_json(field):
    from django.db import models

    return isinstance(field, models.JSONField) or field.get_internal_type() == "JSONField"

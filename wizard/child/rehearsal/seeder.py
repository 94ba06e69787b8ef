"""The rows a rehearsal seeds: ``Seeder(rows).run()`` fills every model of the target's own apps.

About ``rows`` rows each (``bulk_create``, in foreign-key order), plus whatever models outside them
its foreign keys need (``auth.User``…). Ids get gaps and the sequences a high-water mark above the
largest id, like a table that has lived; every M2M field gets pairs. Models that cannot be filled
are kept with the reason (``unfilled``), never skipped silently.
"""

from __future__ import annotations

import time

from .. import progress
from ..inspect_models import m2m_fields
from . import db as rehearsal_db
from . import fallbacks as rehearsal_fallbacks
from . import values as rehearsal_values
from .order import deferred_keys, fill_order, relation_targets
from .rows import (
    BATCH,
    insert_many,
    mixed_radix,
    nulls_are_equal,
    product,
    spread_fields,
    taken_already,
    unique_sets,
)

PAIRS_PER_SOURCE = 1.5  # pair_values gives 0 to 3 pairs per source row: 1.5 on average
EXHAUSTED = object()  # a one-to-one has no unused target left: no more rows
CANDIDATES_PER_ROW = 4
CHILD_OFFSET = 1000000  # row numbers of multi-table children, so parents' unique values differ


class Seeder:
    def __init__(self, rows):
        from django.conf import settings

        self.rows = max(rows, 1)
        self.use_tz = bool(getattr(settings, "USE_TZ", False))
        self.cautious = False
        self.filled = {}
        self.pairs = {}
        self.unfilled = []
        self.outside = set()
        self.failed = set()
        self.deferred = []  # (model, field): nullable foreign keys filled once every model is
        self.pools = {}
        self.children = 0
        # How far the seeding got, for the progress events: rows inserted (before the gaps are
        # made), the rows it expects to insert in all, and the models and M2M fields done.
        self.inserted = 0
        self.expected = 0
        self.done = 0
        self.total = 0
        self.began = time.monotonic()

    # -- which models, in which order ---------------------------------------------------------

    def run(self):
        from django.db import connection

        own = rehearsal_db.own_models()
        fillable = rehearsal_db.with_tables(connection, own)
        for model in own:
            if model not in fillable:
                self.skip(model, "it is unmanaged (managed = False), so migrate creates no table")
        order, cyclic = fill_order(self.with_needed_targets(fillable))
        for model, reason in cyclic:
            self.skip(model, reason)
        self.deferred, impossible = deferred_keys(order)
        self.expect([m for m in order if m not in impossible], fillable)
        for model in order:
            if model in impossible:
                self.skip(model, impossible[model])
            else:
                self.fill(model)
                self.finished_one()
        for model, field in self.deferred:
            self.carefully(self.fill_deferred, model, field, "setting it afterwards failed")
        for model in fillable:
            if model not in self.failed:
                for field in m2m_fields(model):
                    self.carefully(self.fill_pairs, model, field, "adding pairs failed")
                    self.finished_one()
        self.expected = self.inserted  # done: what was an estimate is now the count
        self.tell(force=True)

    # -- progress -----------------------------------------------------------------------------

    def expect(self, models, fillable):
        """Count the rows and pairs the seeding is about to insert (for the time left)."""
        wanted = self.rows + self.rows // 7 + 2
        fields = sum(len(m2m_fields(model)) for model in fillable)
        self.total = len(models) + fields
        self.expected = len(models) * wanted + int(fields * self.rows * PAIRS_PER_SOURCE)
        self.began = time.monotonic()
        self.tell(force=True)

    def count(self, rows):
        self.inserted += rows
        self.tell()

    def finished_one(self):
        self.done += 1
        self.tell()

    def tell(self, force=False):
        progress.tell(
            {
                "event": "seeding",
                "rows": self.inserted,
                "expected_rows": max(self.expected, self.inserted),
                "models_done": self.done,
                "models_total": self.total,
                "seconds": round(time.monotonic() - self.began, 3),
            },
            force=force,
        )

    def with_needed_targets(self, models):
        """Add the models outside the own apps whose rows foreign keys need (if they have none)."""
        needed = list(models)
        for model in needed:
            for target in relation_targets(model, many_to_many=model in models):
                if target in needed or not target._meta.managed:
                    continue
                if target._base_manager.exists():
                    continue  # content types, permissions…: use the rows migrate made
                needed.append(target)
                self.outside.add(target._meta.label)
        return needed

    def carefully(self, fill, model, field, failure):
        """Run ``fill(model, field)``; when the target's code or database refuses, say so."""
        try:
            fill(model, field)
        except Exception as exc:  # one field left empty is said; the rehearsal goes on
            self.unfilled.append(
                {
                    "model": "%s.%s" % (model._meta.label, field.name),
                    "reason": "%s: %s" % (failure, one_line(exc)),
                }
            )

    def skip(self, model, reason):
        self.failed.add(model)
        self.unfilled.append({"model": model._meta.label, "reason": reason})

    # -- one model ----------------------------------------------------------------------------

    def fill(self, model):
        from django.db import DatabaseError

        try:
            self.fill_once(model)
        except DatabaseError:
            if not has_check_constraints(model):
                raise
            # A CHECK constraint refused the varied values (negative numbers, NULLs, blanks):
            # try once more with cautious ones before naming the model as unfilled.
            self.cautious = True
            try:
                self.fill_once(model)
            finally:
                self.cautious = False

    def fill_once(self, model):
        from django.db import DatabaseError, transaction

        try:
            rows = self.candidate_rows(model)
            if not rows:
                raise rehearsal_values.CannotFill("its unique constraints allow no row")
            with transaction.atomic():
                existing = set(model._base_manager.values_list("pk", flat=True))
                self.insert(model, rows)
                kept = self.make_gaps(model, existing)
        except rehearsal_values.CannotFill as exc:
            self.skip(model, str(exc))
            return
        except DatabaseError as exc:
            if has_check_constraints(model) and not self.cautious:
                raise
            self.skip(model, "inserting its rows failed: %s" % one_line(exc))
            return
        except Exception as exc:  # the target's own code (a field, a save path) failed on a row
            self.skip(model, "inserting its rows failed: %s" % one_line(exc))
            return
        self.filled[model._meta.label] = kept
        if len(rows) < self.rows:
            self.unfilled.append(
                {
                    "model": model._meta.label,
                    "reason": "only %d rows: its unique constraints allow no more combinations "
                    "of the related rows" % kept,
                }
            )

    def insert(self, model, rows):
        if model._meta.parents:
            # One table at a time will not do: save_base inserts the parent row, then the child.
            for row in rows:
                model(**row).save_base()
                self.count(1)
        else:
            insert_many(model, rows, self.count)

    def make_gaps(self, model, existing=frozenset()):
        """Delete every eighth new row and the two newest: gaps, and a sequence above max(id).

        Rows that were there before (a data migration's) are kept: something may point at them.
        """
        pks = [
            pk
            for pk in model._base_manager.order_by("pk").values_list("pk", flat=True)
            if pk not in existing
        ]
        doomed = [pk for position, pk in enumerate(pks) if position % 8 == 5]
        if len(pks) > 4:
            doomed += [pk for pk in pks[-2:] if pk not in doomed]
        for start in range(0, len(doomed), BATCH):
            doomed_rows = model._base_manager.filter(pk__in=doomed[start : start + BATCH])
            if model._meta.parents or not hasattr(doomed_rows, "_raw_delete"):
                doomed_rows.delete()  # the parent rows go too
            else:
                # Nothing points at rows inserted a moment ago: no cascade to collect.
                doomed_rows._raw_delete(doomed_rows.db)
        return len(pks) - len(doomed) + len(existing)

    def candidate_rows(self, model):
        """Return the rows to insert (attname -> value), honouring every unique constraint."""
        fields = [f for f in model._meta.concrete_fields if self.settable(model, f)]
        unique = unique_sets(model, fields)
        spread = spread_fields(unique)
        sizes = [self.domain(f) for f in spread]
        capacity = product(sizes) if spread else None
        offset = 0
        if model._meta.parents:
            self.children += 1
            offset = CHILD_OFFSET * self.children
        columns = [(f.attname, self.column(f, spread, offset)) for f in fields]
        wanted = self.rows + self.rows // 7 + 2
        rows: list = []
        seen = taken_already(unique)
        limit = wanted * CANDIDATES_PER_ROW + 100 + sum(len(taken) for taken in seen)
        if capacity is not None:
            limit = min(limit, capacity)
        groups = [[f.attname for f in group] for group in unique]
        for i in range(limit):
            digits = mixed_radix(i, sizes)
            row = {}
            for attname, make in columns:
                row[attname] = make(i, digits)
                if row[attname] is EXHAUSTED:
                    return rows
            keys = [tuple(row[name] for name in group) for group in groups]
            if any(None not in key and key in done for key, done in zip(keys, seen)):
                continue
            for key, done in zip(keys, seen):
                done.add(key)
            rows.append(row)
            if len(rows) == wanted:
                break
        return rows

    def settable(self, model, field):
        if rehearsal_values.is_auto_pk(field) or rehearsal_values.is_generated(field):
            return False
        remote = getattr(field, "remote_field", None)
        if remote is not None and getattr(remote, "parent_link", False) and model._meta.parents:
            return False  # the pointer to a multi-table parent: save_base sets it
        return not any(m is model and f is field for m, f in self.deferred)

    def domain(self, field):
        if field.is_relation:
            return len(self.pool(field))
        return rehearsal_values.limited_domain(field) or 1

    def column(self, field, spread, offset):
        """Return ``make(i, digits)``: the value of ``field`` in candidate row ``i``."""
        if field in spread:
            position = spread.index(field)
            if field.is_relation:
                pool = self.pool(field)
                return lambda i, digits: pool[digits[position]]
            if field.choices:
                choices = rehearsal_values.choice_values(field)
                return lambda i, digits: choices[digits[position]]
            return lambda i, digits: digits[position] == 0
        if field.is_relation:
            pool = self.pool(field)
            if field.unique:
                return lambda i, digits: pool[i] if i < len(pool) else EXHAUSTED
            if field.null:
                return lambda i, digits: None if i % 5 == 4 else pool[i % len(pool)]
            return lambda i, digits: pool[i % len(pool)]
        make = rehearsal_values.maker(field, use_tz=self.use_tz, cautious=self.cautious)
        nulls = field.null and not field.unique and not self.cautious and not nulls_are_equal(field)
        blanks = (
            field.blank
            and not field.unique
            and not field.choices
            and field.get_internal_type() in ("CharField", "TextField")
            and not self.cautious
        )

        def scalar(number):
            if nulls and number % 5 == 4:
                return None
            if blanks and number % 7 == 3:
                return ""
            return make(number)

        accepted = rehearsal_fallbacks.accepting(field, scalar, use_tz=self.use_tz)
        return lambda i, digits: accepted(i + offset)

    def pool(self, field):
        """Return the values a foreign key can take: the target's rows, oldest first."""
        target = field.remote_field.model._meta.concrete_model
        key = (target, field.target_field.attname)
        if key not in self.pools:
            if target in self.failed:
                raise rehearsal_values.CannotFill(
                    "its field %r needs rows of %s, which could not be filled"
                    % (field.name, target._meta.label)
                )
            values = list(
                target._base_manager.order_by("pk").values_list(key[1], flat=True)[:100000]
            )
            self.pools[key] = values
        values = self.pools[key]
        if not values and not field.null:
            raise rehearsal_values.CannotFill(
                "its field %r needs rows of %s, which has none" % (field.name, target._meta.label)
            )
        return values or [None]

    # -- after every model --------------------------------------------------------------------

    def fill_deferred(self, model, field):
        """Point a nullable foreign key that closes a cycle (or points at its own model)."""
        if model in self.failed or field.remote_field.model._meta.concrete_model in self.failed:
            return
        self.pools.pop(
            (field.remote_field.model._meta.concrete_model, field.target_field.attname), None
        )
        pool = self.pool(field)
        pks = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
        self_reference = field.remote_field.model._meta.concrete_model is model._meta.concrete_model
        updates = []
        for position, pk in enumerate(pks):
            if position % 5 == 4:
                continue
            if field.unique:
                target = pool[position] if position < len(pool) else None
            elif self_reference:
                target = pool[position // 2] if position else None  # a tree: parents come first
            else:
                target = pool[position % len(pool)]
            if target is not None:
                updates.append(model(pk=pk, **{field.attname: target}))
        model._base_manager.bulk_update(updates, [field.name], batch_size=BATCH)

    def fill_pairs(self, model, field):
        from django.db import transaction

        through = field.remote_field.through
        if not through._meta.auto_created:
            return  # an explicit through model is one of the own models, filled as such
        target = field.remote_field.model._meta.concrete_model
        if target in self.failed:
            self.unfilled.append(
                {
                    "model": "%s.%s" % (model._meta.label, field.name),
                    "reason": "no pairs: %s could not be filled" % target._meta.label,
                }
            )
            return
        source_attname = through._meta.get_field(field.m2m_field_name()).attname
        target_attname = through._meta.get_field(field.m2m_reverse_field_name()).attname
        sources = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
        targets = list(target._base_manager.order_by("pk").values_list("pk", flat=True))
        pairs = pair_values(sources, targets, symmetrical=field.remote_field.symmetrical)
        with transaction.atomic():
            existing = set(through._base_manager.values_list("pk", flat=True))
            insert_many(
                through, [{source_attname: s, target_attname: t} for s, t in pairs], self.count
            )
            kept = self.make_gaps(through, existing)
        self.pairs["%s.%s" % (model._meta.label, field.name)] = kept


def pair_values(sources, targets, *, symmetrical):
    """Return 0 to 3 distinct targets per source, both ways round for a symmetrical field."""
    pairs: list = []
    seen: set = set()
    if not targets:
        return pairs
    for position, source in enumerate(sources):
        for j in range(position % 4):
            target = targets[(position * 7 + j * 3) % len(targets)]
            for pair in (
                ((source, target), (target, source)) if symmetrical else ((source, target),)
            ):
                if pair not in seen:
                    seen.add(pair)
                    pairs.append(pair)
    return pairs


def one_line(exc):
    text = " ".join(str(exc).split()) or type(exc).__name__
    return "%s: %s" % (type(exc).__name__, text[:300])


def has_check_constraints(model):
    """Return whether the model's table (or a parent's) declares a CHECK constraint."""
    from django.db import models

    return any(
        isinstance(constraint, models.CheckConstraint)
        for klass in [model, *model._meta.get_parent_list()]
        for constraint in klass._meta.constraints
    )

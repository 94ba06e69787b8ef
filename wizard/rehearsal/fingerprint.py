"""Compare fingerprints (every row by pk, every M2M pair) and say exactly what was lost.

A fingerprint is the JSON the child's ``fingerprint`` command returns::

    {"models": {"app.Model": {"pk": "id", "fields": ["id", "name"], "rows": {"1": [1, "x"]}}},
     "m2m": {"app.Model.field": {"through": "app.Model_field", "source": "model",
                                 "target": "other", "pairs": {"7": [1, 2]}}}}

Values are already normalized by the child (dates as ISO text, decimals as text…), so equal
values are equal JSON.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

EXAMPLES = 3  # rows or pairs quoted per problem
SHOWN_KEYS = 8


@dataclass(frozen=True)
class Table:
    pk: str
    fields: list[str]
    rows: dict[str, list[Any]]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Table:
        return cls(data["pk"], list(data["fields"]), dict(data["rows"]))

    def column(self, name: str) -> dict[str, Any]:
        """Return ``{pk: value}`` of one field."""
        index = self.fields.index(name)
        return {pk: row[index] for pk, row in self.rows.items()}


@dataclass(frozen=True)
class Pairs:
    through: str
    source: str
    target: str
    pairs: dict[str, tuple[Any, Any]]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Pairs:
        pairs = {pk: (pair[0], pair[1]) for pk, pair in data["pairs"].items()}
        return cls(data["through"], data["source"], data["target"], pairs)


@dataclass(frozen=True)
class Fingerprint:
    models: dict[str, Table]
    m2m: dict[str, Pairs]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Fingerprint:
        return cls(
            {label: Table.from_json(t) for label, t in data["models"].items()},
            {label: Pairs.from_json(p) for label, p in data["m2m"].items()},
        )

    def row_count(self) -> int:
        return sum(len(table.rows) for table in self.models.values())

    def pair_count(self) -> int:
        return sum(len(pairs.pairs) for pairs in self.m2m.values())


def sort_keys(keys: Iterable[str]) -> list[str]:
    """Return primary keys in a readable order: numbers numerically, then the rest."""
    return sorted(
        keys, key=lambda key: (0, int(key), "") if key.lstrip("-").isdigit() else (1, 0, key)
    )


def show_keys(keys: Iterable[str]) -> str:
    ordered = sort_keys(keys)
    shown = ", ".join(ordered[:SHOWN_KEYS])
    return shown + (", …" if len(ordered) > SHOWN_KEYS else "")


def show_value(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def compare_rows(
    before: Fingerprint,
    after: Fingerprint,
    *,
    restored: bool = False,
    released: Collection[str] = (),
    rewritten: Collection[str] = (),
) -> list[str]:
    """Return one sentence per model whose rows or values differ from ``before``.

    With ``restored`` (after going back) models and fields that did not exist before are
    problems too; after a bundle they are expected (a new parent, a through model, a pointer).
    Models in ``released`` are ones the bundle removes on purpose (its kind's checks prove where
    their rows went): they are not read back. Fields in ``rewritten`` (``app.Model.field``) are
    ones whose values the bundle changes on purpose: their values are not compared.
    """
    problems = []
    for label, old in before.models.items():
        if label in released:
            continue
        new = after.models.get(label)
        if new is None:
            problems.append(f"{label} is gone: its {len(old.rows)} rows cannot be read.")
            continue
        skip = {name for name in old.fields if f"{label}.{name}" in rewritten}
        problems += compare_table(label, old, new, restored=restored, skip=skip)
    if restored:
        problems += [
            f"{label} still exists after going back ({len(table.rows)} rows)."
            for label, table in after.models.items()
            if label not in before.models
        ]
    return problems


def appeared_rows(
    before: Fingerprint, after: Fingerprint, *, released: Collection[str] = ()
) -> list[str]:
    """Return one sentence per model that holds rows it did not hold ``before``.

    Notes, not problems: no row is lost, and the project's own code adds rows while migrating
    (a ``post_migrate`` handler gives a new model its permissions in the project's own
    ``Permission`` model, say). The models a kind changes are checked exactly by its own checks.
    """
    notes = []
    for label, old in before.models.items():
        new = after.models.get(label)
        if label in released or new is None:
            continue
        extra = new.rows.keys() - old.rows.keys()
        if extra:
            notes.append(
                f"{label}: {len(extra)} rows appeared (pk {show_keys(extra)}), added while "
                "migrating (no row is lost)."
            )
    return notes


def compare_table(
    label: str, old: Table, new: Table, *, restored: bool, skip: Collection[str] = ()
) -> list[str]:
    problems = [
        f"{label}.{name} can no longer be read: the field is gone."
        for name in old.fields
        if name not in new.fields
    ]
    if restored:
        problems += [
            f"{label}.{name} still exists after going back."
            for name in new.fields
            if name not in old.fields
        ]
    missing = old.rows.keys() - new.rows.keys()
    if missing:
        problems.append(
            f"{label}: {len(missing)} of {len(old.rows)} rows are missing "
            f"(pk {show_keys(missing)})."
        )
    common = old.rows.keys() & new.rows.keys()
    for name in old.fields:
        if name in new.fields and name not in skip:
            problems += changed_values(label, name, old, new, common)
    return problems


def changed_values(label: str, name: str, old: Table, new: Table, keys: set[str]) -> list[str]:
    old_index, new_index = old.fields.index(name), new.fields.index(name)
    changed = [key for key in keys if old.rows[key][old_index] != new.rows[key][new_index]]
    if not changed:
        return []
    examples = "; ".join(
        f"pk {key}: {show_value(old.rows[key][old_index])} → {show_value(new.rows[key][new_index])}"
        for key in sort_keys(changed)[:EXAMPLES]
    )
    return [f"{label}.{name} changed in {len(changed)} rows ({examples})."]


def compare_pairs(
    before: Fingerprint, after: Fingerprint, *, released: Collection[str] = ()
) -> list[str]:
    """Return one sentence per M2M field whose pairs (or through-row ids) differ from ``before``
    (fields in ``released`` are compared by their kind's own checks)."""
    problems = []
    for label, old in before.m2m.items():
        if label in released:
            continue
        new = after.m2m.get(label)
        if new is None:
            problems.append(f"{label} is gone: its {len(old.pairs)} pairs cannot be read.")
            continue
        problems += pair_problems(label, old.pairs, new.pairs, f"through {new.through}")
    return problems


def pair_problems(
    label: str, old: Mapping[str, tuple[Any, Any]], new: Mapping[str, tuple[Any, Any]], where: str
) -> list[str]:
    """Compare pairs as a multiset, then the id each pair has in the through table."""
    old_pairs, new_pairs = Counter(old.values()), Counter(new.values())
    problems = []
    missing = old_pairs - new_pairs
    if missing:
        problems.append(
            f"{label}: {sum(missing.values())} of {len(old)} pairs are missing ({where}; "
            f"{show_pairs(missing)})."
        )
    extra = new_pairs - old_pairs
    if extra:
        problems.append(
            f"{label}: {sum(extra.values())} pairs appeared ({where}; {show_pairs(extra)})."
        )
    if not missing and not extra:
        moved = [pk for pk, pair in old.items() if new.get(pk) != pair]
        if moved:
            examples = "; ".join(
                f"pair {show_value(old[pk])} had id {pk}" for pk in sort_keys(moved)[:EXAMPLES]
            )
            problems.append(
                f"{label}: {len(moved)} pairs are there but under other through-row ids "
                f"({examples})."
            )
    return problems


def show_pairs(pairs: Counter[tuple[Any, Any]]) -> str:
    shown = [show_value(pair) for pair in sorted(pairs, key=repr)[:EXAMPLES]]
    return ", ".join(shown) + (", …" if len(pairs) > EXAMPLES else "")

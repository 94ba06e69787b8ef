"""The rehearsal's comparisons, on hand-made fingerprints: each loss is named precisely."""

from __future__ import annotations

from typing import Any

from wizard.rehearsal.checks import Observation, backward_checks, forward_checks, schema_problems
from wizard.rehearsal.fingerprint import Fingerprint, appeared_rows, compare_pairs, compare_rows

PLANES = {"pk": "id", "fields": ["id", "registration"],
          "rows": {"1": [1, "G-ABCD"], "2": [2, "EI-FAB"], "4": [4, "D-EXYZ"]}}  # fmt: skip
PILOTS = {"through": "part1.Plane_pilots", "source": "plane", "target": "user",
          "pairs": {"1": [1, 7], "2": [2, 7], "5": [4, 8]}}  # fmt: skip


def fingerprint(models: dict[str, Any], m2m: dict[str, Any] | None = None) -> Fingerprint:
    return Fingerprint.from_json({"models": models, "m2m": m2m or {}})


def observation(fp: Fingerprint, **extra: Any) -> Observation:
    data: dict[str, Any] = {
        "fingerprint": {
            "models": {
                label: {"pk": t.pk, "fields": t.fields, "rows": t.rows}
                for label, t in fp.models.items()
            },
            "m2m": {
                label: {
                    "through": p.through,
                    "source": p.source,
                    "target": p.target,
                    "pairs": {pk: list(pair) for pk, pair in p.pairs.items()},
                }
                for label, p in fp.m2m.items()
            },
        },
        "schema": {},
        "high_water_marks": {},
        "model_mismatches": [],
        "foreign_key_problems": [],
        "pending_changes": [],
        "state": {"applied": [], "leaves": {}},
    }
    data.update(extra)
    return Observation.from_json(data)


def test_compare_rows_unchanged_is_empty() -> None:
    before = fingerprint({"part1.Plane": PLANES})
    assert compare_rows(before, before) == []


def test_compare_rows_names_missing_new_and_changed_rows() -> None:
    before = fingerprint({"part1.Plane": PLANES})
    after = fingerprint(
        {"part1.Plane": {**PLANES, "rows": {"1": [1, "G-ABCD"], "2": [2, "D-EXYZ"], "9": [9, "X"]}}}
    )
    assert compare_rows(before, after) == [
        "part1.Plane: 1 of 3 rows are missing (pk 4).",
        "part1.Plane.registration changed in 1 rows (pk 2: 'EI-FAB' → 'D-EXYZ').",
    ]
    # Rows that appear are not rows lost: a note (a post_migrate handler adds permissions).
    assert appeared_rows(before, after) == [
        "part1.Plane: 1 rows appeared (pk 9), added while migrating (no row is lost)."
    ]


def test_compare_rows_reads_fields_by_name_whatever_the_pk_is_called() -> None:
    before = fingerprint({"part1.Plane": PLANES})
    child = {
        "pk": "aircraft_ptr",
        "fields": ["id", "registration", "aircraft_ptr"],
        "rows": {pk: [*row, row[0]] for pk, row in PLANES["rows"].items()},
    }
    assert compare_rows(before, fingerprint({"part1.Plane": child})) == []


def test_compare_rows_names_a_lost_field_and_a_lost_model() -> None:
    before = fingerprint({"part1.Plane": PLANES, "part1.Bay": {**PLANES, "rows": {}}})
    after = fingerprint({"part1.Plane": {"pk": "id", "fields": ["id"], "rows": {"1": [1]}}})
    assert compare_rows(before, after) == [
        "part1.Plane.registration can no longer be read: the field is gone.",
        "part1.Plane: 2 of 3 rows are missing (pk 2, 4).",
        "part1.Bay is gone: its 0 rows cannot be read.",
    ]


def test_compare_rows_restored_flags_what_is_left_over() -> None:
    before = fingerprint({"part1.Plane": PLANES})
    after = fingerprint(
        {
            "part1.Plane": {**PLANES, "fields": [*PLANES["fields"], "x"],
                            "rows": {k: [*v, None] for k, v in PLANES["rows"].items()}},
            "part1.Aircraft": PLANES,
        }
    )  # fmt: skip
    assert compare_rows(before, after, restored=True) == [
        "part1.Plane.x still exists after going back.",
        "part1.Aircraft still exists after going back (3 rows).",
    ]


def test_compare_pairs_names_missing_pairs_and_moved_ids() -> None:
    before = fingerprint({}, {"part1.Plane.pilots": PILOTS})
    lost = fingerprint({}, {"part1.Plane.pilots": {**PILOTS, "pairs": {"1": [1, 7]}}})
    renumbered = fingerprint(
        {}, {"part1.Plane.pilots": {**PILOTS, "pairs": {"1": [1, 7], "2": [2, 7], "6": [4, 8]}}}
    )
    assert compare_pairs(before, lost) == [
        "part1.Plane.pilots: 2 of 3 pairs are missing (through part1.Plane_pilots; (2, 7), (4, 8))."
    ]
    assert compare_pairs(before, renumbered) == [
        "part1.Plane.pilots: 1 pairs are there but under other through-row ids "
        "(pair (4, 8) had id 5)."
    ]


def test_forward_checks_find_misaligned_parent_ids() -> None:
    """The story's copy: parent ids 1, 2, 3 for children 1, 2, 4 (a gap at 3)."""
    plan = {"kind": "new_parent", "model": "part1.Plane", "parent": "Aircraft",
            "move_fields": ["registration"]}  # fmt: skip
    before = observation(fingerprint({"part1.Plane": PLANES}))
    aircraft = {"pk": "id", "fields": ["id", "registration"],
                "rows": {"1": [1, "G-ABCD"], "2": [2, "EI-FAB"], "3": [3, "D-EXYZ"]}}  # fmt: skip
    child = {
        "pk": "aircraft_ptr",
        "fields": ["id", "registration", "aircraft_ptr"],
        "rows": {"1": [1, "G-ABCD", 1], "2": [2, "EI-FAB", 2]},
    }
    facts = {"model": "part1.Plane", "parent": "part1.Aircraft", "model_parents": [],
             "state_parents": [], "move_fields": ["registration"]}  # fmt: skip
    after = observation(fingerprint({"part1.Plane": child, "part1.Aircraft": aircraft}), plan=facts)
    found, _notes = forward_checks(plan, before, after)
    failed = {check.name: check.items for check in found if not check.ok}
    assert failed == {
        "rows_kept": ["part1.Plane: 1 of 3 rows are missing (pk 4)."],
        "state_inherits": [
            "The patched models do not make part1.Plane inherit part1.Aircraft.",
            "The migration state does not make part1.Plane inherit part1.Aircraft: historical "
            "models (RunPython in later migrations) would not see the parent.",
        ],
        "parent_rows": [
            "part1.Aircraft has no row with the pk of 1 part1.Plane rows (pk 4).",
            "part1.Aircraft has 1 rows whose pk no part1.Plane had before (pk 3).",
            "1 part1.Plane rows are not readable with their parent (pk 4).",
        ],
    }


def test_forward_checks_through_rows_and_backfill() -> None:
    plan = {"kind": "m2m_through", "field": "core.Post.categories", "through": "PostCategory"}
    pairs = {"through": "core.Post_categories", "source": "post", "target": "category",
             "pairs": {"1": [1, 1], "3": [2, 1]}}  # fmt: skip
    before = observation(fingerprint({}, {"core.Post.categories": pairs}))
    through = {"pk": "id", "fields": ["id", "post", "category", "date_created"],
               "rows": {"1": [1, 1, 1, "2024-01-01"], "2": [2, 2, 1, None]}}  # fmt: skip
    backfill = {"date_created": {"mode": "equals", "value": "2024-01-01"}}
    facts = {"through": "core.PostCategory", "auto_created": False, "source": "post",
             "target": "category", "extra_fields": backfill}  # fmt: skip
    moved = {**pairs, "through": "core.PostCategory", "pairs": {"1": [1, 1], "2": [2, 1]}}
    after = observation(
        fingerprint({"core.PostCategory": through}, {"core.Post.categories": moved}), plan=facts
    )
    found, _notes = forward_checks(plan, before, after)
    failed = {check.name: check.items for check in found if not check.ok}
    assert failed == {
        "pairs_kept": [
            "core.Post.categories: 1 pairs are there but under other through-row ids "
            "(pair (2, 1) had id 3)."
        ],
        "through_rows": [
            "core.Post.categories: 1 pairs are there but under other through-row ids "
            "(pair (2, 1) had id 3)."
        ],
    }


def test_inserts_hold_new_parent_to_the_childs_high_water_mark() -> None:
    plan = {"kind": "new_parent", "model": "part1.Plane", "parent": "Aircraft"}
    before = observation(fingerprint({"part1.Plane": PLANES}), high_water_marks={"part1.Plane": 9})
    inserts = {"rows": [{"model": "part1.Aircraft", "pk": 5, "error": None},
                        {"model": "part1.Bay", "pk": 3, "error": None}], "pairs": []}  # fmt: skip
    after = observation(
        fingerprint({"part1.Plane": PLANES}),
        inserts=inserts,
        high_water_marks={"part1.Bay": 7},
        plan={"model": "part1.Plane", "parent": "part1.Aircraft",
              "model_parents": ["part1.Aircraft"], "state_parents": ["part1.Aircraft"]},
    )  # fmt: skip
    found, notes = forward_checks(plan, before, after)
    inserts_check = next(check for check in found if check.name == "inserts")
    assert inserts_check.items == [
        "part1.Aircraft: the new row got id 5, but part1.Plane had issued ids up to 9 before the "
        "bundle, so ids of deleted rows are issued again."
    ]
    assert notes == []


def test_backward_checks_hold_when_everything_is_back() -> None:
    before = observation(fingerprint({"part1.Plane": PLANES}, {"part1.Plane.pilots": PILOTS}))
    plan = {"kind": "new_parent", "model": "part1.Plane", "parent": "Aircraft"}
    found, _notes = backward_checks(plan, before, before)
    assert [(check.name, check.ok) for check in found] == [
        ("rows_restored", True),
        ("schema_restored", True),
        ("inserts_back", True),
        ("foreign_keys_back", True),
        ("makemigrations_back", True),
    ]


def test_schema_problems_name_columns_and_constraints() -> None:
    before = {"t": {"columns": {"id": ["integer", False], "x": ["varchar(5)", True]},
                    "constraints": ["primary key (id)"]}}  # fmt: skip
    after = {
        "t": {
            "columns": {"id": ["bigint", False]},
            "constraints": ["primary key (id)", "index (x)"],
        },
        "u": {"columns": {}, "constraints": []},
    }
    assert schema_problems(before, after) == [
        "Table u is still there.",
        "t.id: integer NOT NULL before, bigint NOT NULL now.",
        "t.x: varchar(5) NULL before, absent now.",
        "t: index (x) is new.",
    ]


def test_inserts_fail_when_a_new_through_model_reissues_old_pair_ids() -> None:
    plan = {"kind": "m2m_through", "field": "core.Post.categories", "through": "PostCategory"}
    pairs = {"through": "core.Post_categories", "source": "post", "target": "category",
             "pairs": {"1": [1, 1]}}  # fmt: skip
    before = observation(
        fingerprint({}, {"core.Post.categories": pairs}),
        high_water_marks={"core.Post_categories": 9},
    )
    inserts = {"rows": [{"model": "core.PostCategory", "pk": 2, "error": None}], "pairs": []}
    after = observation(
        fingerprint({}, {"core.Post.categories": {**pairs, "through": "core.PostCategory"}}),
        inserts=inserts,
        plan={"through": "core.PostCategory", "auto_created": False, "source": "post",
              "target": "category", "extra_fields": {}},
    )  # fmt: skip
    found, notes = forward_checks(plan, before, after)
    check = next(check for check in found if check.name == "inserts")
    assert not check.ok
    assert check.items == [
        "core.PostCategory: the new row got id 2, but core.Post_categories had issued ids up to "
        "9 before the bundle, so ids of deleted rows are issued again."
    ]
    assert notes == []


def test_rows_that_appear_are_a_note_not_a_failure() -> None:
    # saleor's own Permission model gains rows for a new through model (post_migrate).
    plan = {"kind": "m2m_through", "field": "core.Post.categories", "through": "PostCategory"}
    perms = {"pk": "id", "fields": ["id", "codename"], "rows": {"1": [1, "add_post"]}}
    grown = {**perms, "rows": {"1": [1, "add_post"], "2": [2, "add_postcategory"]}}
    before = observation(fingerprint({"permission.Permission": perms}))
    after = observation(fingerprint({"permission.Permission": grown}))
    found, notes = forward_checks(plan, before, after)
    rows_kept = next(check for check in found if check.name == "rows_kept")
    assert rows_kept.ok
    assert (
        "permission.Permission: 1 rows appeared (pk 2), added while migrating (no row is lost)."
        in notes
    )
    back_found, back_notes = backward_checks(plan, before, after)
    assert next(check for check in back_found if check.name == "rows_restored").ok
    assert any("permission.Permission: 1 rows appeared" in note for note in back_notes)


def test_inserts_that_failed_before_the_bundle_are_notes() -> None:
    # netbox's users.Token.save() needs a key the rehearsal does not give it, bundle or not.
    plan = {"kind": "m2m_through", "field": "core.Post.categories", "through": "PostCategory"}
    refused = {"model": "users.Token", "pk": None, "error": "IntegrityError: key is NULL"}
    pair = {"field": "core.Post.tags", "error": "IntegrityError: duplicate"}
    before = observation(fingerprint({}), inserts={"rows": [refused], "pairs": [pair]})
    after = observation(
        fingerprint({}),
        inserts={
            "rows": [refused, {"model": "core.Post", "pk": None, "error": "no column 'x'"}],
            "pairs": [pair],
        },
    )
    found, notes = forward_checks(plan, before, after)
    check = next(check for check in found if check.name == "inserts")
    assert check.items == ["core.Post: no column 'x'"]
    assert notes == [
        "A new users.Token row failed to insert before the bundle too, so the bundle is not "
        "why: IntegrityError: key is NULL.",
        "A new core.Post.tags pair failed to insert before the bundle too, so the bundle is "
        "not why: IntegrityError: duplicate.",
    ]


def test_root_content_types_the_bundle_rewrites_are_not_lost_values() -> None:
    plan = {"kind": "new_parent", "model": "shop.Product", "parent": "Item"}
    revisions = {"pk": "id", "fields": ["id", "base_content_type", "object_id"],
                 "rows": {"1": [1, 7, "1"]}}  # fmt: skip
    followed = {**revisions, "rows": {"1": [1, 9, "1"]}}
    before = observation(fingerprint({"history.Revision": revisions}))
    after = observation(fingerprint({"history.Revision": followed}))
    found, _notes = forward_checks(plan, before, after)
    rows_kept = next(check for check in found if check.name == "rows_kept")
    assert rows_kept.ok
    assert "history.Revision.base_content_type follows shop.Product to Item's" in rows_kept.detail
    back_found, _notes = backward_checks(plan, before, after)
    restored = next(check for check in back_found if check.name == "rows_restored")
    assert restored.items == ["history.Revision.base_content_type changed in 1 rows (pk 1: 7 → 9)."]


def test_a_note_that_holds_forward_and_back_is_said_once() -> None:
    from wizard.rehearsal.engine import Rehearsal
    from wizard.rehearsal.report import RehearsalReport, RehearsalStep

    rehearsal = Rehearsal.__new__(Rehearsal)
    rehearsal.report = RehearsalReport("t", "s", "b.zip", "sqlite", 3, False, {})
    note = "No new base.SiteSettings row was tried: no row of wagtailcore.Site to point at."
    step = RehearsalStep("check", "Check")
    rehearsal.add_checks([], [note], step)
    rehearsal.add_checks([], [note, "Another."], step)
    assert rehearsal.report.notes == [note, "Another."]

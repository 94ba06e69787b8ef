"""The promise of online bundles: a writer that keeps writing while migrate runs loses nothing.

When the plan is online and the database is PostgreSQL or MySQL/MariaDB, the child's ``migrate``
runs a writer beside it (``wizard/child/rehearsal/writer.py``): on its own connection, every
20 ms from before the first migration until migrate ends, it inserts and updates rows of the
tables the plan changes, in their shape of the moment, and logs each write that succeeded with
the row as it was then. Here that log is compared with the rows as migrate left them: every row
is there, with every value (a column that moved lives in the parent row with the same id).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from wizard.errors import PlanError
from wizard.plans import online_flag
from wizard.rehearsal.fingerprint import show_value
from wizard.rehearsal.report import Check

NAME = "concurrent_writes"
TITLE = "A writer inserting and updating rows during migrate loses none of them"
VENDORS = ("postgresql", "mysql")
INTERVAL = 0.02
LONG_WAIT = 1.0  # seconds: a longer wait is a note, since a site's requests would wait as long
SHOWN = 5  # lost rows named one by one


def is_online(plan: Mapping[str, Any]) -> bool:
    try:
        return online_flag(plan)
    except PlanError:
        return False


def writer_payload(plan: Mapping[str, Any], vendor: str) -> dict[str, Any] | None:
    """Return the migrate payload's ``writer`` for an online plan on a server, else None."""
    if not is_online(plan) or vendor not in VENDORS:
        return None
    return {"plan": dict(plan), "interval": INTERVAL}


def not_run(plan: Mapping[str, Any], vendor: str) -> Check | None:
    """Return the line that says why an online plan's writer did not run here, or None."""
    if not is_online(plan) or vendor in VENDORS:
        return None
    return Check(NAME, TITLE, "forward", True, "Not run: not on SQLite: one writer at a time.")


def written_tables(result: Mapping[str, Any]) -> str:
    """Return the tables the writer wrote, a renamed one once: "a (renamed b) and c"."""
    tables = list(dict.fromkeys(str(write["table"]) for write in result["writes"]))
    if not tables:
        tables = [str(before) for before, _after in result["tables"]]
    for before, after in result["tables"]:
        if before in tables and after in tables and before != after:
            tables.remove(after)
            tables[tables.index(before)] = f"{before} (renamed {after})"
    return " and ".join(tables) or "no table"


def turns_written(result: Mapping[str, Any]) -> dict[int, str]:
    """Return ``{turn: action}`` of the writer's turns that wrote (an insert may be two rows)."""
    return {write["turn"]: write["action"] for write in result["writes"]}


def while_writing(result: Mapping[str, Any]) -> str:
    """Return the words added to a migrate that failed while the writer wrote (maybe why)."""
    return (
        f" (while a writer was inserting and updating {written_tables(result)}: "
        f"{len(turns_written(result))} writes succeeded)"
    )


def writer_check(
    result: Mapping[str, Any], *, columns_may_go: bool = False
) -> tuple[Check, list[str]]:
    """Return the check of the writer's log against the rows now, and notes that do not fail it.

    ``columns_may_go``: the plan removes or renames columns of the written table on purpose, so
    a column found in no table is not a loss (the row must still be there, and every column
    still found must hold what was written).
    """
    writes = list(result["writes"])
    turns = turns_written(result)
    inserts = sum(action == "insert" for action in turns.values())
    doing = "inserting and updating" if inserts < len(turns) else "inserting"
    summary = f"A writer {doing} {written_tables(result)} during migrate"
    wait = longest_wait(result)
    plan = {str(table) for pair in result["tables"] for table in pair if table}
    lost = lost_rows(writes, result.get("now") or [], plan, columns_may_go=columns_may_go)
    problems = failures(result, lost, bool(turns))
    if not problems:
        detail = (
            f"{summary} lost none of its {len(turns)} writes ({inserts} inserts, "
            f"{len(turns) - inserts} updates); its longest wait was {wait}."
        )
        return Check(NAME, TITLE, "forward", True, detail), notes(result, wait)
    if lost:
        rows = len({str(write["key"]) for write in writes})
        summary += f" lost {len(lost)} of the {rows} rows it wrote"
    detail = f"{summary}; its longest wait was {wait}."
    return Check(NAME, TITLE, "forward", False, detail, problems), notes(result, wait)


def failures(result: Mapping[str, Any], lost: list[str], wrote: bool) -> list[str]:
    """Return the check's items: the writer's own trouble first, then the first lost rows."""
    if result.get("stuck"):
        return [
            "The writer's last statement still waited a minute after migrate ended, so its "
            "rows were not read back."
        ]
    problems = lost[:SHOWN]
    if len(lost) > SHOWN:
        problems.append(f"… and {len(lost) - SHOWN} more rows.")
    if result.get("failure"):
        last = result["failure"].strip().splitlines()[-1]
        problems.insert(0, f"The writer stopped on an error of the wizard's own: {last}")
    elif not wrote:
        refusal = f": {first_refusal(result)}" if result["refusals"] else ""
        problems.insert(0, f"The writer wrote nothing during migrate: nothing was proven{refusal}.")
    return problems


def longest_wait(result: Mapping[str, Any]) -> str:
    during = result.get("longest_wait_during")
    return f"{result['longest_wait']:.2f} s" + (f", during {during}" if during else "")


def times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def first_refusal(result: Mapping[str, Any]) -> str:
    return str(next(iter(result["refusals"]), ""))


def notes(result: Mapping[str, Any], wait: str) -> list[str]:
    found = []
    refused = sum(result["refusals"].values())
    if refused:
        found.append(
            f"The writer's statements were refused {times(refused)} while migrate changed the "
            f"tables under it, then it read their shape again (first: {first_refusal(result)})."
        )
    if result.get("not_removed"):
        found.append(
            "The writer's rows could not all be deleted after its check, so the other checks "
            f"may count them: {result['not_removed'][0]}."
        )
    if result["longest_wait"] > LONG_WAIT:
        found.append(
            f"The writer's longest wait for {written_tables(result)} was {wait}: the site's "
            "requests that write there would wait as long."
        )
    return found


def lost_rows(
    writes: list[Mapping[str, Any]],
    now: list[Mapping[str, Any]],
    plan: Collection[str] = (),
    *,
    columns_may_go: bool = False,
) -> list[str]:
    """Return one sentence per row the writer wrote that is not there as it left it.

    A row is its key: the writer writes the plan's table and the parents its key links to, which
    share the key, so a later write to the parent's row stands for the columns that moved there.
    A missing row is named by its first write to one of the ``plan`` tables, if any.
    """
    expected: dict[str, dict[str, tuple[Any, Mapping[str, Any]]]] = {}
    for write in writes:
        row = expected.setdefault(str(write["key"]), {})
        for column, value in write["values"].items():
            row[column] = (value, write)
    found: dict[str, dict[str, list[Any]]] = {}
    for entry in now:
        if entry["now"] is not None:
            held = found.setdefault(str(entry["key"]), {})
            for column, where in entry["now"].items():
                held.setdefault(column, where)
    named = {str(write["key"]): write for write in reversed(writes) if write["table"] in plan}
    return [
        problem
        for key, columns in expected.items()
        if (problem := lost(key, columns, found, named.get(key), columns_may_go))
    ]


def lost(
    key: str,
    columns: Mapping[str, tuple[Any, Mapping[str, Any]]],
    found: Mapping[str, Any],
    named: Mapping[str, Any] | None,
    columns_may_go: bool = False,
) -> str:
    """Return the sentence that says how one row differs from the writer's writes, or ""."""
    held = found.get(key)
    first = named or next(iter(columns.values()))[1]
    if held is None:
        return f"{first['table']} pk {key} ({said(first)}) is not there after migrate."
    for column, (value, write) in columns.items():
        if column not in held:
            if columns_may_go:
                continue
            return (
                f"{write['table']} pk {key}: {column} is in no table any more; {said(write)}, "
                f"wrote {show_value(value)}."
            )
        if held[column][0] != value:
            return (
                f"{write['table']} pk {key}: {column} is {show_value(held[column][0])} in "
                f"{held[column][1]}, but {said(write)}, wrote {show_value(value)}."
            )
    return ""


def said(write: Mapping[str, Any]) -> str:
    during = write.get("during")
    when = f"during {during}" if during else "outside any migration"
    return f"the writer's {write['action']} at {write['at']:.2f} s, {when}"

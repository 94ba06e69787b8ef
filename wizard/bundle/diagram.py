"""Draw the tables a bundle touches, before and after, as one SVG (``schema.svg``).

The picture is made from what a database said (the preview's schema before and after, as
``wizard/child/schema.py`` writes it), not from the models: tables with their key columns, an arrow
per foreign key (an auto-created M2M table is a table with two of them), and colours as the diffs
have them: new in green, gone in red, changed in amber, renamed in blue. Graphviz's ``dot`` lays it
out; where it is not installed the bundle carries no picture and the text alternative says why.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# The preview whose schema is drawn, when several databases previewed the bundle.
PREFERRED = ("postgresql", "mysql", "sqlite")
MAX_TABLES = 20
MAX_COLUMNS = 8  # per table; the others are counted
DOT_TIMEOUT = 30

NEW, GONE, CHANGED, RENAMED, SAME = "new", "gone", "changed", "renamed", "same"
COLOURS = {
    NEW: ("#d1e7dd", "#0f5132"),
    GONE: ("#f8d7da", "#842029"),
    CHANGED: ("#fff3cd", "#664d03"),
    RENAMED: ("#cfe2ff", "#084298"),
    SAME: ("#e9ecef", "#212529"),
}
FOREIGN_KEY = re.compile(r"^foreign key \S+ \((?P<cols>[^)]*)\) references (?P<table>[^(]+)\(")
PRIMARY_KEY = re.compile(r"^primary key \S+ \((?P<cols>[^)]*)\)")


@dataclass
class Table:
    name: str
    columns: list[str] = field(default_factory=list)  # "name type NULL ..." lines
    primary: list[str] = field(default_factory=list)
    foreign: list[tuple[str, str]] = field(default_factory=list)  # (column, referenced table)
    text: str = ""  # the whole block, to tell changed from unchanged

    @property
    def column_names(self) -> list[str]:
        return [line.split(" ", 1)[0] for line in self.columns]


@dataclass(frozen=True)
class Diagram:
    """The picture (SVG text, empty when it could not be drawn) and what it shows, in words."""

    svg: str
    description: str
    # The same two sides always next to each other, for a wide screen (the walkthrough).
    wide_svg: str = ""


def parse_schema(text: str) -> dict[str, Table]:
    """Return the tables of a schema description (``table``, ``  column``, ``  <constraint>``)."""
    tables: dict[str, Table] = {}
    current: Table | None = None
    for line in text.splitlines():
        if line.startswith("table "):
            current = tables.setdefault(line[len("table ") :], Table(line[len("table ") :]))
            current.text += line + "\n"
            continue
        if current is None or not line.startswith("  "):
            continue
        current.text += line + "\n"
        body = line.strip()
        if body.startswith("column "):
            current.columns.append(body[len("column ") :])
        elif match := PRIMARY_KEY.match(body):
            current.primary = [c.strip() for c in match["cols"].split(",") if c.strip()]
        elif match := FOREIGN_KEY.match(body):
            for column in match["cols"].split(","):
                current.foreign.append((column.strip(), match["table"].strip()))
    return tables


RENAME = re.compile(
    r"""(?:ALTER\s+TABLE\s+[`"]?(?P<a>[\w$]+)[`"]?\s+RENAME\s+TO\s+[`"]?(?P<b>[\w$]+)[`"]?"""
    r"""|RENAME\s+TABLE\s+[`"]?(?P<c>[\w$]+)[`"]?\s+TO\s+[`"]?(?P<d>[\w$]+)[`"]?)""",
    re.I,
)


def renamed_in(sql: Iterable[str]) -> dict[str, str]:
    """Return ``{old: new}`` of the tables the SQL renames (``ALTER TABLE … RENAME TO``,
    MySQL's ``RENAME TABLE``)."""
    found = {}
    for text in sql:
        for match in RENAME.finditer(text):
            old, new = (match["a"], match["b"]) if match["a"] else (match["c"], match["d"])
            found[old] = new
    return found


def renamed_tables(
    before: Mapping[str, Table], after: Mapping[str, Table], sql: Iterable[str] = ()
) -> dict[str, str]:
    """Return ``{old: new}``: what the SQL renames, else a table gone whose columns a new table
    has all of, or only (columns added or dropped on the way), with the same keys' targets."""
    gone = [name for name in before if name not in after]
    new = [name for name in after if name not in before]
    found = {old: n for old, n in renamed_in(sql).items() if old in gone and n in new}
    for name in gone:
        if name in found:
            continue
        twin = next(
            (
                other
                for other in new
                if other not in found.values()
                and (
                    set(before[name].column_names) <= set(after[other].column_names)
                    or set(after[other].column_names) <= set(before[name].column_names)
                )
                and {t for _c, t in before[name].foreign} == {t for _c, t in after[other].foreign}
            ),
            None,
        )
        if twin is not None:
            found[name] = twin
    return found


def statuses(
    before: Mapping[str, Table], after: Mapping[str, Table], sql: Iterable[str] = ()
) -> dict[str, str]:
    """Return each table's fate: new, gone, changed, renamed or same."""
    found = {}
    for name in before.keys() & after.keys():
        found[name] = SAME if before[name].text == after[name].text else CHANGED
    renames = renamed_tables(before, after, sql)
    for old, new in renames.items():
        found[old] = found[new] = RENAMED
    for name in before:
        found.setdefault(name, GONE)
    for name in after:
        found.setdefault(name, NEW)
    return found


def touched_tables(
    before: Mapping[str, Table],
    after: Mapping[str, Table],
    fates: Mapping[str, str],
    sql: Iterable[str],
) -> list[str]:
    """Return the tables the bundle changes or names in its SQL, then their neighbours by key."""
    statements = "\n".join(sql)
    core = {name for name, fate in fates.items() if fate != SAME}
    core |= {
        name
        for name in before.keys() | after.keys()
        if re.search(rf"[\"`\s(]{re.escape(name)}[\"`\s(;]", statements)
    }
    near = set()
    for tables in (before, after):
        for table in tables.values():
            targets = {target for _column, target in table.foreign}
            if table.name in core:
                near |= targets
            elif targets & core:
                near.add(table.name)
    ordered = sorted(core) + sorted(near - core)
    return ordered[:MAX_TABLES]


def choose(previews: Sequence[object]) -> object | None:
    available = {p.vendor: p for p in previews if getattr(p, "available", False)}  # type: ignore[attr-defined]
    return next((available[v] for v in PREFERRED if v in available), None)


def schema_diagram(previews: Sequence[object]) -> Diagram:
    """Return the before/after diagram of the preferred preview (a text alternative always)."""
    preview = choose(previews)
    if preview is None:
        return Diagram("", "No database previewed the bundle, so there is no diagram.")
    before = parse_schema(preview.schema_before)  # type: ignore[attr-defined]
    after = parse_schema(preview.schema_after)  # type: ignore[attr-defined]
    sql = [s.sql for s in preview.sql]  # type: ignore[attr-defined]
    fates = statuses(before, after, sql)
    shown = touched_tables(before, after, fates, sql)
    description = describe(before, after, fates, shown, preview.name)  # type: ignore[attr-defined]
    if not shown:
        return Diagram("", description)
    twins = renamed_tables(before, after, sql)
    twins |= {new: old for old, new in twins.items()}
    sides = [render_svg(source) for source in dot_sources(before, after, fates, shown, twins)]
    svg = side_by_side(sides, description) if all(sides) else None
    if svg is None:
        return Diagram(
            "", description + " (Graphviz's `dot` is not installed, so no picture was drawn.)"
        )
    return Diagram(svg, description, side_by_side(sides, description, across=True) or svg)


# -- words ------------------------------------------------------------------------------------


def describe(
    before: Mapping[str, Table],
    after: Mapping[str, Table],
    fates: Mapping[str, str],
    shown: Sequence[str],
    database: str,
) -> str:
    """Return the diagram in sentences: what a screen reader says, and the README's text."""
    if not shown:
        return f"The bundle changes no table on {database}."
    parts = [f"Tables the bundle touches, as {database} has them before and after."]
    for side, tables in (("Before", before), ("After", after)):
        names = [name for name in shown if name in tables]
        items = []
        for name in names:
            table = tables[name]
            fate = fates.get(name, SAME)
            links = ", ".join(f"{column} → {target}" for column, target in table.foreign)
            item = f"{name} ({fate}" + (f"; keys {links}" if links else "") + ")"
            items.append(item)
        parts.append(f"{side}: " + ("; ".join(items) if items else "none") + ".")
    return " ".join(parts)


# -- the picture ------------------------------------------------------------------------------


def dot_sources(
    before: Mapping[str, Table],
    after: Mapping[str, Table],
    fates: Mapping[str, str],
    shown: Sequence[str],
    twins: Mapping[str, str] | None = None,
) -> list[str]:
    """Return the Graphviz sources of the two sides, "Before" then "After" (``twins``: a renamed
    table's name on the other side, so its columns are compared with its own)."""
    twins = twins or {}
    sources = []
    for side, tables, others in (("Before", before, after), ("After", after, before)):
        lines = [
            "digraph schema {",
            '  graph [rankdir=LR, fontname="Helvetica", fontsize=14, nodesep=0.3, ranksep=0.5,'
            f" labelloc=t, labeljust=l, label=<<b>{side}</b>>];",
            '  node [shape=plaintext, fontname="Helvetica", fontsize=10];',
            '  edge [color="#495057", arrowsize=0.7];',
        ]
        names = [name for name in shown if name in tables]
        for name in names:
            other = others.get(twins.get(name, name))
            label = table_label(tables[name], fates.get(name, SAME), other, side)
            lines.append(f'  "{name}" [label=<{label}>];')
        if not names:
            lines.append('  "none" [label="(no table)"];')
        for name in names:
            for column, target in tables[name].foreign:
                if target in names:
                    lines.append(
                        f'  "{name}":"{port(column)}" -> "{target}" '
                        f'[tooltip="{attribute(name)}.{attribute(column)} → '
                        f'{attribute(target)}"];'
                    )
        lines.append("}")
        sources.append("\n".join(lines) + "\n")
    return sources


def table_label(table: Table, fate: str, other: Table | None, side: str) -> str:
    """Return a table as a Graphviz HTML label: its name, then its key columns, then the rest
    (columns only one side has in green after, in red and struck through before)."""
    fill, ink = COLOURS[fate]
    keys = set(table.primary) | {column for column, _target in table.foreign}
    theirs = set(other.column_names) if other is not None else None
    rows = [
        f'<tr><td bgcolor="{fill}" align="left"><font color="{ink}"><b>{escape(table.name)}'
        f"</b>{'' if fate == SAME else ' (' + fate + ')'}</font></td></tr>"
    ]
    key_columns = [c for c in table.columns if c.split(" ", 1)[0] in keys]
    others = [c for c in table.columns if c.split(" ", 1)[0] not in keys]
    if fate == SAME:
        others = []  # a neighbour: its keys say why it is drawn
    listed = (key_columns + others)[:MAX_COLUMNS]
    for line in listed:
        name, _, rest = line.partition(" ")
        kind = rest.split(" NOT NULL")[0].split(" NULL")[0]
        foreign = {column for column, _target in table.foreign}
        mark = ("PK " if name in table.primary else "") + ("FK " if name in foreign else "")
        text = f'{mark}<b>{escape(name)}</b> <font color="#6c757d">{escape(kind)}</font>'
        if theirs is not None and name not in theirs and side == "After":
            text = f'<font color="{COLOURS[NEW][1]}">+ {text}</font>'
        elif theirs is not None and name not in theirs:
            text = f'<font color="{COLOURS[GONE][1]}"><s>{text}</s></font>'
        rows.append(f'<tr><td port="{port(name)}" align="left">{text}</td></tr>')
    hidden = len(table.columns) - len(listed)
    if hidden > 0:
        more = "1 more column" if hidden == 1 else f"{hidden} more columns"
        rows.append(f'<tr><td align="left"><i>… {more}</i></td></tr>')
    frame = '<table border="1" cellborder="0" cellspacing="0" cellpadding="3">'
    return f"{frame}{''.join(rows)}</table>"


SIZE = re.compile(r'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', re.S)
GAP = 36.0


WIDEST = 900.0  # points: wider than this side by side, the two sides stack (Before on top)


def side_by_side(
    sides: Sequence[str | None], description: str, *, across: bool | None = None
) -> str | None:
    """Return one SVG with the two sides next to each other (or one above the other when that
    would be too wide to read on a page), or None if one side has no size."""
    sizes = []
    for svg in sides:
        match = SIZE.search(svg or "")
        if match is None:
            return None
        sizes.append((float(match[1]), float(match[2])))
    if across is None:
        across = sum(w for w, _h in sizes) + GAP * (len(sizes) - 1) <= WIDEST
    if across:
        width = sum(w for w, _h in sizes) + GAP * (len(sizes) - 1)
        height = max(h for _w, h in sizes)
    else:
        width = max(w for w, _h in sizes)
        height = sum(h for _w, h in sizes) + GAP * (len(sizes) - 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width:.0f}pt" height="{height:.0f}pt" viewBox="0 0 {width:.0f} {height:.0f}" '
        'role="img" aria-labelledby="schema-title schema-desc">',
        '<title id="schema-title">The tables before and after the bundle</title>',
        f'<desc id="schema-desc">{escape(description)}</desc>',
    ]
    x = y = 0.0
    for svg, (w, h) in zip(sides, sizes, strict=True):
        assert svg is not None
        # Inside the outer picture, a side's size is in the outer user units (points).
        head = svg[: svg.find(">") + 1]
        fixed = head.replace(f'width="{w:g}pt"', f'width="{w:g}"')
        fixed = fixed.replace(f'height="{h:g}pt"', f'height="{h:g}"')
        inner = fixed + svg[len(head) :]
        parts.append(re.sub(r"^<svg\b", f'<svg x="{x:.0f}" y="{y:.0f}"', inner, count=1))
        if across:
            x += w + GAP
        else:
            y += h + GAP
    parts.append("</svg>\n")
    return "\n".join(parts)


def port(column: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", column) or "_"


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def attribute(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def render_svg(source: str) -> str | None:
    """Return ``dot``'s SVG for ``source`` without the XML prologue, or None without Graphviz."""
    dot = shutil.which("dot")
    if dot is None:
        return None
    try:
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=source,
            capture_output=True,
            text=True,
            timeout=DOT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    svg = done.stdout
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else None

"""Benchmark: big tables migrated while a reader and a writer keep working (not a test).

    .venv/bin/python benchmarks/bench_online.py [--sizes N ...] [--quick]
        [--vendors postgresql mysql] [--kinds new_parent m2m_through]

Issue 11's proof and figures. For each database, kind and size, the story's example is migrated
(its own migrations), then seeded by set-based SQL in batches (`generate_series` on PostgreSQL,
the SEQUENCE engine's `seq_1_to_N` on MariaDB): new_parent: the fleet, N planes (one parking bay
and one pilot pair per ten); m2m_through: the blog, N post-category pairs (100 categories, N/100
posts, and 1,000 posts without categories for the writer), ids 1…N, foreign keys unchecked
while seeding. PostgreSQL seeds one template database (then VACUUM ANALYZE) that each mode
copies, with a CHECKPOINT before each mode; MariaDB seeds each mode's database again. Defaults:
1M and 5M rows, both databases, both kinds.
Then three modes, each on its own copy:
- bare: the least SQL that makes the same change, by hand, without the wizard's safety, timed
  alone (no reader, no writer), on PostgreSQL in one transaction;
- default / online: the bundle of the plan without / with `"online": true`, made by the engine
  (`build_bundle`), unpacked into a temporary copy of the example (migrations + models.patch) and
  applied by the target's `manage.py migrate -v 2`, timed from the command's start to its end,
  while two threads on their own connections, each every 20 ms, read a random row of the changed
  table by its key, and write a row into it (new_parent: a plane; m2m_through: a pair). An
  online bundle that stops because a lock stayed held is run again, as its message says (at most
  3 runs; the time counts them all); a failed default bundle is not (it expects the old code
  stopped).

The changed table changes shape under them: each thread knows the shapes before and after (the
columns, the table's name, the extra field) and on an error tries the other shapes; an error the
shape change explains is a switch, not a failure, and the time spent in the failed attempt
counts in that operation's wait. A "wait" is one operation's time, from its first attempt to its
success (sleeping between operations excluded). A write every shape refuses is counted as
refused. Every row the writer wrote (its key and values) is looked up after the migration: rows
lost are those missing or changed, in whatever shape the table ended in.

Prints the load average, a Markdown table ("migrate": the whole command; "/ bare": that over
the bare SQL; "migrations alone": the sum of Django's `OK (…s)`, without the command's start-up,
only the migrations that finished when one failed), then per run each migration's own time and
the migration that was running when each thread's longest wait began. `--quick` is 100,000 rows.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from wizard.scratch import new_name, parse_server_url, server_url  # noqa: E402

BATCH = 500_000  # rows per seeding statement
TICK = 0.02  # seconds between two operations of a thread
SPARE_POSTS = 1_000  # posts without categories: the pairs the writer adds (100 per post)
BACKFILL = "2024-01-01"  # the extra field's constant backfill for rows that exist
WRITTEN = "2025-06-01"  # the extra field's value in rows the writer adds in the new shape

PLANS: dict[str, dict[str, Any]] = {
    "new_parent": {
        "kind": "new_parent",
        "model": "part1.Plane",
        "parent": "Aircraft",
        "move_fields": ["registration"],
    },
    "m2m_through": {
        "kind": "m2m_through",
        "field": "core.Post.categories",
        "through": "PostCategory",
        "extra_fields": [{"name": "date_created", "type": "DateField", "backfill": BACKFILL}],
    },
}
EXAMPLES = {"new_parent": "fleet", "m2m_through": "blog"}
MODES = ("bare", "default", "online")
# An online bundle that gave up waiting for a lock says so and resumes when run again (its
# other messages that end "run migrate again" first need a person to fix something).
RERUN = "a lock it needs was held"
MAX_RUNS = 3


# --- connections -------------------------------------------------------------------------------


def connect(vendor: str, name: str) -> Any:
    """Return an autocommit DB-API connection to database ``name`` on the configured server."""
    server = parse_server_url(server_url(vendor))
    if vendor == "postgresql":
        import psycopg

        # No server-side prepared statements: a cached plan of a table that changes shape fails.
        return psycopg.connect(
            host=server.host,
            port=server.port or 5432,
            user=server.user,
            password=server.password or None,
            dbname=name,
            autocommit=True,
            prepare_threshold=None,
        )
    import MySQLdb

    return MySQLdb.connect(
        host=server.host,
        port=server.port or 3306,
        user=server.user,
        password=server.password,
        database=name,
        autocommit=True,
        charset="utf8mb4",
    )


def database_url(vendor: str, name: str) -> str:
    server = parse_server_url(server_url(vendor))
    scheme = "postgresql" if vendor == "postgresql" else "mysql"
    password = f":{server.password}" if server.password else ""
    default_port = 5432 if vendor == "postgresql" else 3306
    return f"{scheme}://{server.user}{password}@{server.host}:{server.port or default_port}/{name}"


def admin(vendor: str, sql: str) -> None:
    connection = connect(vendor, "postgres" if vendor == "postgresql" else "")
    try:
        connection.cursor().execute(sql)
    finally:
        connection.close()


def quoted(vendor: str, name: str) -> str:
    return f'"{name}"' if vendor == "postgresql" else f"`{name}`"


@contextlib.contextmanager
def database(vendor: str, template: str = "") -> Iterator[str]:
    """Yield the name of a new database (a copy of ``template`` when given); drop it after."""
    name = new_name("online")
    if template:
        admin(vendor, f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    else:
        charset = " CHARACTER SET utf8mb4" if vendor == "mysql" else ""
        admin(vendor, f"CREATE DATABASE {quoted(vendor, name)}{charset}")
    try:
        yield name
    finally:
        force = " WITH (FORCE)" if vendor == "postgresql" else ""
        admin(vendor, f"DROP DATABASE IF EXISTS {quoted(vendor, name)}{force}")


def run_sql(vendor: str, name: str, statements: Sequence[str]) -> None:
    connection = connect(vendor, name)
    try:
        cursor = connection.cursor()
        for statement in statements:
            cursor.execute(statement)
    finally:
        connection.close()


def insert(cursor: Any, vendor: str, sql: str, values: Sequence[Any]) -> int:
    """Run an INSERT and return the new row's id."""
    if vendor == "postgresql":
        cursor.execute(sql + " RETURNING id", values)
        return int(cursor.fetchone()[0])
    cursor.execute(sql, values)
    return int(cursor.lastrowid)


def fetch_first(cursor: Any, queries: Sequence[str]) -> list[tuple[Any, ...]]:
    """Return the rows of the first of ``queries`` the table's final shape accepts."""
    error: Exception | None = None
    for query in queries:
        try:
            cursor.execute(query)
            return list(cursor.fetchall())
        except Exception as exc:  # the other shape
            error = exc
    raise SystemExit(f"No shape of the table answers: {error}")


# --- the stories -------------------------------------------------------------------------------


def series(vendor: str, first: int, last: int, step: int = 1, alias: str = "s") -> str:
    """Return a FROM item of the integers first..last (by ``step``) as column ``g``."""
    if vendor == "postgresql":
        return f"generate_series({first}, {last}, {step}) AS {alias}(g)"
    stepped = f"_step_{step}" if step > 1 else ""
    return f"(SELECT seq AS g FROM seq_{first}_to_{last}{stepped}) AS {alias}"


def text(vendor: str, prefix: str) -> str:
    return f"'{prefix}' || g" if vendor == "postgresql" else f"CONCAT('{prefix}', g)"


def batches(rows: int, size: int = BATCH) -> Iterator[tuple[int, int]]:
    for first in range(1, rows + 1, size):
        yield first, min(first + size - 1, rows)


def fleet_seed(vendor: str, rows: int) -> list[str]:
    users = (
        "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, "
        f"is_staff, is_active, date_joined, id) SELECT '!', false, {text(vendor, 'pilot')}, '', "
        f"'', '', false, true, '2024-01-01', g FROM {series(vendor, 1, 100)}"
    )
    planes = [
        f"INSERT INTO part1_plane (id, registration) SELECT g, {text(vendor, 'G-')} "
        f"FROM {series(vendor, first, last)}"
        for first, last in batches(rows)
    ]
    return [
        users,
        *planes,
        f"INSERT INTO part1_parkingbay (code, plane_id) SELECT {text(vendor, 'B-')}, g "
        f"FROM {series(vendor, 1, rows, 10)}",
        "INSERT INTO part1_plane_pilots (plane_id, user_id) SELECT g, 1 + g % 100 "
        f"FROM {series(vendor, 2, rows, 10)}",
    ]


def blog_seed(vendor: str, rows: int) -> list[str]:
    posts = max(rows // 100, 1)
    pairs = [
        "INSERT INTO core_post_categories (post_id, category_id) SELECT p.g, c.g "
        f"FROM {series(vendor, first, last, alias='p')} "
        f"CROSS JOIN {series(vendor, 1, 100, alias='c')} ORDER BY 1, 2"
        for first, last in batches(posts, BATCH // 100)
    ]
    return [
        f"INSERT INTO core_category (id, name, slug) SELECT g, {text(vendor, 'c')}, "
        f"{text(vendor, 'c')} FROM {series(vendor, 1, 100)}",
        f"INSERT INTO core_post (id, title, body) SELECT g, {text(vendor, 'p')}, '' "
        f"FROM {series(vendor, 1, posts)}",
        f"INSERT INTO core_post (id, title, body) SELECT g, 'spare', '' "
        f"FROM {series(vendor, posts + 1, posts + SPARE_POSTS)}",
        *pairs,
    ]


BARE = {
    ("new_parent", "postgresql"): [
        "BEGIN",
        'CREATE TABLE "part1_aircraft" ("id" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT '
        'AS IDENTITY, "registration" varchar(100) NOT NULL)',
        'INSERT INTO "part1_aircraft" ("id", "registration") SELECT "id", "registration" '
        'FROM "part1_plane"',
        "SELECT setval(pg_get_serial_sequence('\"part1_aircraft\"', 'id'), "
        "pg_sequence_last_value(pg_get_serial_sequence('\"part1_plane\"', 'id')::regclass))",
        'ALTER TABLE "part1_plane" RENAME COLUMN "id" TO "aircraft_ptr_id"',
        'ALTER TABLE "part1_plane" ALTER COLUMN "aircraft_ptr_id" DROP IDENTITY, '
        'ADD CONSTRAINT "bare_fk" FOREIGN KEY ("aircraft_ptr_id") REFERENCES "part1_aircraft" '
        '("id") DEFERRABLE INITIALLY DEFERRED, DROP COLUMN "registration"',
        "COMMIT",
    ],
    # MariaDB cannot rename a column that foreign keys use in a COPY ALTER: two statements. The
    # parent's AUTO_INCREMENT follows the copied ids by itself.
    ("new_parent", "mysql"): [
        "CREATE TABLE part1_aircraft (id integer AUTO_INCREMENT NOT NULL PRIMARY KEY, "
        "registration varchar(100) NOT NULL)",
        "INSERT INTO part1_aircraft (id, registration) SELECT id, registration FROM part1_plane",
        "ALTER TABLE part1_plane RENAME COLUMN id TO aircraft_ptr_id",
        "ALTER TABLE part1_plane DROP COLUMN registration, MODIFY aircraft_ptr_id integer "
        "NOT NULL, ADD CONSTRAINT bare_fk FOREIGN KEY (aircraft_ptr_id) "
        "REFERENCES part1_aircraft (id)",
    ],
    ("m2m_through", "postgresql"): [
        "BEGIN",
        'ALTER TABLE "core_post_categories" RENAME TO "core_postcategory"',
        f'ALTER TABLE "core_postcategory" ADD COLUMN "date_created" date NOT NULL '
        f"DEFAULT '{BACKFILL}'",
        'ALTER TABLE "core_postcategory" ALTER COLUMN "date_created" DROP DEFAULT',
        "COMMIT",
    ],
    ("m2m_through", "mysql"): [
        "RENAME TABLE core_post_categories TO core_postcategory",
        f"ALTER TABLE core_postcategory ADD COLUMN date_created date NOT NULL DEFAULT '{BACKFILL}'",
        "ALTER TABLE core_postcategory ALTER COLUMN date_created DROP DEFAULT",
    ],
}


@dataclasses.dataclass
class Context:
    """What the threads need to know of the seeded data."""

    vendor: str
    rows: int
    spare_post: int = 0
    first_category: int = 0


Shape = Callable[[Any, Context, int], tuple[Any, ...]]


def plane_reads() -> list[Shape]:
    def before(cursor: Any, context: Context, n: int) -> tuple[Any, ...]:
        cursor.execute("SELECT id, registration FROM part1_plane WHERE id = %s", [n])
        return tuple(cursor.fetchall())

    def after(cursor: Any, context: Context, n: int) -> tuple[Any, ...]:
        cursor.execute("SELECT aircraft_ptr_id FROM part1_plane WHERE aircraft_ptr_id = %s", [n])
        return tuple(cursor.fetchall())

    return [before, after]


def plane_writes() -> list[Shape]:
    def before(cursor: Any, context: Context, n: int) -> tuple[Any, ...]:
        registration = f"W-{n}"
        sql = "INSERT INTO part1_plane (registration) VALUES (%s)"
        return (insert(cursor, context.vendor, sql, [registration]), registration)

    def after(cursor: Any, context: Context, n: int) -> tuple[Any, ...]:
        registration = f"W-{n}"
        sql = "INSERT INTO part1_aircraft (registration) VALUES (%s)"
        key = insert(cursor, context.vendor, sql, [registration])
        cursor.execute("INSERT INTO part1_plane (aircraft_ptr_id) VALUES (%s)", [key])
        return (key, registration)

    return [before, after]


def planes_kept(cursor: Any, written: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    keys = ", ".join(str(row[0]) for row in written) or "0"
    rows = fetch_first(
        cursor,
        [
            "SELECT p.aircraft_ptr_id, a.registration FROM part1_plane p JOIN part1_aircraft a "
            f"ON a.id = p.aircraft_ptr_id WHERE p.aircraft_ptr_id IN ({keys})",
            f"SELECT id, registration FROM part1_plane WHERE id IN ({keys})",
        ],
    )
    return {tuple(row) for row in rows}


PAIR_TABLES = ("core_post_categories", "core_postcategory")


def pair_reads() -> list[Shape]:
    def reader(table: str) -> Shape:
        def read(cursor: Any, context: Context, n: int) -> tuple[Any, ...]:
            cursor.execute(f"SELECT id, post_id, category_id FROM {table} WHERE id = %s", [n])
            return tuple(cursor.fetchall())

        return read

    return [reader(table) for table in PAIR_TABLES]


def pair_writes() -> list[Shape]:
    def writer(table: str, dated: bool) -> Shape:
        def write(cursor: Any, context: Context, n: int) -> tuple[Any, ...]:
            post, category = context.spare_post + n // 100, context.first_category + n % 100
            columns = "post_id, category_id" + (", date_created" if dated else "")
            values = [post, category] + ([WRITTEN] if dated else [])
            marks = ", ".join(["%s"] * len(values))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            key = insert(cursor, context.vendor, sql, values)
            return (key, post, category, WRITTEN if dated else BACKFILL)

        return write

    return [writer(table, dated) for dated in (False, True) for table in PAIR_TABLES]


def pairs_kept(cursor: Any, written: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    keys = ", ".join(str(row[0]) for row in written) or "0"
    queries = [
        f"SELECT id, post_id, category_id, date_created FROM {table} WHERE id IN ({keys})"
        for table in PAIR_TABLES
    ] + [
        f"SELECT id, post_id, category_id, '{BACKFILL}' FROM {table} WHERE id IN ({keys})"
        for table in PAIR_TABLES
    ]
    rows = fetch_first(cursor, queries)
    return {(key, post, category, str(day)) for key, post, category, day in rows}


def plane_context(cursor: Any, context: Context) -> None:
    """The fleet needs nothing more: planes are read by id, written with new ids."""


def pair_context(cursor: Any, context: Context) -> None:
    cursor.execute("SELECT MIN(id) FROM core_post WHERE title = 'spare'")
    context.spare_post = int(cursor.fetchone()[0])
    cursor.execute("SELECT MIN(id) FROM core_category")
    context.first_category = int(cursor.fetchone()[0])


@dataclasses.dataclass(frozen=True)
class Story:
    seed: Callable[[str, int], list[str]]
    tables: tuple[str, ...]  # seeded: analyzed, their id counters moved past their rows
    reads: Callable[[], list[Shape]]
    writes: Callable[[], list[Shape]]
    kept: Callable[[Any, list[tuple[Any, ...]]], set[tuple[Any, ...]]]
    context: Callable[[Any, Context], None]


STORIES = {
    "new_parent": Story(
        fleet_seed,
        ("auth_user", "part1_plane", "part1_parkingbay", "part1_plane_pilots"),
        plane_reads,
        plane_writes,
        planes_kept,
        plane_context,
    ),
    "m2m_through": Story(
        blog_seed,
        ("core_category", "core_post", "core_post_categories"),
        pair_reads,
        pair_writes,
        pairs_kept,
        pair_context,
    ),
}


# --- the reader and the writer -----------------------------------------------------------------


class Toucher(threading.Thread):
    """Touch the changed table every TICK seconds in whichever shape it has; time each touch."""

    def __init__(self, database: str, context: Context, shapes: list[Shape], *, writes: bool):
        super().__init__(name="writer" if writes else "reader", daemon=True)
        self.context, self.shapes, self.writes = context, shapes, writes
        self.connection = connect(context.vendor, database)
        self.stop = threading.Event()
        self.waits: list[tuple[float, float]] = []  # (started, seconds)
        self.written: list[tuple[float, tuple[Any, ...]]] = []  # (done, row)
        self.switches = 0
        self.refused: list[str] = []
        self.current = 0

    def run(self) -> None:
        cursor = self.connection.cursor()
        n = 0
        while not self.stop.is_set():
            n += 1
            key = n if self.writes else random.randint(1, self.context.rows)
            started = time.perf_counter()
            row = self.touch(cursor, key)
            done = time.perf_counter()
            self.waits.append((started, done - started))
            if row is not None and self.writes:
                self.written.append((done, row))
            time.sleep(TICK)
        self.connection.close()

    def touch(self, cursor: Any, key: int) -> tuple[Any, ...] | None:
        order = [self.current] + [i for i in range(len(self.shapes)) if i != self.current]
        errors = []
        for index in order:
            try:
                if self.writes:
                    cursor.execute("BEGIN")
                row = self.shapes[index](cursor, self.context, key)
                if self.writes:
                    cursor.execute("COMMIT")
            except Exception as exc:  # a shape the table does not have (or no longer has)
                errors.append(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc))
                with contextlib.suppress(Exception):
                    cursor.execute("ROLLBACK")
                continue
            if index != self.current:
                self.switches += 1
                self.current = index
            return row
        self.refused.append(" / ".join(errors))
        return None


# --- migrate -----------------------------------------------------------------------------------


@dataclasses.dataclass
class Migrated:
    started: float
    seconds: float
    returncode: int
    applying: list[tuple[float, str]]  # (started, migration)
    own_times: dict[str, float]  # Django's "OK (…s)"
    output: str
    runs: int = 1

    def running_at(self, moment: float) -> str:
        if moment > self.started + self.seconds:
            return "after migrate"
        name = "before migrate" if moment < self.started else "Django's start-up"
        for started, migration in self.applying:
            if started <= moment:
                name = migration
        return name


def migrate(copy: Path, url: str) -> Migrated:
    """Run the copy's ``manage.py migrate -v 2``; note when each migration starts."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "2"],
        cwd=copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    pipe = process.stdout.fileno()
    output, applying = "", list[tuple[float, str]]()
    for chunk in iter(lambda: os.read(pipe, 4096), b""):
        now = time.perf_counter()
        output += chunk.decode(errors="replace")
        for match in re.finditer(r"Applying (\S+)\.\.\.", output):
            if match.group(1) not in {name for _, name in applying}:
                applying.append((now, match.group(1)))
    returncode = process.wait()
    seconds = time.perf_counter() - started
    own = {
        m.group(1): float(m.group(2))
        for m in re.finditer(r"Applying (\S+)\.\.\. OK \(([\d.]+)s\)", output)
    }
    return Migrated(started, seconds, returncode, applying, own, output)


def migrate_online(copy: Path, url: str) -> Migrated:
    """Run migrate as a person does with an online bundle: again when it says a lock was held."""
    first = migrate(copy, url)
    while first.returncode and RERUN in first.output and first.runs < MAX_RUNS:
        again = migrate(copy, url)
        first.seconds = again.started + again.seconds - first.started
        first.returncode, first.runs = again.returncode, first.runs + 1
        first.applying += again.applying
        first.own_times.update(again.own_times)
        first.output += again.output
    return first


def base_migrate(copy: Path, vendor: str, name: str) -> None:
    result = migrate(copy, database_url(vendor, name))
    if result.returncode:
        raise SystemExit(f"The example's own migrations failed:\n{result.output[-3000:]}")


# --- one run -----------------------------------------------------------------------------------


@dataclasses.dataclass
class Row:
    vendor: str
    kind: str
    rows: int
    mode: str
    seconds: float
    own: float | None = None  # the migrations' own time (Django's "OK (…s)"), without start-up
    reader_wait: float | None = None
    writer_wait: float | None = None
    written_during: int | None = None
    refused: int | None = None
    lost: int | None = None
    result: str = "ok"
    notes: list[str] = dataclasses.field(default_factory=list)


def seed(story: Story, copy: Path, vendor: str, name: str, rows: int) -> None:
    """Apply the example's own migrations, then insert its rows (ids given: 1…N, no gaps)."""
    base_migrate(copy, vendor, name)
    # The rows are valid by construction: no foreign-key triggers or checks while seeding.
    if vendor == "postgresql":
        statements = [
            "SET session_replication_role = replica",
            *story.seed(vendor, rows),
            "SET session_replication_role = DEFAULT",
            *(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"
                for table in story.tables
            ),
            "VACUUM ANALYZE",
        ]
    else:
        statements = [
            "SET foreign_key_checks = 0, unique_checks = 0",
            *story.seed(vendor, rows),
            "SET foreign_key_checks = 1, unique_checks = 1",
            f"ANALYZE TABLE {', '.join(story.tables)}",
        ]
    run_sql(vendor, name, statements)


def bare(kind: str, vendor: str, name: str, rows: int) -> Row:
    connection = connect(vendor, name)
    cursor = connection.cursor()
    started = time.perf_counter()
    steps = []
    for statement in BARE[kind, vendor]:
        step = time.perf_counter()
        cursor.execute(statement)
        if cursor.description:
            cursor.fetchall()
        steps.append(f"{statement.split(' (')[0][:60]} {time.perf_counter() - step:.2f} s")
    seconds = time.perf_counter() - started
    connection.close()
    return Row(vendor, kind, rows, "bare", seconds, notes=["statements: " + "; ".join(steps)])


def applied(kind: str, mode: str, copy: Path, vendor: str, name: str, rows: int) -> Row:
    story = STORIES[kind]
    context = Context(vendor, rows)
    connection = connect(vendor, name)
    story.context(connection.cursor(), context)
    connection.close()
    reader = Toucher(name, context, story.reads(), writes=False)
    writer = Toucher(name, context, story.writes(), writes=True)
    reader.start()
    writer.start()
    time.sleep(1)  # both at work before the migration starts
    result = (migrate_online if mode == "online" else migrate)(copy, database_url(vendor, name))
    time.sleep(1)  # and after it, in the new shape
    for thread in (reader, writer):
        thread.stop.set()
        thread.join()
    written = [row for _, row in writer.written]
    connection = connect(vendor, name)
    kept = story.kept(connection.cursor(), written)
    connection.close()
    end = result.started + result.seconds
    row = Row(
        vendor,
        kind,
        rows,
        mode,
        result.seconds,
        sum(result.own_times.values()),
        max(seconds for _, seconds in reader.waits),
        max(seconds for _, seconds in writer.waits),
        sum(1 for done, _ in writer.written if result.started <= done <= end),
        len(writer.refused),
        len([r for r in written if r not in kept]),
        ("ok" if not result.returncode else "migrate failed: " + last_error(result.output))
        + (f" ({result.runs} runs)" if result.runs > 1 else ""),
    )
    row.notes.append(
        "migrations: "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.own_times.items())
    )
    for thread in (reader, writer):
        started, seconds = max(thread.waits, key=lambda wait: wait[1])
        row.notes.append(
            f"{thread.name}: longest wait {seconds:.2f} s, from "
            f"{started - result.started:+.2f} s, during {result.running_at(started)}; "
            f"{thread.switches} shape switch(es), {len(thread.refused)} refused"
            + (f" (first: {thread.refused[0]})" if thread.refused else "")
        )
    return row


def last_error(output: str) -> str:
    """Return the exception line of a failed migrate's traceback (the last one when chained)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    raised = [line for line in lines if re.match(r"[\w.]+(Error|Exception|Violation):", line)]
    line = (raised or lines or ["(no output)"])[-1].removeprefix("django.db.utils.")
    return line if len(line) <= 120 else line[:119] + "…"


# --- bundles and copies ------------------------------------------------------------------------


def build_copies(folder: Path, kinds: Sequence[str]) -> dict[tuple[str, str], Path]:
    """Return {(kind, "base"/"default"/"online"): a copy of the story's example}."""
    import django

    django.setup()
    from wizard.bundle import build_bundle, unpack
    from wizard.childproc import copy_target
    from wizard.target import Target

    copies = {}
    for kind in kinds:
        target = Target.resolve(ROOT / "examples" / EXAMPLES[kind])
        copies[kind, "base"] = copy_target(target.root, folder / kind / "base")
        for mode, plan in (("default", PLANS[kind]), ("online", {**PLANS[kind], "online": True})):
            started = time.perf_counter()
            bundle = build_bundle(target, plan, vendors=("sqlite",))
            copy = copy_target(target.root, folder / kind / mode)
            unpack(bundle, copy)
            copies[kind, mode] = copy
            names = ", ".join(m.name for m in bundle.migrations)
            seconds = time.perf_counter() - started
            print(f"# {kind} {mode} bundle: {names} ({seconds:.1f} s)", file=sys.stderr)
    return copies


def run_size(
    kind: str, vendor: str, rows: int, copies: dict[tuple[str, str], Path]
) -> Iterator[Row]:
    story = STORIES[kind]
    say = lambda message: print(f"# {vendor} {kind} {rows:,}: {message}", file=sys.stderr)  # noqa: E731
    with contextlib.ExitStack() as stack:
        template = ""
        if vendor == "postgresql":  # seeded once, copied per mode
            template = stack.enter_context(database(vendor))
            started = time.perf_counter()
            seed(story, copies[kind, "base"], vendor, template, rows)
            say(f"seeded in {time.perf_counter() - started:.1f} s")
        for mode in MODES:
            with database(vendor, template) as name:
                if not template:
                    started = time.perf_counter()
                    seed(story, copies[kind, "base"], vendor, name, rows)
                    say(f"seeded in {time.perf_counter() - started:.1f} s")
                if vendor == "postgresql":  # no mode pays for the seeding's or the copy's writes
                    run_sql(vendor, name, ["CHECKPOINT"])
                if mode == "bare":
                    row = bare(kind, vendor, name, rows)
                else:
                    row = applied(kind, mode, copies[kind, mode], vendor, name, rows)
                say(f"{mode}: {row.seconds:.2f} s")
                yield row


# --- output ------------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    lines = [
        "| database | kind | rows | mode | migrate | / bare | migrations alone | "
        "reader longest wait | writer longest wait | rows written during | writes refused | "
        "rows lost | result |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    bare_seconds = {(r.vendor, r.kind, r.rows): r.seconds for r in rows if r.mode == "bare"}

    def cell(value: float | int | None, form: str) -> str:
        return "-" if value is None else format(value, form)

    for row in rows:
        base = bare_seconds.get((row.vendor, row.kind, row.rows))
        ratio = f"{row.seconds / base:.1f}x" if base else "-"
        lines.append(
            f"| {row.vendor} | {row.kind} | {row.rows:,} | {row.mode} | {row.seconds:.2f} s | "
            f"{ratio} | {cell(row.own, '.2f')} | {cell(row.reader_wait, '.3f')} | "
            f"{cell(row.writer_wait, '.3f')} | "
            f"{cell(row.written_during, ',')} | {cell(row.refused, ',')} | "
            f"{cell(row.lost, ',')} | {row.result} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--quick", action="store_true", help="one size, 100,000 rows")
    parser.add_argument("--vendors", nargs="+", default=["postgresql", "mysql"])
    parser.add_argument("--kinds", nargs="+", default=list(PLANS), choices=list(PLANS))
    options = parser.parse_args()
    sizes = [100_000] if options.quick else options.sizes
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="mw-bench-online-") as tmp:
        copies = build_copies(Path(tmp), options.kinds)
        for vendor in options.vendors:
            for kind in options.kinds:
                for size in sizes:
                    rows.extend(run_size(kind, vendor, size, copies))
    print(table(rows))
    for row in rows:
        for note in row.notes:
            print(f"- {row.vendor} {row.kind} {row.rows:,} {row.mode}: {note}")
    seconds = time.perf_counter() - started
    print(f"load average at the end: {os.getloadavg()[0]:.1f}; whole run {seconds:.0f} s")


if __name__ == "__main__":
    main()

"""Benchmark: a whole rehearsal of each example's real bundle with many rows per model (not a test).

    .venv/bin/python benchmarks/bench_rehearsal.py [--rows 10000] [--vendors sqlite postgresql]
                                                   [--runs 1]

For each example (blog: m2m_through, fleet: new_parent) the bundle is made once by make_bundle's
engine (SQL previewed on SQLite only, it does not matter here), then rehearsed: copy, scratch
database, migrate + seed ROWS rows per model (and their M2M pairs), fingerprint, apply, checks,
migrate back, checks again. Prints a Markdown table: total seconds (best of RUNS) and each step's.
The aim on the 2-core machine: under 20 s on SQLite with 10,000 rows per model.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from tests.wizard.broken_bundles import EXAMPLES, example_bundle  # noqa: E402
from wizard.rehearsal import STEPS, RehearsalReport, rehearse  # noqa: E402
from wizard.scratch import server_url  # noqa: E402
from wizard.target import Target  # noqa: E402

SHORT = {
    "copy": "copy",
    "database": "db",
    "seed": "seed",
    "fingerprint": "fingerprint",
    "apply": "apply",
    "check": "check",
    "reverse": "back",
    "check_back": "check back",
}


def run(example: str, vendor: str, rows: int, runs: int) -> RehearsalReport:
    """Return the fastest of ``runs`` rehearsals (each must pass)."""
    bundle = example_bundle(example)
    database = "sqlite" if vendor == "sqlite" else server_url(vendor)
    best = None
    for _ in range(runs):
        report = rehearse(Target.resolve(EXAMPLES / example), bundle, database=database, rows=rows)
        if not report.ok:
            raise SystemExit(f"{example} on {vendor}: {report.summary()}")
        if best is None or report.seconds < best.seconds:
            best = report
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--vendors", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--runs", type=int, default=1)
    options = parser.parse_args()
    header = ["example", "database", "rows/model", "seeded rows + pairs", "total s"]
    header += [SHORT[name] for name, _title, _share in STEPS]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for vendor in options.vendors:
        for example in ("blog", "fleet"):
            report = run(example, vendor, options.rows, options.runs)
            cells = [example, vendor, f"{options.rows:,}", f"{sum(report.seeded.values()):,}"]
            cells.append(f"**{report.seconds:.1f}**")
            cells += [f"{step.seconds:.2f}" for step in report.steps]
            print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()

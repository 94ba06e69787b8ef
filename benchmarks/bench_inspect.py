"""Time `inspect_project` on a generated target with 100 models and 300 migrations.

    .venv/bin/python benchmarks/bench_inspect.py [--runs 7] [--apps 4] [--keep DIR]

The target has APPS apps of 100/APPS models each; every model has a foreign key to the one before
it (the first one to the first model of the previous app), every fifth one an M2M field; the
migrations of each app are an initial one followed by one AddField per migration, so the graph is
300 nodes long in total and the models agree with the migrations (no pending changes).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.targets import App, make_target  # noqa: E402

MODELS = 100
MIGRATIONS = 300
PK = "models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')"


def model_name(index: int) -> str:
    return f"Model{index:03d}"


def build_target(folder: Path, app_count: int) -> Path:
    """Write the generated target into ``folder`` and return its root."""
    per_app = MODELS // app_count
    labels = [f"app{n}" for n in range(app_count)]
    apps, files = [], {}
    for n, label in enumerate(labels):
        previous = labels[n - 1] if n else None
        added = added_fields(per_app, MIGRATIONS // app_count - 1)
        apps.append(App(label, models_source(label, previous, per_app, added), migrations=False))
        files.update(migration_files(label, previous, per_app, added))
    return make_target(folder, apps=apps, files=files, name="bench_target")


def added_fields(per_app: int, count: int) -> list[tuple[int, str]]:
    """Return (model index, field name) for each migration after the initial one."""
    return [(k % per_app, f"extra_{k:03d}") for k in range(1, count + 1)]


def relation(label: str, previous: str | None, i: int) -> str | None:
    if i > 0:
        return f"{label}.{model_name(i - 1)}"
    return f"{previous}.{model_name(0)}" if previous else None


def models_source(
    label: str, previous: str | None, per_app: int, added: list[tuple[int, str]]
) -> str:
    lines = ["from django.db import models", ""]
    for i in range(per_app):
        lines += ["", f"class {model_name(i)}(models.Model):"]
        lines.append("    name = models.CharField(max_length=50)")
        target = relation(label, previous, i)
        if target:
            lines.append(f"    parent = models.ForeignKey({target!r}, models.CASCADE, null=True)")
        if i % 5 == 4:
            lines.append(f"    links = models.ManyToManyField({model_name(i - 1)!r}, blank=True)")
        lines += [f"    {name} = models.IntegerField(default=0)" for m, name in added if m == i]
    return "\n".join(lines) + "\n"


def migration_files(
    label: str, previous: str | None, per_app: int, added: list[tuple[int, str]]
) -> dict[str, str]:
    files = {f"{label}/migrations/0001_initial.py": initial_migration(label, previous, per_app)}
    last = "0001_initial"
    for number, (i, name) in enumerate(added, start=2):
        current = f"{number:04d}_{model_name(i).lower()}_{name}"
        files[f"{label}/migrations/{current}.py"] = (
            "from django.db import migrations, models\n\n\n"
            "class Migration(migrations.Migration):\n"
            f"    dependencies = [({label!r}, {last!r})]\n"
            "    operations = [\n"
            f"        migrations.AddField({model_name(i).lower()!r}, {name!r}, "
            "models.IntegerField(default=0)),\n"
            "    ]\n"
        )
        last = current
    return files


def initial_migration(label: str, previous: str | None, per_app: int) -> str:
    dependencies = [(previous, "0001_initial")] if previous else []
    operations = []
    for i in range(per_app):
        fields = [f"('id', {PK})", "('name', models.CharField(max_length=50))"]
        target = relation(label, previous, i)
        if target:
            fields.append(
                "('parent', models.ForeignKey(null=True, "
                f"on_delete=django.db.models.deletion.CASCADE, to={target.lower()!r}))"
            )
        if i % 5 == 4:
            fields.append(
                f"('links', models.ManyToManyField(blank=True, "
                f"to='{label}.{model_name(i - 1).lower()}'))"
            )
        operations.append(
            f"        migrations.CreateModel(name={model_name(i)!r}, fields=[\n"
            + "".join(f"            {field},\n" for field in fields)
            + "        ]),\n"
        )
    return (
        "import django.db.models.deletion\nfrom django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n"
        "    initial = True\n"
        f"    dependencies = {dependencies!r}\n"
        "    operations = [\n" + "".join(operations) + "    ]\n"
    )


def time_command(root: Path, runs: int) -> tuple[list[float], list[float], str]:
    """Run inspect_project ``runs`` times; return wall times, CPU times (all processes), output."""
    command = [sys.executable, "manage.py", "inspect_project", str(root)]
    walls, cpus, output = [], [], ""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            raise SystemExit(f"inspect_project failed: {proc.stderr.strip()}")
        output = proc.stdout
    return walls, cpus, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--apps", type=int, default=4, help="apps the 100 models are spread over")
    parser.add_argument("--keep", type=Path, help="build the target in this (empty) folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mw-bench-") as tmp:
        root = build_target(args.keep or Path(tmp), args.apps)
        load = os.getloadavg()[0]
        walls, cpus, output = time_command(root, args.runs)
    if "warning:" in output:
        raise SystemExit("the generated target has warnings:\n" + output)
    models = sum(line.startswith("  model ") for line in output.splitlines())
    print(
        f"inspect_project, {models} models and {MIGRATIONS} migrations in {args.apps} apps, "
        f"{args.runs} runs: min {min(walls):.2f} s, median {statistics.median(walls):.2f} s "
        f"(CPU of all its processes: median {statistics.median(cpus):.2f} s; "
        f"load average {load:.1f} on {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()

"""The wizard as an installed tool: the wheel, its dependencies, and `migration-wizard`.

One wheel is built and installed into one fresh virtualenv (dependencies from the package index)
for the whole module; the commands then run from there, far from the repository.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What pip says when it has no network (a laptop offline: skipped there, a failure in CI).
OFFLINE = re.compile(r"Failed to establish a new connection|Temporary failure in name resolution")
# Variables that would point the installed wizard at the repository or at another project.
LEAKY = ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "VIRTUAL_ENV", "WIZARD_DB", "WIZARD_SECRET_KEY")


@dataclass(frozen=True)
class Installed:
    bin: Path
    site_packages: Path
    data_home: Path
    env: dict[str, str]

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "migration-wizard"), *map(str, args)],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.data_home,
            timeout=300,
            check=False,
        )


def requirement_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] not in "#-"]


def test_pyproject_declares_the_pins_of_requirements_txt() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["mysql"]

    assert sorted(declared) == sorted(requirement_lines((ROOT / "requirements.txt").read_text()))
    assert project["scripts"] == {"migration-wizard": "config.cli:main"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Return the wizard installed from a freshly built wheel into a fresh virtualenv."""
    folder = tmp_path_factory.mktemp("installed")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    run_checked([*pip, "wheel", "--no-deps", "-w", folder / "dist", ROOT])
    (wheel,) = (folder / "dist").glob("migration_wizard-*.whl")
    run_checked([sys.executable, "-m", "venv", folder / "venv"])
    venv_python = folder / "venv" / "bin" / "python"
    run_checked([venv_python, "-m", "pip", "install", "-q", "--no-compile", wheel])
    site_packages = run_checked(
        [venv_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    ).strip()
    data_home = folder / "home" / "data"
    data_home.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in LEAKY}
    return Installed(
        folder / "venv" / "bin",
        Path(site_packages),
        data_home,
        {**env, "XDG_DATA_HOME": str(data_home)},
    )


def run_checked(command: list[str | Path]) -> str:
    """Return the command's output; skip when pip cannot reach the package index (not in CI)."""
    proc = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=600, check=False
    )
    if proc.returncode != 0 and OFFLINE.search(proc.stderr) and not os.environ.get("CI"):
        pytest.skip(f"pip could not reach the package index: {OFFLINE.search(proc.stderr)[0]}")
    assert proc.returncode == 0, f"{command} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.mark.slow
def test_installed_wheel_holds_templates_static_files_and_examples(installed: Installed) -> None:
    package = installed.site_packages / "config"

    assert (package / "templates" / "base.html").is_file()
    assert (package / "static" / "vendor" / "bootstrap" / "bootstrap.min.css").is_file()
    assert (package / "examples" / "blog" / "manage.py").is_file()
    assert not list(package.glob("examples/*/db.sqlite3"))


@pytest.mark.slow
def test_installed_inspect_describes_a_bundled_example(installed: Installed) -> None:
    example = installed.site_packages / "config" / "examples" / "blog"

    result = installed.run("inspect", example)

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"Project {str(example)!r}\n")
    assert "  model core.Post (table core_post)\n" in result.stdout


@pytest.mark.slow
def test_installed_commands_refuse_bad_input_in_one_line(installed: Installed) -> None:
    missing = installed.run("inspect", "/no/such/project")
    serve_missing = installed.run("serve", "/no/such/project", "--no-browser")
    unknown = installed.run("migrate")

    expected = (
        "CommandError: The folder '/no/such/project' does not exist; "
        "give the folder that holds manage.py.\n"
    )
    assert (missing.returncode, missing.stdout, missing.stderr) == (1, "", expected)
    assert (serve_missing.returncode, serve_missing.stdout, serve_missing.stderr) == (
        1,
        "",
        expected,
    )
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr == (
        "migration-wizard: unknown command 'migrate'; use one of: serve, inspect, bundle, "
        "rehearse, confirm ('migration-wizard --help' describes them).\n"
    )


@pytest.fixture
def served(installed: Installed) -> Iterator[tuple[subprocess.Popen[str], queue.Queue[str], int]]:
    """Start `migration-wizard serve EXAMPLE` on a free port; stop it with Ctrl-C afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    example = installed.site_packages / "config" / "examples" / "blog"
    server = subprocess.Popen(
        [installed.bin / "migration-wizard", "serve", example, "--port", str(port), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=installed.env,
        cwd=installed.data_home,
        # Ctrl-C must stop it, even when this test runs where SIGINT is ignored (in the background).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=read_lines, args=[server, lines])
    reader.start()
    try:
        yield server, lines, port
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        finally:
            server.kill()
            reader.join()
            if server.stdout:
                server.stdout.close()


def read_lines(server: subprocess.Popen[str], lines: queue.Queue[str]) -> None:
    """Put each line the server prints on ``lines``, then "" once its output ends."""
    for line in server.stdout or []:
        lines.put(line)
    lines.put("")


def next_line(lines: queue.Queue[str]) -> str:
    return lines.get(timeout=120)


def rest(lines: queue.Queue[str]) -> list[str]:
    """Return the lines a stopped server printed last."""
    return list(iter(lambda: next_line(lines), ""))


def post_example(base: str, name: str) -> str:
    """Load a bundled example with the home page's form (CSRF and all); return where it leads."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with opener.open(base + "/", timeout=30) as response:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())
    assert token is not None
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], "example": name}).encode()
    request = urllib.request.Request(base + "/", data=form, headers={"Origin": base})
    with opener.open(request, timeout=30) as response:
        return str(response.url)


def fetch(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read().decode()
        return response.status, response.headers["Server"], body


@pytest.mark.slow
def test_installed_serve_answers_with_the_project_loaded_and_its_static_files(
    installed: Installed, served: tuple[subprocess.Popen[str], queue.Queue[str], int]
) -> None:
    server, lines, port = served
    started = time.monotonic()
    first, second = next_line(lines), next_line(lines)
    base = f"http://127.0.0.1:{port}"

    assert first == f"Migration Wizard is serving on {base}/ (Ctrl-C stops it).\n"
    plan_url = re.fullmatch(rf"Loading '.*/examples/blog': ({base}/plans/[\w-]+/)\n", second)
    assert plan_url is not None, second
    status, server_name, home = fetch(base + "/")
    assert (status, server_name) == (200, "migration-wizard")
    assert "Migration Wizard" in home
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', home)
    assert {"/static/css/wizard.css", "/static/django_htmx/htmx-2.min.js"} <= set(assets)
    assert all(fetch(base + asset)[0] == 200 for asset in assets)
    while "core.Post.categories" not in fetch(plan_url[1])[2]:
        assert time.monotonic() - started < 120, "the project did not load within 2 minutes"
        time.sleep(0.5)

    assert post_example(base, "fleet").startswith(f"{base}/plans/")

    server.send_signal(signal.SIGINT)
    assert server.wait(timeout=60) == 0
    assert rest(lines)[-1:] == ["Stopped.\n"]
    data_dir = installed.data_home / "migration-wizard"
    assert (data_dir / "db.sqlite3").is_file()
    assert (data_dir / "secret-key").stat().st_mode & 0o777 == 0o600
    assert not list(installed.site_packages.glob("**/db.sqlite3"))

"""The `migration-wizard` command line (config.cli): names, usage and refusals."""

from __future__ import annotations

import pytest

from config.cli import main, target_settings_argv


def test_cli_without_a_command_prints_usage_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_status:
        main([])

    assert exit_status.value.code == 2
    assert capsys.readouterr().out.startswith("usage: migration-wizard COMMAND [OPTIONS]\n")


def test_cli_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_status:
        main(["--help"])

    usage = capsys.readouterr().out
    assert exit_status.value.code == 0
    assert [line.split()[0] for line in usage.splitlines() if line.startswith("  ")] == [
        "serve",
        "inspect",
        "bundle",
        "rehearse",
        "confirm",
    ]


def test_cli_unknown_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_status:
        main(["runserver"])

    assert exit_status.value.code == 2
    assert capsys.readouterr() == (
        "",
        "migration-wizard: unknown command 'runserver'; use one of: serve, inspect, bundle, "
        "rehearse, confirm ('migration-wizard --help' describes them).\n",
    )


@pytest.mark.parametrize("command", ["inspect_project", "make_bundle", "serve"])
def test_cli_settings_of_a_wizard_command_name_the_target(command: str) -> None:
    argv = ["manage.py", command, "site", "--settings", "a.b", "--settings=c.d"]

    assert target_settings_argv(argv) == [
        "manage.py",
        command,
        "site",
        "--target-settings",
        "a.b",
        "--target-settings=c.d",
    ]


def test_cli_settings_of_django_commands_stay_the_wizard_settings() -> None:
    argv = ["manage.py", "migrate", "--settings", "config.settings"]

    assert target_settings_argv(argv) == argv

"""Every ``screening`` command fails in one line, never a traceback, when the database has
no schema, when the database cannot be reached, and when the broker cannot be reached.

The commands are found by walking the click tree, so a command added later is
tested without anyone listing it here.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from screening.cli import main
from screening.schema import upgrade
from tests.conftest import REPO, _create_session_database, _drop_database

SECRET = "s3cret-pw"
DEAD_DATABASE = f"postgresql://screening:{SECRET}@127.0.0.1:1/screening"
DEAD_REDIS = f"redis://:{SECRET}@127.0.0.1:1/0"
# Commands that never touch the database or the broker may succeed anywhere.
OFFLINE = {("compare",), ("lists", "extract")}
# These create the schema: that is what they are for.
CREATE_SCHEMA = {("db", "upgrade"), ("run",)}
# Arguments a generic value would not get past before the database is used.
ARGUMENTS: dict[tuple[str, ...], list[str]] = {
    ("lists", "import"): [
        "ofac-csv",
        str(REPO / "tests/fixtures/importers/ofac_2024_sdn_excerpt.csv"),
        "--list",
        "ofac",
    ],
    ("lists", "fetch"): ["--all"],
    ("lists", "sources", "add"): [
        *("ofac", "--list", "ofac", "--format", "ofac-csv"),
        *("--url", "https://sanctionslist.example.org/sdn.csv"),
    ],
    ("counterparties", "import"): [str(REPO / "tests/fixtures/counterparties/register.csv")],
}


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def _value(param: click.Parameter, names_file: Path) -> str:
    kind = param.type
    if isinstance(kind, click.Choice):
        return str(kind.choices[0])
    if isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        return "1"
    if isinstance(kind, click.Path):
        return str(names_file)
    return "Rungra 888"


def minimal_args(path: tuple[str, ...], names_file: Path) -> list[str]:
    """The command's path plus a value for each required argument and option."""
    if path in ARGUMENTS:
        return [*path, *ARGUMENTS[path]]
    args = list(path)
    for param in _command(path).params:
        if isinstance(param, click.Argument) and (param.required or param.nargs == -1):
            args.append(_value(param, names_file))
        elif isinstance(param, click.Option) and param.required:
            args += [param.opts[0], _value(param, names_file)]
    return args


ALL_COMMANDS = list(_commands(main))


def test_the_walk_finds_the_commands() -> None:
    found = {" ".join(path) for path in ALL_COMMANDS}
    assert {"users list", "keys create", "lists import", "db upgrade", "worker"} <= found


@pytest.fixture()
def names_file(tmp_path: Path) -> Path:
    path = tmp_path / "names.txt"
    path.write_text("Rungra 888\n")
    return path


@pytest.fixture(autouse=True)
def _no_process_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command that wrongly passed its checks must not replace or fork the test process."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the command started a process despite the failure")

    monkeypatch.setattr(os, "execv", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)


def _run(args: list[str], env: dict[str, str]) -> Result:
    settings: dict[str, str | None] = {
        "DATABASE_URL": None,
        "REDIS_URL": None,
        "SCREENING_ENV": "test",
        "SECRET_KEY": "test-secret-key",
        **env,
    }
    return CliRunner().invoke(main, args, env=settings)


def _assert_one_line_failure(result: Result, path: tuple[str, ...], expected: str) -> None:
    label = " ".join(path)
    output = result.output
    assert "Traceback" not in output, f"{label}:\n{output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{label} raised {result.exception!r}"
    )
    if path in OFFLINE:
        return
    assert result.exit_code != 0, f"{label} exited 0:\n{output}"
    last = output.strip().splitlines()[-1]
    assert last.startswith("Error: "), f"{label}:\n{output}"
    assert expected in last, f"{label}: {last}"
    assert SECRET not in output, f"{label} shows the password: {last}"


@pytest.fixture(scope="module")
def empty_database(
    test_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database with no tables, of the kind the suite runs on (no test here creates any)."""
    if test_env.get("DATABASE_URL", "").startswith("postgres"):
        url, created = _create_session_database(test_env["DATABASE_URL"])
        yield url
        _drop_database(*created)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('empty') / 'empty.sqlite'}"


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
def test_without_schema_every_command_says_run_db_upgrade(
    path: tuple[str, ...], empty_database: str, tmp_path: Path, names_file: Path
) -> None:
    if path in CREATE_SCHEMA:
        pytest.skip("creates the schema")
    env = {"SCREENING_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": empty_database}
    result = _run(minimal_args(path, names_file), env)
    _assert_one_line_failure(result, path, "run `screening db upgrade`")


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
def test_with_the_database_down_every_command_names_its_url(
    path: tuple[str, ...], tmp_path: Path, names_file: Path
) -> None:
    env = {
        "SCREENING_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": DEAD_DATABASE,
        "REDIS_URL": DEAD_REDIS,
    }
    result = _run(minimal_args(path, names_file), env)
    _assert_one_line_failure(
        result, path, "the database at postgresql+psycopg://screening:***@127.0.0.1:1/screening"
    )


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('migrated') / 'screening.sqlite'}"
    upgrade(url)
    return url


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
def test_with_redis_down_no_command_shows_a_traceback(
    path: tuple[str, ...], migrated_database: str, tmp_path: Path, names_file: Path, db: Any
) -> None:
    env = {
        "SCREENING_INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": migrated_database,
        "REDIS_URL": DEAD_REDIS,
        "SCREENING_SEED_PATH": str(REPO / "seeds/dprk_labour.yaml"),
    }
    result = _run(minimal_args(path, names_file), env)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert SECRET not in result.output
    if result.exit_code != 0 and "broker" in result.output:
        assert "redis://:***@127.0.0.1:1/0" in result.output
    if path in {("run",), ("web",), ("worker",), ("beat",)}:
        # Long-running processes check the broker before they start.
        assert result.exit_code != 0
        assert "Error: cannot reach the broker at redis://:***@127.0.0.1:1/0" in result.output

"""The README's two commands are the ones CI and new users run."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    return re.findall(r"```sh\n(python3 -m venv .+)\n```", text)


def test_readme_starts_with_run_then_test_command() -> None:
    run, test = _readme_commands()[:2]
    assert run.endswith(".venv/bin/screening run")
    assert test.endswith(".venv/bin/pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text()
    match = re.search(r'^TEST_COMMAND="(.+)"$', ci, re.MULTILINE)
    assert match, "TEST_COMMAND not found in .ci/run"
    assert match.group(1) == _readme_commands()[1]

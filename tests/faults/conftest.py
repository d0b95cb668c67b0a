"""Fault injection against a service of its own (see cluster.py). Every test module here
is marked ``faults``: the default run leaves them out, ``pytest -m faults tests/faults``
runs them (.ci/run does, once)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.faults.cluster import Postgres, Redis, missing_servers, private_servers


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[Postgres, Redis]]:
    reason = missing_servers()
    if reason:
        pytest.skip(reason)
    with private_servers() as pair:
        yield pair


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report

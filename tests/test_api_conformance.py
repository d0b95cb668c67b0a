"""Schemathesis drives every API operation from the generated OpenAPI document.

Whatever it sends, the API must never answer with a 5xx.
"""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402


@pytest.fixture()
def api_schema(live_server: str, small_list: str, api_key: tuple[str, str]) -> Any:
    schema = schemathesis.openapi.from_url(f"{live_server}/api/v1/openapi.json")
    schema.api_key = api_key[0]  # type: ignore[attr-defined]
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_with_a_server_error(case: Any, api_key: tuple[str, str]) -> None:
    response = case.call(headers={"Authorization": f"Bearer {api_key[0]}"})
    case.validate_response(response, checks=[not_a_server_error])

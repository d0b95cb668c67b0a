"""Schemathesis drives every API operation from the generated OpenAPI document.

Whatever it sends, valid or not, the API must never answer with a 5xx, and
every answer must be one the document describes: its status, content type and
body schema.

It runs against its own server on the session's database, sending jobs to a
queue no worker reads: generated jobs are never processed, so their generated
callback URLs are never called.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from foundation.settings import Settings
from screening.app import create_app

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)


@pytest.fixture(scope="module")
def unread_queue_server(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service on the session's database, enqueueing to a queue nobody consumes."""
    base = app.config["SETTINGS"]
    values = {
        "SCREENING_ENV": "test",
        "SCREENING_INSTANCE_PATH": str(tmp_path_factory.mktemp("conformance")),
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": base.database_url,
        "SCREENING_QUEUE": f"{base.queue}-unread",
    }
    if base.redis_url:
        values["REDIS_URL"] = base.redis_url
    other = create_app(Settings.from_env(values))
    app.extensions["celery"].set_default()
    server = make_server("127.0.0.1", 0, other, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    other.extensions["celery"].control.purge()
    other.extensions["database"].dispose()


@pytest.fixture()
def api_schema(unread_queue_server: str, small_list: str, api_key: tuple[str, str]) -> Any:
    schema = schemathesis.openapi.from_url(f"{unread_queue_server}/api/v1/openapi.json")
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
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )

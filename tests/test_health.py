"""Liveness and readiness probes report the real state of their dependencies."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from foundation.settings import Settings
from screening.app import create_app


def test_healthz_reports_alive(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_ready_when_database_and_broker_answer(client: Any) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"status": "ready"}


def _assert_only_unavailable(response: Any) -> None:
    """The public answer says 'not ready' and nothing about why."""
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "error": {"code": "service_unavailable", "message": "The service is not ready."},
    }


def test_readyz_is_503_when_broker_is_down_and_logs_why(
    app: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    base: Settings = app.config["SETTINGS"]
    settings = Settings.from_env(
        {
            "SCREENING_INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "x",
            "DATABASE_URL": base.database_url,
            "REDIS_URL": "redis://:hunter2@127.0.0.1:1/0",
        }
    )
    with caplog.at_level(logging.WARNING, logger="screening.health"):
        response = create_app(settings).test_client().get("/readyz")
    _assert_only_unavailable(response)
    assert "hunter2" not in response.get_data(as_text=True)
    assert "broker unreachable" in caplog.text
    assert "database" not in caplog.text


def test_readyz_is_503_when_database_is_unreachable(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings.from_env(
        {
            "SCREENING_INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "x",
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        }
    )
    with caplog.at_level(logging.WARNING, logger="screening.health"):
        response = create_app(settings).test_client().get("/readyz")
    _assert_only_unavailable(response)
    assert "127.0.0.1" not in response.get_data(as_text=True)
    assert "database unreachable" in caplog.text


def test_readyz_is_503_when_schema_is_not_migrated(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    with caplog.at_level(logging.WARNING, logger="screening.health"):
        response = create_app(settings).test_client().get("/readyz")
    _assert_only_unavailable(response)
    assert "schema not migrated" in caplog.text


def test_unknown_api_path_gets_json_404(client: Any) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"

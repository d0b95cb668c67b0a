"""Liveness and readiness probes report the real state of their dependencies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from foundation.settings import Settings
from screening.app import create_app


def test_healthz_reports_alive(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_ready_when_database_and_broker_answer(client: Any) -> None:
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["checks"] == {"database": "ok", "broker": "ok"}


def test_readyz_is_503_with_reason_when_broker_is_down(app: Any, tmp_path: Path) -> None:
    base: Settings = app.config["SETTINGS"]
    settings = Settings.from_env(
        {
            "SCREENING_INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "x",
            "DATABASE_URL": base.database_url,
            "REDIS_URL": "redis://127.0.0.1:1/0",
        }
    )
    response = create_app(settings).test_client().get("/readyz")
    body = response.get_json()
    assert response.status_code == 503
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("unreachable")
    assert "broker" in body["error"]["message"]


def test_readyz_is_503_when_database_is_unreachable(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "SCREENING_INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "x",
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        }
    )
    response = create_app(settings).test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"].startswith("unreachable")


def test_readyz_is_503_when_schema_is_not_migrated(tmp_path: Path) -> None:
    settings = Settings.from_env({"SCREENING_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"})
    response = create_app(settings).test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"] == "schema not migrated"


def test_unknown_api_path_gets_json_404(client: Any) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"

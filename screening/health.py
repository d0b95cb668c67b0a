"""Liveness and readiness probes."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from screening.context import get_database, get_queue
from screening.schema import schema_is_current

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """The process is alive. Checks nothing else."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Ready when the database (with its schema) and the broker answer; otherwise 503."""
    checks: dict[str, str] = {}
    ready = True
    database = get_database()
    try:
        database.ping()
        checks["database"] = "ok" if schema_is_current(database.engine) else "schema not migrated"
        ready = ready and checks["database"] == "ok"
    except Exception as exc:  # any driver error means not ready
        checks["database"] = f"unreachable: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        ready = False
    try:
        with get_queue().celery.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        checks["broker"] = "ok"
    except Exception as exc:
        checks["broker"] = f"unreachable: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        ready = False
    body = {"status": "ready" if ready else "unavailable", "checks": checks}
    if not ready:
        body["error"] = {
            "code": "service_unavailable",
            "message": "; ".join(f"{k}: {v}" for k, v in checks.items() if v != "ok"),
        }
    return jsonify(body), 200 if ready else 503

"""Liveness and readiness probes."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify

from screening.context import get_database, get_queue
from screening.schema import schema_is_current

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """The process is alive. Checks nothing else."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Ready when the database (with its schema) and the broker answer; otherwise 503.

    The answer says only ready or not: what failed, and why, goes to the log.
    """
    problems: list[str] = []
    database = get_database()
    try:
        database.ping()
        if not schema_is_current(database.engine):
            problems.append("database: schema not migrated (run: screening db upgrade)")
    except Exception as exc:  # any driver error means not ready
        problems.append(f"database unreachable: {type(exc).__name__}: {_first_line(exc)}")
    try:
        with get_queue().celery.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception as exc:
        problems.append(f"broker unreachable: {type(exc).__name__}: {_first_line(exc)}")
    if not problems:
        return jsonify({"status": "ready"}), 200
    log.warning("not ready: %s", "; ".join(problems))
    body = {
        "status": "unavailable",
        "error": {"code": "service_unavailable", "message": "The service is not ready."},
    }
    return jsonify(body), 503


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:200]

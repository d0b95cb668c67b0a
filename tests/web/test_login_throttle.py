"""The login page slows down guessing and keeps the audit trail readable under a flood."""

from __future__ import annotations

import uuid
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from foundation.audit import AuditEvent
from tests.web.conftest import PASSWORD, csrf_token


def _attempt(client: FlaskClient, username: str, password: str, ip: str) -> Any:
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_repeated_failures_get_429_with_retry_after_and_one_audit_event(
    client: FlaskClient, db: Any
) -> None:
    from screening.accounts.users import create_user

    name = f"target-{uuid.uuid4().hex[:8]}"
    ip = f"192.0.2.{uuid.uuid4().int % 250 + 1}"
    with db.session() as session:
        create_user(session, name, "officer", PASSWORD)
    statuses = [_attempt(client, name, f"guess {n}", ip).status_code for n in range(30)]
    assert statuses[:6] == [401] * 6
    assert 429 in statuses[6:]
    refused = _attempt(client, name, PASSWORD, ip)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert "Too many failed logins" in refused.get_data(as_text=True)
    assert client.get("/jobs").status_code == 302, "a throttled login opens no session"
    with db.session() as session:
        failed_events = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "user.login_failed", AuditEvent.object_id == name)
        )
    assert failed_events == 1

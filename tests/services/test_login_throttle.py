"""Logging in: failures slow further attempts, unknown names cost a real password check,
and a flood of failures writes a few counted audit events, not one each."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.audit import AuditEvent
from foundation.settings import Settings
from screening.accounts import users
from screening.accounts.login import LoginStatus, log_in
from screening.accounts.throttle import AUDIT_WINDOW_SECONDS, LoginThrottle

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def throttle(settings: Settings, clock: Clock) -> LoginThrottle:
    # A queue name of its own keeps these counts apart from every other test's.
    return LoginThrottle(replace(settings, queue=f"throttle-{uuid.uuid4().hex[:8]}"), clock)


def _user(session: Session) -> str:
    name = f"user-{uuid.uuid4().hex[:8]}"
    users.create_user(session, name, "officer", PASSWORD)
    session.commit()
    return name


def _login(session: Session, throttle: LoginThrottle, name: str, password: str, ip: str) -> Any:
    outcome = log_in(session, throttle, name, password, remote_addr=ip, channel="web")
    session.commit()
    return outcome


def _failed_events(session: Session, name: str) -> list[dict[str, Any]]:
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "user.login_failed", AuditEvent.object_id == name)
        .order_by(AuditEvent.seq)
    )
    return [e.payload for e in events]


def test_a_username_may_fail_five_times_then_waits_twice_as_long_each_time(
    throttle: LoginThrottle, clock: Clock
) -> None:
    for _ in range(5):
        assert throttle.retry_after("alice", "198.51.100.1") == 0
        throttle.failed("alice", "198.51.100.1")
    assert throttle.retry_after("alice", "198.51.100.1") == 0
    waits = []
    for _ in range(12):
        throttle.failed("alice", "198.51.100.1")
        waits.append(throttle.retry_after("alice", "198.51.100.1"))
        clock.now += waits[-1]
    assert waits[:5] == [2, 4, 8, 16, 32]
    assert max(waits) == 900, "the wait is capped by SCREENING_LOGIN_BACKOFF_MAX"
    # The username is throttled from every address; the address itself not yet.
    throttle.failed("alice", "198.51.100.1")
    assert throttle.retry_after("alice", "203.0.113.9") > 0
    assert throttle.retry_after("bob", "198.51.100.1") == 0


def test_one_address_trying_many_usernames_is_throttled(
    throttle: LoginThrottle, clock: Clock
) -> None:
    for n in range(20):
        throttle.failed(f"guess-{n}", "198.51.100.2")
    assert throttle.retry_after("someone-else", "198.51.100.2") == 0
    throttle.failed("guess-20", "198.51.100.2")
    assert throttle.retry_after("someone-else", "198.51.100.2") == 2
    assert throttle.retry_after("someone-else", "198.51.100.3") == 0


def test_success_forgets_the_username_failures(throttle: LoginThrottle, clock: Clock) -> None:
    for _ in range(6):
        throttle.failed("carol", "198.51.100.4")
    assert throttle.retry_after("carol", "198.51.100.4") == 2
    clock.now += 2
    throttle.succeeded("carol")
    throttle.failed("carol", "198.51.100.4")
    assert throttle.retry_after("carol", "198.51.100.4") == 0


def test_failures_are_forgotten_after_an_hour(throttle: LoginThrottle, clock: Clock) -> None:
    for _ in range(8):
        throttle.failed("dave", "198.51.100.5")
    clock.now += 3601
    throttle.failed("dave", "198.51.100.5")
    assert throttle.retry_after("dave", "198.51.100.5") == 0


def test_throttled_login_is_refused_even_with_the_right_password(
    session: Session, throttle: LoginThrottle, clock: Clock
) -> None:
    name = _user(session)
    for _ in range(6):
        assert _login(session, throttle, name, "wrong", "198.51.100.6").status == LoginStatus.WRONG
    refused = _login(session, throttle, name, PASSWORD, "198.51.100.6")
    assert refused.status == LoginStatus.THROTTLED
    assert refused.retry_after == 2 and refused.session_id is None
    clock.now += 2
    assert _login(session, throttle, name, PASSWORD, "198.51.100.6").status == LoginStatus.OK


def test_unknown_and_inactive_users_cost_one_password_check(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = _user(session)
    checks: list[str] = []
    real = users.check_password_hash

    def counting(stored: str, password: str) -> bool:
        checks.append(stored)
        return real(stored, password)

    monkeypatch.setattr(users, "check_password_hash", counting)
    assert users.authenticate(session, "no-such-user", PASSWORD) is None
    assert len(checks) == 1
    users.deactivate_user(session, name, actor="tests")
    assert users.authenticate(session, name, PASSWORD) is None
    assert len(checks) == 2
    # The stand-in hash is made like real ones (same method and cost).
    real_method = session.scalar(select(users.User.password_hash)).split("$")[0]
    assert checks[0].split("$")[0] == real_method


def test_a_flood_of_failures_writes_one_counted_event_per_window(
    session: Session, throttle: LoginThrottle, clock: Clock
) -> None:
    name = _user(session)
    for _ in range(40):
        _login(session, throttle, name, "wrong", "198.51.100.7")
        clock.now += 1
    events = _failed_events(session, name)
    assert len(events) == 1
    assert events[0]["failed"] == 1 and events[0]["remote_addr"] == "198.51.100.7"

    clock.now += AUDIT_WINDOW_SECONDS
    _login(session, throttle, name, "wrong", "198.51.100.7")
    events = _failed_events(session, name)
    assert len(events) == 2
    # Every attempt since the first event is counted: wrong passwords and refusals.
    assert events[1]["failed"] + events[1]["refused"] == 40
    assert events[1]["refused"] > 0

    # Another address is another event.
    _login(session, throttle, name, "wrong", "198.51.100.8")
    assert len(_failed_events(session, name)) == 3


def test_a_successful_login_reports_the_attempts_not_yet_audited(
    session: Session, throttle: LoginThrottle, clock: Clock
) -> None:
    name = _user(session)
    for _ in range(3):
        _login(session, throttle, name, "wrong", "198.51.100.9")
    assert _login(session, throttle, name, PASSWORD, "198.51.100.9").status == LoginStatus.OK
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.login", AuditEvent.object_id == name)
    ).one()
    assert event.payload["unreported_attempts"] == {"failed": 2, "refused": 0}


def test_expired_one_time_password_is_refused(
    session: Session, throttle: LoginThrottle, settings: Settings
) -> None:
    from datetime import timedelta

    name = f"user-{uuid.uuid4().hex[:8]}"
    _user_row, password = users.create_user(session, name, "officer", actor="tests")
    session.commit()
    user = users.get_user(session, name)
    assert user.password_expires_at is not None
    user.password_expires_at -= timedelta(hours=25)
    session.commit()
    outcome = _login(session, throttle, name, password, "198.51.100.10")
    assert outcome.status == LoginStatus.EXPIRED and outcome.session_id is None


def test_with_redis_unreachable_the_throttle_counts_in_process(
    settings: Settings, clock: Clock
) -> None:
    throttle = LoginThrottle(replace(settings, redis_url="redis://127.0.0.1:1/0"), clock)
    for _ in range(6):
        throttle.failed("erin", "198.51.100.11")
    assert throttle.retry_after("erin", "198.51.100.11") == 2

"""Logging in to the web pages: throttled, audited in aggregate, opening a server-side session."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from screening.accounts import sessions, users
from screening.accounts.models import SessionEnd
from screening.accounts.throttle import AUDIT_WINDOW_SECONDS, AttemptTally, LoginThrottle
from screening.models import User


class LoginStatus(StrEnum):
    OK = "ok"
    WRONG = "wrong"  # unknown user, wrong password or deactivated: one answer for all
    THROTTLED = "throttled"  # too many failures: try again after ``retry_after`` seconds
    EXPIRED = "expired"  # the right one-time password, but past its time


@dataclass(frozen=True)
class LoginOutcome:
    status: LoginStatus
    user: User | None = None
    session_id: str | None = None
    retry_after: int = 0


def log_in(
    db: Session,
    throttle: LoginThrottle,
    username: str,
    password: str,
    remote_addr: str,
    channel: str,
) -> LoginOutcome:
    """Check a login; on success open a session. The caller commits in every case."""
    wait = throttle.retry_after(username, remote_addr)
    if wait:
        _audit_attempt(db, throttle, username, remote_addr, channel, refused=True)
        return LoginOutcome(LoginStatus.THROTTLED, retry_after=wait)
    user = users.authenticate(db, username, password)
    if user is None:
        throttle.failed(username, remote_addr)
        _audit_attempt(db, throttle, username, remote_addr, channel, refused=False)
        return LoginOutcome(LoginStatus.WRONG)
    if users.one_time_password_expired(user):
        return LoginOutcome(LoginStatus.EXPIRED, user=user)
    throttle.succeeded(username)
    payload: dict[str, object] = {"remote_addr": remote_addr}
    earlier = throttle.unreported(username, remote_addr)
    if earlier.failed or earlier.refused:
        payload["unreported_attempts"] = {"failed": earlier.failed, "refused": earlier.refused}
    record_event(
        db,
        actor=user.username,
        channel=channel,
        action=AuditAction.USER_LOGIN,
        object_type="user",
        object_id=user.username,
        payload=payload,
    )
    session_id = sessions.open_session(db, user, remote_addr)
    return LoginOutcome(LoginStatus.OK, user=user, session_id=session_id)


def _audit_attempt(
    db: Session,
    throttle: LoginThrottle,
    username: str,
    remote_addr: str,
    channel: str,
    refused: bool,
) -> None:
    """One event per username and address per window, counting the attempts since the last."""
    tally: AttemptTally | None = throttle.tally(username, remote_addr, refused=refused)
    if tally is None:
        return
    record_event(
        db,
        actor=username,
        channel=channel,
        action=AuditAction.USER_LOGIN_FAILED,
        object_type="user",
        object_id=username,
        payload={
            "remote_addr": remote_addr,
            "failed": tally.failed,
            "refused": tally.refused,
            "window_seconds": AUDIT_WINDOW_SECONDS,
        },
    )


def log_out(db: Session, user: User | None, session_id: str | None, channel: str) -> None:
    """End the session (the caller commits)."""
    if session_id:
        sessions.end_session(db, session_id, SessionEnd.LOGOUT)
    if user is not None:
        record_event(
            db,
            actor=user.username,
            channel=channel,
            action=AuditAction.USER_LOGOUT,
            object_type="user",
            object_id=user.username,
        )

"""Web sessions held in the database, so they can be ended.

The browser's cookie carries only a random session id; the table keeps its
SHA-256, the user, and when it was opened and last used. A session counts
while it has not been ended (logout, deactivation, password change or reset),
has been used within the idle limit, and is younger than the absolute limit.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from foundation.db import as_utc, utcnow
from foundation.settings import Settings
from screening.accounts.models import SessionEnd, WebSession
from screening.models import User

# last_seen_at is written at most this often, sparing most requests a write.
TOUCH_RESOLUTION = timedelta(minutes=1)
# Session rows are kept this long (``users list`` shows the last login), then deleted.
KEEP_ENDED = timedelta(days=90)


@dataclass(frozen=True)
class SessionLimits:
    idle: timedelta
    lifetime: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionLimits:
        return cls(
            idle=timedelta(minutes=settings.session_idle_minutes),
            lifetime=timedelta(hours=settings.session_lifetime_hours),
        )


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def new_session_id() -> str:
    """A random id for a browser that has not logged in (it opens nothing by itself)."""
    return secrets.token_urlsafe(32)


def open_session(db: Session, user: User, remote_addr: str | None = None) -> str:
    """Start a session for ``user``; returns the id for the cookie (only its hash is stored)."""
    session_id = new_session_id()
    now = utcnow()
    db.add(
        WebSession(
            id_hash=_hash(session_id),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            remote_addr=(remote_addr or None) and remote_addr[:64],
        )
    )
    # Housekeeping on login, the rare write: old rows need not wait for a job.
    db.execute(delete(WebSession).where(WebSession.created_at < now - KEEP_ENDED))
    db.flush()
    return session_id


@dataclass(frozen=True)
class LiveSession:
    user: User
    # Whether last_seen_at is old enough to be written again (see ``touch``).
    needs_touch: bool


def live_session(db: Session, session_id: str, limits: SessionLimits) -> LiveSession | None:
    """The session with this id if it still counts, with its user; reads only."""
    row = db.get(WebSession, _hash(session_id))
    if row is None or row.ended_at is not None:
        return None
    now = utcnow()
    last_seen = as_utc(row.last_seen_at)
    if now - last_seen > limits.idle or now - as_utc(row.created_at) > limits.lifetime:
        return None
    user = db.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    return LiveSession(user=user, needs_touch=now - last_seen >= TOUCH_RESOLUTION)


def touch(db: Session, session_id: str) -> None:
    """Record that the session was used now (the idle limit counts from here)."""
    db.execute(
        update(WebSession)
        .where(WebSession.id_hash == _hash(session_id), WebSession.ended_at.is_(None))
        .values(last_seen_at=utcnow())
    )


def end_session(db: Session, session_id: str, reason: SessionEnd = SessionEnd.LOGOUT) -> None:
    row = db.get(WebSession, _hash(session_id))
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        row.end_reason = reason


def end_user_sessions(db: Session, user: User, reason: SessionEnd) -> int:
    """End every live session of ``user``; returns how many there were."""
    result = db.execute(
        update(WebSession)
        .where(WebSession.user_id == user.id, WebSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def last_login(db: Session, user: User) -> WebSession | None:
    """The user's most recent session, if one is still on record."""
    return db.scalar(
        select(WebSession)
        .where(WebSession.user_id == user.id)
        .order_by(WebSession.created_at.desc())
        .limit(1)
    )

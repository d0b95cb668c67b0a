"""Server-side web sessions: the cookie holds only a random id, the row says whether it
still counts (logout, deactivation and password change end it; idle and absolute limits)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from foundation.db import Base, utcnow


class SessionEnd(StrEnum):
    """Why a web session stopped counting."""

    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    DEACTIVATED = "deactivated"
    ROLE_CHANGED = "role_changed"


class WebSession(Base):
    __tablename__ = "web_sessions"

    # SHA-256 of the id in the cookie: a copy of this table opens no session.
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    # A SessionEnd
    end_reason: Mapped[str | None] = mapped_column(String(32))
    remote_addr: Mapped[str | None] = mapped_column(String(64))

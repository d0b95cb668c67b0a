"""The audit log's table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from foundation.db import Base, utcnow


class AuditEvent(Base):
    """Append-only log; each sealed event's hash covers its content and the previous hash.

    An event is written with ``id`` only (a sequence number taken without any
    lock); the sealer later gives it its place in the chain: ``seq`` (1, 2, 3, ...
    with no gaps), ``prev_hash`` and ``hash``. Until then those three are NULL.
    """

    __tablename__ = "audit_events"
    # An object's history (a job's results.stored events, for verify).
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    # Append order; gaps are normal (a transaction that rolled back took a number).
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    # Chain position, dense from 1; NULL until sealed.
    seq: Mapped[int | None] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(160))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64), unique=True)

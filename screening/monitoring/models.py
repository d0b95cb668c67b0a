"""What the monitor did: its runs (the list versions each one screened against) and their
chunks of counterparties."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundation.db import Base, utcnow


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"


class ChunkStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"


class MonitorRun(Base):
    """One pass of the monitor. Its ``list_versions`` are what the next run diffs against.

    At most one run is running at a time; the database enforces it.
    """

    __tablename__ = "monitor_runs"
    __table_args__ = (
        Index(
            "uq_monitor_runs_one_running",
            "status",
            unique=True,
            sqlite_where=text("status = 'running'"),
            postgresql_where=text("status = 'running'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.RUNNING)
    full: Mapped[bool] = mapped_column(default=False)
    requested_by: Mapped[str] = mapped_column(String(128))
    # {"<list>": <version>} screened against, and what the run before had seen
    # ({"<list>": null} for a list it had not seen).
    list_versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    previous_versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # {"<list>": {"added": n, "changed": n, "removed": n}} of the entities diffed
    diff_counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    counterparties: Mapped[int] = mapped_column(default=0)  # active ones in the register
    screened: Mapped[int] = mapped_column(default=0)
    alerts_opened: Mapped[int] = mapped_column(default=0)
    alerts_closed: Mapped[int] = mapped_column(default=0)
    chunk_count: Mapped[int] = mapped_column(default=0)
    chunks_done: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)

    chunks: Mapped[list[MonitorChunk]] = relationship(
        back_populates="run", order_by="MonitorChunk.position", cascade="all, delete-orphan"
    )


class MonitorChunk(Base):
    """Counterparties with ids in [first_id, last_id] of one run, screened by one task."""

    __tablename__ = "monitor_chunks"
    __table_args__ = (UniqueConstraint("run_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("monitor_runs.id", ondelete="CASCADE"))
    position: Mapped[int]
    first_id: Mapped[int]
    last_id: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=ChunkStatus.PENDING)
    screened: Mapped[int] = mapped_column(default=0)
    alerts_opened: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]

    run: Mapped[MonitorRun] = relationship(back_populates="chunks")

"""Chunk heartbeats: a lease a worker holds on a chunk while it screens it.

The worker claims the chunk before it starts (``claim_chunk``), renews the
lease from a background thread while the matcher runs (``keep_alive``) and
drops it once the results are stored (``release_chunk``). So:

* the reconciler can tell a running chunk (fresh heartbeat) from a lost one
  (a stale heartbeat: its worker died) without waiting for the job to look
  stuck, and sends again only the lost ones;
* a second copy of a running chunk (the broker handed it out again, or the
  reconciler sent it) finds the lease held and steps aside instead of screening
  the same names again. A retry of the same task (same task id) keeps its lease.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from foundation.db import Database, as_utc, utcnow
from screening.models import ChunkHeartbeat

log = logging.getLogger(__name__)


def claim_chunk(
    session: Session, job_id: str, start: int, end: int, owner: str, timeout: float
) -> bool:
    """Take the lease on chunk ``start`` of a job for ``owner``; False if another task holds
    a fresh one. Caller commits."""
    now = utcnow()
    taken = session.execute(
        update(ChunkHeartbeat)
        .where(
            ChunkHeartbeat.job_id == job_id,
            ChunkHeartbeat.chunk_start == start,
            or_(
                ChunkHeartbeat.owner == owner,
                ChunkHeartbeat.beat_at < now - timedelta(seconds=timeout),
            ),
        )
        .values(owner=owner, beat_at=now, chunk_end=end)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount == 1:  # type: ignore[attr-defined]
        return True
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    created = session.execute(
        insert(ChunkHeartbeat)
        .values(job_id=job_id, chunk_start=start, chunk_end=end, owner=owner, beat_at=now)
        .on_conflict_do_nothing()
        .returning(ChunkHeartbeat.chunk_start)
    ).first()
    return created is not None


def renew_chunk(session: Session, job_id: str, start: int, owner: str) -> bool:
    """Say the chunk is still being screened; False if the lease was lost to another task."""
    renewed = session.execute(
        update(ChunkHeartbeat)
        .where(
            ChunkHeartbeat.job_id == job_id,
            ChunkHeartbeat.chunk_start == start,
            ChunkHeartbeat.owner == owner,
        )
        .values(beat_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return renewed.rowcount == 1  # type: ignore[attr-defined]


def release_chunk(session: Session, job_id: str, start: int, owner: str) -> None:
    """The chunk is stored: drop its lease. Caller commits."""
    session.execute(
        delete(ChunkHeartbeat)
        .where(
            ChunkHeartbeat.job_id == job_id,
            ChunkHeartbeat.chunk_start == start,
            ChunkHeartbeat.owner == owner,
        )
        .execution_options(synchronize_session=False)
    )


def chunk_beats(session: Session, job_id: str) -> dict[int, datetime]:
    """When each chunk of a job last beat, by chunk start (chunks never started are absent)."""
    rows = session.execute(
        select(ChunkHeartbeat.chunk_start, ChunkHeartbeat.beat_at).where(
            ChunkHeartbeat.job_id == job_id
        )
    )
    return {row.chunk_start: as_utc(row.beat_at) for row in rows}


@contextmanager
def keep_alive(
    database: Database, job_id: str, start: int, owner: str, every: float
) -> Iterator[None]:
    """Renew the lease every ``every`` seconds from a thread while the body runs.

    A renewal that fails (the database is away) is logged and tried again at
    the next beat; the body is never interrupted.
    """
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            try:
                with database.session() as session:
                    renew_chunk(session, job_id, start, owner)
            except Exception as exc:
                log.warning("heartbeat of %s[%d] not written: %s", job_id, start, exc)

    thread = threading.Thread(target=beat, name=f"heartbeat-{job_id[:8]}-{start}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)

"""A job's status changes: running once work begins, then completed or failed, once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import true, update
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.db import utcnow
from screening.jobs.reports import job_summary
from screening.models import JobStatus, ScreeningJob


def mark_running(session: Session, job_id: str) -> None:
    """Record that work on a job began (once; later calls change nothing). Caller commits."""
    session.execute(
        update(ScreeningJob)
        .where(ScreeningJob.id == job_id, ScreeningJob.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, started_at=utcnow())
    )


def fail_job(session: Session, job_id: str, reason: str) -> bool:
    """Mark an unfinished job failed with ``reason``; True when this call did it. Caller commits.

    Results already stored stay readable; the job is never sent again.
    """
    return _close_job(
        session,
        job_id,
        AuditAction.JOB_FAILED,
        values={"status": JobStatus.FAILED, "error": reason[:2000]},
    )


def finish_if_done(session: Session, job_id: str) -> bool:
    """Mark the job completed exactly once, by whichever chunk finishes last."""
    return _close_job(
        session,
        job_id,
        AuditAction.JOB_COMPLETED,
        values={"status": JobStatus.COMPLETED},
        when=ScreeningJob.processed_count >= ScreeningJob.item_count,
    )


def _close_job(
    session: Session,
    job_id: str,
    action: AuditAction,
    values: dict[str, Any],
    when: Any = None,
) -> bool:
    """Move an unfinished job to its final status once, and audit it; True if this call did."""
    result = session.execute(
        update(ScreeningJob)
        .where(
            ScreeningJob.id == job_id,
            ScreeningJob.status.in_(JobStatus.unfinished()),
            true() if when is None else when,
        )
        .values(finished_at=utcnow(), **values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    job = session.get(ScreeningJob, job_id)
    assert job is not None
    session.refresh(job)
    payload: dict[str, Any] = dict(job_summary(job)["counts"])
    if job.error:
        payload["error"] = job.error
    record_event(
        session,
        actor="worker",
        channel=job.channel,
        action=action,
        object_type="job",
        object_id=job_id,
        payload=payload,
    )
    return True

"""Submitting a screening job: every channel (web form, CSV upload, API, CLI) comes here.

A job and its items are committed before anything is enqueued, so a lost
message or a broker that is down never loses a submission: the job stays
``queued`` and the reconciler sends it later. ``screen_now`` is the
synchronous variant: the job is recorded the same way, then screened in the
caller's process.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.db import as_utc, utcnow
from foundation.outbound import validate_callback_url
from foundation.queue import TaskName, TaskQueue
from foundation.settings import Settings
from screening.indexes import IndexCache, active_versions, load_index
from screening.jobs.inputs import (
    ItemInput,
    JobInputError,
    effective_threshold,
    validate_items,
)
from screening.jobs.process import process_chunk
from screening.matching import ALGORITHM_VERSION
from screening.models import Channel, ItemStatus, JobStatus, ScreeningItem, ScreeningJob

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submission:
    """What a channel hands over: the names and how to screen them."""

    items: Sequence[ItemInput]
    channel: Channel
    submitted_by: str
    threshold: float | None = None  # None: the service's default
    lists: list[str] | None = None  # None: every active list
    callback_url: str | None = None
    api_key_id: int | None = None
    idempotency_key: str | None = None
    request_hash: str | None = None


@dataclass(frozen=True)
class Submitted:
    job: ScreeningJob
    replayed: bool = False  # an earlier job with the same Idempotency-Key


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used with a different request."""

    def __init__(self, job_id: str) -> None:
        super().__init__(
            "This Idempotency-Key was used with a different request body; use a new key"
        )
        self.job_id = job_id


def create_job(session: Session, submission: Submission, settings: Settings) -> ScreeningJob:
    """Persist a job and its items, pinned to the active list versions. Caller commits."""
    pins = active_versions(session, submission.lists)
    if not pins:
        raise JobInputError("no watchlist is loaded; load one with 'screening lists load-seeds'")
    items = submission.items
    threshold = effective_threshold(settings, submission.threshold)
    job = ScreeningJob(
        id=str(uuid.uuid4()),
        channel=submission.channel,
        submitted_by=submission.submitted_by,
        api_key_id=submission.api_key_id,
        status=JobStatus.QUEUED,
        threshold=threshold,
        algorithm_version=ALGORITHM_VERSION,
        list_versions=pins,
        callback_url=submission.callback_url,
        idempotency_key=submission.idempotency_key,
        request_hash=submission.request_hash,
        item_count=len(items),
    )
    session.add(job)
    session.flush()
    session.execute(
        ScreeningItem.__table__.insert(),
        [
            {
                "job_id": job.id,
                "position": position,
                "name": item.name,
                "type": item.type,
                "country": item.country,
                "reference": item.reference,
                "status": ItemStatus.PENDING,
            }
            for position, item in enumerate(items)
        ],
    )
    record_event(
        session,
        actor=submission.submitted_by,
        channel=submission.channel,
        action=AuditAction.JOB_SUBMITTED,
        object_type="job",
        object_id=job.id,
        payload={
            "items": len(items),
            "names_sha256": _names_digest(items),
            "lists": pins,
            "threshold": threshold,
            "algorithm_version": ALGORITHM_VERSION,
        },
    )
    return job


def _names_digest(items: Sequence[ItemInput]) -> str:
    digest = hashlib.sha256()
    for item in items:
        digest.update(item.name.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


def chunk_ranges(item_count: int, chunk_size: int) -> list[tuple[int, int]]:
    return [(s, min(s + chunk_size, item_count)) for s in range(0, item_count, chunk_size)]


def enqueue_job(session: Session, queue: TaskQueue, job: ScreeningJob, chunk_size: int) -> bool:
    """Send one task per chunk and record when; False (job left queued) if the broker failed."""
    try:
        for start, end in chunk_ranges(job.item_count, chunk_size):
            queue.send(TaskName.SCREEN_CHUNK, job.id, start, end)
    except Exception:
        # The job is saved; the reconciler sends it once the broker is back.
        log.exception("enqueue failed for job %s; the reconciler will retry", job.id)
        return False
    session.execute(
        update(ScreeningJob).where(ScreeningJob.id == job.id).values(enqueued_at=utcnow())
    )
    session.commit()
    return True


def submit_job(
    session: Session, queue: TaskQueue, settings: Settings, submission: Submission, limit: int
) -> Submitted:
    """Validate, save and commit a job, then enqueue it. The answer can be given at once.

    With an Idempotency-Key, a retry of the same request returns the earlier job
    (``replayed``); the same key with another request raises IdempotencyConflict.
    """
    validate_items(submission.items, settings, limit)
    if submission.callback_url:
        validate_callback_url(submission.callback_url, settings)
    earlier = _earlier_submission(session, submission, settings)
    if earlier is not None:
        return Submitted(earlier, replayed=True)
    try:
        job = create_job(session, submission, settings)
        session.commit()
    except IntegrityError:
        # A concurrent retry with the same Idempotency-Key won the race.
        session.rollback()
        earlier = _earlier_submission(session, submission, settings)
        if earlier is None:
            raise
        return Submitted(earlier, replayed=True)
    except Exception:
        session.rollback()
        raise
    enqueue_job(session, queue, job, settings.chunk_size)
    return Submitted(job)


def _earlier_submission(
    session: Session, submission: Submission, settings: Settings
) -> ScreeningJob | None:
    """The job an Idempotency-Key already produced, or None (no key, none yet, or expired)."""
    if not submission.idempotency_key or submission.api_key_id is None:
        return None
    job = session.scalar(
        select(ScreeningJob).where(
            ScreeningJob.api_key_id == submission.api_key_id,
            ScreeningJob.idempotency_key == submission.idempotency_key,
        )
    )
    if job is None:
        return None
    ttl = timedelta(seconds=settings.idempotency_ttl_seconds)
    if as_utc(job.created_at) < utcnow() - ttl:
        # Expired: free the key for a new job, keeping the old job intact.
        job.idempotency_key = None
        session.commit()
        return None
    if job.request_hash != submission.request_hash:
        raise IdempotencyConflict(job.id)
    return job


def screen_now(
    session: Session, settings: Settings, submission: Submission, limit: int
) -> ScreeningJob:
    """Record a job and screen its names in this process; committed, with its results."""
    validate_items(submission.items, settings, limit)
    try:
        job = create_job(session, submission, settings)
        index = load_index(session, job.list_versions, cache=IndexCache.from_settings(settings))
        process_chunk(session, job.id, 0, job.item_count, index=index)
        session.commit()
    except Exception:
        session.rollback()
        raise
    session.refresh(job)
    return job

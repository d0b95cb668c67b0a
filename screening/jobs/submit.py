"""Submitting a screening job: every channel (web form, CSV upload, API, CLI) comes here.

A job and its items are committed before anything is enqueued, so a lost
message or a broker that is down never loses a submission: the job stays
``queued`` and the reconciler sends it later. ``screen_now`` is the
synchronous variant: the job is recorded the same way, then screened in the
caller's process.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.dml import ReturningInsert

from foundation.audit import AuditAction, EventBatch, record_event
from foundation.db import as_utc, ordered_rows_insert, ordered_rows_params, utcnow
from foundation.outbound import validate_callback_url
from foundation.queue import BrokerUnavailable, TaskName, TaskQueue
from foundation.settings import Settings
from screening.indexes import IndexCache, active_lists, active_versions, load_index
from screening.jobs.alerting import MATCH_COLUMNS, FoundMatch, alert_rows
from screening.jobs.inputs import (
    ItemInput,
    JobInputError,
    effective_match_limit,
    effective_threshold,
    normalize_items,
    validate_items,
)
from screening.jobs.process import found_digest, query_fields, screen_name
from screening.matching import ALGORITHM_VERSION, normalize_name
from screening.models import (
    Channel,
    Disposition,
    ItemStatus,
    JobStatus,
    MatchResult,
    Outcome,
    ScreeningItem,
    ScreeningJob,
)

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
    match_limit: int | None = None  # None: 10 matches per name


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
        raise JobInputError(NO_LISTS)
    items = normalize_items(submission.items)
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
        match_limit=effective_match_limit(settings, submission.match_limit),
    )
    session.add(job)
    session.flush()
    session.execute(
        ScreeningItem.__table__.insert(),
        [
            {**_item_row(job.id, position, item), "status": ItemStatus.PENDING}
            for position, item in enumerate(items)
        ],
    )
    _record_submitted(session, submission, job, items)
    return job


NO_LISTS = "no watchlist is loaded; load one with 'screening lists load-seeds'"


def _item_row(job_id: str, position: int, item: ItemInput) -> dict[str, object]:
    return {
        "job_id": job_id,
        "position": position,
        "name": item.name,
        "type": item.type,
        "country": item.country,
        "reference": item.reference,
        "birth_date": item.birth_date,
        "identifiers": [i.as_json() for i in item.identifiers] or None,
    }


def _record_submitted(
    session: Session,
    submission: Submission,
    job: ScreeningJob,
    items: Sequence[ItemInput],
    audit: EventBatch | None = None,
) -> None:
    (audit.record if audit is not None else record_event)(
        session,
        actor=submission.submitted_by,
        channel=submission.channel,
        action=AuditAction.JOB_SUBMITTED,
        object_type="job",
        object_id=job.id,
        payload={
            "items": len(items),
            "names_sha256": _names_digest(items),
            "lists": job.list_versions,
            "threshold": job.threshold,
            "algorithm_version": ALGORITHM_VERSION,
        },
    )


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
    except BrokerUnavailable as exc:
        # The job is saved; the reconciler sends it once the broker is back. An
        # outage is expected and needs no traceback.
        log.warning("enqueue failed for job %s (%s); the reconciler will retry", job.id, exc)
        return False
    except Exception:
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
    validate_items(submission.items, settings, limit, submission.match_limit)
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
    return screen(session, settings, submission, limit).job


def screen(session: Session, settings: Settings, submission: Submission, limit: int) -> Submitted:
    """Screen names in this process and record them as a finished job with its audit trail.

    The matcher runs before anything is written; then the job, its items and their
    matches are inserted as they end, each potential match raises (or joins) its alert
    unless a clearance covers it, and the three audit events a job always has
    (submitted, results stored, completed) are appended, all in one transaction.

    The job returned is not attached to the session; its ``items`` and their
    ``matches`` are filled in. With an Idempotency-Key, a retry of the same request
    returns the earlier job (``replayed``); the key with another request raises
    IdempotencyConflict.
    """
    validate_items(submission.items, settings, limit, submission.match_limit)
    try:
        earlier = _earlier_submission(session, submission, settings)
        if earlier is not None:
            return Submitted(_with_results(session, earlier), replayed=True)
        job = _screen_and_record(session, settings, submission)
        session.commit()
    except IntegrityError:
        # A concurrent retry with the same Idempotency-Key won the race.
        session.rollback()
        earlier = _earlier_submission(session, submission, settings)
        if earlier is None:
            raise
        return Submitted(_with_results(session, earlier), replayed=True)
    except Exception:
        session.rollback()
        raise
    return Submitted(job)


def _with_results(session: Session, job: ScreeningJob) -> ScreeningJob:
    session.refresh(job)
    session.scalars(
        select(ScreeningItem)
        .where(ScreeningItem.job_id == job.id)
        .options(selectinload(ScreeningItem.matches))
    ).all()  # loads job.items' matches into the session
    return job


# Built once: every synchronous screen runs them, and a statement keeps its cache key.
_JOB_COLUMNS = tuple(ScreeningJob.__table__.columns.keys())
_INSERT_JOB = ScreeningJob.__table__.insert()
_INSERT_ITEMS = ScreeningItem.__table__.insert().returning(
    ScreeningItem.__table__.c.id, sort_by_parameter_order=True
)
_INSERT_MATCHES = MatchResult.__table__.insert().returning(
    MatchResult.__table__.c.id, sort_by_parameter_order=True
)


# The columns of a synchronous screen's items (every row has each of them).
_SYNC_ITEM_COLUMNS = (
    "job_id",
    "position",
    "name",
    "type",
    "country",
    "reference",
    "birth_date",
    "identifiers",
    "normalized_name",
    "status",
    "outcome",
    "top_score",
    "processed_at",
)


def _insert_job_and_items(
    connection: Connection, job_row: dict[str, Any], item_rows: list[dict[str, Any]]
) -> list[int]:
    """Insert the job and its items; the items' ids, in order.

    On PostgreSQL one statement does both (the job's insert is a CTE of the items'),
    which spares a round trip per call; elsewhere, one statement each.
    """
    if connection.dialect.name != "postgresql":
        connection.execute(_INSERT_JOB, [job_row])
        return list(connection.execute(_INSERT_ITEMS, item_rows).scalars())
    params = {f"j_{c}": value for c, value in job_row.items()}
    params.update(ordered_rows_params(item_rows, _SYNC_ITEM_COLUMNS, "i"))
    inserted = connection.execute(_job_and_items_statement(len(item_rows)), params)
    return [item_id for item_id, _position in sorted(inserted, key=lambda r: r.position)]


@functools.lru_cache(maxsize=256)
def _job_and_items_statement(count: int) -> ReturningInsert[Any]:
    """``WITH new_job AS (INSERT INTO screening_jobs ...) INSERT INTO screening_items
    SELECT <item 0> UNION ALL ... ORDER BY n RETURNING id, position``, built once per
    item count (``ordered_rows_insert``: ids ascend with the position). The items
    reference the job: PostgreSQL checks foreign keys at the end of the statement, when
    the job's row is in."""
    jobs, items = cast(Table, ScreeningJob.__table__), cast(Table, ScreeningItem.__table__)
    new_job = (
        insert(jobs)
        .values({c: bindparam(f"j_{c}", type_=jobs.c[c].type) for c in _JOB_COLUMNS})
        .cte("new_job")
    )
    # Not a multi-row VALUES: SQLAlchemy compiled one again on every call (a fifth of
    # a one-name call's CPU).
    rows = ordered_rows_insert(items, _SYNC_ITEM_COLUMNS, count, "i", "postgresql")
    return rows.add_cte(new_job).returning(items.c.id, items.c.position)


# What a stored match gives as evidence (the columns of MATCH_COLUMNS but its id).
_EVIDENCE_COLUMNS = tuple(c.key for c in MATCH_COLUMNS if c.key != "id")


def _screen_and_record(
    session: Session, settings: Settings, submission: Submission
) -> ScreeningJob:
    active = active_lists(session, submission.lists)
    if not active.versions:
        raise JobInputError(NO_LISTS)
    index = load_index(
        session, active.versions, cache=IndexCache.from_settings(settings), key=active.key
    )
    items = normalize_items(submission.items)
    created = utcnow()
    job = ScreeningJob(
        id=str(uuid.uuid4()),
        channel=submission.channel,
        submitted_by=submission.submitted_by,
        api_key_id=submission.api_key_id,
        status=JobStatus.COMPLETED,
        threshold=effective_threshold(settings, submission.threshold),
        algorithm_version=ALGORITHM_VERSION,
        list_versions=active.versions,
        callback_url=submission.callback_url,
        idempotency_key=submission.idempotency_key,
        request_hash=submission.request_hash,
        item_count=len(items),
        processed_count=len(items),
        match_limit=effective_match_limit(settings, submission.match_limit),
        created_at=created,
        started_at=created,
    )
    found = [
        screen_name(
            index,
            item.name,
            item.type,
            job.threshold,
            job.match_limit,
            query_fields(item.country, item.birth_date, item.identifiers),
        )
        for item in items
    ]
    job.match_count = sum(1 for matches in found if matches)
    job.finished_at = utcnow()
    # Core statements on the session's connection: no ORM machinery for plain inserts.
    connection = session.connection()
    job_row = {c: getattr(job, c) for c in _JOB_COLUMNS}
    # The job's events (and the alerts' it opens) are inserted together at the end,
    # in the order they happened: one statement instead of one per event.
    audit = EventBatch()
    _record_submitted(session, submission, job, items, audit)
    item_rows = [
        {
            **_item_row(job.id, position, item),
            "normalized_name": normalize_name(item.name)[:2048],
            "status": ItemStatus.DONE,
            "outcome": Outcome.POTENTIAL_MATCH if matches else Outcome.CLEAR,
            "top_score": matches[0]["score"] if matches else None,
            "processed_at": job.finished_at,
        }
        for (position, item), matches in zip(enumerate(items), found, strict=True)
    ]
    item_ids = _insert_job_and_items(connection, job_row, item_rows)
    match_rows = [
        {"item_id": item_id, **match, "disposition": Disposition.OPEN}
        for item_id, matches in zip(item_ids, found, strict=True)
        for match in matches
    ]
    match_ids: list[int] = []
    review: dict[int, Any] = {}
    if match_rows:
        match_ids = list(connection.execute(_INSERT_MATCHES, match_rows).scalars())
        # Alert review: each potential match raises or joins an alert, unless cleared.
        # The matches are in hand (stored in item order, best first): no reading back.
        item_of = dict(zip(item_ids, items, strict=True))
        in_hand = [
            FoundMatch(
                id=match_id,
                item_name=item_of[row["item_id"]].name,
                item_type=item_of[row["item_id"]].type,
                item_country=item_of[row["item_id"]].country,
                **{c: row[c] for c in _EVIDENCE_COLUMNS},
            )
            for match_id, row in zip(match_ids, match_rows, strict=True)
        ]
        review = alert_rows(session, job, in_hand, index, audit)[1]
    # The results, as the caller reads them, without reading them back.
    job.items = [
        ScreeningItem(id=item_id, **row) for item_id, row in zip(item_ids, item_rows, strict=True)
    ]
    rows_by_item: dict[int, list[MatchResult]] = {}
    for match_id, row in zip(match_ids, match_rows, strict=True):
        rows_by_item.setdefault(row["item_id"], []).append(
            MatchResult(id=match_id, **{**row, **review.get(match_id, {})})
        )
    for item in job.items:
        item.matches = rows_by_item.get(item.id, [])

    audit.record(
        actor="worker",
        channel=job.channel,
        action=AuditAction.RESULTS_STORED,
        object_type="job",
        object_id=job.id,
        payload={
            "positions": [0, len(items)],
            "results": [
                [position, found_digest(item.name, matches)]
                for (position, item), matches in zip(enumerate(items), found, strict=True)
            ],
        },
    )
    audit.record(
        actor="worker",
        channel=job.channel,
        action=AuditAction.JOB_COMPLETED,
        object_type="job",
        object_id=job.id,
        payload={
            "items": job.item_count,
            "processed": job.processed_count,
            "potential_matches": job.match_count,
            "clear": job.processed_count - job.match_count,
        },
    )
    audit.write(session)
    return job

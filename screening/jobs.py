"""Screening jobs: create, enqueue, process and summarise.

The flow is one way: a job and its items are committed, then chunks are
enqueued by job id and position range. A worker loads the chunk, runs the
matcher, and stores results; running a chunk twice stores each item once.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, select, true, update
from sqlalchemy.orm import Session

from screening.audit import record_event
from screening.db import utcnow
from screening.listindex import ScreeningIndex, active_versions, load_index
from screening.matching import ALGORITHM_VERSION, DEFAULT_THRESHOLD, normalize_name
from screening.models import MatchResult, ScreeningItem, ScreeningJob
from screening.settings import Settings

ITEM_TYPES = ("person", "company", "organization", "any")
# Matches kept per screened name; the rest are below the best by definition.
MAX_MATCHES_PER_ITEM = 10


class JobInputError(ValueError):
    """The submission cannot be accepted; the message says what to change."""

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class ItemInput:
    name: str
    type: str = "any"
    country: str | None = None
    reference: str | None = None


def effective_threshold(settings: Settings, requested: float | None) -> float:
    if requested is not None:
        return requested
    return settings.match_threshold or DEFAULT_THRESHOLD


def is_storable_text(text: str) -> bool:
    """Whether every database we support can store ``text`` (PostgreSQL refuses NUL)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def validate_items(items: Sequence[ItemInput], settings: Settings, limit: int) -> None:
    if not items:
        raise JobInputError("items must hold at least one name")
    if len(items) > limit:
        raise JobInputError(f"Too many items in one request (limit: {limit})")
    problems = []
    for position, item in enumerate(items):
        if not item.name or not item.name.strip():
            problems.append({"item": position, "field": "name", "message": "name is empty"})
        elif len(item.name) > settings.max_name_length:
            problems.append(
                {
                    "item": position,
                    "field": "name",
                    "message": f"name longer than {settings.max_name_length} characters",
                }
            )
        for field_name in ("name", "reference", "country"):
            value = getattr(item, field_name)
            if isinstance(value, str) and not is_storable_text(value):
                problems.append(
                    {
                        "item": position,
                        "field": field_name,
                        "message": "holds a NUL character or an unpaired surrogate",
                    }
                )
        if item.type not in ITEM_TYPES:
            problems.append(
                {"item": position, "field": "type", "message": f"type must be one of {ITEM_TYPES}"}
            )
    if problems:
        raise JobInputError(f"{len(problems)} item(s) are invalid", details=problems)


def create_job(
    session: Session,
    *,
    items: Sequence[ItemInput],
    channel: str,
    submitted_by: str,
    threshold: float,
    lists: list[str] | None = None,
    callback_url: str | None = None,
    api_key_id: int | None = None,
    idempotency_key: str | None = None,
    request_hash: str | None = None,
) -> ScreeningJob:
    """Persist a job and its items, pinned to the active list versions. Caller commits."""
    pins = active_versions(session, lists)
    if not pins:
        raise JobInputError("no watchlist is loaded; load one with 'screening lists load-seeds'")
    job = ScreeningJob(
        id=str(uuid.uuid4()),
        channel=channel,
        submitted_by=submitted_by,
        api_key_id=api_key_id,
        status="queued",
        threshold=threshold,
        algorithm_version=ALGORITHM_VERSION,
        list_versions=pins,
        callback_url=callback_url,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
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
                "status": "pending",
            }
            for position, item in enumerate(items)
        ],
    )
    record_event(
        session,
        actor=submitted_by,
        channel=channel,
        action="job.submitted",
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


def enqueue_job(celery: Any, job: ScreeningJob, chunk_size: int) -> int:
    """Send one task per chunk; returns the number of tasks sent."""
    ranges = chunk_ranges(job.item_count, chunk_size)
    for start, end in ranges:
        celery.send_task("workers.tasks.screen_chunk", args=[job.id, start, end])
    return len(ranges)


@dataclass
class ChunkOutcome:
    processed: int
    matches: int
    finished_job: bool
    # Where the chunk's time went, for the benchmark's per-stage breakdown.
    match_seconds: float = 0.0
    store_seconds: float = 0.0


def mark_running(session: Session, job_id: str) -> None:
    """Record that work on a job began (once; later calls change nothing). Caller commits."""
    session.execute(
        update(ScreeningJob)
        .where(ScreeningJob.id == job_id, ScreeningJob.status == "queued")
        .values(status="running", started_at=utcnow())
    )


def process_chunk(
    session: Session,
    job_id: str,
    start: int,
    end: int,
    index: ScreeningIndex | None = None,
    index_cache_dir: Path | None = None,
) -> ChunkOutcome:
    """Screen the pending items [start, end) of a job and store their results. Caller commits.

    Idempotent: the matcher runs first, holding no lock; then each item is claimed
    with a conditional update (pending -> done) and only claimed items get results.
    A chunk that runs twice, even two copies at once, stores each item once.
    """
    job = session.get(ScreeningJob, job_id)
    if job is None or job.status == "failed":
        return ChunkOutcome(0, 0, False)
    pending = session.execute(
        select(ScreeningItem.id, ScreeningItem.position, ScreeningItem.name, ScreeningItem.type)
        .where(
            ScreeningItem.job_id == job_id,
            ScreeningItem.position >= start,
            ScreeningItem.position < end,
            ScreeningItem.status == "pending",
        )
        .order_by(ScreeningItem.position)
    ).all()
    if not pending:
        return ChunkOutcome(0, 0, _finish_if_done(session, job_id))
    index = index or load_index(session, job.list_versions, cache_dir=index_cache_dir)
    clock = time.perf_counter()
    screened = [(row, screen_name(index, row.name, row.type, job.threshold)) for row in pending]
    match_seconds = time.perf_counter() - clock

    clock = time.perf_counter()
    now = utcnow()
    items = ScreeningItem.__table__
    # Items only ever go from pending to done, so what is still pending in the
    # range now is a subset of what was read above.
    claimed = set(
        session.scalars(
            items.update()
            .where(
                items.c.job_id == job_id,
                items.c.position >= start,
                items.c.position < end,
                items.c.status == "pending",
            )
            .values(status="done", processed_at=now)
            .returning(items.c.id)
        )
    )
    stored = [(row, found) for row, found in screened if row.id in claimed]
    if not stored:  # another run of this chunk stored them first
        return ChunkOutcome(0, 0, _finish_if_done(session, job_id))
    session.execute(
        items.update()
        .where(items.c.id == bindparam("b_id"))
        .values(
            normalized_name=bindparam("b_normalized"),
            outcome=bindparam("b_outcome"),
            top_score=bindparam("b_top"),
        ),
        [
            {
                "b_id": row.id,
                "b_normalized": normalize_name(row.name)[:2048],
                "b_outcome": "potential_match" if found else "clear",
                "b_top": found[0]["score"] if found else None,
            }
            for row, found in stored
        ],
    )
    match_rows = [{"item_id": row.id, **match} for row, found in stored for match in found]
    if match_rows:
        session.execute(MatchResult.__table__.insert(), match_rows)
    hits = sum(1 for _row, found in stored if found)
    mark_running(session, job_id)
    session.execute(
        update(ScreeningJob)
        .where(ScreeningJob.id == job_id)
        .values(
            processed_count=ScreeningJob.processed_count + len(stored),
            match_count=ScreeningJob.match_count + hits,
        )
    )
    record_event(
        session,
        actor="worker",
        channel=job.channel,
        action="results.stored",
        object_type="job",
        object_id=job_id,
        payload={
            "positions": [start, end],
            "results": [[row.position, _result_digest(row.name, found)] for row, found in stored],
        },
    )
    finished = _finish_if_done(session, job_id)
    store_seconds = time.perf_counter() - clock
    return ChunkOutcome(len(stored), len(match_rows), finished, match_seconds, store_seconds)


def screen_name(
    index: ScreeningIndex, name: str, item_type: str, threshold: float
) -> list[dict[str, Any]]:
    """Matches for one name as storable rows, best first."""
    schema = None if item_type in (None, "any") else item_type
    rows = []
    for match in index.index.search(
        name, schema=schema, threshold=threshold, limit=MAX_MATCHES_PER_ITEM
    ):
        info = index.entities.get(match.name.entity_id)
        if info is None:
            continue
        rows.append(
            {
                "list_name": info.list_name,
                "list_version": info.list_version,
                "entity_key": info.key,
                "source_id": info.source_id,
                "entity_name": info.primary_name,
                "matched_name": match.name.text,
                "score": round(float(match.score), 4),
                "explanation": match.explanation,
            }
        )
    rows.sort(key=lambda r: -r["score"])
    return rows


def _result_digest(name: str, found: list[dict[str, Any]]) -> str:
    blob = json.dumps(
        {
            "name": name,
            "outcome": "potential_match" if found else "clear",
            "matches": [[m["entity_key"], m["list_version"], m["score"]] for m in found],
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def fail_job(session: Session, job_id: str, reason: str) -> bool:
    """Mark an unfinished job failed with ``reason``; True when this call did it. Caller commits.

    Results already stored stay readable; the job is never sent again.
    """
    return _close_job(
        session,
        job_id,
        "job.failed",
        values={"status": "failed", "error": reason[:2000]},
    )


def _finish_if_done(session: Session, job_id: str) -> bool:
    """Mark the job completed exactly once, by whichever chunk finishes last."""
    return _close_job(
        session,
        job_id,
        "job.completed",
        values={"status": "completed"},
        when=ScreeningJob.processed_count >= ScreeningJob.item_count,
    )


def _close_job(
    session: Session, job_id: str, action: str, values: dict[str, Any], when: Any = None
) -> bool:
    """Move an unfinished job to its final status once, and audit it; True if this call did."""
    result = session.execute(
        update(ScreeningJob)
        .where(
            ScreeningJob.id == job_id,
            ScreeningJob.status.in_(("queued", "running")),
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


def job_summary(job: ScreeningJob) -> dict[str, Any]:
    progress = job.processed_count / job.item_count if job.item_count else 1.0
    return {
        "id": job.id,
        "status": job.status,
        "channel": job.channel,
        "submitted_by": job.submitted_by,
        "created_at": job.created_at.isoformat() if job.created_at else None,
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "threshold": job.threshold,
        "algorithm_version": job.algorithm_version,
        "lists": job.list_versions,
        "progress": round(progress, 4),
        "counts": {
            "items": job.item_count,
            "processed": job.processed_count,
            "potential_matches": job.match_count,
            "clear": job.processed_count - job.match_count,
        },
    }


def job_report(session: Session, job: ScreeningJob) -> dict[str, Any]:
    """The job summary plus what was found so far: names matched per list and the top score.

    ``outcome`` is potential_match as soon as one name matched, clear once every
    name was screened without a match, and null before that.
    """
    rows = session.execute(
        select(
            MatchResult.list_name,
            func.count(func.distinct(MatchResult.item_id)),
            func.max(MatchResult.score),
        )
        .join(ScreeningItem, MatchResult.item_id == ScreeningItem.id)
        .where(ScreeningItem.job_id == job.id)
        .group_by(MatchResult.list_name)
        .order_by(MatchResult.list_name)
    ).all()
    if job.match_count:
        outcome: str | None = "potential_match"
    elif job.status == "completed":
        outcome = "clear"
    else:
        outcome = None
    report = job_summary(job)
    report["summary"] = {
        "outcome": outcome,
        "potential_matches_by_list": {name: count for name, count, _top in rows},
        "top_score": max((float(top) for _name, _count, top in rows), default=None),
    }
    return report


def item_result(item: ScreeningItem) -> dict[str, Any]:
    return {
        "position": item.position,
        "name": item.name,
        "normalized_name": item.normalized_name,
        "type": item.type,
        "country": item.country,
        "reference": item.reference,
        "status": item.status,
        "outcome": item.outcome,
        "top_score": item.top_score,
        "matches": [
            {
                "id": m.id,
                "list": m.list_name,
                "list_version": m.list_version,
                "entity_id": m.entity_key,
                "source_id": m.source_id,
                "name": m.entity_name,
                "matched_name": m.matched_name,
                "score": m.score,
                "explanation": m.explanation,
                "disposition": m.disposition,
            }
            for m in item.matches
        ],
    }


def pending_ranges(session: Session, job: ScreeningJob, chunk_size: int) -> list[tuple[int, int]]:
    """Chunks of a job that still hold pending items (for the reconciler)."""
    positions = session.scalars(
        select(ScreeningItem.position).where(
            ScreeningItem.job_id == job.id, ScreeningItem.status == "pending"
        )
    ).all()
    starts = sorted({p - p % chunk_size for p in positions})
    return [(s, min(s + chunk_size, job.item_count)) for s in starts]


def count_jobs(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ScreeningJob)) or 0

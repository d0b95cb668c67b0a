"""A worker's share of a job: screen a chunk of items and store their results once."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.db import utcnow
from screening.indexes import IndexCache, ScreeningIndex, load_index
from screening.jobs.alerting import raise_chunk_alerts
from screening.jobs.digests import result_digest
from screening.jobs.lifecycle import finish_if_done, mark_running
from screening.matching import QueryFields, normalize_name
from screening.models import (
    DEFAULT_MATCH_LIMIT,
    ItemStatus,
    JobStatus,
    MatchResult,
    Outcome,
    ScreeningItem,
    ScreeningJob,
)


@dataclass
class ChunkOutcome:
    processed: int
    matches: int
    finished_job: bool
    # Where the chunk's time went, for the benchmark's per-stage breakdown.
    match_seconds: float = 0.0
    store_seconds: float = 0.0


def process_chunk(
    session: Session,
    job_id: str,
    start: int,
    end: int,
    index: ScreeningIndex | None = None,
    index_cache: IndexCache | None = None,
) -> ChunkOutcome:
    """Screen the pending items [start, end) of a job and store their results. Caller commits.

    Idempotent: the matcher runs first, holding no lock; then each item is claimed
    with a conditional update (pending -> done) and only claimed items get results.
    A chunk that runs twice, even two copies at once, stores each item once.
    """
    job = session.get(ScreeningJob, job_id)
    if job is None or job.status == JobStatus.FAILED:
        return ChunkOutcome(0, 0, False)
    pending = session.execute(
        select(
            ScreeningItem.id,
            ScreeningItem.position,
            ScreeningItem.name,
            ScreeningItem.type,
            ScreeningItem.country,
            ScreeningItem.birth_date,
            ScreeningItem.identifiers,
        )
        .where(
            ScreeningItem.job_id == job_id,
            ScreeningItem.position >= start,
            ScreeningItem.position < end,
            ScreeningItem.status == ItemStatus.PENDING,
        )
        .order_by(ScreeningItem.position)
    ).all()
    if not pending:
        return ChunkOutcome(0, 0, finish_if_done(session, job_id))
    index = index or load_index(session, job.list_versions, cache=index_cache)
    clock = time.perf_counter()
    screened = [
        (
            row,
            screen_name(
                index,
                row.name,
                row.type,
                job.threshold,
                job.match_limit,
                query_fields(row.country, row.birth_date, row.identifiers),
            ),
        )
        for row in pending
    ]
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
                items.c.status == ItemStatus.PENDING,
            )
            .values(status=ItemStatus.DONE, processed_at=now)
            .returning(items.c.id)
        )
    )
    stored = [(row, found) for row, found in screened if row.id in claimed]
    if not stored:  # another run of this chunk stored them first
        return ChunkOutcome(0, 0, finish_if_done(session, job_id))
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
                "b_outcome": Outcome.POTENTIAL_MATCH if found else Outcome.CLEAR,
                "b_top": found[0]["score"] if found else None,
            }
            for row, found in stored
        ],
    )
    match_rows = [{"item_id": row.id, **match} for row, found in stored for match in found]
    if match_rows:
        session.execute(MatchResult.__table__.insert(), match_rows)
        # Alert review: each potential match raises or joins an alert, unless a clearance covers it.
        raise_chunk_alerts(session, job, [row.id for row, found in stored if found], index)
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
        action=AuditAction.RESULTS_STORED,
        object_type="job",
        object_id=job_id,
        payload={
            "positions": [start, end],
            "results": [[row.position, found_digest(row.name, found)] for row, found in stored],
        },
    )
    finished = finish_if_done(session, job_id)
    store_seconds = time.perf_counter() - clock
    return ChunkOutcome(len(stored), len(match_rows), finished, match_seconds, store_seconds)


# Extra matches asked of the matcher, so that ties at the cut are settled by our order.
_TIE_MARGIN = 5


def query_fields(
    country: str | None, birth_date: str | None, identifiers: Iterable[Any] | None
) -> QueryFields | None:
    """An item's secondary fields for the matcher; identifiers as stored (dicts) or parsed."""
    pairs = tuple(
        (i["type"], i["value"]) if isinstance(i, dict) else (i.type, i.value)
        for i in identifiers or ()
    )
    fields = QueryFields(country=country or None, birth_date=birth_date or None, identifiers=pairs)
    return fields or None


def screen_name(
    index: ScreeningIndex,
    name: str,
    item_type: str,
    threshold: float,
    limit: int = DEFAULT_MATCH_LIMIT,
    fields: QueryFields | None = None,
) -> list[dict[str, Any]]:
    """At most ``limit`` matches for one name as storable rows, best first.

    Equal scores are ordered by list and entity id, so the same request against
    the same versions always gives the same matches in the same order.
    """
    schema = None if item_type in (None, "any") else item_type
    rows = []
    for match in index.index.search(
        name, schema=schema, threshold=threshold, limit=limit + _TIE_MARGIN, fields=fields
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
                "entity_schema": info.schema,
                "entity_details": info.details(),
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["list_name"], r["entity_key"]))
    return rows[:limit]


def found_digest(name: str, found: list[dict[str, Any]]) -> str:
    """The digest of one name's stored result (see ``digests``), from its match rows."""
    outcome = Outcome.POTENTIAL_MATCH if found else Outcome.CLEAR
    return result_digest(
        name, outcome, [(m["entity_key"], m["list_version"], m["score"]) for m in found]
    )

"""The screening log for auditors: one row per screened item, streamed.

Rows are read in keyset-paged batches in their own session, so an export of
any size holds one batch in memory at a time.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from screening.db import Database, as_utc
from screening.models import ScreeningItem, ScreeningJob

JOB_BATCH = 200
ITEM_BATCH = 500
CSV_COLUMNS = (
    "job_id",
    "channel",
    "submitted_by",
    "submitted_at",
    "position",
    "name",
    "normalized_name",
    "type",
    "country",
    "reference",
    "list_versions",
    "algorithm_version",
    "threshold",
    "status",
    "outcome",
    "top_score",
    "matches",
)
# Spreadsheets run cells starting with these as formulas.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _iso(moment: datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment is not None else None


def log_rows(database: Database, start: datetime, end: datetime) -> Iterator[dict[str, Any]]:
    """Items of jobs submitted in [start, end), oldest job first, in item order."""
    with database.session() as session:
        after: tuple[datetime, str] | None = None
        while True:
            query = select(ScreeningJob).where(
                ScreeningJob.created_at >= start, ScreeningJob.created_at < end
            )
            if after is not None:
                query = query.where(
                    or_(
                        ScreeningJob.created_at > after[0],
                        and_(ScreeningJob.created_at == after[0], ScreeningJob.id > after[1]),
                    )
                )
            jobs = session.scalars(
                query.order_by(ScreeningJob.created_at, ScreeningJob.id).limit(JOB_BATCH)
            ).all()
            if not jobs:
                return
            for job in jobs:
                yield from _job_rows(session, job)
            after = (jobs[-1].created_at, jobs[-1].id)
            session.expunge_all()


def _job_rows(session: Any, job: ScreeningJob) -> Iterator[dict[str, Any]]:
    common = {
        "job_id": job.id,
        "channel": job.channel,
        "submitted_by": job.submitted_by,
        "submitted_at": _iso(job.created_at),
    }
    last = -1
    while True:
        items = session.scalars(
            select(ScreeningItem)
            .where(ScreeningItem.job_id == job.id, ScreeningItem.position > last)
            .options(selectinload(ScreeningItem.matches))
            .order_by(ScreeningItem.position)
            .limit(ITEM_BATCH)
        ).all()
        if not items:
            return
        for item in items:
            yield {
                **common,
                "position": item.position,
                "name": item.name,
                "normalized_name": item.normalized_name,
                "type": item.type,
                "country": item.country,
                "reference": item.reference,
                "list_versions": job.list_versions,
                "algorithm_version": job.algorithm_version,
                "threshold": job.threshold,
                "status": item.status,
                "outcome": item.outcome,
                "top_score": item.top_score,
                "matches": [
                    {
                        "entity_id": m.entity_key,
                        "list": m.list_name,
                        "list_version": m.list_version,
                        "matched_name": m.matched_name,
                        "score": m.score,
                        "disposition": m.disposition,
                        "disposed_by": m.disposed_by,
                        "disposed_at": _iso(m.disposed_at),
                        "comment": m.disposition_comment,
                    }
                    for m in item.matches
                ],
            }
            last = item.position
        for item in items:
            session.expunge(item)


def jsonl_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def _csv_cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(row[column]) for column in CSV_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    # The header alone when the range is empty, so the file is never blank.
    if buffer.getvalue():
        yield buffer.getvalue()

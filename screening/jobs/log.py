"""The screening log for auditors: one row per screened name, with what it ran against.

Rows are read in keyset-paged batches in their own session, so an export of
any size holds one batch in memory at a time. Each match carries where it
stands in alert review and its alert's decision trail (who proposed what, who
confirmed or rejected it, when and why).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from foundation.db import Database
from screening.alerts.reports import decision_trails
from screening.jobs.reports import iso, item_result
from screening.models import ScreeningItem, ScreeningJob

JOB_BATCH = 200
ITEM_BATCH = 500
LOG_COLUMNS = (
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


def _job_rows(session: Session, job: ScreeningJob) -> Iterator[dict[str, Any]]:
    common = {
        "job_id": job.id,
        "channel": job.channel,
        "submitted_by": job.submitted_by,
        "submitted_at": iso(job.created_at),
        "list_versions": job.list_versions,
        "algorithm_version": job.algorithm_version,
        "threshold": job.threshold,
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
        rows = [item_result(item) for item in items]
        add_decision_trails(session, rows)
        for item, row in zip(items, rows, strict=True):
            yield {**common, **row}
            last = item.position
        for item in items:
            session.expunge(item)


def add_decision_trails(session: Session, rows: list[dict[str, Any]]) -> None:
    """Give every match of these results the decision trail of its alert (``decisions``:
    proposals, confirmations and rejections, oldest first; empty when none)."""
    matches = [m for row in rows for m in row["matches"]]
    trails = decision_trails(session, (m["alert_id"] for m in matches if m["alert_id"]))
    for match in matches:
        match["decisions"] = trails.get(match["alert_id"], []) if match["alert_id"] else []

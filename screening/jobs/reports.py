"""Jobs and their results as JSON: the one shape the API, the pages, the exports,
the CLI and the webhooks all show."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from foundation.db import iso
from screening.models import JobStatus, MatchResult, Outcome, ScreeningItem, ScreeningJob


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
        outcome: str | None = Outcome.POTENTIAL_MATCH
    elif job.status == JobStatus.COMPLETED:
        outcome = Outcome.CLEAR
    else:
        outcome = None
    report = job_summary(job)
    report["summary"] = {
        "outcome": outcome,
        "potential_matches_by_list": {name: count for name, count, _top in rows},
        "top_score": max((float(top) for _name, _count, top in rows), default=None),
    }
    return report


def match_json(match: MatchResult) -> dict[str, Any]:
    """One match: the listed entity, the name that matched, the score with its
    explanation, and how an officer resolved it."""
    return {
        "id": match.id,
        "list": match.list_name,
        "list_version": match.list_version,
        "entity_id": match.entity_key,
        "source_id": match.source_id,
        "name": match.entity_name,
        "matched_name": match.matched_name,
        "score": match.score,
        "explanation": match.explanation,
        "disposition": match.disposition,
        "disposed_by": match.disposed_by,
        "disposed_at": iso(match.disposed_at),
        "comment": match.disposition_comment,
        **match_review(match),
    }


def match_review(match: MatchResult) -> dict[str, Any]:
    """Where a match stands in alert review: its alert's status, or ``cleared`` when a
    confirmed false positive covered the pair (then ``alert_id`` is the alert whose
    decision cleared it, and the disposition fields say who decided and why)."""
    return {
        "review_status": match.review_status,
        "alert_id": match.alert_id,
        "alert_url": f"/api/v1/alerts/{match.alert_id}" if match.alert_id else None,
        "clearance_id": match.clearance_id,
    }


def item_result(item: ScreeningItem) -> dict[str, Any]:
    """One screened name: its input, how it was normalised, its outcome and matches."""
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
        "matches": [match_json(m) for m in item.matches],
    }


def count_jobs(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ScreeningJob)) or 0

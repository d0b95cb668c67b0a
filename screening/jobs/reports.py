"""Jobs and their results as JSON: the one shape the API, the pages, the exports,
the CLI and the webhooks all show."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from foundation.db import iso
from screening.models import (
    JobStatus,
    MatchResult,
    Outcome,
    ScreeningItem,
    ScreeningJob,
    WebhookStatus,
)

# Where the API serves a listed entity; matches link to it.
ENTITY_PATH = "/api/v1/entities/"


def job_summary(job: ScreeningJob) -> dict[str, Any]:
    """A job: status, progress, counts, what it ran with, and its callback's delivery.

    When listing many jobs with callbacks, load ``ScreeningJob.webhook`` with the query.
    """
    progress = job.processed_count / job.item_count if job.item_count else 1.0
    return {
        "id": job.id,
        "status": job.status,
        "channel": job.channel,
        "submitted_by": job.submitted_by,
        "created_at": iso(job.created_at),
        "started_at": iso(job.started_at),
        "finished_at": iso(job.finished_at),
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
        "limit": job.match_limit,
        "webhook": webhook_status(job) if job.callback_url else None,
    }


def webhook_status(job: ScreeningJob) -> dict[str, Any]:
    """Where the delivery of a job's callback stands (pending until its first attempt)."""
    row = job.webhook
    if row is None:
        return {
            "url": job.callback_url,
            "status": WebhookStatus.PENDING.value,
            "delivery_id": None,
            "attempts": 0,
            "last_attempt_at": None,
            "last_status_code": None,
            "last_error": None,
            "next_attempt_at": None,
            "delivered_at": None,
        }
    return {
        "url": row.url,
        "status": row.status.value,
        "delivery_id": row.id,
        "attempts": row.attempts,
        "last_attempt_at": iso(row.last_attempt_at),
        "last_status_code": row.last_status_code,
        "last_error": row.last_error,
        "next_attempt_at": iso(row.next_attempt_at),
        "delivered_at": iso(row.delivered_at),
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
    explanation, and how an officer resolved it.

    The entity's schema, programmes, countries, birth dates and identifiers are as
    of the list version matched; they are null on matches stored before API 1.1.
    """
    details = match.entity_details
    return {
        "id": match.id,
        "list": match.list_name,
        "list_version": match.list_version,
        "entity_id": match.entity_key,
        "entity_url": entity_url(match.entity_key, match.list_version),
        "source_id": match.source_id,
        "name": match.entity_name,
        "schema": match.entity_schema,
        "programs": details.get("programs") if details is not None else None,
        "countries": details.get("countries") if details is not None else None,
        "birth_dates": details.get("birth_dates") if details is not None else None,
        "identifiers": details.get("identifiers") if details is not None else None,
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


def entity_url(entity_key: str, version: int) -> str:
    """The API path of a listed entity as of one version of its list."""
    return f"{ENTITY_PATH}{quote(entity_key, safe=':')}?version={version}"


def item_result(item: ScreeningItem) -> dict[str, Any]:
    """One screened name: its input, how it was normalised, its outcome and matches."""
    return {
        "position": item.position,
        "name": item.name,
        "normalized_name": item.normalized_name,
        "type": item.type,
        "country": item.country,
        "birth_date": item.birth_date,
        "identifiers": item.identifiers or [],
        "reference": item.reference,
        "status": item.status,
        "outcome": item.outcome,
        "top_score": item.top_score,
        "matches": [match_json(m) for m in item.matches],
    }


def count_jobs(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ScreeningJob)) or 0

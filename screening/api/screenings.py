"""Screening endpoints: submit jobs, read results, screen a few names at once."""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime
from typing import Any

from flask import g, jsonify, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from foundation.db import as_utc
from foundation.outbound import CallbackUrlError
from screening.api import schemas as s
from screening.api.base import bp, json_body, operation
from screening.context import get_queue, get_session, get_settings
from screening.errors import ApiError
from screening.indexes import UnknownList
from screening.jobs import submit
from screening.jobs.inputs import ItemInput, JobInputError
from screening.jobs.reports import item_result, job_report, job_summary
from screening.jobs.submit import IdempotencyConflict, Submission
from screening.models import JOB_STATUSES, OUTCOMES, Channel, ScreeningItem, ScreeningJob

ERRORS = {
    400: ("Malformed request", s.ERROR),
    401: ("Missing or invalid API key", s.ERROR),
    403: ("Key lacks the scope", s.ERROR),
    429: ("Rate limit exceeded", s.ERROR),
}
MAX_PAGE = 1_000_000
MAX_PER_PAGE = 500
PAGE_PARAMS = [
    {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 100},
    },
]
JOB_ID = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}


def _items(body: dict[str, Any], limit: int) -> list[ItemInput]:
    raw = body["items"]
    if len(raw) > limit:
        raise ApiError(413, "payload_too_large", f"Too many items in one request (limit: {limit})")
    return [
        ItemInput(
            name=item["name"],
            type=item.get("type") or "any",
            country=item.get("country"),
            reference=item.get("reference"),
        )
        for item in raw
    ]


def _submission(body: dict[str, Any], limit: int, **extra: Any) -> Submission:
    key = g.api_key
    return Submission(
        items=_items(body, limit),
        channel=Channel.API,
        submitted_by=f"api-key:{key.name}",
        threshold=body.get("threshold"),
        lists=body.get("lists"),
        api_key_id=key.id,
        **extra,
    )


def _domain_error(exc: Exception) -> ApiError:
    """The API error for a refusal by the screening services."""
    if isinstance(exc, UnknownList):
        return ApiError(422, "unknown_list", str(exc))
    if isinstance(exc, CallbackUrlError):
        return ApiError(422, "invalid_callback_url", str(exc))
    if isinstance(exc, IdempotencyConflict):
        return ApiError(409, "idempotency_conflict", str(exc), details={"job_id": exc.job_id})
    assert isinstance(exc, JobInputError)
    return ApiError(422, "validation_error", str(exc), details=exc.details)


def _request_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _job_response(job: ScreeningJob, status: int, replayed: bool = False) -> Any:
    response = jsonify(job_summary(job))
    response.status_code = status
    response.headers["Location"] = url_for("api.get_screening", job_id=job.id)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.post("/screenings")
@operation(
    summary="Submit names for asynchronous screening",
    scopes=("screen",),
    request_schema=s.SCREENING_REQUEST,
    parameters=[
        {
            "name": "Idempotency-Key",
            "in": "header",
            "schema": {"type": "string", "maxLength": 256},
            "description": "Retries with the same key and body return the same job for 24 h.",
        }
    ],
    responses={
        202: ("Job accepted; poll the Location or wait for the webhook", s.JOB_ACCEPTED),
        409: ("Idempotency-Key reused with a different body", s.ERROR),
        413: ("Too many items or body too large", s.ERROR),
        415: ("Body is not JSON", s.ERROR),
        422: ("Invalid items, threshold, lists or callback URL", s.ERROR),
        **ERRORS,
    },
)
def submit_screening() -> Any:
    """Creates a job, commits it with its items, then enqueues it. Answers 202 at once."""
    settings = get_settings()
    body = json_body(s.SCREENING_REQUEST)
    idem_key = request.headers.get("Idempotency-Key", "").strip() or None
    if idem_key and len(idem_key) > 256:
        raise ApiError(400, "bad_request", "Idempotency-Key is longer than 256 characters")
    submission = _submission(
        body,
        settings.max_batch_items,
        callback_url=body.get("callback_url"),
        idempotency_key=idem_key,
        request_hash=_request_hash(body),
    )
    try:
        done = submit.submit_job(
            get_session(), get_queue(), settings, submission, settings.max_batch_items
        )
    except (UnknownList, CallbackUrlError, IdempotencyConflict, JobInputError) as exc:
        raise _domain_error(exc) from exc
    return _job_response(done.job, 202, replayed=done.replayed)


def _visible_job(job_id: str) -> ScreeningJob:
    job = get_session().get(ScreeningJob, job_id)
    key = g.api_key
    if job is None or ("read" not in key.scopes and job.api_key_id != key.id):
        raise ApiError(404, "not_found", f"No screening job {job_id!r} visible to this key")
    return job


@bp.get("/screenings/<job_id>")
@operation(
    summary="Status, progress and counts of a job",
    scopes=("screen", "read"),
    parameters=[JOB_ID],
    responses={200: ("The job", s.JOB_REPORT), 404: ("No such job", s.ERROR), **ERRORS},
)
def get_screening(job_id: str) -> Any:
    """Poll this until status is completed (or use callback_url)."""
    return jsonify(job_report(get_session(), _visible_job(job_id)))


def _page_args() -> tuple[int, int]:
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", 100))
    except ValueError:
        raise ApiError(400, "bad_request", "page and per_page must be integers") from None
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PER_PAGE:
        raise ApiError(
            400,
            "bad_request",
            f"page must be between 1 and {MAX_PAGE} and per_page between 1 and {MAX_PER_PAGE}",
        )
    return page, per_page


def _meta(page: int, per_page: int, total: int) -> dict[str, int]:
    return {
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": math.ceil(total / per_page),
    }


@bp.get("/screenings/<job_id>/results")
@operation(
    summary="Results of a job, one entry per submitted name, in submission order",
    scopes=("screen", "read"),
    parameters=[
        JOB_ID,
        *PAGE_PARAMS,
        {
            "name": "outcome",
            "in": "query",
            "schema": {"type": "string", "enum": list(OUTCOMES)},
        },
    ],
    responses={
        200: ("A page of results", s.RESULTS_PAGE),
        404: ("No such job", s.ERROR),
        **ERRORS,
    },
)
def get_results(job_id: str) -> Any:
    """Each result carries its input, normalised input, matches, scores and explanations."""
    job = _visible_job(job_id)
    page, per_page = _page_args()
    outcome = request.args.get("outcome")
    if outcome not in (None, *OUTCOMES):
        raise ApiError(400, "bad_request", "outcome must be 'clear' or 'potential_match'")
    session = get_session()
    where = [ScreeningItem.job_id == job.id]
    if outcome:
        where.append(ScreeningItem.outcome == outcome)
    total = session.scalar(select(func.count()).select_from(ScreeningItem).where(*where)) or 0
    items = session.scalars(
        select(ScreeningItem)
        .where(*where)
        .order_by(ScreeningItem.position)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .options(selectinload(ScreeningItem.matches))
    ).all()
    return jsonify(
        {
            "job": {
                "id": job.id,
                "status": job.status,
                "lists": job.list_versions,
                "algorithm_version": job.algorithm_version,
                "threshold": job.threshold,
            },
            "data": [item_result(i) for i in items],
            "meta": _meta(page, per_page, total),
        }
    )


def _parse_date(name: str) -> datetime | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return as_utc(datetime.fromisoformat(raw))
    except (ValueError, OverflowError):
        raise ApiError(
            400, "bad_request", f"{name} must be an ISO 8601 date or datetime, e.g. 2026-01-31"
        ) from None


@bp.get("/screenings")
@operation(
    summary="Jobs visible to this key, newest first",
    scopes=("screen", "read"),
    parameters=[
        *PAGE_PARAMS,
        {
            "name": "status",
            "in": "query",
            "schema": {"type": "string", "enum": list(JOB_STATUSES)},
        },
        {
            "name": "created_from",
            "in": "query",
            "schema": {"type": "string", "format": "date-time"},
        },
        {"name": "created_to", "in": "query", "schema": {"type": "string", "format": "date-time"}},
    ],
    responses={200: ("A page of jobs", s.page_of(s.JOB, example=s.JOB["example"])), **ERRORS},
)
def list_screenings() -> Any:
    """Filter by status and by creation time (ISO 8601, UTC when no offset is given)."""
    page, per_page = _page_args()
    status = request.args.get("status")
    if status not in (None, *JOB_STATUSES):
        raise ApiError(400, "bad_request", "status must be queued, running, completed or failed")
    where = []
    if "read" not in g.api_key.scopes:
        where.append(ScreeningJob.api_key_id == g.api_key.id)
    if status:
        where.append(ScreeningJob.status == status)
    created_from, created_to = _parse_date("created_from"), _parse_date("created_to")
    if created_from:
        where.append(ScreeningJob.created_at >= created_from)
    if created_to:
        where.append(ScreeningJob.created_at < created_to)
    session = get_session()
    total = session.scalar(select(func.count()).select_from(ScreeningJob).where(*where)) or 0
    jobs = session.scalars(
        select(ScreeningJob)
        .where(*where)
        .order_by(ScreeningJob.created_at.desc(), ScreeningJob.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return jsonify({"data": [job_summary(j) for j in jobs], "meta": _meta(page, per_page, total)})


@bp.post("/screen")
@operation(
    summary="Screen up to 10 names and answer in the same response",
    scopes=("screen",),
    request_schema=s.SYNC_REQUEST,
    responses={
        200: ("Results for each name", s.SYNC_RESPONSE),
        413: ("More names than the synchronous limit", s.ERROR),
        415: ("Body is not JSON", s.ERROR),
        422: ("Invalid items, threshold or lists", s.ERROR),
        **ERRORS,
    },
)
def screen_now() -> Any:
    """Interactive screening; still recorded as a job with its audit trail."""
    settings = get_settings()
    body = json_body(s.SYNC_REQUEST)
    session = get_session()
    try:
        job = submit.screen_now(
            session,
            settings,
            _submission(body, settings.max_sync_items),
            settings.max_sync_items,
        )
    except (UnknownList, JobInputError) as exc:
        raise _domain_error(exc) from exc
    items_done = session.scalars(
        select(ScreeningItem)
        .where(ScreeningItem.job_id == job.id)
        .order_by(ScreeningItem.position)
        .options(selectinload(ScreeningItem.matches))
    ).all()
    return jsonify({"job": job_summary(job), "results": [item_result(i) for i in items_done]})

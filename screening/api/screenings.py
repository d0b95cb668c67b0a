"""Screening endpoints: submit jobs, read results, screen a few names at once,
and send a job's callback again."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime
from typing import Any

from flask import g, jsonify, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from foundation.db import as_utc
from foundation.outbound import CallbackUrlError
from foundation.queue import TaskName
from screening.api import schemas as s
from screening.api.base import ResponseSpec, bp, json_body, operation
from screening.api.paging import page_args, page_meta
from screening.context import get_queue, get_session, get_settings
from screening.errors import ApiError
from screening.indexes import UnknownList
from screening.jobs import submit
from screening.jobs.inputs import Identifier, ItemInput, JobInputError
from screening.jobs.reports import item_result, job_report, job_summary, webhook_status
from screening.jobs.submit import IdempotencyConflict, Submission
from screening.models import (
    JOB_STATUSES,
    OUTCOMES,
    Channel,
    JobStatus,
    ScreeningItem,
    ScreeningJob,
)
from screening.webhooks import RedeliveryRefused, request_redelivery

log = logging.getLogger(__name__)

JOB_ID = s.param("JobId")
WRITE_RESPONSES: dict[int, ResponseSpec] = {
    409: "IdempotencyConflict",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    422: "ValidationFailed",
}


def _items(body: dict[str, Any]) -> list[ItemInput]:
    return [
        ItemInput(
            name=item["name"],
            type=item.get("type") or "any",
            country=item.get("country"),
            reference=item.get("reference"),
            birth_date=item.get("birth_date"),
            identifiers=tuple(
                Identifier(type=i["type"], value=i["value"]) for i in item.get("identifiers") or []
            ),
        )
        for item in body["items"]
    ]


def _submission(body: dict[str, Any], **extra: Any) -> Submission:
    key = g.api_key
    return Submission(
        items=_items(body),
        channel=Channel.API,
        submitted_by=f"api-key:{key.name}",
        threshold=body.get("threshold"),
        lists=body.get("lists"),
        api_key_id=key.id,
        match_limit=body.get("limit"),
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


def _idempotency_key() -> str | None:
    idem_key = request.headers.get("Idempotency-Key", "").strip() or None
    if idem_key and len(idem_key) > s.MAX_IDEMPOTENCY_KEY:
        raise ApiError(
            400,
            "bad_request",
            f"Idempotency-Key is longer than {s.MAX_IDEMPOTENCY_KEY} characters",
        )
    return idem_key


def _request_hash(body: dict[str, Any], operation: str = "") -> str:
    # The operation is part of the hash: a key reused on another endpoint is a conflict.
    return hashlib.sha256((operation + json.dumps(body, sort_keys=True)).encode()).hexdigest()


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
    request_schema="ScreeningRequest",
    parameters=[s.param("IdempotencyKey")],
    responses={
        202: s.ok(
            "Job accepted: poll the Location or wait for the webhook",
            "Job",
            s.JOB_ACCEPTED_EXAMPLE,
            headers=("Location", "Idempotent-Replayed"),
        ),
        **WRITE_RESPONSES,
    },
)
def submit_screening() -> Any:
    """Creates a job, commits it with its items, then enqueues it. Answers 202 at once."""
    settings = get_settings()
    body = json_body("ScreeningRequest", max_items=settings.max_batch_items)
    submission = _submission(
        body,
        callback_url=body.get("callback_url"),
        idempotency_key=_idempotency_key(),
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


def _poll_later(response: Any, job: ScreeningJob) -> Any:
    """While a job runs, say when to look again."""
    if job.status in JobStatus.unfinished():
        response.headers["Retry-After"] = str(s.POLL_SECONDS)
    return response


@bp.get("/screenings/<job_id>")
@operation(
    summary="Status, progress, counts and findings of a job",
    scopes=("screen", "read"),
    parameters=[JOB_ID, s.param("IfNoneMatch")],
    responses={
        200: s.ok(
            "The job; Retry-After while it is queued or running",
            "JobReport",
            s.JOB_REPORT_EXAMPLE,
            headers=("ETag", "Retry-After"),
        ),
        304: s.NOT_MODIFIED,
        404: "NotFound",
    },
)
def get_screening(job_id: str) -> Any:
    """Poll this until status is completed or failed (or use callback_url). Send the ETag
    back as If-None-Match: the answer is 304 while nothing changed."""
    job = _visible_job(job_id)
    return _poll_later(jsonify(job_report(get_session(), job)), job)


@bp.get("/screenings/<job_id>/results")
@operation(
    summary="Results of a job, one entry per submitted name, in submission order",
    scopes=("screen", "read"),
    parameters=[
        JOB_ID,
        s.param("Page"),
        s.param("PerPage"),
        {"name": "outcome", "in": "query", "schema": s.ref("Outcome")},
        s.param("IfNoneMatch"),
    ],
    responses={
        200: s.ok(
            "A page of results (gzip when asked for and large)",
            "ResultsPage",
            s.RESULTS_PAGE_EXAMPLE,
            headers=("ETag", "Retry-After"),
        ),
        304: s.NOT_MODIFIED,
        404: "NotFound",
    },
)
def get_results(job_id: str) -> Any:
    """Each result carries its input, normalised input, matches, scores and explanations."""
    job = _visible_job(job_id)
    page, per_page = page_args()
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
    body = {
        "job": {
            "id": job.id,
            "status": job.status,
            "lists": job.list_versions,
            "algorithm_version": job.algorithm_version,
            "threshold": job.threshold,
            "limit": job.match_limit,
        },
        "data": [item_result(i) for i in items],
        "meta": page_meta(page, per_page, total),
    }
    return _poll_later(jsonify(body), job)


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
        s.param("Page"),
        s.param("PerPage"),
        {"name": "status", "in": "query", "schema": s.ref("JobStatus")},
        {
            "name": "created_from",
            "in": "query",
            "schema": {"type": "string", "format": "date-time"},
            "description": "ISO 8601 date or datetime; UTC when no offset is given.",
        },
        {
            "name": "created_to",
            "in": "query",
            "schema": {"type": "string", "format": "date-time"},
            "description": "ISO 8601 date or datetime (exclusive); UTC when no offset is given.",
        },
        s.param("IfNoneMatch"),
    ],
    responses={
        200: s.ok(
            "A page of jobs",
            "JobPage",
            {"data": [s.JOB_EXAMPLE], "meta": s.PAGE_META_EXAMPLE},
            headers=("ETag",),
        ),
        304: s.NOT_MODIFIED,
    },
)
def list_screenings() -> Any:
    """Filter by status and by creation time (ISO 8601, UTC when no offset is given)."""
    page, per_page = page_args()
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
        .options(selectinload(ScreeningJob.webhook))
    ).all()
    return jsonify(
        {"data": [job_summary(j) for j in jobs], "meta": page_meta(page, per_page, total)}
    )


@bp.post("/screen")
@operation(
    summary="Screen a few names and answer in the same response",
    scopes=("screen",),
    request_schema="SyncScreeningRequest",
    parameters=[s.param("IdempotencyKey")],
    responses={
        200: s.ok(
            "Results for each name",
            "SyncResults",
            {"job": s.JOB_EXAMPLE | {"webhook": None}, "results": [s.ITEM_RESULT_EXAMPLE]},
            headers=("Idempotent-Replayed",),
        ),
        **WRITE_RESPONSES,
    },
)
def screen_now() -> Any:
    """Interactive screening; still recorded as a job with its audit trail. With an
    Idempotency-Key, a retry answers with the same job and results."""
    settings = get_settings()
    body = json_body("SyncScreeningRequest", max_items=settings.max_sync_items)
    submission = _submission(
        body, idempotency_key=_idempotency_key(), request_hash=_request_hash(body, "screen:")
    )
    try:
        done = submit.screen(get_session(), settings, submission, settings.max_sync_items)
    except (UnknownList, JobInputError, IdempotencyConflict) as exc:
        raise _domain_error(exc) from exc
    job = done.job
    response = jsonify({"job": job_summary(job), "results": [item_result(i) for i in job.items]})
    if done.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.post("/screenings/<job_id>/webhook/redeliver")
@operation(
    summary="Send a finished job's callback again",
    scopes=("screen",),
    parameters=[JOB_ID],
    responses={
        202: s.ok(
            "A new round of delivery attempts is scheduled",
            "WebhookDelivery",
            {
                **s.JOB_EXAMPLE["webhook"],
                "status": "retrying",
                "next_attempt_at": "2026-11-24T10:00:00+00:00",
                "delivered_at": None,
            },
        ),
        404: "NotFound",
        409: "RedeliveryConflict",
    },
)
def redeliver_webhook(job_id: str) -> Any:
    """Whatever became of earlier attempts, the callback is sent again now, and retried
    over a new retry window. X-Screening-Delivery stays the same (receivers can drop
    duplicates). Only the key that submitted the job may ask."""
    session = get_session()
    job = session.get(ScreeningJob, job_id)
    if job is None or job.api_key_id != g.api_key.id:
        raise ApiError(404, "not_found", f"No screening job {job_id!r} submitted by this key")
    try:
        _row, attempt = request_redelivery(
            session, job, actor=f"api-key:{g.api_key.name}", channel=Channel.API
        )
    except RedeliveryRefused as exc:
        code = "no_callback_url" if not job.callback_url else "job_not_finished"
        raise ApiError(409, code, str(exc)) from exc
    session.commit()
    try:
        get_queue().send(TaskName.DELIVER_WEBHOOK, job.id, attempt)
    except Exception:  # the broker is down: the reconciler sends it once it is back
        log.exception("could not send the redelivery of job %s", job.id)
    session.refresh(job)
    response = jsonify(webhook_status(job))
    response.status_code = 202
    return response

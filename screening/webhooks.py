"""Signed webhooks: a job's completion to its callback URL, and events to a key's webhook.

A job's body is ``{"event", "job"}``; a key's event is ``{"event", "id", "created_at",
"data"}``. Both carry ``X-Screening-Delivery``, an id that stays the same across
retries and redeliveries of one event, so a receiver can drop duplicates. The
signature is HMAC-SHA256 over ``"{timestamp}.{body}"`` with the submitting API
key's webhook secret, sent as ``X-Screening-Signature: v1=<hex>`` with
``X-Screening-Timestamp``. Receivers should reject timestamps older than a few minutes.

Delivery is durable: each event is a WebhookEvent row (a job's callback gets one at
its first attempt), each attempt claims its number on that row before it is made,
so a duplicated or late task never sends twice, and failures are retried with
exponential backoff until the retry window (24 h by default) has passed. The row
says when the next attempt is due; the reconciler sends any the broker lost.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.db import Database, as_utc, utcnow
from foundation.outbound import (
    AddressPolicy,
    AddressRefused,
    OutboundError,
    Resolver,
    post,
    system_resolver,
)
from foundation.settings import Settings
from screening.jobs.reports import job_report
from screening.models import ApiKey, JobStatus, ScreeningJob, WebhookDelivery, WebhookEvent

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Screening-Signature"
TIMESTAMP_HEADER = "X-Screening-Timestamp"
EVENT_HEADER = "X-Screening-Event"
DELIVERY_HEADER = "X-Screening-Delivery"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def backoff_seconds(attempt: int, cap: int = 3600) -> int:
    """Exponential: 2, 4, 8, ... seconds after attempt 1, 2, 3, ..., at most ``cap``."""
    return int(min(cap, 2 ** min(attempt, 40)))


JOB_EVENTS = ("screening.completed", "screening.failed")


@dataclass(frozen=True)
class _Message:
    url: str
    event: str
    secret: str
    body: bytes
    delivery_id: str | None = None


def deliver(
    database: Database,
    job_id: str,
    attempt: int,
    settings: Settings,
    resolver: Resolver = system_resolver,
) -> tuple[bool, int | None]:
    """One attempt to send a finished job to its callback URL.

    Returns (delivered, seconds until the next try or None). The receiver's
    address is resolved and checked now (see ``foundation.outbound``); a refused
    address is recorded and not tried again.
    """
    with database.session() as session:
        job = session.get(ScreeningJob, job_id)
        if job is None or not job.callback_url or job.status not in JobStatus.finished():
            return False, None
        row = job_callback_event(session, job)
        if row is None:
            return False, None
        event_id = row.id
    return _attempt(database, event_id, attempt, settings, resolver)


def job_callback_event(session: Session, job: ScreeningJob) -> WebhookEvent | None:
    """The delivery record of a finished job's callback, created on first use.

    None when the job has no callback URL or no API key to sign with.
    """
    existing = session.scalar(select(WebhookEvent).where(WebhookEvent.job_id == job.id))
    if existing is not None or not job.callback_url:
        return existing
    event = "screening.failed" if job.status == JobStatus.FAILED else "screening.completed"
    row = WebhookEvent(
        id=str(uuid.uuid4()),
        api_key_id=job.api_key_id,
        event=event,
        url=job.callback_url,
        payload={},
        job_id=job.id,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # a concurrent first attempt created it
        return session.scalar(select(WebhookEvent).where(WebhookEvent.job_id == job.id))
    return row


def emit_event(
    session: Session, api_key_id: int | None, event: str, payload: dict[str, Any]
) -> WebhookEvent | None:
    """Record an event for the key's webhook in the caller's transaction.

    Returns None when the key has no webhook URL (or webhooks are off). After
    committing, send ``TaskName.DELIVER_EVENT`` with the event's id; the
    reconciler sends any that were not.
    """
    key = session.get(ApiKey, api_key_id) if api_key_id is not None else None
    if key is None or not key.webhook_url or key.revoked_at is not None:
        return None
    row = WebhookEvent(
        id=str(uuid.uuid4()),
        api_key_id=key.id,
        event=event,
        url=key.webhook_url,
        payload=json.loads(json.dumps(payload, default=str)),
    )
    session.add(row)
    session.flush()
    return row


def deliver_event(
    database: Database,
    event_id: str,
    attempt: int,
    settings: Settings,
    resolver: Resolver = system_resolver,
) -> tuple[bool, int | None]:
    """One attempt to deliver a key's event (or a job's callback, by its event id);
    same contract as :func:`deliver`."""
    return _attempt(database, event_id, attempt, settings, resolver)


class RedeliveryRefused(Exception):
    """The job's callback cannot be sent again; the message says why."""


def request_redelivery(
    session: Session, job: ScreeningJob, actor: str, channel: str
) -> tuple[WebhookEvent, int]:
    """Start a new round of attempts for a finished job's callback, whatever became of
    the last one. Returns the event and the attempt number to send; caller commits, then
    sends ``TaskName.DELIVER_WEBHOOK`` with the job id and that number.

    The delivery id stays the same, so a receiver that got an earlier attempt can
    tell it is the same event; the retry window starts again now.
    """
    if not job.callback_url:
        raise RedeliveryRefused("This job has no callback_url; there is nothing to redeliver")
    if job.status not in JobStatus.finished():
        raise RedeliveryRefused(f"This job is {job.status}; its callback is sent when it finishes")
    row = job_callback_event(session, job)
    assert row is not None  # the job has a callback URL
    previous = row.status
    now = utcnow()
    row.delivered_at = None
    row.gave_up_at = None
    row.window_started_at = now
    row.next_attempt_at = now
    record_event(
        session,
        actor=actor,
        channel=channel,
        action=AuditAction.WEBHOOK_REDELIVERY_REQUESTED,
        object_type="job",
        object_id=job.id,
        payload={"delivery_id": row.id, "previous_status": previous.value},
    )
    session.flush()
    return row, row.attempts + 1


def _attempt(
    database: Database,
    event_id: str,
    attempt: int,
    settings: Settings,
    resolver: Resolver,
) -> tuple[bool, int | None]:
    """Claim attempt number ``attempt`` of an event, make it, and record how it went."""
    now = utcnow()
    with database.session() as session:
        claimed = session.execute(
            update(WebhookEvent)
            .where(
                WebhookEvent.id == event_id,
                WebhookEvent.delivered_at.is_(None),
                WebhookEvent.gave_up_at.is_(None),
                WebhookEvent.attempts == attempt - 1,
            )
            .values(
                attempts=attempt,
                last_attempt_at=now,
                next_attempt_at=None,
                window_started_at=func.coalesce(WebhookEvent.window_started_at, now),
            )
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return False, None  # delivered, given up, or this attempt ran already
        row = session.get(WebhookEvent, event_id)
        assert row is not None
        key = session.get(ApiKey, row.api_key_id) if row.api_key_id is not None else None
        message = _Message(
            url=row.url,
            event=row.event,
            secret=key.webhook_secret if key is not None else settings.secret_key,
            body=_body(session, row),
            delivery_id=row.id,
        )
        job_id = row.job_id
        window_started = as_utc(row.window_started_at or now)
    delivered, status, error, retry = _post(message, settings, resolver)
    finished = utcnow()
    next_try = None if delivered or not retry else _next_try(attempt, window_started, settings)
    with database.session() as session:
        session.add(
            WebhookDelivery(
                job_id=job_id,
                event_id=event_id,
                attempt=attempt,
                url=message.url,
                status_code=status,
                error=error,
                delivered=delivered,
            )
        )
        session.execute(
            update(WebhookEvent)
            .where(WebhookEvent.id == event_id, WebhookEvent.attempts == attempt)
            .values(
                last_status_code=status,
                last_error=error,
                delivered_at=finished if delivered else None,
                gave_up_at=finished if not delivered and next_try is None else None,
                next_attempt_at=(
                    finished + timedelta(seconds=next_try) if next_try is not None else None
                ),
            )
        )
    return delivered, next_try


def _body(session: Session, row: WebhookEvent) -> bytes:
    if row.job_id is not None:
        job = session.get(ScreeningJob, row.job_id)
        assert job is not None
        payload: dict[str, Any] = {"event": row.event, "job": job_report(session, job)}
    else:
        payload = {
            "event": row.event,
            "id": row.id,
            "created_at": row.created_at.isoformat(),
            "data": row.payload,
        }
    return json.dumps(payload, ensure_ascii=False).encode()


def _next_try(attempt: int, window_started: datetime, settings: Settings) -> int | None:
    """Seconds until the next attempt, or None once the retry window or the attempts are
    used up. The last attempt may fall just after the window closes, so retries span it."""
    if attempt >= settings.webhook_max_attempts:
        return None
    window_end = window_started + timedelta(seconds=settings.webhook_retry_window_seconds)
    if utcnow() >= window_end:
        return None
    return backoff_seconds(attempt, settings.webhook_max_backoff_seconds)


def _post(
    message: _Message, settings: Settings, resolver: Resolver
) -> tuple[bool, int | None, str | None, bool]:
    """Sign and POST; returns (delivered, HTTP status, error, worth retrying)."""
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "dprk-screening-webhook/1",
        EVENT_HEADER: message.event,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(message.secret, timestamp, message.body),
    }
    if message.delivery_id:
        headers[DELIVERY_HEADER] = message.delivery_id
    status: int | None = None
    error: str | None = None
    retry = True
    try:
        if settings.webhooks_disabled:
            raise AddressRefused("webhooks are turned off (SCREENING_WEBHOOK_ALLOWED_HOSTS=none)")
        answer = post(
            message.url,
            message.body,
            headers,
            timeout=settings.webhook_timeout_seconds,
            policy=AddressPolicy.allow_list(settings.webhook_allowed_hosts),
            resolver=resolver,
        )
        status = answer.status
        if 300 <= status < 400:
            error = f"HTTP {status}: redirects are not followed"
    except AddressRefused as exc:
        # Asking again cannot make the address acceptable; nothing is sent.
        error, retry = f"refused: {exc}"[:500], False
    except OutboundError as exc:
        error = str(exc)[:500]
    delivered = status is not None and 200 <= status < 300
    if not delivered and error is None:
        error = f"HTTP {status}"
    return delivered, status, None if delivered else error, retry

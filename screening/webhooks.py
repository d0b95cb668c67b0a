"""Signed webhooks: a job's completion to its callback URL, and events to a key's webhook.

A job's body is ``{"event", "job"}``; a key's event is ``{"event", "id", "created_at",
"data"}`` with the event's id also in ``X-Screening-Delivery``. The signature is HMAC-SHA256 over
``"{timestamp}.{body}"`` with the submitting API key's webhook secret, sent
as ``X-Screening-Signature: v1=<hex>`` with ``X-Screening-Timestamp``.
Receivers should reject timestamps older than a few minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from foundation.db import Database, utcnow
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

SIGNATURE_HEADER = "X-Screening-Signature"
TIMESTAMP_HEADER = "X-Screening-Timestamp"
EVENT_HEADER = "X-Screening-Event"
DELIVERY_HEADER = "X-Screening-Delivery"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def backoff_seconds(attempt: int) -> int:
    """Exponential: 2, 4, 8, ... seconds, capped at one hour."""
    return int(min(3600, 2**attempt))


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
        if job is None or not job.callback_url:
            return False, None
        key = session.get(ApiKey, job.api_key_id) if job.api_key_id else None
        event = "screening.failed" if job.status == JobStatus.FAILED else "screening.completed"
        message = _Message(
            url=job.callback_url,
            event=event,
            secret=key.webhook_secret if key else settings.secret_key,
            body=json.dumps(
                {"event": event, "job": job_report(session, job)}, ensure_ascii=False
            ).encode(),
        )
    delivered, status, error, retry = _post(message, settings, resolver)
    with database.session() as session:
        session.add(
            WebhookDelivery(
                job_id=job_id,
                attempt=attempt,
                url=message.url,
                status_code=status,
                error=error,
                delivered=delivered,
            )
        )
    return delivered, _next_try(delivered, retry, attempt, settings)


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
    """One attempt to deliver a key's event; same contract as :func:`deliver`."""
    with database.session() as session:
        row = session.get(WebhookEvent, event_id)
        if row is None or row.delivered_at is not None or row.gave_up_at is not None:
            return False, None
        key = session.get(ApiKey, row.api_key_id)
        assert key is not None
        message = _Message(
            url=row.url,
            event=row.event,
            secret=key.webhook_secret,
            body=json.dumps(
                {
                    "event": row.event,
                    "id": row.id,
                    "created_at": row.created_at.isoformat(),
                    "data": row.payload,
                },
                ensure_ascii=False,
            ).encode(),
            delivery_id=row.id,
        )
    delivered, status, error, retry = _post(message, settings, resolver)
    next_try = _next_try(delivered, retry, attempt, settings)
    with database.session() as session:
        session.add(
            WebhookDelivery(
                event_id=event_id,
                attempt=attempt,
                url=message.url,
                status_code=status,
                error=error,
                delivered=delivered,
            )
        )
        row = session.get(WebhookEvent, event_id)
        assert row is not None
        row.attempts = attempt
        if delivered:
            row.delivered_at = utcnow()
        elif next_try is None:
            row.gave_up_at = utcnow()
    return delivered, next_try


def _next_try(delivered: bool, retry: bool, attempt: int, settings: Settings) -> int | None:
    if delivered or not retry or attempt >= settings.webhook_max_attempts:
        return None
    return backoff_seconds(attempt)


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

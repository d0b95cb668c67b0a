"""Signed job-completion callbacks.

The body is the job summary as JSON. The signature is HMAC-SHA256 over
``"{timestamp}.{body}"`` with the submitting API key's webhook secret, sent
as ``X-Screening-Signature: v1=<hex>`` with ``X-Screening-Timestamp``.
Receivers should reject timestamps older than a few minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from foundation.db import Database
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
from screening.models import ApiKey, JobStatus, ScreeningJob, WebhookDelivery

SIGNATURE_HEADER = "X-Screening-Signature"
TIMESTAMP_HEADER = "X-Screening-Timestamp"
EVENT_HEADER = "X-Screening-Event"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def backoff_seconds(attempt: int) -> int:
    """Exponential: 2, 4, 8, ... seconds, capped at one hour."""
    return int(min(3600, 2**attempt))


def deliver(
    database: Database,
    job_id: str,
    attempt: int,
    settings: Settings,
    resolver: Resolver = system_resolver,
) -> tuple[bool, int | None]:
    """One delivery attempt. Returns (delivered, seconds until the next try or None).

    The receiver's address is resolved and checked now (see ``foundation.outbound``);
    a refused address is recorded and not tried again.
    """
    with database.session() as session:
        job = session.get(ScreeningJob, job_id)
        if job is None or not job.callback_url:
            return False, None
        key = session.get(ApiKey, job.api_key_id) if job.api_key_id else None
        secret = key.webhook_secret if key else settings.secret_key
        url = job.callback_url
        event = "screening.failed" if job.status == JobStatus.FAILED else "screening.completed"
        body = json.dumps(
            {"event": event, "job": job_report(session, job)}, ensure_ascii=False
        ).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "dprk-screening-webhook/1",
        EVENT_HEADER: event,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret, timestamp, body),
    }
    status: int | None = None
    error: str | None = None
    retry = True
    try:
        if settings.webhooks_disabled:
            raise AddressRefused("webhooks are turned off (SCREENING_WEBHOOK_ALLOWED_HOSTS=none)")
        answer = post(
            url,
            body,
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
    with database.session() as session:
        session.add(
            WebhookDelivery(
                job_id=job_id,
                attempt=attempt,
                url=url,
                status_code=status,
                error=None if delivered else (error or f"HTTP {status}"),
                delivered=delivered,
            )
        )
    if delivered:
        return True, None
    if not retry or attempt >= settings.webhook_max_attempts:
        return False, None
    return False, backoff_seconds(attempt)

"""Signed job-completion callbacks.

The body is the job summary as JSON. The signature is HMAC-SHA256 over
``"{timestamp}.{body}"`` with the submitting API key's webhook secret, sent
as ``X-Screening-Signature: v1=<hex>`` with ``X-Screening-Timestamp``.
Receivers should reject timestamps older than a few minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from screening.db import Database
from screening.jobs import job_report
from screening.models import ApiKey, ScreeningJob, WebhookDelivery
from screening.settings import Settings

SIGNATURE_HEADER = "X-Screening-Signature"
TIMESTAMP_HEADER = "X-Screening-Timestamp"
EVENT_HEADER = "X-Screening-Event"


class CallbackUrlError(ValueError):
    pass


def validate_callback_url(url: str, settings: Settings) -> str:
    """Accept http(s) URLs without credentials, on the allowlist when one is set."""
    if len(url) > 2048:
        raise CallbackUrlError("callback_url is longer than 2048 characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise CallbackUrlError(f"callback_url is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise CallbackUrlError("callback_url must use http or https")
    if not parts.hostname:
        raise CallbackUrlError("callback_url has no host")
    if parts.username or parts.password:
        raise CallbackUrlError("callback_url must not contain credentials")
    if port == 0:
        raise CallbackUrlError("callback_url has an invalid port")
    host = parts.hostname.lower()
    allowed = settings.webhook_allowed_hosts
    if allowed and host not in allowed:
        raise CallbackUrlError(f"callback_url host {host!r} is not in the allowed hosts")
    if not allowed and settings.env == "production" and _is_internal(host):
        raise CallbackUrlError(
            "callback_url points to an internal address; set SCREENING_WEBHOOK_ALLOWED_HOSTS"
        )
    return url


def _is_internal(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host in ("localhost",) or host.endswith(".localhost")
    return address.is_private or address.is_loopback or address.is_link_local


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def backoff_seconds(attempt: int) -> int:
    """Exponential: 2, 4, 8, ... seconds, capped at one hour."""
    return int(min(3600, 2**attempt))


def deliver(
    database: Database, job_id: str, attempt: int, settings: Settings
) -> tuple[bool, int | None]:
    """One delivery attempt. Returns (delivered, seconds until the next try or None)."""
    with database.session() as session:
        job = session.get(ScreeningJob, job_id)
        if job is None or not job.callback_url:
            return False, None
        key = session.get(ApiKey, job.api_key_id) if job.api_key_id else None
        secret = key.webhook_secret if key else settings.secret_key
        url = job.callback_url
        event = "screening.failed" if job.status == "failed" else "screening.completed"
        body = json.dumps(
            {"event": event, "job": job_report(session, job)}, ensure_ascii=False
        ).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "dprk-screening-webhook/1",
            EVENT_HEADER: event,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(secret, timestamp, body),
        },
    )
    status: int | None = None
    error: str | None = None
    try:
        with urllib.request.urlopen(request, timeout=settings.webhook_timeout_seconds) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
        error = f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
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
    if attempt >= settings.webhook_max_attempts:
        return False, None
    return False, backoff_seconds(attempt)

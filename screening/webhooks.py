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
from urllib.parse import urlsplit

from screening.db import Database
from screening.jobs import job_report
from screening.models import ApiKey, ScreeningJob, WebhookDelivery
from screening.outbound import (
    AddressPolicy,
    AddressRefused,
    OutboundError,
    Resolver,
    is_public_address,
    literal_address,
    post,
    system_resolver,
)
from screening.settings import Settings

SIGNATURE_HEADER = "X-Screening-Signature"
TIMESTAMP_HEADER = "X-Screening-Timestamp"
EVENT_HEADER = "X-Screening-Event"


class CallbackUrlError(ValueError):
    pass


def address_policy(settings: Settings) -> AddressPolicy:
    """With an allow-list, only (and any address of) those hosts; else public addresses only."""
    hosts = frozenset(settings.webhook_allowed_hosts)
    return AddressPolicy(trusted_hosts=hosts, only_trusted=bool(hosts))


def validate_callback_url(url: str, settings: Settings) -> str:
    """Accept http(s) URLs without credentials, on the allowlist when one is set.

    This refuses what can be refused from the URL alone (an internal IP literal
    in any spelling, localhost). Where a name resolves to is checked again at
    every delivery, since DNS may answer differently then.
    """
    if settings.webhooks_disabled:
        raise CallbackUrlError(
            "webhooks are turned off on this service (SCREENING_WEBHOOK_ALLOWED_HOSTS=none); "
            "poll the job instead"
        )
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
    host = parts.hostname.lower().rstrip(".")
    policy = address_policy(settings)
    if policy.only_trusted and not policy.trusts(host):
        raise CallbackUrlError(f"callback_url host {host!r} is not in the allowed hosts")
    if not policy.trusts(host) and _is_internal_name(host):
        raise CallbackUrlError(
            f"callback_url host {host!r} is an internal address; webhooks go to public "
            "addresses unless SCREENING_WEBHOOK_ALLOWED_HOSTS names the host"
        )
    return url


def _is_internal_name(host: str) -> bool:
    literal = literal_address(host)
    if literal is not None:
        return not is_public_address(literal)
    return host == "localhost" or host.endswith((".localhost", ".local", ".internal"))


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

    The receiver's address is resolved and checked now (see ``screening.outbound``);
    a refused address is recorded and not tried again.
    """
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
            policy=address_policy(settings),
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

"""API keys: shown once, stored hashed, scoped, revocable.

A key looks like ``sk_<prefix>_<secret>``. The prefix identifies the row; the
whole key is stored as a SHA-256 digest (keys are random, so a slow hash adds
nothing). Each key also has a webhook signing secret, shown once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.db import utcnow
from foundation.outbound import CallbackUrlError, validate_callback_url
from foundation.settings import Settings
from screening.models import ApiKey

# counterparties: keep the counterparty register and read its alerts;
# entities: read the lists and their entities (no jobs).
SCOPES = ("screen", "read", "counterparties", "entities")
# Built once: every request runs it, and a statement object keeps its cache key.
_KEY_BY_PREFIX = select(ApiKey).where(ApiKey.prefix == bindparam("prefix"))


class ApiKeyError(ValueError):
    pass


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def parse_scopes(raw: str) -> list[str]:
    scopes = sorted({s.strip() for s in raw.split(",") if s.strip()})
    unknown = [s for s in scopes if s not in SCOPES]
    if not scopes or unknown:
        raise ApiKeyError(f"scopes must be a comma-separated subset of {', '.join(SCOPES)}")
    return scopes


def create_key(
    session: Session,
    name: str,
    scopes: list[str],
    actor: str,
    channel: str = "cli",
    webhook_url: str | None = None,
    settings: Settings | None = None,
) -> tuple[ApiKey, str]:
    """Create a key; returns the row and the key in clear (never stored).

    ``webhook_url`` receives events about the key's counterparties; it is checked
    like a job's callback URL, so ``settings`` are needed with it.
    """
    name = name.strip()
    if not name or len(name) > 128:
        raise ApiKeyError("key name must be 1 to 128 characters")
    if webhook_url:
        assert settings is not None, "a webhook URL is checked against the settings"
        try:
            validate_callback_url(webhook_url, settings)
        except CallbackUrlError as exc:
            raise ApiKeyError(str(exc).replace("callback_url", "webhook URL")) from exc
    prefix = secrets.token_hex(4)
    key = f"sk_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(
        name=name,
        prefix=prefix,
        key_hash=_digest(key),
        scopes=scopes,
        webhook_secret="whsec_" + secrets.token_urlsafe(32),
        webhook_url=webhook_url or None,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    record_event(
        session,
        actor=actor,
        channel=channel,
        action=AuditAction.API_KEY_CREATED,
        object_type="api_key",
        object_id=prefix,
        payload={"name": name, "scopes": scopes},
    )
    return row, key


def authenticate_key(session: Session, key: str) -> ApiKey | None:
    """The active key row for a presented key, or None."""
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "sk":
        return None
    row = session.scalar(_KEY_BY_PREFIX, {"prefix": parts[1]})
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.key_hash, _digest(key)):
        return None
    return row


def revoke_key(session: Session, prefix: str, actor: str) -> ApiKey:
    row = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if row is None:
        raise ApiKeyError(f"no key with prefix {prefix!r}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record_event(
            session,
            actor=actor,
            channel="cli",
            action=AuditAction.API_KEY_REVOKED,
            object_type="api_key",
            object_id=prefix,
            payload={"name": row.name},
        )
    return row

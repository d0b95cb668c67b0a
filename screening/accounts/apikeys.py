"""API keys: shown once, stored hashed, scoped, revocable.

A key looks like ``sk_<prefix>_<secret>``. The prefix identifies the row; the
whole key is stored as a SHA-256 digest (keys are random, so a slow hash adds
nothing). Each key also has a webhook signing secret, shown once.

The API checks keys through :data:`VERIFIED_KEYS`: a key verified against its row
is trusted for :data:`KEY_CACHE_SECONDS` in that process without reading the row
again. So every web process refuses a revoked key at most ``KEY_CACHE_SECONDS``
after the revocation commits; the process that revokes forgets the key at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import bindparam, select, update
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
    return _active_row(session, key, _digest(key))


def _active_row(session: Session, key: str, digest: str) -> ApiKey | None:
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "sk":
        return None
    row = session.scalar(_KEY_BY_PREFIX, {"prefix": parts[1]})
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.key_hash, digest):
        return None
    return row


# How long a process trusts a key it verified without reading its row again: the
# longest a revocation made elsewhere (another web process, the CLI) may take to
# refuse the key in this process.
KEY_CACHE_SECONDS = 5.0
# Verified keys remembered per process (valid keys only; the oldest go first).
KEY_CACHE_SIZE = 1024


@dataclass(frozen=True, slots=True)
class VerifiedKey:
    """What a request needs of the key it presented, read from the key's row."""

    id: int
    name: str
    prefix: str
    scopes: tuple[str, ...]
    last_used_at: datetime | None

    @classmethod
    def of(cls, row: ApiKey) -> VerifiedKey:
        return cls(row.id, row.name, row.prefix, tuple(row.scopes), row.last_used_at)


@dataclass(frozen=True, slots=True)
class _Entry:
    key: VerifiedKey
    expires: float  # on the cache's clock


class KeyCache:
    """Keys verified in the last ``ttl`` seconds, by the digest of the presented key.

    Only keys that verified are kept; an unknown, revoked or wrong key is looked up
    every time it is presented (as without a cache), and evicts what the cache held
    for it. Thread-safe.
    """

    def __init__(
        self,
        ttl: float = KEY_CACHE_SECONDS,
        size: int = KEY_CACHE_SIZE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def verify(self, session: Session, key: str) -> VerifiedKey | None:
        """The active key for ``key``: from the cache while fresh, else from its row."""
        digest = _digest(key)
        entry = self._entries.get(digest)
        if entry is not None and entry.expires > self.clock():
            return entry.key
        row = _active_row(session, key, digest)
        with self._lock:
            if row is None:
                self._entries.pop(digest, None)
                return None
            verified = VerifiedKey.of(row)
            self._entries.pop(digest, None)  # re-inserted last: the oldest entries go first
            while len(self._entries) >= self.size:
                del self._entries[next(iter(self._entries))]
            self._entries[digest] = _Entry(verified, self.clock() + self.ttl)
        return verified

    def record_use(self, session: Session, key: str, verified: VerifiedKey, at: datetime) -> None:
        """Write ``at`` as the key's last use (caller commits), and remember it."""
        session.execute(update(ApiKey).where(ApiKey.id == verified.id).values(last_used_at=at))
        digest = _digest(key)
        with self._lock:
            entry = self._entries.get(digest)
            if entry is not None and entry.key.id == verified.id:
                self._entries[digest] = replace(entry, key=replace(entry.key, last_used_at=at))

    def forget(self, prefix: str) -> None:
        """Drop the key with this prefix (it was revoked in this process)."""
        with self._lock:
            for digest in [d for d, e in self._entries.items() if e.key.prefix == prefix]:
                del self._entries[digest]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# The process's cache of verified keys (see the module's docstring).
VERIFIED_KEYS = KeyCache()


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
    VERIFIED_KEYS.forget(prefix)
    return row

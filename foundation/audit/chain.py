"""The audit chain: where every audit event is appended and where the chain is verified.

Each event's hash covers its own content and the previous event's hash, so
editing, deleting or reordering any event breaks every hash after it.
``verify_chain`` recomputes the chain; ``screening audit verify`` runs it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from foundation.audit.actions import AuditAction
from foundation.audit.models import AuditEvent
from foundation.db import utcnow

GENESIS_HASH = "0" * 64
# Any constant works; it names the PostgreSQL advisory lock that serialises appends.
_AUDIT_LOCK_ID = 0x5C4EE7


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:  # SQLite hands back naive UTC datetimes
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(
    *,
    seq: int,
    created_at: datetime,
    actor: str,
    channel: str,
    action: str,
    object_type: str,
    object_id: str,
    payload: dict[str, Any],
    prev_hash: str,
) -> str:
    body = json.dumps(
        {
            "seq": seq,
            "created_at": _iso(created_at),
            "actor": actor,
            "channel": channel,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "payload": payload,
            "prev_hash": prev_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record_event(
    session: Session,
    *,
    actor: str,
    channel: str,
    action: AuditAction,
    object_type: str,
    object_id: str,
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction.

    ``action`` must be one of :class:`AuditAction`; anything else raises ValueError.

    Call it last before committing: on PostgreSQL it takes a transaction-level
    lock that serialises appends until the commit.
    """
    action = AuditAction(action)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": _AUDIT_LOCK_ID})
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq = (last.seq + 1) if last else 1
    prev_hash = last.hash if last else GENESIS_HASH
    # Round-trip the payload through JSON so the stored form hashes the same.
    clean_payload = json.loads(json.dumps(payload or {}, default=str))
    created_at = utcnow()
    event = AuditEvent(
        seq=seq,
        created_at=created_at,
        actor=actor,
        channel=channel,
        action=action.value,
        object_type=object_type,
        object_id=str(object_id),
        payload=clean_payload,
        prev_hash=prev_hash,
    )
    event.hash = event_hash(
        seq=seq,
        created_at=created_at,
        actor=actor,
        channel=channel,
        action=action.value,
        object_type=object_type,
        object_id=str(object_id),
        payload=clean_payload,
        prev_hash=prev_hash,
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    events: int
    first_bad_seq: int | None = None
    reason: str = ""


def verify_chain(session: Session, batch_size: int = 5000) -> ChainCheck:
    """Recompute every hash in order; report the first event that does not fit."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    count = 0
    last_seq = 0
    while True:
        rows = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.seq > last_seq)
            .order_by(AuditEvent.seq)
            .limit(batch_size)
        ).all()
        if not rows:
            return ChainCheck(ok=True, events=count)
        for event in rows:
            if event.seq != expected_seq:
                return ChainCheck(False, count, event.seq, f"gap: expected seq {expected_seq}")
            if event.prev_hash != prev_hash:
                return ChainCheck(False, count, event.seq, "prev_hash does not match")
            recomputed = event_hash(
                seq=event.seq,
                created_at=event.created_at,
                actor=event.actor,
                channel=event.channel,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                payload=event.payload,
                prev_hash=event.prev_hash,
            )
            if recomputed != event.hash:
                return ChainCheck(False, count, event.seq, "content does not match its hash")
            prev_hash = event.hash
            expected_seq += 1
            count += 1
            last_seq = event.seq
        session.expunge_all()

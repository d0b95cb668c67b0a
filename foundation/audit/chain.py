"""The audit chain: where every audit event is appended, sealed into the chain and verified.

Appending and chaining are two steps, so that no writer ever waits for another:

* ``record_event`` inserts the event in the caller's transaction. Its ``id``
  comes from a database sequence (taken without a lock); nothing is read and
  nothing is held until the commit, so web requests and workers append side by
  side, and matching never runs under an audit lock.
* ``seal_events`` (the sealer: ``screening beat`` runs it every few seconds,
  and ``screening audit verify``/``anchor`` and exports run it first) chains the
  committed events that are not sealed yet, in ``id`` order: each gets the next
  ``seq`` and a hash over its content and the previous event's hash. The
  sealer sees committed rows only, so an event whose transaction is still open
  (or rolled back, leaving a gap in the ids) is never sealed past: it is
  sealed by a later run, once committed, with the next ``seq`` then free.
  Sealers exclude one another (an advisory lock on PostgreSQL, ``BEGIN
  IMMEDIATE`` on SQLite); appenders never take that lock.

Editing, deleting or reordering a sealed event breaks every hash after it;
``verify_chain`` recomputes the chain and reports the unsealed tail apart.
Truncation and a chain rebuilt from scratch are caught against a keyed head
(``foundation.audit.head``): exports and anchors state one.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from foundation.audit.actions import AuditAction
from foundation.audit.models import AuditEvent
from foundation.db import Database, ordered_rows_insert, ordered_rows_params, utcnow

GENESIS_HASH = "0" * 64
# Any constant works; it names the PostgreSQL advisory lock that sealers (never appenders) take.
_SEALER_LOCK_ID = 0x5C4EE7
SEAL_BATCH = 2000


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
) -> None:
    """Append one event in the caller's transaction; it is sealed into the chain after commit.

    ``action`` must be one of :class:`AuditAction`; anything else raises ValueError.
    Takes no lock and reads nothing: call it wherever the change happens. The row
    is inserted at once on the session's connection (a plain insert, no ORM unit of
    work: the hottest paths append three events per request).
    """
    session.connection().execute(
        _INSERT_EVENT,
        _event_row(
            actor=actor,
            channel=channel,
            action=action,
            object_type=object_type,
            object_id=object_id,
            payload=payload,
        ),
    )


def _event_row(
    *,
    actor: str,
    channel: str,
    action: AuditAction,
    object_type: str,
    object_id: str,
    payload: dict[str, Any] | None,
) -> dict[str, Any]:
    """The row of one event, stamped now; ValueError for an unknown action."""
    action = AuditAction(action)
    # Round-trip the payload through JSON so the stored form hashes the same.
    clean_payload = json.loads(json.dumps(payload or {}, default=str))
    return {
        "created_at": utcnow(),
        "actor": actor,
        "channel": channel,
        "action": action.value,
        "object_type": object_type,
        "object_id": str(object_id),
        "payload": clean_payload,
    }


class EventBatch:
    """Events of one transaction, appended together: one INSERT instead of one each.

    ``record`` takes the arguments of :func:`record_event` and stamps the event
    at once (its ``created_at`` is when it happened, not when it is written);
    ``write`` inserts every event recorded so far, in the order recorded, so they
    get ascending ids and are sealed in that order, exactly as the same
    ``record_event`` calls would be. Nothing is written until ``write``: call it
    before the commit. For the hottest path, which appends three or more events
    per request.
    """

    def __init__(self) -> None:
        self._rows: list[dict[str, Any]] = []

    def __len__(self) -> int:
        return len(self._rows)

    def record(
        self,
        session: Session | None = None,
        *,
        actor: str,
        channel: str,
        action: AuditAction,
        object_type: str,
        object_id: str,
        payload: dict[str, Any] | None = None,
    ) -> None:
        """Like :func:`record_event` (``session`` is accepted and unused), written later."""
        self._rows.append(
            _event_row(
                actor=actor,
                channel=channel,
                action=action,
                object_type=object_type,
                object_id=object_id,
                payload=payload,
            )
        )

    def write(self, session: Session) -> None:
        """Insert the recorded events in the caller's transaction, in order; then forget them."""
        if not self._rows:
            return
        rows, self._rows = self._rows, []
        connection = session.connection()
        if len(rows) == 1:
            connection.execute(_INSERT_EVENT, rows[0])
            return
        for start in range(0, len(rows), _EVENTS_PER_STATEMENT):
            batch = rows[start : start + _EVENTS_PER_STATEMENT]
            connection.execute(
                _insert_events_statement(len(batch), connection.dialect.name),
                ordered_rows_params(batch, _EVENT_COLUMNS, "e"),
            )


# Built once: a statement object keeps its compiled form cached.
_INSERT_EVENT = AuditEvent.__table__.insert()
_EVENT_COLUMNS = ("created_at", "actor", "channel", "action", "object_type", "object_id", "payload")
_EVENTS_PER_STATEMENT = 32


@functools.lru_cache(maxsize=2 * _EVENTS_PER_STATEMENT)
def _insert_events_statement(count: int, dialect: str) -> Insert:
    """``count`` events in one statement, numbered (and so chained) in the order recorded."""
    table = cast(Table, AuditEvent.__table__)
    return ordered_rows_insert(table, _EVENT_COLUMNS, count, "e", dialect)


@dataclass(frozen=True)
class ChainHead:
    """The last sealed event: its position and hash (``0:000...`` for an empty chain)."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, value: str) -> ChainHead:
        """``SEQ:HASH`` as printed by exports, anchors and ``audit anchor``; ValueError if not."""
        seq_text, _, digest = value.strip().partition(":")
        digest = digest.lower()
        if (
            not seq_text.isdigit()
            or len(digest) != 64
            or any(c not in "0123456789abcdef" for c in digest)
        ):
            raise ValueError(
                f"expected SEQ:HASH (a number, a colon and 64 hex digits), got {value[:80]!r}"
            )
        return cls(int(seq_text), digest)


def chain_head(session: Session) -> ChainHead:
    """The head of the sealed chain."""
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.seq.is_not(None))
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    if last is None:
        return ChainHead(0, GENESIS_HASH)
    return ChainHead(last.seq, last.hash)


def _take_sealer_lock(session: Session, wait: bool) -> bool:
    """Exclude other sealers for this transaction; False if one is busy and ``wait`` is off."""
    if session.get_bind().dialect.name == "postgresql":
        if wait:
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SEALER_LOCK_ID})
            return True
        return bool(
            session.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": _SEALER_LOCK_ID})
        )
    # SQLite: take the write lock before reading the head, so the head cannot
    # move between the read and the update (a deferred transaction would only
    # lock at the first write).
    session.execute(text("BEGIN IMMEDIATE"))
    return True


def seal_events(database: Database, *, wait: bool = True, batch_size: int = SEAL_BATCH) -> int:
    """Chain every committed, unsealed event, oldest id first; returns how many were sealed.

    Each batch is its own short transaction. With ``wait`` off, a sealer that
    finds another one at work returns 0 at once (the beat task does this).
    """
    sealed = 0
    while True:
        with database.session() as session:
            if not _take_sealer_lock(session, wait):
                return sealed
            head = chain_head(session)
            table = AuditEvent.__table__
            rows = session.execute(
                select(table).where(table.c.seq.is_(None)).order_by(table.c.id).limit(batch_size)
            ).all()
            updates = []
            seq, prev = head.seq, head.hash
            for event in rows:
                seq += 1
                digest = event_hash(
                    seq=seq,
                    created_at=event.created_at,
                    actor=event.actor,
                    channel=event.channel,
                    action=event.action,
                    object_type=event.object_type,
                    object_id=event.object_id,
                    payload=event.payload,
                    prev_hash=prev,
                )
                updates.append({"b_id": event.id, "b_seq": seq, "b_prev": prev, "b_hash": digest})
                prev = digest
            if updates:
                session.execute(
                    table.update()
                    .where(table.c.id == bindparam("b_id"), table.c.seq.is_(None))
                    .values(
                        seq=bindparam("b_seq"),
                        prev_hash=bindparam("b_prev"),
                        hash=bindparam("b_hash"),
                    ),
                    updates,
                )
            sealed += len(updates)
        if len(updates) < batch_size:
            return sealed


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    events: int  # sealed events verified
    first_bad_seq: int | None = None
    reason: str = ""
    head: ChainHead | None = None  # set when the whole sealed chain verified
    unsealed: int = 0  # events appended but not chained yet (reported apart, not an error)
    oldest_unsealed_at: datetime | None = None


def unsealed_tail(session: Session) -> tuple[int, datetime | None]:
    """How many events await sealing, and when the oldest of them was appended."""
    count, oldest = session.execute(
        select(func.count(), func.min(AuditEvent.created_at)).where(AuditEvent.seq.is_(None))
    ).one()
    return int(count), oldest


def verify_chain(session: Session, batch_size: int = 5000) -> ChainCheck:
    """Recompute every sealed hash in order; report the first event that does not fit.

    Events not sealed yet are counted apart (``unsealed``); they are not part
    of the chain until the sealer has run.
    """
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
            unsealed, oldest = unsealed_tail(session)
            return ChainCheck(
                ok=True,
                events=count,
                head=ChainHead(last_seq, prev_hash),
                unsealed=unsealed,
                oldest_unsealed_at=oldest,
            )
        for event in rows:
            assert event.seq is not None and event.hash is not None
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


def event_at(session: Session, seq: int) -> AuditEvent | None:
    return session.scalar(select(AuditEvent).where(AuditEvent.seq == seq))

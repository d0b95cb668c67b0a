"""The audit log is a hash chain: any edit is detected."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from foundation.audit import AuditAction, AuditEvent
from foundation.audit.chain import GENESIS_HASH, record_event, verify_chain


def _append(db: Any, n: int) -> None:
    with db.session() as session:
        for i in range(n):
            record_event(
                session,
                actor="tester",
                channel="cli",
                action=AuditAction.USER_CREATED,
                object_type="thing",
                object_id=str(i),
                payload={"i": i, "name": "Корё"},
            )


def test_events_are_chained_in_sequence(db: Any) -> None:
    _append(db, 3)
    with db.session() as session:
        events = session.query(AuditEvent).order_by(AuditEvent.seq).all()
        assert [e.seq for e in events] == [1, 2, 3]
        assert events[0].prev_hash == GENESIS_HASH
        assert events[1].prev_hash == events[0].hash
        assert verify_chain(session).ok


def test_edited_payload_breaks_the_chain(db: Any) -> None:
    _append(db, 4)
    with db.session() as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 2).values(payload={"i": 99}))
    with db.session() as session:
        result = verify_chain(session)
    assert not result.ok
    assert result.first_bad_seq == 2
    assert result.events == 1


def test_deleted_event_breaks_the_chain(db: Any) -> None:
    _append(db, 4)
    with db.session() as session:
        session.query(AuditEvent).filter(AuditEvent.seq == 3).delete()
    with db.session() as session:
        result = verify_chain(session)
    assert not result.ok
    assert result.first_bad_seq == 4


def test_only_listed_actions_can_be_recorded(db: Any) -> None:
    with db.session() as session, pytest.raises(ValueError, match=r"test\.event"):
        record_event(
            session,
            actor="tester",
            channel="cli",
            action="test.event",  # type: ignore[arg-type]
            object_type="thing",
            object_id="1",
        )
    with db.session() as session:
        assert session.query(AuditEvent).count() == 0

"""The audit log is a hash chain: any edit is detected. Appends take no lock; a sealer
chains them."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import OperationalError

from foundation.audit import AuditAction, AuditEvent, EventBatch, seal_events
from foundation.audit.chain import _SEALER_LOCK_ID as SEALER_LOCK_ID
from foundation.audit.chain import GENESIS_HASH, record_event, verify_chain


def _append(db: Any, n: int, start: int = 0) -> None:
    with db.session() as session:
        for i in range(start, start + n):
            _record(session, i)


def _record(session: Any, i: int) -> AuditEvent:
    return record_event(
        session,
        actor="tester",
        channel="cli",
        action=AuditAction.USER_CREATED,
        object_type="thing",
        object_id=str(i),
        payload={"i": i, "name": "Корё"},
    )


def _chain(db: Any) -> list[tuple[int | None, str]]:
    with db.session() as session:
        rows = session.execute(
            select(AuditEvent.seq, AuditEvent.object_id).order_by(AuditEvent.id)
        ).all()
    return [(row.seq, row.object_id) for row in rows]


def test_events_are_appended_unsealed_then_chained_in_append_order(db: Any) -> None:
    _append(db, 3)
    with db.session() as session:
        before = verify_chain(session)
    assert before.ok and before.events == 0 and before.unsealed == 3
    assert seal_events(db) == 3
    with db.session() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        assert [(e.seq, e.object_id) for e in events] == [(1, "0"), (2, "1"), (3, "2")]
        assert events[0].prev_hash == GENESIS_HASH
        assert events[1].prev_hash == events[0].hash
        check = verify_chain(session)
    assert check.ok and check.events == 3 and check.unsealed == 0
    assert check.head is not None and (check.head.seq, check.head.hash) == (3, events[2].hash)
    # Sealing again changes nothing; later events continue the chain.
    assert seal_events(db) == 0
    _append(db, 2, start=3)
    assert seal_events(db) == 2
    assert [seq for seq, _ in _chain(db)] == [1, 2, 3, 4, 5]


def test_edited_payload_breaks_the_chain(db: Any) -> None:
    _append(db, 4)
    seal_events(db)
    with db.session() as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 2).values(payload={"i": 99}))
    with db.session() as session:
        result = verify_chain(session)
    assert not result.ok
    assert result.first_bad_seq == 2
    assert result.events == 1


def test_deleted_event_breaks_the_chain(db: Any) -> None:
    _append(db, 4)
    seal_events(db)
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


def test_rolled_back_append_leaves_a_gap_in_ids_but_none_in_the_chain(db: Any) -> None:
    _append(db, 1, start=0)
    session = db.session_factory()
    _record(session, 1)
    session.rollback()
    session.close()
    _append(db, 1, start=2)
    seal_events(db)
    assert [(seq, obj) for seq, obj in _chain(db)] == [(1, "0"), (2, "2")]
    with db.session() as session:
        assert verify_chain(session).ok


def _postgres_only(db: Any) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time: concurrent appends are PostgreSQL's case")


def test_event_of_an_open_transaction_is_sealed_once_it_commits(db: Any) -> None:
    _postgres_only(db)
    slow = db.session_factory()
    _record(slow, 0)  # takes the lower id, commits last (a request still matching)
    _append(db, 1, start=1)
    assert seal_events(db) == 1  # only what is committed
    slow.commit()
    slow.close()
    assert seal_events(db) == 1
    assert sorted(_chain(db), key=lambda row: row[0] or 0) == [(1, "1"), (2, "0")]
    with db.session() as session:
        assert verify_chain(session).ok


def test_appends_never_wait_for_another_appender_or_the_sealer(db: Any) -> None:
    """A transaction that appended and then works (matching, say) holds nothing others need."""
    _postgres_only(db)
    busy = db.session_factory()
    _record(busy, 0)  # appended; the transaction stays open, as during matching
    sealer = db.session_factory()
    # The sealer's lock, held (the lock every append took before).
    sealer.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SEALER_LOCK_ID})
    try:
        with db.session() as session:
            session.execute(text("SET LOCAL lock_timeout = '2s'"))
            _record(session, 1)
    except OperationalError as exc:  # pragma: no cover - the failure this test exists for
        pytest.fail(f"an append waited for a lock: {exc}")
    finally:
        sealer.rollback()
        sealer.close()
        busy.rollback()
        busy.close()
    assert [obj for _seq, obj in _chain(db)] == ["1"]


def test_sealers_running_at_once_never_collide(db: Any) -> None:
    """Beat, an export and verify may all seal at the same moment, while others append."""
    import threading

    errors: list[BaseException] = []

    def appender(base: int) -> None:
        try:
            for i in range(15):
                _append(db, 1, start=base + i)
        except BaseException as exc:
            errors.append(exc)

    def sealer() -> None:
        try:
            for _ in range(15):
                seal_events(db)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=appender, args=(n * 100,)) for n in range(2)]
    threads += [threading.Thread(target=sealer) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seal_events(db)
    with db.session() as session:
        check = verify_chain(session)
    assert check.ok and check.events == 30 and check.unsealed == 0


# 70 events take three statements of at most 32 rows: the order holds across them.
@pytest.mark.parametrize("count", [4, 70])
def test_a_batch_of_events_is_written_at_once_and_chained_in_the_order_recorded(
    db: Any, count: int
) -> None:
    with db.session() as session:
        batch = EventBatch()
        for i in range(count):
            batch.record(
                actor="tester",
                channel="api",
                action=AuditAction.JOB_SUBMITTED,
                object_type="job",
                object_id=str(i),
                payload={"i": i},
            )
        assert len(batch) == count
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0
        batch.write(session)
        assert len(batch) == 0
        batch.write(session)  # nothing left: writes nothing twice
    assert seal_events(db) == count
    assert _chain(db) == [(i + 1, str(i)) for i in range(count)]
    with db.session() as session:
        assert verify_chain(session).ok


def test_a_batch_refuses_an_unlisted_action_when_it_is_recorded() -> None:
    with pytest.raises(ValueError):
        EventBatch().record(
            actor="tester",
            channel="cli",
            action="job.deleted",  # type: ignore[arg-type]
            object_type="job",
            object_id="1",
        )

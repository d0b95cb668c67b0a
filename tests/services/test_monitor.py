"""The monitor on the small list: what it screens, why it alerts, and that it stores once."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from foundation.db import utcnow
from foundation.queue import TaskName
from foundation.settings import Settings
from screening.accounts.apikeys import create_key
from screening.alerts.models import Alert, AlertStatus, Clearance, Counterparty, Decision
from screening.indexes import active_versions, load_index
from screening.jobs.process import screen_name
from screening.models import WebhookEvent
from screening.monitoring.models import ChunkStatus, MonitorChunk, MonitorRun
from screening.monitoring.monitor import MonitorBusy, plan_run, screen_chunk
from screening.monitoring.register import parse_counterparty, upsert_counterparties
from screening.monitoring.runner import run_monitor, start_monitor
from tests.conftest import SMALL_LIST, import_small_list
from tests.services.conftest import InMemoryQueue
from tests.test_api import Receiver
from watchlists.records import EntityRecord, NameRecord, SourceRecord
from watchlists.store import import_records

REGISTER = [
    ("R-1", "Rungra 888 Trading Co", "company"),
    ("R-2", "Marat Khusnullin", "person"),
    ("R-3", "Microsoft Corporation", "company"),
    ("R-4", "Korean Airways", "company"),
]


def _register(db: Any, rows: list[tuple[str, str, str]], api_key_id: int | None = None) -> None:
    items = [
        parse_counterparty({"reference": r, "name": n, "type": t}, max_name_length=512)
        for r, n, t in rows
    ]
    with db.session() as session:
        upsert_counterparties(session, items, actor="tests", channel="cli", api_key_id=api_key_id)


def _run(db: Any, settings: Settings, queue: Any = None, **kwargs: Any) -> dict[str, Any]:
    return run_monitor(db, settings, queue, requested_by="tests", **kwargs).as_json()


def _open(db: Any) -> set[tuple[str, str, str]]:
    with db.session() as session:
        return {
            (a.subject_key.split(":", 1)[1], a.entity_key, a.reason)
            for a in session.scalars(select(Alert).where(Alert.status != AlertStatus.CLOSED))
        }


def _small_list_with(db: Any, extra: list[tuple[str, str, list[str]]], drop: set[str]) -> None:
    records = [
        EntityRecord(
            source_id=sid,
            schema=schema,
            names=[NameRecord(n, "primary" if i == 0 else "alias") for i, n in enumerate(names)],
            countries=["kp"],
            # As tests.conftest.import_small_list writes them: unchanged entities stay unchanged.
            sources=[SourceRecord(document="test.txt", claim="Named in a test fixture.")],
        )
        for sid, schema, names in [*SMALL_LIST, *extra]
        if sid not in drop
    ]
    with db.session() as session:
        import_records(
            session,
            list_name="small",
            source_format="test",
            records=records,
            source_hash=uuid.uuid4().hex,
            source_files=["test.txt"],
            imported_by="tests",
        )


def test_new_counterparties_are_screened_once_against_the_full_lists(
    db: Any, settings: Settings, small_list: str
) -> None:
    _register(db, REGISTER)
    first = _run(db, settings)
    assert {k: first[k] for k in ("counterparties", "screened", "alerts_opened")} == {
        "counterparties": 4,
        "screened": 4,
        "alerts_opened": 3,
    }
    assert _open(db) == {
        ("R-1", "small:rungra-888", "new_counterparty"),
        ("R-2", "small:khusnullin", "new_counterparty"),
        ("R-4", "small:air-koryo", "new_counterparty"),
    }
    again = _run(db, settings)
    assert (again["screened"], again["alerts_opened"]) == (0, 0)


def test_a_changed_counterparty_alone_is_screened_again(
    db: Any, settings: Settings, small_list: str
) -> None:
    _register(db, REGISTER)
    _run(db, settings)
    _register(db, [("R-3", "External Construction Guidance Bureau", "organization")])
    changed = _run(db, settings)
    assert (changed["screened"], changed["alerts_opened"]) == (1, 1)
    assert ("R-3", "small:ecgb", "counterparty_changed") in _open(db)


def test_a_new_version_screens_everyone_against_only_the_diff(
    db: Any, settings: Settings, small_list: str
) -> None:
    _register(db, REGISTER)
    _run(db, settings)
    # Version 2 adds Microsoft and drops Rungra 888; the others stay as they were.
    _small_list_with(
        db,
        [("msft", "company", ["Microsoft Corporation"])],
        drop={"rungra-888"},
    )
    with db.session() as session:
        session.execute(update(Alert).values(explanation={"before": True}))
    report = _run(db, settings)
    assert report["screened"] == 4 and report["alerts_closed"] == 1
    assert report["alerts_opened"] == 1
    assert _open(db) == {
        ("R-2", "small:khusnullin", "new_counterparty"),
        ("R-4", "small:air-koryo", "new_counterparty"),
        ("R-3", "small:msft", "new_listing"),
    }
    with db.session() as session:
        delisted = session.scalar(select(Alert).where(Alert.entity_key == "small:rungra-888"))
        assert delisted is not None and delisted.status == AlertStatus.CLOSED
        assert (delisted.reason, delisted.resolution) == ("delisted", "delisted")
        # Khusnullin did not change: his alert was not screened again.
        khusnullin = session.scalar(select(Alert).where(Alert.entity_key == "small:khusnullin"))
        assert khusnullin is not None and khusnullin.explanation == {"before": True}


def test_listing_changed_is_the_reason_for_a_changed_entity(
    db: Any, settings: Settings, small_list: str
) -> None:
    _register(db, [("R-9", "Chosun Hwanggum Trading", "company")])
    _run(db, settings)
    assert _open(db) == set()
    changed = [
        (sid, schema, [*names, "Chosun Hwanggum Trading"] if sid == "ecgb" else names)
        for sid, schema, names in SMALL_LIST
    ]
    with db.session() as session:
        import_records(
            session,
            list_name="small",
            source_format="test",
            records=[
                EntityRecord(sid, schema, [NameRecord(n, "alias") for n in names])
                for sid, schema, names in changed
            ],
            source_hash=uuid.uuid4().hex,
            source_files=["t"],
            imported_by="tests",
        )
    _run(db, settings)
    assert _open(db) == {("R-9", "small:ecgb", "listing_changed")}


def test_the_diff_scores_a_pair_as_the_full_index_does(
    db: Any, settings: Settings, small_list: str
) -> None:
    _register(db, [("R-5", "Rungra-888 Trading", "company")])
    _small_list_with(db, [], drop={"rungra-888"})
    _run(db, settings)  # Rungra is not listed: no alert
    import_small_list(db)  # listed again: the diff holds it
    _run(db, settings)
    with db.session() as session:
        alert = session.scalar(select(Alert).where(Alert.entity_key == "small:rungra-888"))
        assert alert is not None and alert.reason == "new_listing"
        full = load_index(session, active_versions(session))
    expected = screen_name(full, "Rungra-888 Trading", "company", alert.explanation["threshold"])
    assert alert.score == next(m["score"] for m in expected if m["entity_key"] == alert.entity_key)


def test_full_rescreens_everyone_and_keeps_one_alert_per_pair(
    db: Any, settings: Settings, small_list: str
) -> None:
    _register(db, REGISTER)
    _run(db, settings)
    full = _run(db, settings, full=True)
    assert (full["screened"], full["alerts_opened"]) == (4, 0)
    with db.session() as session:
        assert len(session.scalars(select(Alert)).all()) == 3


def test_a_cleared_pair_stays_quiet_until_the_counterparty_changes(
    db: Any, settings: Settings, small_list: str
) -> None:
    _register(db, [("R-2", "Marat Khusnullin", "person")])
    _run(db, settings)
    with db.session() as session:
        alert = session.scalar(select(Alert))
        assert alert is not None
        decision = Decision(
            alert_id=alert.id, decision="false_positive", reason="other person",
            status="confirmed", proposed_by="olga", reviewed_by="rita",
        )  # fmt: skip
        session.add(decision)
        session.flush()
        session.add(
            Clearance(
                subject_key=alert.subject_key, list_name=alert.list_name,
                entity_key=alert.entity_key, listing_hash=alert.listing_hash,
                subject_hash=alert.subject_hash, decision_id=decision.id,
                alert_id=alert.id, cleared_by="rita",
            )
        )  # fmt: skip
        alert.status = AlertStatus.CLOSED
    assert _run(db, settings, full=True)["alerts_opened"] == 0
    _register(db, [("R-2", "Marat Khusnullin Jr", "person")])
    assert _run(db, settings)["alerts_opened"] == 1


def test_a_chunk_that_runs_twice_stores_its_alerts_once(
    db: Any, settings: Settings, small_list: str
) -> None:
    _register(db, REGISTER)
    with db.session() as session:
        run = plan_run(session, settings, requested_by="tests")
        assert run is not None
        run_id = run.id
    with db.session() as session:
        first = screen_chunk(session, run_id, 0, settings)
    with db.session() as session:
        second = screen_chunk(session, run_id, 0, settings)
    assert (first.claimed, first.alerts_opened, first.run_finished) == (True, 3, True)
    assert not second.claimed
    with db.session() as session:
        assert len(session.scalars(select(Alert)).all()) == 3
        done = session.get(MonitorRun, run_id)
        assert done is not None and done.status == "completed" and done.screened == 4


def test_one_run_at_a_time(db: Any, settings: Settings, small_list: str) -> None:
    _register(db, REGISTER)
    with db.session() as session:
        assert plan_run(session, settings, requested_by="tests") is not None
    with db.session() as session, pytest.raises(MonitorBusy):
        plan_run(session, settings, requested_by="tests")
    # The CLI helps the running run to its end, then plans its own.
    report = _run(db, settings)
    assert report["screened"] == 0


def test_beat_sends_chunks_and_sends_overdue_ones_again(
    db: Any, settings: Settings, small_list: str, queue: InMemoryQueue
) -> None:
    _register(db, REGISTER)
    small = dataclasses.replace(settings, monitor_chunk_size=2)
    assert start_monitor(db, small, queue, requested_by="beat").endswith("2 chunk(s)")
    assert [(t, a) for t, a, _c in queue.sent] == [
        (TaskName.MONITOR_CHUNK, (1, 0)),
        (TaskName.MONITOR_CHUNK, (1, 1)),
    ]
    assert "re-sent 0" in start_monitor(db, small, queue, requested_by="beat")
    with db.session() as session:
        session.execute(update(MonitorChunk).values(sent_at=utcnow() - timedelta(hours=1)))
    assert "re-sent 2" in start_monitor(db, small, queue, requested_by="beat")
    with db.session() as session:
        for position in (0, 1):
            screen_chunk(session, 1, position, small)
    with db.session() as session:
        assert {c.status for c in session.scalars(select(MonitorChunk))} == {ChunkStatus.DONE}
    assert start_monitor(db, small, queue, requested_by="beat") == "nothing changed"


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def test_alert_opened_goes_to_the_key_that_owns_the_counterparty(
    db: Any, settings: Settings, small_list: str, queue: InMemoryQueue, receiver: Receiver
) -> None:
    with db.session() as session:
        key, _ = create_key(
            session, "ERP", ["counterparties"], actor="tests",
            webhook_url=receiver.url, settings=settings,
        )  # fmt: skip
        key_id = key.id
    _register(db, [("R-1", "Rungra 888 Trading Co", "company")], api_key_id=key_id)
    _register(db, [("R-2", "Marat Khusnullin", "person")])  # no key: no event
    _run(db, settings, queue)
    with db.session() as session:
        events = session.scalars(select(WebhookEvent)).all()
        assert [(e.event, e.api_key_id) for e in events] == [("alert.opened", key_id)]
        payload = events[0].payload["alert"]
        assert payload["counterparty_reference"] == "R-1"
        assert (
            payload["entity_id"] == "small:rungra-888" and payload["reason"] == "new_counterparty"
        )
    assert [(t, a) for t, a, _c in queue.sent] == [(TaskName.DELIVER_EVENT, (events[0].id, 1))]
    json.dumps(payload)


def test_chunks_in_two_processes(db: Any, settings: Settings, small_list: str) -> None:
    _register(db, REGISTER)
    two = dataclasses.replace(settings, monitor_chunk_size=1)
    report = _run(db, two, processes=2)
    assert (report["screened"], report["alerts_opened"]) == (4, 3)
    with db.session() as session:
        assert all(c.screened_version == c.version for c in session.scalars(select(Counterparty)))


def test_the_diff_screens_a_name_the_register_repeats_once_with_the_collector_paused(
    db: Any, settings: Settings, small_list: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three counterparties share one name and four share another: each name is screened
    against the diff once, while the cyclic collector is paused (it would rescan the
    memo and the matcher's caches), and every counterparty still gets its alert."""
    import gc

    from screening.monitoring import monitor

    same = [(f"S-{i}", "Rungra 888 Trading Co", "company") for i in range(3)]
    other = [(f"O-{i}", "Marat Khusnullin", "person") for i in range(4)]
    _register(db, [*same, *other])
    _small_list_with(db, [], drop={"rungra-888"})
    _run(db, settings)
    assert not any(key == "small:rungra-888" for _, key, _ in _open(db))
    calls: list[tuple[str, bool]] = []

    def counting(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        calls.append((args[1], gc.isenabled()))
        return screen_name(*args, **kwargs)

    monkeypatch.setattr(monitor, "screen_name", counting)
    import_small_list(db)  # Rungra listed again: a diff run
    assert gc.isenabled()
    report = _run(db, settings)
    assert gc.isenabled()
    assert report["screened"] == 7
    assert sorted(calls) == [("Marat Khusnullin", False), ("Rungra 888 Trading Co", False)]
    assert {ref for ref, key, _ in _open(db) if key == "small:rungra-888"} == {
        "S-0",
        "S-1",
        "S-2",
    }


def test_a_counterparty_changed_while_its_chunk_ran_is_left_to_the_next_run(
    db: Any, settings: Settings, small_list: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chunk read R-1 as Rungra; before its alert was raised R-1 was renamed (another
    transaction): no alert is raised on the name that is no longer stored, R-1 is not
    marked screened, and the next run screens the stored name."""
    from screening.monitoring import monitor

    _register(
        db, [("R-1", "Rungra 888 Trading Co", "company"), ("R-2", "Marat Khusnullin", "person")]
    )
    subjects = monitor._subjects

    def renamed_meanwhile(session: Any, ids: list[int]) -> dict[int, Any]:
        session.execute(
            update(Counterparty)
            .where(Counterparty.reference == "R-1")
            .values(name="Korean Airways", version=Counterparty.version + 1)
        )
        return subjects(session, ids)

    monkeypatch.setattr(monitor, "_subjects", renamed_meanwhile)
    first = _run(db, settings)
    monkeypatch.undo()
    assert (first["screened"], first["alerts_opened"]) == (2, 1)
    assert _open(db) == {("R-2", "small:khusnullin", "new_counterparty")}
    again = _run(db, settings)
    assert (again["screened"], again["alerts_opened"]) == (1, 1)
    assert ("R-1", "small:air-koryo", "new_counterparty") in _open(db)
